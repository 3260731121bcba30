package dev.mlops.drift;

import dev.mlops.util.Names;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compares current data with a {@link ReferenceProfile} and reports, per feature and for the
 * whole dataset, whether the data drifted.
 *
 * <pre>{@code
 * DriftReport report = DriftDetector.detect(profile, currentColumns, DriftSpec.defaults());
 * report.writeJson(Path.of("target/drift.json"));
 * }</pre>
 *
 * Features are compared in parallel; the result does not depend on the order or the threads.
 */
public final class DriftDetector {

    private static final Logger LOG = LoggerFactory.getLogger(DriftDetector.class);

    private DriftDetector() {
    }

    /**
     * Compares current data with the reference profile.
     *
     * @param profile the reference profile
     * @param current the current data: every profiled feature, same kinds; extra columns are
     *                ignored; predictions are compared when both sides have them
     * @param spec    methods, thresholds and the dataset drift share
     * @return the report
     * @throws IllegalArgumentException when a profiled feature is missing from the current data or
     *                                  has another kind, or the spec names an unknown feature or
     *                                  a method that does not apply to the feature's kind
     */
    public static DriftReport detect(ReferenceProfile profile, DataColumns current, DriftSpec spec) {
        checkSpec(profile, spec);
        List<FeatureColumn> columns = new ArrayList<>();
        for (FeatureProfile f : profile.features()) {
            FeatureColumn c = current.feature(f.name()).orElseThrow(() -> new IllegalArgumentException(
                "current data has no column '" + f.name() + "' that the reference profile has"
                    + Names.suggestion(f.name(), current.features().stream().map(FeatureColumn::name).toList())));
            checkKind(f, c);
            columns.add(c);
        }
        Set<String> profiled = profile.features().stream().map(FeatureProfile::name).collect(Collectors.toSet());
        current.features().stream().filter(c -> !profiled.contains(c.name()))
            .forEach(c -> LOG.debug("ignoring column '{}': not in the reference profile", c.name()));

        List<FeatureDrift> results = IntStream.range(0, columns.size()).parallel()
            .mapToObj(i -> FeatureComparison.compare(profile.features().get(i), columns.get(i),
                spec.features().get(profile.features().get(i).name()), spec))
            .toList();

        FeatureDrift prediction = null;
        if (profile.prediction() != null && current.prediction() != null) {
            checkKind(profile.prediction(), current.prediction());
            prediction = FeatureComparison.compare(profile.prediction(), current.prediction(),
                spec.features().get(profile.prediction().name()), spec);
        }
        int tested = 0;
        int drifted = 0;
        for (FeatureDrift r : results) {
            if (r.tested()) {
                tested++;
                drifted += r.drifted() ? 1 : 0;
            }
        }
        double share = tested == 0 ? 0 : (double) drifted / tested;
        DatasetDrift dataset = new DatasetDrift(tested, drifted, share, spec.driftShare(),
            tested > 0 && share >= spec.driftShare());
        return new DriftReport(DriftReport.FORMAT_VERSION, profile.rows(), current.rows(), dataset, results, prediction);
    }

    private static void checkKind(FeatureProfile f, FeatureColumn c) {
        if (f.kind() != c.kind()) {
            throw new IllegalArgumentException("column '" + c.name() + "' is " + c.kind().specName()
                + " in the current data but " + f.kind().specName() + " in the reference profile");
        }
    }

    private static void checkSpec(ReferenceProfile profile, DriftSpec spec) {
        List<String> names = new ArrayList<>();
        profile.features().forEach(f -> names.add(f.name()));
        if (profile.prediction() != null) {
            names.add(profile.prediction().name());
        }
        for (String name : new TreeSet<>(spec.features().keySet())) {
            FeatureProfile f = profile.feature(name).orElseGet(() ->
                profile.prediction() != null && profile.prediction().name().equals(name) ? profile.prediction() : null);
            if (f == null) {
                throw new IllegalArgumentException("drift spec names feature '" + name
                    + "' that the reference profile does not have" + Names.suggestion(name, names));
            }
            DriftMethod m = spec.features().get(name).method();
            if (m != null && !m.supports(f.kind())) {
                throw new IllegalArgumentException("drift method '" + m.id() + "' does not apply to "
                    + f.kind().specName() + " feature '" + f.name() + "'; valid: "
                    + java.util.Arrays.stream(DriftMethod.values()).filter(x -> x.supports(f.kind()))
                        .map(DriftMethod::id).collect(Collectors.joining(", ")));
            }
        }
    }
}
