package dev.mlops.maven;

import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelVersion;
import java.io.IOException;
import java.util.List;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Points an alias at a version: {@code mvn mlops:promote -Dmlops.model=iris -Dmlops.alias=champion
 * [-Dmlops.version=3]} (the newest version by default). The alias's previous versions are kept as
 * history for {@code mlops:rollback}.
 */
@Mojo(name = "promote", threadSafe = true)
public class PromoteMojo extends AbstractRegistryMojo {

    /** The registered model's name. */
    @Parameter(property = "mlops.model", required = true)
    String model;

    /** The version to promote; the newest when not given. */
    @Parameter(property = "mlops.version")
    Integer version;

    @Override
    String goal() {
        return "promote";
    }

    @Override
    boolean skipGoal() {
        return false;
    }

    @Override
    void run() throws MojoExecutionException, IOException {
        requireAlias();
        try (ModelRegistry registry = openRegistry()) {
            int target = version != null ? version : newest(registry.listVersions(model));
            ModelVersion promoted = registry.setAlias(model, alias, target);
            getLog().info("Promoted " + describe(promoted) + ": alias '" + alias + "' now points at version " + target);
        }
    }

    private int newest(List<ModelVersion> versions) throws MojoExecutionException {
        return versions.stream().mapToInt(ModelVersion::version).max().orElseThrow(() ->
                new MojoExecutionException("Model '" + model + "' has no registered versions in " + registryUri));
    }
}
