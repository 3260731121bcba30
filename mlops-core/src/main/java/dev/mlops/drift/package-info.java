/**
 * Drift detection: {@link dev.mlops.drift.ReferenceProfile} summarises training data at training
 * time (bounded in size; model bundles store one as profile.json); {@link dev.mlops.drift.DriftDetector}
 * compares recent data with it per feature using Evidently's default methods and thresholds;
 * {@link dev.mlops.drift.DriftReport} is written as drift.json and Markdown;
 * {@link dev.mlops.drift.DriftGate} turns it into a pass/fail {@link dev.mlops.drift.DriftVerdict};
 * {@link dev.mlops.drift.BundleDrift} does all of it for a model bundle and a data file, predicting
 * with the bundle's model when the data has no predictions; {@link dev.mlops.drift.DriftSpec} says
 * what counts as drift (in Java or a drift.yaml). See docs/drift.md.
 */
package dev.mlops.drift;
