package dev.mlops.bench;

import dev.mlops.drift.DataColumns;
import dev.mlops.drift.DriftMethod;
import dev.mlops.drift.DriftSpec;
import dev.mlops.drift.FeatureColumn;
import dev.mlops.drift.ProfileOptions;
import dev.mlops.drift.ReferenceProfile;
import java.util.ArrayList;
import java.util.List;

/**
 * The drift benchmark's data: 20 numeric features, a 100,000-row reference and 1,000,000 current
 * rows. Features 0-9 come from the reference distribution, 10-19 are shifted by 0.002 * k, so
 * the KS p-values cover both "no drift" and "clear drift". SplitMix64 makes the values
 * reproducible in any language.
 */
final class DriftData {

    static final int FEATURES = 20;
    static final int REFERENCE_ROWS = 100_000;
    static final int CURRENT_ROWS = 1_000_000;

    final double[][] reference = new double[FEATURES][];
    final double[][] current = new double[FEATURES][];

    DriftData(int referenceRows, int currentRows) {
        for (int f = 0; f < FEATURES; f++) {
            double shift = f < 10 ? 0 : 0.002 * (f - 9);
            reference[f] = bell(1000 + f, referenceRows, 0);
            current[f] = bell(2000 + f, currentRows, shift);
        }
    }

    static String name(int f) {
        return "f" + f;
    }

    /** Sum of three SplitMix64 uniforms, plus a shift. */
    static double[] bell(long seed, int n, double shift) {
        double[] out = new double[n];
        long state = seed;
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int k = 0; k < 3; k++) {
                state += 0x9E3779B97F4A7C15L;
                long z = state;
                z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
                z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
                z = z ^ (z >>> 31);
                s += (z >>> 11) * 0x1.0p-53;
            }
            out[i] = s + shift;
        }
        return out;
    }

    DataColumns referenceColumns() {
        return columns(reference);
    }

    DataColumns currentColumns() {
        return columns(current);
    }

    private static DataColumns columns(double[][] data) {
        List<FeatureColumn> cols = new ArrayList<>();
        for (int f = 0; f < data.length; f++) {
            cols.add(FeatureColumn.numeric(name(f), data[f]));
        }
        return new DataColumns(cols, null);
    }

    /** A profile that keeps every reference value (sample size = reference rows). */
    ReferenceProfile profile() {
        return ReferenceProfile.build(referenceColumns(), ProfileOptions.defaults().withSampleSize(reference[0].length));
    }

    /** KS on every feature (the default for a 100,000-row reference would be Wasserstein). */
    static DriftSpec ksSpec() {
        DriftSpec spec = DriftSpec.defaults();
        for (int f = 0; f < FEATURES; f++) {
            spec = spec.withFeature(name(f), DriftMethod.KS, null);
        }
        return spec;
    }
}
