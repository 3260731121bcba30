package dev.mlops.drift;

import dev.mlops.data.ColumnKind;

/**
 * Chooses a feature's default method as Evidently's {@code _get_default_stattest} does, from the
 * kind, the number of distinct non-missing values in reference and current data together, and the
 * number of non-missing reference values:
 *
 * <ul>
 *   <li>reference of at most 1000 values: numeric with more than 5 distinct values: {@code ks};
 *       numeric with 3 to 5, or categorical with more than 2: {@code chisquare}; otherwise {@code z};</li>
 *   <li>larger reference: numeric with more than 5 distinct values: {@code wasserstein};
 *       other numeric and all categorical: {@code jensenshannon};</li>
 *   <li>text: {@code jensenshannon} over token shares, for any reference size. (Evidently trains a
 *       domain classifier on the raw texts instead; a bounded profile does not keep them.)</li>
 * </ul>
 */
public final class MethodSelector {

    /** Evidently's boundary between a small and a large reference. */
    public static final long SMALL_REFERENCE = 1000;

    private MethodSelector() {
    }

    /**
     * The default method.
     *
     * @param kind            the feature kind
     * @param referenceValues non-missing values in the reference
     * @param distinctValues  distinct non-missing values in reference and current together
     * @return the method Evidently would choose
     */
    public static DriftMethod defaultMethod(ColumnKind kind, long referenceValues, long distinctValues) {
        if (kind == ColumnKind.TEXT) {
            return DriftMethod.JENSENSHANNON;
        }
        boolean numeric = kind == ColumnKind.NUMERIC;
        if (referenceValues <= SMALL_REFERENCE) {
            if (numeric && distinctValues > 5) {
                return DriftMethod.KS;
            }
            return distinctValues > 2 ? DriftMethod.CHISQUARE : DriftMethod.Z;
        }
        return numeric && distinctValues > 5 ? DriftMethod.WASSERSTEIN : DriftMethod.JENSENSHANNON;
    }
}
