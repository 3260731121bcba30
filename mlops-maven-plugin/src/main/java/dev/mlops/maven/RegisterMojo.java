package dev.mlops.maven;

import dev.mlops.model.ModelBundle;
import dev.mlops.registry.BundleDigest;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelVersion;
import dev.mlops.train.ModelSpec;
import dev.mlops.train.ModelSpecReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Registers the bundle {@code train} wrote as a new version of the model (versions 1, 2, 3, ... with
 * the source run), and points {@code -Dmlops.alias} at it when given. Bound after {@code gate} in
 * {@code verify}, so only a model that passed its gates is registered. A bundle already registered
 * from the same run (an up-to-date rebuild) is not registered again.
 */
@Mojo(name = "register", defaultPhase = LifecyclePhase.VERIFY, threadSafe = true)
public class RegisterMojo extends AbstractRegistryMojo {

    /** Skips this goal. */
    @Parameter(property = "mlops.register.skip", defaultValue = "false")
    boolean skipRegister;

    @Override
    String goal() {
        return "register";
    }

    @Override
    boolean skipGoal() {
        return skipRegister;
    }

    @Override
    void run() throws MojoExecutionException, IOException {
        ModelSpec modelSpec = ModelSpecReader.read(specPath());
        ModelBundle bundle = builtBundle(modelSpec, null);
        Path zip = modelDirectory(modelSpec.name()).resolve(bundle.fileName());
        if (!Files.isRegularFile(zip)) {
            throw new MojoExecutionException("No bundle file " + zip + ": run mlops:train first");
        }
        Path runIdFile = modelDirectory(modelSpec.name()).resolve(TrainMojo.RUN_ID_FILE);
        String runId = Files.isRegularFile(runIdFile) ? Files.readString(runIdFile).strip() : null;
        try (ModelRegistry registry = openRegistry()) {
            String sha256 = BundleDigest.of(zip).sha256();
            ModelVersion version = alreadyRegistered(registry, modelSpec.name(), sha256, runId);
            if (version != null) {
                getLog().info("Bundle " + zip.getFileName() + " is already registered as " + describe(version));
            } else {
                version = registry.register(modelSpec.name(), zip, runId, Map.of("mlops.bundle.version", bundle.version()));
            }
            if (alias != null && !alias.isBlank()) {
                version = registry.setAlias(modelSpec.name(), alias, version.version());
            }
            getLog().info("Registered " + describe(version) + " from " + zip.getFileName()
                    + (runId == null ? "" : " (run " + runId + ")") + " in " + registryUri);
        }
    }

    /**
     * The version already holding this bundle from this run, so that an up-to-date rebuild (train
     * skipped, same run) registers nothing new; a new training run is a new version even when the
     * reproducible bundle bytes are equal.
     */
    private static ModelVersion alreadyRegistered(ModelRegistry registry, String name, String sha256, String runId)
            throws IOException {
        try {
            return registry.listVersions(name).stream()
                    .filter(v -> sha256.equals(v.tags().get(ModelVersion.SHA256_TAG)))
                    .filter(v -> java.util.Objects.equals(runId, v.runId()))
                    .max(java.util.Comparator.comparingInt(ModelVersion::version)).orElse(null);
        } catch (dev.mlops.tracking.NotFoundException e) {
            return null;
        }
    }
}
