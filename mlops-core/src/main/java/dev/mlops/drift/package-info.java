/**
 * Drift detection: {@link dev.mlops.drift.ReferenceProfile} summarises training data at training
 * time (bounded in size); {@link dev.mlops.drift.DriftDetector} compares recent data with it per
 * feature using Evidently's default methods and thresholds; {@link dev.mlops.drift.DriftReport}
 * is written as drift.json and Markdown; {@link dev.mlops.drift.DriftGate} turns it into a
 * pass/fail {@link dev.mlops.drift.DriftVerdict}. See docs/drift.md.
 */
package dev.mlops.drift;
