package dev.mlops.drift;

import dev.mlops.data.ColumnKind;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.mlops.util.Names;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The statistical tests and distances a feature can be compared with. Names, default thresholds
 * and drift rules follow Evidently's stattests of the same names.
 *
 * <p>On text features the share-based methods compare token shares over the reference's most
 * frequent tokens plus one bucket for all others; KS and Wasserstein compare tokens per document.
 */
public enum DriftMethod {
    /** Two-sample Kolmogorov-Smirnov; drift when p <= threshold (default 0.05). */
    KS("ks", true, 0.05, EnumSet.of(ColumnKind.NUMERIC, ColumnKind.TEXT)),
    /** Chi-square goodness of fit of current counts to reference shares; drift when p < threshold (0.05). */
    CHISQUARE("chisquare", true, 0.05, EnumSet.of(ColumnKind.CATEGORICAL, ColumnKind.NUMERIC)),
    /** Two-proportion Z test of the first category (sorted) against the rest; drift when p < threshold (0.05). */
    Z("z", true, 0.05, EnumSet.of(ColumnKind.CATEGORICAL, ColumnKind.NUMERIC)),
    /** Chi-square test of the reference-vs-current contingency table, Yates for 2x2; drift when p < threshold (0.05). */
    CHI2_CONTINGENCY("chi2_contingency", true, 0.05, EnumSet.allOf(ColumnKind.class)),
    /** Population stability index over Evidently's bins; drift when PSI >= threshold (0.1). */
    PSI("psi", false, 0.1, EnumSet.allOf(ColumnKind.class)),
    /** Jensen-Shannon distance over Evidently's bins; drift when distance >= threshold (0.1). */
    JENSENSHANNON("jensenshannon", false, 0.1, EnumSet.allOf(ColumnKind.class)),
    /** Wasserstein distance divided by the reference standard deviation; drift when >= threshold (0.1). */
    WASSERSTEIN("wasserstein", false, 0.1, EnumSet.of(ColumnKind.NUMERIC, ColumnKind.TEXT));

    private final String id;
    private final boolean pValue;
    private final double defaultThreshold;
    private final Set<ColumnKind> kinds;

    DriftMethod(String id, boolean pValue, double defaultThreshold, Set<ColumnKind> kinds) {
        this.id = id;
        this.pValue = pValue;
        this.defaultThreshold = defaultThreshold;
        this.kinds = kinds;
    }

    /**
     * The method's name, as in Evidently and in drift.json.
     *
     * @return the name
     */
    @JsonValue
    public String id() {
        return id;
    }

    /**
     * Does the method give a p-value (drift when small) rather than a distance (drift when large)?
     *
     * @return true for tests with p-values
     */
    public boolean isPValue() {
        return pValue;
    }

    /**
     * The threshold used when the spec sets none.
     *
     * @return the default threshold
     */
    public double defaultThreshold() {
        return defaultThreshold;
    }

    /**
     * Can the method compare features of this kind?
     *
     * @param kind a feature kind
     * @return true when applicable
     */
    public boolean supports(ColumnKind kind) {
        return kinds.contains(kind);
    }

    /**
     * Applies the method's rule: KS drifts when p <= threshold, the other tests when p < threshold,
     * distances when distance >= threshold.
     *
     * @param score     the p-value or distance
     * @param threshold the threshold
     * @return whether the feature drifted
     */
    public boolean drifted(double score, double threshold) {
        if (this == KS) {
            return score <= threshold;
        }
        return pValue ? score < threshold : score >= threshold;
    }

    /**
     * Looks a method up by its name.
     *
     * @param id a name such as "ks" or "psi" (case-insensitive)
     * @return the method
     * @throws IllegalArgumentException for an unknown name, listing the valid ones
     */
    @JsonCreator
    public static DriftMethod of(String id) {
        for (DriftMethod m : values()) {
            if (m.id.equalsIgnoreCase(id)) {
                return m;
            }
        }
        List<String> ids = Arrays.stream(values()).map(DriftMethod::id).toList();
        throw new IllegalArgumentException("unknown drift method '" + id + "'"
            + Names.suggestion(id == null ? "" : id.toLowerCase(Locale.ROOT), ids));
    }

    @Override
    public String toString() {
        return id;
    }
}
