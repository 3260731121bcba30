package dev.mlops.maven;

import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelVersion;
import java.io.IOException;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Moves an alias back to the version it pointed to before:
 * {@code mvn mlops:rollback -Dmlops.model=iris -Dmlops.alias=champion}. History is kept.
 */
@Mojo(name = "rollback", threadSafe = true)
public class RollbackMojo extends AbstractRegistryMojo {

    /** The registered model's name. */
    @Parameter(property = "mlops.model", required = true)
    String model;

    @Override
    String goal() {
        return "rollback";
    }

    @Override
    boolean skipGoal() {
        return false;
    }

    @Override
    void run() throws MojoExecutionException, IOException {
        requireAlias();
        try (ModelRegistry registry = openRegistry()) {
            ModelVersion back = registry.rollbackAlias(model, alias);
            getLog().info("Rolled back alias '" + alias + "' of " + model + " to version " + back.version());
        }
    }
}
