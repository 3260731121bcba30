package dev.mlops.drift;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.mlops.util.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The result of comparing current data with a reference profile: one {@link FeatureDrift} per
 * feature, the prediction comparison if both sides had predictions, and the dataset verdict.
 * Written as drift.json ({@link #writeJson}) and as a Markdown table ({@link #toMarkdown}).
 *
 * @param formatVersion version of the JSON layout, {@value #FORMAT_VERSION}
 * @param referenceRows rows of the reference data
 * @param currentRows   rows of the current data
 * @param dataset       the dataset-level verdict
 * @param features      per-feature results, in profile order
 * @param prediction    the prediction comparison, or null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DriftReport(int formatVersion, long referenceRows, long currentRows, DatasetDrift dataset,
                          List<FeatureDrift> features, FeatureDrift prediction) {

    /** The layout version this code writes. */
    public static final int FORMAT_VERSION = 1;

    /** Copies the list. */
    public DriftReport {
        features = List.copyOf(features);
    }

    /**
     * The result for a feature.
     *
     * @param name feature name
     * @return its result, if the profile had that feature
     */
    public Optional<FeatureDrift> feature(String name) {
        return features.stream().filter(f -> f.feature().equals(name)).findFirst();
    }

    /**
     * The drifted features.
     *
     * @return the results with drifted = true, in profile order
     */
    public List<FeatureDrift> driftedFeatures() {
        return features.stream().filter(FeatureDrift::drifted).toList();
    }

    /**
     * The report as JSON.
     *
     * @return pretty-printed JSON with a stable field order
     */
    public String toJson() {
        try {
            return Json.MAPPER.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes drift.json atomically.
     *
     * @param file the target file
     * @throws IOException when the file cannot be written
     */
    public void writeJson(Path file) throws IOException {
        AtomicFiles.writeString(file, toJson());
    }

    /**
     * Reads a report written by {@link #writeJson}.
     *
     * @param file the drift.json file
     * @return the report
     * @throws IOException              when the file cannot be read
     * @throws IllegalArgumentException when the file is not a drift report
     */
    public static DriftReport readJson(Path file) throws IOException {
        try {
            DriftReport r = Json.MAPPER.readValue(Files.readString(file), DriftReport.class);
            if (r == null || r.formatVersion != FORMAT_VERSION || r.dataset == null) {
                throw new IllegalArgumentException(file + ": not a drift report of format version " + FORMAT_VERSION);
            }
            return r;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(file + ": not a drift report: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * Writes the Markdown table atomically.
     *
     * @param file the target file (e.g. drift.md)
     * @throws IOException when the file cannot be written
     */
    public void writeMarkdown(Path file) throws IOException {
        AtomicFiles.writeString(file, toMarkdown());
    }

    /**
     * A readable summary: the verdict and one table row per feature.
     *
     * @return Markdown text
     */
    public String toMarkdown() {
        StringBuilder sb = new StringBuilder("# Data drift report\n\n");
        sb.append(String.format(Locale.ROOT, "Dataset drift: **%s**: %d of %d features drifted (%.1f%%; threshold %.1f%%).%n",
            dataset.datasetDrift() ? "DETECTED" : "not detected", dataset.drifted(), dataset.features(),
            100 * dataset.share(), 100 * dataset.driftShare()));
        sb.append(String.format(Locale.ROOT, "Reference rows: %d; current rows: %d.%n%n", referenceRows, currentRows));
        sb.append("| Feature | Kind | Method | Statistic | p-value / distance | Threshold | Drifted | Severity |\n");
        sb.append("|---|---|---|---|---|---|---|---|\n");
        for (FeatureDrift f : features) {
            row(sb, f.feature(), f);
        }
        if (prediction != null) {
            // The bundle's prediction column is called "prediction"; other names get the role added.
            String name = prediction.feature();
            row(sb, name.equals("prediction") ? name : name + " (prediction)", prediction);
        }
        return sb.toString();
    }

    private static void row(StringBuilder sb, String name, FeatureDrift f) {
        String kind = f.kind().specName();
        if (!f.tested()) {
            sb.append("| ").append(escape(name)).append(" | ").append(kind).append(" | - | - | - | - | no | none |\n");
            return;
        }
        String score = f.pValue() != null ? "p = " + number(f.pValue()) : "d = " + number(f.distance());
        sb.append("| ").append(escape(name)).append(" | ").append(kind).append(" | ").append(f.method().id())
            .append(" | ").append(number(f.statistic())).append(" | ").append(score)
            .append(" | ").append(number(f.threshold())).append(" | ").append(f.drifted() ? "**yes**" : "no")
            .append(" | ").append(f.severity().name().toLowerCase(Locale.ROOT)).append(" |\n");
    }

    static String number(Double x) {
        if (x == null) {
            return "-";
        }
        if (x == 0 || Double.isInfinite(x)) {
            return x == 0 ? "0" : "inf";
        }
        double a = Math.abs(x);
        return a >= 1e-3 && a < 1e6 ? String.format(Locale.ROOT, "%.4f", x) : String.format(Locale.ROOT, "%.3e", x);
    }

    private static String escape(String s) {
        return s.replace("|", "\\|");
    }
}
