package dev.mlops.maven;

import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelVersion;
import org.apache.maven.plugins.annotations.Parameter;

/** What the registry goals share: where the registry is and which model they act on. */
abstract class AbstractRegistryMojo extends AbstractMlopsMojo {

    /**
     * The model registry: a folder (MLflow's registry layout, next to the tracking runs) or an MLflow
     * server URL (token from the {@code MLFLOW_TRACKING_TOKEN} environment variable).
     */
    @Parameter(property = "mlops.registry.uri", defaultValue = "${project.basedir}/mlruns")
    String registryUri;

    /** The alias to act on, e.g. {@code champion}. */
    @Parameter(property = "mlops.alias")
    String alias;

    String requireAlias() throws org.apache.maven.plugin.MojoExecutionException {
        if (alias == null || alias.isBlank()) {
            throw new org.apache.maven.plugin.MojoExecutionException(
                    "<alias> / -Dmlops.alias is required, e.g. -Dmlops.alias=champion");
        }
        return alias;
    }

    ModelRegistry openRegistry() throws java.io.IOException {
        return ModelRegistry.open(registryUri);
    }

    static String describe(ModelVersion v) {
        return v.name() + " version " + v.version() + (v.aliases().isEmpty() ? "" : " " + v.aliases());
    }
}
