/**
 * A model registry compatible with MLflow's: named models with versions 1, 2, 3... (never a gap or
 * a duplicate, even when processes register concurrently), aliases with a rollback history,
 * MLflow stages, and {@code models:/} URIs. {@link dev.mlops.registry.ModelRegistry#open(String)}
 * selects the local store (MLflow's registry layout under an {@code mlruns} root) or an MLflow
 * server. A registered bundle is copied into the registry, never changes, and its SHA-256 is
 * verified whenever it is loaded.
 */
package dev.mlops.registry;
