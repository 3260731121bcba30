package dev.mlops.maven;

import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
import dev.mlops.maven.image.BuiltImage;
import dev.mlops.maven.image.ImageLabels;
import dev.mlops.maven.image.ImagePackager;
import dev.mlops.maven.image.ImagePlatform;
import dev.mlops.maven.image.ImageRequest;
import dev.mlops.maven.image.ImageResult;
import dev.mlops.maven.image.ImageTarget;
import dev.mlops.maven.image.ManifestFormat;
import dev.mlops.maven.image.RegistryCredential;
import dev.mlops.model.ModelBundle;
import dev.mlops.train.ModelSpecReader;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import javax.inject.Inject;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.descriptor.PluginDescriptor;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.settings.Server;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.crypto.DefaultSettingsDecryptionRequest;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.RepositorySystemSession;
import org.eclipse.aether.repository.RemoteRepository;

/**
 * Packages the model server and the model bundle that {@code mlops:train} wrote as an OCI image with
 * Jib: no Docker daemon, no Dockerfile, the same bytes for the same inputs. By default the image is
 * written as a tarball, {@code target/mlops/<model>/<model>-image.tar}, for {@code podman load} or
 * {@code docker load}; it can be pushed to a registry or loaded into a Docker daemon instead. The
 * container runs the server on {@code 0.0.0.0:8080} as a non-root user with the bundle at
 * {@code /app/bundle}. See {@code docs/image.md}.
 */
@Mojo(name = "image", defaultPhase = LifecyclePhase.PACKAGE, threadSafe = true)
public class ImageMojo extends AbstractMlopsMojo {

    /** The base image used by the samples, built by {@code tools/ci-setup.sh}. */
    static final String CI_BASE = "/var/cache/mlops/jre-base.tar";

    /** Environment variables holding registry credentials when settings.xml has no {@code <server>} for it. */
    static final String ENV_USERNAME = "MLOPS_REGISTRY_USERNAME";
    static final String ENV_PASSWORD = "MLOPS_REGISTRY_PASSWORD";

    /** Skips this goal. */
    @Parameter(property = "mlops.image.skip", defaultValue = "false")
    boolean skipImage;

    /**
     * The base image: a registry reference such as {@code eclipse-temurin:21-jre}, a docker-archive
     * tarball as {@code tar:///path/to/base.tar}, or {@code docker://name} for a Docker daemon's image.
     * It must provide {@code java} (17 or newer) on the PATH and glibc 2.28 or newer (not Alpine).
     * Or {@code jlink}: no base to fetch; the image is built {@code FROM scratch} with a {@code jlink}ed
     * runtime of the JDK running Maven and the C libraries it needs from this machine (Linux, this
     * machine's platform, a full JDK with {@code jmods}).
     */
    @Parameter(property = "mlops.image.base", defaultValue = ImageRequest.DEFAULT_BASE_IMAGE)
    String base;

    /**
     * When the base is a {@code tar://} file that does not exist: warn and skip the image instead of
     * failing (the samples use this, so that they build on a machine without the base tarball).
     */
    @Parameter(property = "mlops.image.skipIfBaseMissing", defaultValue = "false")
    boolean skipIfBaseMissing;

    /** Where the image goes: {@code tarball}, {@code registry} (needs {@code <to><image>}) or {@code docker}. */
    @Parameter(property = "mlops.image.target", defaultValue = "tarball")
    String target;

    /**
     * The image name: {@code <to><image>registry.example.com/team/iris:1.0.0</image></to>}. Required
     * for a registry; for a tarball or a daemon the name it is given, by default {@code <model>:<version>}.
     */
    @Parameter
    To to;

    /** Overrides {@code <to><image>} from the command line. */
    @Parameter(property = "mlops.image.to")
    String toImage;

    /** The tarball to write (target {@code tarball}); default {@code target/mlops/<model>/<model>-image.tar}. */
    @Parameter(property = "mlops.image.tarball")
    File tarball;

    /** Allows a registry over plain HTTP or with an unverified certificate, e.g. one on localhost. */
    @Parameter(property = "mlops.image.allowInsecureRegistries", defaultValue = "false")
    boolean allowInsecureRegistries;

    /** Manifest format: {@code Docker} (default; docker-archive tarball) or {@code OCI}. */
    @Parameter(property = "mlops.image.format", defaultValue = "Docker")
    String format;

    /** The platform to build for, e.g. {@code linux/arm64}; also decides which native libraries are kept. */
    @Parameter(property = "mlops.image.platform", defaultValue = "linux/amd64")
    String platform;

    /** The user the container runs as, {@code uid[:gid]}; never root. */
    @Parameter(property = "mlops.image.user", defaultValue = ImageRequest.DEFAULT_USER)
    String user;

    /** More JVM options, after the defaults ({@code -XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError ...}). */
    @Parameter
    List<String> jvmFlags = new ArrayList<>();

    /** More environment variables, e.g. {@code MLOPS_THREADS} (see the server's {@code --help}). */
    @Parameter
    Map<String, String> environment = new LinkedHashMap<>();

    /**
     * Where Jib caches layers; by default its user-wide cache, so that the base image's layers are
     * prepared once per machine rather than after every {@code mvn clean}.
     */
    @Parameter(property = "mlops.image.cacheDirectory")
    File cacheDirectory;

    /** Registry credentials by server id (the registry host). */
    @Parameter(defaultValue = "${settings}", readonly = true)
    Settings settings;

    /** The build's repository session (reactor, local repository, offline mode): it resolves the server. */
    @Parameter(defaultValue = "${repositorySystemSession}", readonly = true)
    RepositorySystemSession repositorySession;

    /** This plugin: the server of the same version goes into the image. */
    @Parameter(defaultValue = "${plugin}", readonly = true)
    PluginDescriptor plugin;

    private final RepositorySystem repositorySystem;
    private final SettingsDecrypter decrypter;

    /** The image the last execution built (for tests). */
    ImageResult result;

    /** {@code <to>}: where the image goes. */
    public static class To {
        /** The image reference. */
        String image;
    }

    /**
     * @param repositorySystem resolves the model server's jars
     * @param decrypter        decrypts registry passwords from settings.xml
     */
    @Inject
    public ImageMojo(RepositorySystem repositorySystem, SettingsDecrypter decrypter) {
        this.repositorySystem = repositorySystem;
        this.decrypter = decrypter;
    }

    @Override
    String goal() {
        return "image";
    }

    @Override
    boolean skipGoal() {
        return skipImage;
    }

    @Override
    void run() throws MojoExecutionException, IOException {
        String model = ModelSpecReader.read(specPath()).name();
        Path bundleDir = bundleDirectory(model);
        if (!Files.isRegularFile(bundleDir.resolve("manifest.json"))) {
            throw new MojoExecutionException("mlops:image packages the bundle of model " + model + " but there is none at "
                    + bundleDir + ": mlops:train writes it (phase process-classes); run mvn package");
        }
        if (base.startsWith("tar://") && !Files.isRegularFile(Path.of(base.substring("tar://".length())))) {
            String file = base.substring("tar://".length());
            if (skipIfBaseMissing) {
                getLog().warn("Skipping mlops:image: the base image " + file + " does not exist. Build it with"
                        + " tools/ci-setup.sh (or tools/base-image.sh), or set -Dmlops.image.base to a registry image"
                        + " such as " + ImageRequest.DEFAULT_BASE_IMAGE);
                return;
            }
            throw new MojoExecutionException("<base> " + base + ": the file " + file + " does not exist; build it with"
                    + " tools/base-image.sh or use a registry image such as " + ImageRequest.DEFAULT_BASE_IMAGE);
        }
        ModelBundle bundle = ModelBundle.load(bundleDir);
        ImageTarget imageTarget = imageTarget(model, bundle.version());
        ManifestFormat manifestFormat = format();
        ImagePlatform imagePlatform;
        try {
            imagePlatform = ImagePlatform.parse(platform);
        } catch (IllegalArgumentException e) {
            throw new MojoExecutionException("<platform> " + e.getMessage(), e);
        }
        RegistryCredential baseCredential = credential(base, "<base>");
        List<RemoteRepository> repositories = project.getRemoteProjectRepositories();
        ServingRuntime runtime = ServingRuntime.resolve(repositorySystem, repositorySession,
                repositories == null ? List.of() : repositories, plugin.getVersion());
        String runId = RunLookup.find(trackingUri, model, modelDirectory(model).resolve(bundle.fileName()), getLog());

        List<String> flags = new ArrayList<>(ImageRequest.DEFAULT_JVM_FLAGS);
        flags.add("-Dsun.net.httpserver.nodelay=true"); // the server sets it too; explicit for anyone reading the image
        flags.addAll(jvmFlags);
        Map<String, String> env = new LinkedHashMap<>();
        env.put("MLOPS_BUNDLE", ImageRequest.DEFAULT_APP_ROOT + "/bundle");
        env.put("MLOPS_BIND", "0.0.0.0");
        env.putAll(environment);
        ImageRequest request;
        try {
            request = ImageRequest.builder()
                    .baseImage(base)
                    .baseCredential(baseCredential)
                    .target(imageTarget)
                    .format(manifestFormat)
                    .platform(imagePlatform)
                    .dependencyJars(runtime.dependencies())
                    .applicationEntries(runtime.application())
                    .bundleDirectory(bundleDir)
                    .mainClass(ServingRuntime.MAIN_CLASS)
                    .jvmFlags(flags)
                    .environment(env)
                    .labels(ImageLabels.forModel(bundle.name(), bundle.version(), runId, keyMetrics(bundle)))
                    .user(user)
                    .creationTime(buildTimestamp())
                    .cacheDirectory(cacheDirectory == null ? null : cacheDirectory.toPath())
                    .offline(repositorySession.isOffline())
                    .build();
        } catch (IllegalArgumentException e) {
            throw new MojoExecutionException("mlops:image configuration: " + e.getMessage(), e);
        }
        try {
            result = ImagePackager.build(request);
        } catch (IOException e) {
            throw new MojoExecutionException("mlops:image could not build " + imageTarget.reference() + ": "
                    + e.getMessage(), e);
        }
        // what was built, for mlops:manifests
        new BuiltImage(bundle.name(), bundle.version(), Optional.ofNullable(runId), result.reference(), result.digest(),
                imageTarget.kind(), result.tarball(), user, ImageRequest.DEFAULT_PORT).write(modelDirectory(model).resolve(BuiltImage.FILE_NAME));
        getLog().info("Image " + result.reference() + " " + result.digest() + " (model " + bundle.name() + " "
                + bundle.version() + (runId == null ? "" : ", run " + runId) + ")" + result.tarball()
                .map(t -> " written to " + project.getBasedir().toPath().toAbsolutePath().relativize(t.toAbsolutePath()))
                .orElse(""));
    }

    /** The target, with every reference checked and reported in POM syntax. */
    private ImageTarget imageTarget(String model, String version) throws MojoExecutionException {
        String image = toImage != null && !toImage.isBlank() ? toImage.strip() : to == null ? null : to.image;
        String where = toImage != null && !toImage.isBlank() ? "-Dmlops.image.to" : "<to><image>";
        if (image != null) {
            try {
                ImageReference.parse(image);
            } catch (InvalidImageReferenceException e) {
                throw new MojoExecutionException(where + " '" + image + "' is not a valid image reference: expected"
                        + " [registry/]repository[:tag][@sha256:digest] with a lower-case repository, e.g."
                        + " registry.example.com/team/" + defaultName(model, version));
            }
        }
        String name = image == null ? defaultName(model, version) : image;
        switch (target.strip().toLowerCase(Locale.ROOT)) {
            case "tarball":
                Path file = tarball != null ? tarball.toPath() : modelDirectory(model).resolve(model + "-image.tar");
                return ImageTarget.tarball(file, name);
            case "registry":
                if (image == null) {
                    throw new MojoExecutionException("<to><image> is required for <target>registry</target>: the"
                            + " image to push, e.g. registry.example.com/team/" + defaultName(model, version));
                }
                return ImageTarget.registry(image, credential(image, where), allowInsecureRegistries);
            case "docker":
                return ImageTarget.dockerDaemon(name);
            default:
                throw new MojoExecutionException("<target> '" + target + "' is not an image target; valid: tarball,"
                        + " registry, docker");
        }
    }

    /** {@code <model>:<version>} as a valid reference: lower case, other characters as '-'. */
    static String defaultName(String model, String version) {
        String repository = model.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]+", "-").replaceAll("^[^a-z0-9]+", "");
        String tag = version.replaceAll("[^A-Za-z0-9_.-]", "-");
        if (tag.isEmpty() || !Character.isLetterOrDigit(tag.charAt(0)) && tag.charAt(0) != '_') {
            tag = "v" + tag;
        }
        return (repository.isEmpty() ? "model" : repository) + ":" + (tag.length() > 128 ? tag.substring(0, 128) : tag);
    }

    private ManifestFormat format() throws MojoExecutionException {
        for (ManifestFormat f : ManifestFormat.values()) {
            if (f.name().equalsIgnoreCase(format.strip())) {
                return f;
            }
        }
        throw new MojoExecutionException("<format> '" + format + "' is not a manifest format; valid: Docker, OCI");
    }

    /**
     * Credentials for the registry of an image: the {@code <server>} in settings.xml whose id is the
     * registry host (its password decrypted), else {@value #ENV_USERNAME} / {@value #ENV_PASSWORD}.
     */
    private RegistryCredential credential(String image, String where) throws MojoExecutionException {
        if (image.startsWith("tar://") || image.startsWith("docker://") || image.equals(ImageRequest.JLINK_BASE)) {
            return null;
        }
        String host;
        try {
            host = ImageReference.parse(image.replaceFirst("^registry://", "")).getRegistry();
        } catch (InvalidImageReferenceException e) {
            throw new MojoExecutionException(where + " '" + image + "' is not a valid image reference: " + e.getMessage());
        }
        Server server = settings == null ? null : settings.getServer(host);
        if (server != null) {
            if (decrypter != null) {
                server = decrypter.decrypt(new DefaultSettingsDecryptionRequest(server)).getServer();
            }
            if (server.getUsername() == null || server.getPassword() == null || server.getPassword().isEmpty()) {
                throw new MojoExecutionException("settings.xml <server> '" + host + "' needs <username> and <password>"
                        + " for the registry of " + where + " " + image);
            }
            return new RegistryCredential(server.getUsername(), server.getPassword());
        }
        String username = System.getenv(ENV_USERNAME);
        String password = System.getenv(ENV_PASSWORD);
        if (username != null && !username.isBlank() && password != null && !password.isEmpty()) {
            return new RegistryCredential(username, password);
        }
        return null;
    }

    /** Test metrics worth a label: the overall ones (not per class), finite. */
    static Map<String, Double> keyMetrics(ModelBundle bundle) {
        Map<String, Double> metrics = new TreeMap<>();
        bundle.metrics().forEach((name, value) -> {
            if (!name.contains(".") && Double.isFinite(value)) {
                metrics.put(name, value);
            }
        });
        return metrics;
    }
}
