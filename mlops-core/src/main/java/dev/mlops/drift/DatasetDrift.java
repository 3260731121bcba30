package dev.mlops.drift;

/**
 * The dataset-level verdict: drifted when the share of drifted features reaches the threshold.
 *
 * @param features   features compared (features without values on either side are not counted)
 * @param drifted    features that drifted
 * @param share      drifted / features (0 when none were compared)
 * @param driftShare the threshold share
 * @param datasetDrift whether the dataset drifted: features > 0 and share >= driftShare
 */
public record DatasetDrift(int features, int drifted, double share, double driftShare, boolean datasetDrift) {
}
