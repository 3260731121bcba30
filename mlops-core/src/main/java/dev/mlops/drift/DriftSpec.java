package dev.mlops.drift;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What counts as drift: per-feature choices of method and threshold (unset ones follow
 * Evidently's defaults, see {@link MethodSelector}), the share of drifted features at which the
 * whole dataset counts as drifted, and how text features are compared.
 *
 * @param driftShare           the dataset drifts when drifted / tested features >= this (default 0.5)
 * @param features             per-feature overrides by feature (or prediction column) name
 * @param textVocabulary       most frequent reference tokens compared individually; the rest
 *                             form one bucket (default 50)
 * @param failOnPredictionDrift whether a drifted prediction distribution fails the gate (default true)
 */
public record DriftSpec(double driftShare, Map<String, FeatureSetting> features, int textVocabulary,
                        boolean failOnPredictionDrift) {

    /** Default share of drifted features that makes the dataset drift. */
    public static final double DEFAULT_DRIFT_SHARE = 0.5;

    /** Default number of most frequent tokens compared for text features. */
    public static final int DEFAULT_TEXT_VOCABULARY = 50;

    /**
     * A per-feature choice. Either part may be null to keep the default.
     *
     * @param method    the method, or null for the default choice
     * @param threshold the threshold, or null for the method's default
     */
    public record FeatureSetting(DriftMethod method, Double threshold) {

        /** Validates the threshold. */
        public FeatureSetting {
            if (threshold != null && !(threshold >= 0 && Double.isFinite(threshold))) {
                throw new IllegalArgumentException("threshold must be a finite number >= 0, got " + threshold);
            }
        }
    }

    /** Validates and copies. */
    public DriftSpec {
        if (!(driftShare > 0 && driftShare <= 1)) {
            throw new IllegalArgumentException("driftShare must be in (0, 1], got " + driftShare);
        }
        if (textVocabulary < 1) {
            throw new IllegalArgumentException("textVocabulary must be at least 1, got " + textVocabulary);
        }
        features = Map.copyOf(features);
    }

    /**
     * Evidently's defaults everywhere, dataset drift at a share of 0.5.
     *
     * @return the default spec
     */
    public static DriftSpec defaults() {
        return new DriftSpec(DEFAULT_DRIFT_SHARE, Map.of(), DEFAULT_TEXT_VOCABULARY, true);
    }

    /**
     * Reads a drift spec file (YAML; JSON is valid YAML), e.g. {@code src/main/mlops/drift.yaml}:
     *
     * <pre>
     * drift_share: 0.5                  # default 0.5
     * fail_on_prediction_drift: true    # default true
     * text_vocabulary: 50               # default 50
     * features:                         # per feature (or prediction column): method, threshold or both
     *   prediction: {method: z}
     *   sentence: {threshold: 0.15}
     * </pre>
     *
     * Absent keys keep the defaults; an empty file is {@link #defaults()}. Feature names are checked
     * against the reference profile when the spec is used.
     *
     * @param file the YAML file
     * @return the spec
     * @throws IOException              when the file cannot be read
     * @throws IllegalArgumentException when the content is not a valid drift spec; the message names
     *                                  the file, line and key, and the nearest valid key or method
     */
    public static DriftSpec read(Path file) throws IOException {
        try {
            return parse(file.toString(), Files.readString(file));
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(file + ": drift spec file not found (looked for "
                + file.toAbsolutePath().normalize() + ")", e);
        }
    }

    /**
     * Parses drift spec YAML; see {@link #read}.
     *
     * @param source a name for messages, e.g. the file name
     * @param yaml   the YAML text
     * @return the spec
     * @throws IllegalArgumentException when the content is not a valid drift spec
     */
    public static DriftSpec parse(String source, String yaml) {
        return DriftSpecYaml.parse(source, yaml);
    }

    /**
     * This spec with another dataset drift share.
     *
     * @param share the share in (0, 1]
     * @return a new spec
     */
    public DriftSpec withDriftShare(double share) {
        return new DriftSpec(share, features, textVocabulary, failOnPredictionDrift);
    }

    /**
     * This spec with a method and threshold chosen for one feature.
     *
     * @param feature   the feature (or prediction column) name
     * @param method    the method, or null for the default choice
     * @param threshold the threshold, or null for the method's default
     * @return a new spec
     */
    public DriftSpec withFeature(String feature, DriftMethod method, Double threshold) {
        Map<String, FeatureSetting> copy = new LinkedHashMap<>(features);
        copy.put(feature, new FeatureSetting(method, threshold));
        return new DriftSpec(driftShare, copy, textVocabulary, failOnPredictionDrift);
    }

    /**
     * This spec with another text vocabulary size.
     *
     * @param tokens most frequent tokens compared individually
     * @return a new spec
     */
    public DriftSpec withTextVocabulary(int tokens) {
        return new DriftSpec(driftShare, features, tokens, failOnPredictionDrift);
    }

    /**
     * This spec with prediction drift failing the gate or not.
     *
     * @param fail whether a drifted prediction distribution fails the gate
     * @return a new spec
     */
    public DriftSpec withFailOnPredictionDrift(boolean fail) {
        return new DriftSpec(driftShare, features, textVocabulary, fail);
    }
}
