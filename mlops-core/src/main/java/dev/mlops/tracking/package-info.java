/**
 * Experiment tracking compatible with MLflow. {@link dev.mlops.tracking.TrackingStore#open(String)}
 * picks the implementation from a URI: a path or {@code file:} URI opens a local directory in
 * MLflow's {@code mlruns} layout (readable by the MLflow UI and tools, safe for several processes
 * writing at once); {@code http(s)://host:port} talks to an MLflow tracking server over its REST
 * API. Runs are written through a {@link dev.mlops.tracking.RunHandle}; queries return immutable
 * records.
 */
package dev.mlops.tracking;
