package dev.mlops.maven;

import dev.mlops.maven.image.BuiltImage;
import dev.mlops.maven.image.ImageRequest;
import dev.mlops.maven.image.ImageTarget;
import dev.mlops.maven.kube.Color;
import dev.mlops.maven.kube.DeploymentConfig;
import dev.mlops.maven.kube.InvalidSettingException;
import dev.mlops.maven.kube.KubeManifests;
import dev.mlops.model.ModelBundle;
import dev.mlops.train.ModelSpec;
import dev.mlops.train.ModelSpecReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Writes Kubernetes manifests for the model's image under {@code target/mlops/<model>/k8s/}: a
 * Deployment per color ({@code <model>-blue}, {@code <model>-green}), a Service {@code <model>}
 * selecting the live color, a {@code kustomization.yaml}, and the one-line commands that switch the
 * Service to the other color ({@code switch.sh}) and back ({@code rollback.sh}), which are also
 * logged. The image is the one {@code mlops:image} built (its {@code image.json}). See
 * {@code docs/kubernetes.md}.
 */
@Mojo(name = "manifests", defaultPhase = LifecyclePhase.PACKAGE, threadSafe = true)
public class ManifestsMojo extends AbstractMlopsMojo {

    /** Skips this goal. */
    @Parameter(property = "mlops.manifests.skip", defaultValue = "false")
    boolean skipManifests;

    /** The base name of the resources; default the model's name in lower case. */
    @Parameter(property = "mlops.manifests.name")
    String name;

    /** The namespace written into every resource and command; default none (the current namespace). */
    @Parameter(property = "mlops.manifests.namespace")
    String namespace;

    /**
     * The image the pods run; default the one {@code mlops:image} built (a pushed image pinned to its
     * digest). Set it when a tarball was pushed elsewhere, e.g. {@code registry.example.com/team/iris:1.0.0}.
     */
    @Parameter(property = "mlops.manifests.image")
    String image;

    /** The color the Service selects: {@code blue} or {@code green}. */
    @Parameter(property = "mlops.manifests.live", defaultValue = "blue")
    String live;

    /** Pods per color. */
    @Parameter(property = "mlops.manifests.replicas", defaultValue = "2")
    int replicas;

    /** CPU request per pod, e.g. {@code 500m} or {@code 1}. */
    @Parameter(property = "mlops.manifests.cpuRequest", defaultValue = "500m")
    String cpuRequest;

    /** CPU limit per pod; empty for none. */
    @Parameter(property = "mlops.manifests.cpuLimit", defaultValue = "2")
    String cpuLimit;

    /** Memory request per pod, e.g. {@code 1Gi}; the JVM's heap is 75% of the limit. */
    @Parameter(property = "mlops.manifests.memoryRequest", defaultValue = "1Gi")
    String memoryRequest;

    /** Memory limit per pod. */
    @Parameter(property = "mlops.manifests.memoryLimit", defaultValue = "1Gi")
    String memoryLimit;

    /** Seconds a pod keeps serving after SIGTERM (with {@code /ready} at 503) while endpoints are updated. */
    @Parameter(property = "mlops.manifests.drainDelay", defaultValue = "5")
    int drainDelay;

    /** Longest wait in seconds for in-flight requests after SIGTERM (the server's drain timeout). */
    @Parameter(property = "mlops.manifests.drainTimeout", defaultValue = "30")
    int drainTimeout;

    /** Seconds a new pod may take to load and warm up its model before Kubernetes restarts it. */
    @Parameter(property = "mlops.manifests.startupTimeout", defaultValue = "180")
    int startupTimeout;

    /** The image name when {@code mlops:image} has not built one (same property as the image goal). */
    @Parameter(property = "mlops.image.to")
    String toImage;

    /** The image's user when {@code mlops:image} has not built one (same property as the image goal). */
    @Parameter(property = "mlops.image.user", defaultValue = ImageRequest.DEFAULT_USER)
    String user;

    /** The configuration the last execution wrote (for tests). */
    DeploymentConfig config;

    @Override
    String goal() {
        return "manifests";
    }

    @Override
    boolean skipGoal() {
        return skipManifests;
    }

    @Override
    void run() throws MojoExecutionException, IOException {
        ModelSpec spec = ModelSpecReader.read(specPath());
        String model = spec.name();
        ModelBundle bundle = builtBundle(spec, null);
        Path bundleManifest = bundleDirectory(model).resolve("manifest.json");
        Path modelDir = modelDirectory(model);
        Path record = modelDir.resolve(BuiltImage.FILE_NAME);
        // a record of another version, or older than the bundle (retrained since), describes another image
        Optional<BuiltImage> built = BuiltImage.read(record);
        if (built.isPresent() && (!built.get().model().equals(bundle.name()) || !built.get().version().equals(bundle.version())
                || Files.getLastModifiedTime(record).compareTo(Files.getLastModifiedTime(bundleManifest)) < 0)) {
            built = Optional.empty();
        }

        String reference;
        String note = null;
        String imageUser = user;
        String runId;
        if (built.isPresent()) {
            BuiltImage b = built.get();
            reference = b.pullReference();
            imageUser = b.user();
            runId = b.runId().orElse(null);
            if (b.tarball().isPresent()) {
                note = "The image is the tarball " + relative(b.tarball().get()) + ": load it on the cluster's nodes"
                        + " (kind load image-archive, k3s ctr images import) or push it to a registry and set"
                        + " <image> (-Dmlops.manifests.image) to the pushed reference.";
            } else if (b.target() == ImageTarget.Kind.DOCKER) {
                note = "The image was loaded into the local Docker daemon only: push it to a registry the cluster"
                        + " pulls from and set <image> (-Dmlops.manifests.image) to the pushed reference.";
            }
        } else {
            reference = toImage != null && !toImage.isBlank() ? toImage.strip()
                    : ImageMojo.defaultName(bundle.name(), bundle.version());
            runId = RunLookup.find(trackingUri, model, modelDir.resolve(bundle.fileName()), getLog());
            note = "mlops:image has not built an image of this bundle: build and push " + reference + " before applying.";
            if (image == null || image.isBlank()) {
                getLog().warn("No image of " + model + " " + bundle.version() + " was built by mlops:image (no current "
                        + relative(record) + "); the manifests name " + reference);
            }
        }
        if (image != null && !image.isBlank()) {
            reference = image.strip();
            note = null;
        }

        try {
            config = DeploymentConfig.builder()
                    .name(name == null || name.isBlank() ? null : name.strip())
                    .namespace(namespace)
                    .model(bundle.name())
                    .version(bundle.version())
                    .runId(runId)
                    .image(reference)
                    .imageNote(note)
                    .replicas(replicas)
                    .live(Color.parse("live", live))
                    .cpuRequest(cpuRequest)
                    .cpuLimit(cpuLimit)
                    .memoryRequest(memoryRequest)
                    .memoryLimit(memoryLimit)
                    .user(imageUser)
                    .drainDelay(drainDelay)
                    .drainTimeout(drainTimeout)
                    .startupTimeout(startupTimeout)
                    .build();
        } catch (InvalidSettingException e) {
            String property = e.setting().equals("user") ? "mlops.image.user" : "mlops.manifests." + e.setting();
            throw new MojoExecutionException("<" + e.setting() + "> (-D" + property + ") " + e.getMessage(), e);
        }
        Path dir = modelDir.resolve("k8s");
        List<Path> files = KubeManifests.write(config, dir);
        Color idle = config.live().other();
        getLog().info("Kubernetes manifests for " + bundle.name() + " " + bundle.version() + " in " + relative(dir) + ": "
                + files.size() + " files; image " + reference + ", Service " + config.name() + " selects "
                + config.live().label());
        if (note != null) {
            getLog().info(note);
        }
        getLog().info("Deploy:   kubectl apply -k " + relative(dir));
        getLog().info("Switch:   " + KubeManifests.switchCommand(config, idle));
        getLog().info("Rollback: " + KubeManifests.switchCommand(config, config.live()));
    }
}
