/**
 * Machinery shared by the tracking and registry stores: cross-process file locks, the small-file
 * and YAML conventions of MLflow's {@code mlruns} layout, and the MLflow REST client. Not API:
 * public only so that {@code dev.mlops.registry} can reuse it; it may change without notice.
 */
package dev.mlops.tracking.internal;
