package dev.mlops.drift;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The drift gate: "this recent production data must not have drifted from the model's profile".
 * Fails when the dataset drifts (the share of drifted features reaches the spec's drift share)
 * or, unless the spec says otherwise, when the predictions drift.
 *
 * <pre>{@code
 * DriftVerdict v = DriftGate.checkCsv(Path.of("recent.csv"), ReferenceProfile.read(profileFile), DriftSpec.defaults());
 * if (!v.passed()) fail(v.explanation());
 * }</pre>
 */
public final class DriftGate {

    private DriftGate() {
    }

    /**
     * Checks current data against the profile.
     *
     * @param profile the model's reference profile
     * @param current recent data
     * @param spec    what counts as drift
     * @return the verdict with its report
     */
    public static DriftVerdict check(ReferenceProfile profile, DataColumns current, DriftSpec spec) {
        return verdict(DriftDetector.detect(profile, current, spec), spec);
    }

    /**
     * Checks a CSV (or TSV) file of recent data against the profile; see {@link DriftCsv#read}.
     *
     * @param csv     the data file, with a header row naming the profiled features
     * @param profile the model's reference profile
     * @param spec    what counts as drift
     * @return the verdict with its report
     * @throws IOException when the file cannot be read
     */
    public static DriftVerdict checkCsv(Path csv, ReferenceProfile profile, DriftSpec spec) throws IOException {
        return check(profile, DriftCsv.read(csv, profile), spec);
    }

    /**
     * Turns a report into a verdict under the spec's rules.
     *
     * @param report a drift report
     * @param spec   the spec it was made with
     * @return the verdict
     */
    public static DriftVerdict verdict(DriftReport report, DriftSpec spec) {
        List<String> violations = new ArrayList<>();
        DatasetDrift d = report.dataset();
        if (d.datasetDrift()) {
            violations.add(String.format(Locale.ROOT, "%d of %d features drifted (%.1f%% >= %.1f%%)", d.drifted(),
                d.features(), 100 * d.share(), 100 * d.driftShare()));
        }
        FeatureDrift p = report.prediction();
        if (p != null && p.drifted() && spec.failOnPredictionDrift()) {
            violations.add("predictions '" + p.feature() + "' drifted: " + describe(p));
        }
        StringBuilder sb = new StringBuilder();
        sb.append(violations.isEmpty() ? "No drift: " : "Drift: ");
        sb.append(String.format(Locale.ROOT, "%d of %d features drifted (threshold share %.1f%%)", d.drifted(),
            d.features(), 100 * d.driftShare()));
        List<FeatureDrift> drifted = report.driftedFeatures();
        if (!drifted.isEmpty()) {
            sb.append(": ");
            for (int i = 0; i < drifted.size(); i++) {
                sb.append(i == 0 ? "" : "; ").append(drifted.get(i).feature()).append(" (").append(describe(drifted.get(i)))
                    .append(')');
            }
        }
        if (p != null) {
            sb.append(". Predictions ").append(p.drifted() ? "drifted (" + describe(p) + ")" : "did not drift");
        }
        sb.append('.');
        return new DriftVerdict(violations.isEmpty(), sb.toString(), violations, report);
    }

    /** "ks p=1.234e-05 <= 0.0500, high": the method, the score against its threshold, the severity. */
    static String describe(FeatureDrift f) {
        String rel = f.method().isPValue() ? (f.method() == DriftMethod.KS ? " <= " : " < ") : " >= ";
        return f.method().id() + (f.pValue() != null ? " p=" : " distance=") + DriftReport.number(f.score()) + rel
            + DriftReport.number(f.threshold()) + ", " + f.severity().name().toLowerCase(Locale.ROOT);
    }
}
