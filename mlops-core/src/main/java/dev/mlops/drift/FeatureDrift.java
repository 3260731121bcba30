package dev.mlops.drift;

import dev.mlops.data.ColumnKind;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The comparison of one feature (or of the predictions) between reference and current data.
 *
 * @param feature               feature name
 * @param kind                  feature kind
 * @param method                the method used, null when there was nothing to compare
 * @param statistic             the test statistic (KS D, chi-square, Z) or the distance
 * @param pValue                the p-value, for tests that have one
 * @param distance              the distance, for distance methods (then equal to the statistic)
 * @param threshold             the threshold the p-value or distance was compared with
 * @param drifted               whether the feature drifted
 * @param severity              how far past the threshold
 * @param referenceValues       non-missing values in the reference
 * @param currentValues         non-missing values in the current data
 * @param referenceMissingShare share of missing values in the reference
 * @param currentMissingShare   share of missing values in the current data
 * @param detail                how the numbers were obtained (exact or asymptotic p-value,
 *                              sample size, bins), or why nothing was compared
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FeatureDrift(String feature, ColumnKind kind, DriftMethod method, Double statistic, Double pValue,
                           Double distance, Double threshold, boolean drifted, DriftSeverity severity, long referenceValues,
                           long currentValues, double referenceMissingShare, double currentMissingShare,
                           String detail) {

    /**
     * Was a method applied? False when the reference or the current data had no values.
     *
     * @return true when compared
     */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean tested() {
        return method != null;
    }

    /**
     * The number compared with the threshold: the p-value or the distance.
     *
     * @return the score, or null when not tested
     */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public Double score() {
        return pValue != null ? pValue : distance;
    }
}
