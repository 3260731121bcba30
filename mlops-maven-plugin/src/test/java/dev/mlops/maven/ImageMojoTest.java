package dev.mlops.maven;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.maven.image.ImageRequest;
import dev.mlops.maven.image.ImageResult;
import dev.mlops.maven.image.ImageTestSupport;
import dev.mlops.model.ModelBundle;
import dev.mlops.tracking.RunQuery;
import dev.mlops.tracking.TrackingStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.descriptor.PluginDescriptor;
import org.apache.maven.plugin.logging.SystemStreamLog;
import org.apache.maven.project.MavenProject;
import org.eclipse.aether.RepositorySystem;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image goal on a real iris bundle (trained by the train goal, which also records the tracking
 * run), with the model server resolved by Maven's resolver, on a tiny base image made in the test (no
 * JRE: the image is inspected, not run; {@code ImageMojoEndToEndTest} runs one).
 */
class ImageMojoTest {

    static final String VERSION = ReactorRepository.version();

    @TempDir
    static Path project;

    static Path base;
    static String runId;

    /** Trains iris (logistic regression: Tribuo and ONNX) as a project would, recording a run. */
    static void train(Path project) throws Exception {
        Files.createDirectories(project.resolve("data"));
        Files.copy(Path.of("../samples/iris/data/iris.csv"), project.resolve("data/iris.csv"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.createDirectories(project.resolve("src/main/mlops"));
        Files.writeString(project.resolve("src/main/mlops/model.yaml"), """
                name: iris
                task: classification
                dataset: {file: data/iris.csv, target: species}
                trainer: {type: logistic-regression}
                """);
        TrainMojo train = new TrainMojo();
        configure(train, project);
        train.trackingUri = project.resolve("mlruns").toString();
        train.bundleVersion = "1.0.0";
        train.force = true; // every call trains and records a run, even with unchanged inputs
        train.execute();
    }

    static void configure(AbstractMlopsMojo mojo, Path project) {
        MavenProject maven = new MavenProject();
        maven.setFile(project.resolve("pom.xml").toFile());
        mojo.project = maven;
        mojo.spec = project.resolve("src/main/mlops/model.yaml").toFile();
        mojo.outputDirectory = project.resolve("target/mlops").toFile();
        mojo.outputTimestamp = "2026-01-01T00:00:00Z";
    }

    /** The goal as Maven would configure it by default, on {@code project}, with Jib's cache in {@code cache}. */
    static ImageMojo image(Path project, String baseImage, Path cache) {
        RepositorySystem system = ReactorRepository.system();
        ImageMojo mojo = new ImageMojo(system, null);
        configure(mojo, project);
        mojo.base = baseImage;
        mojo.target = "tarball";
        mojo.format = "Docker";
        mojo.platform = "linux/amd64";
        mojo.user = ImageRequest.DEFAULT_USER;
        mojo.trackingUri = project.resolve("mlruns").toString();
        mojo.repositorySession = ReactorRepository.session(system);
        PluginDescriptor plugin = new PluginDescriptor();
        plugin.setVersion(VERSION);
        mojo.plugin = plugin;
        mojo.cacheDirectory = cache.toFile();
        return mojo;
    }

    @BeforeAll
    static void setUp() throws Exception {
        train(project);
        try (TrackingStore store = TrackingStore.open(project.resolve("mlruns"))) {
            runId = store.searchRuns(RunQuery.of(store.findExperiment("iris").orElseThrow().id())).get(0).id();
        }
        base = ImageTestSupport.tinyBase(project.resolve("base.tar"));
    }

    @Test
    void execute_packagesServerAndBundle_runnableAsNonRoot_labelled_reproducible() throws Exception {
        ImageMojo mojo = image(project, "tar://" + base, project.resolve("cache-1"));
        mojo.execute();
        ImageResult first = mojo.result;
        Path tar = project.resolve("target/mlops/iris/iris-image.tar");
        assertEquals(tar, first.tarball().orElseThrow());
        assertEquals(List.of("iris:1.0.0"), ImageTestSupport.repoTags(tar));
        assertEquals(List.of("dependencies", "application", "bundle"),
                first.layers().subList(1, 4).stream().map(ImageResult.Layer::name).toList());
        assertEquals(4, first.layers().size(), "one base layer, then ours");

        // layers: third-party jars, the server's own jars, the bundle exactly as train wrote it
        Map<String, ImageTestSupport.LayerFile> dependencies = ImageTestSupport.files(tar, 1);
        assertEquals(46, dependencies.size());
        assertTrue(dependencies.get("app/libs/onnxruntime-1.29.0.jar").size() < 12_000_000, "other platforms' natives dropped");
        assertEquals(List.of("app/libs/mlops-core-" + VERSION + ".jar", "app/libs/mlops-serving-" + VERSION + ".jar"),
                new ArrayList<>(new TreeMap<>(ImageTestSupport.files(tar, 2)).keySet()));
        Path bundleDir = project.resolve("target/mlops/iris/bundle");
        Map<String, ImageTestSupport.LayerFile> bundleFiles = ImageTestSupport.files(tar, 3);
        List<String> names = new ArrayList<>();
        try (var list = Files.list(bundleDir)) {
            list.forEach(p -> names.add("app/bundle/" + p.getFileName()));
        }
        assertEquals(new TreeMap<>(bundleFiles).keySet().stream().toList(), names.stream().sorted().toList());
        for (String name : names) {
            assertArrayEquals(Files.readAllBytes(bundleDir.resolve(name.substring("app/bundle/".length()))),
                    bundleFiles.get(name).content(), name);
            assertEquals(0644, bundleFiles.get(name).mode(), name);
        }

        JsonNode config = ImageTestSupport.config(tar).get("config");
        List<String> entrypoint = new ArrayList<>();
        config.get("Entrypoint").forEach(n -> entrypoint.add(n.asText()));
        assertEquals(List.of("java", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError",
                "-Dsun.net.httpserver.nodelay=true", "-cp"), entrypoint.subList(0, 5));
        assertEquals("dev.mlops.serving.ModelServer", entrypoint.get(6));
        String[] classpath = entrypoint.get(5).split(":");
        assertEquals(48, classpath.length);
        assertEquals("/app/libs/mlops-serving-" + VERSION + ".jar", classpath[0]);
        assertEquals("/app/libs/mlops-core-" + VERSION + ".jar", classpath[1]);
        assertEquals("/app/libs/tribuo-core-4.3.2.jar", classpath[2]);
        assertTrue(config.path("Cmd").isMissingNode() || config.get("Cmd").isNull() || config.get("Cmd").isEmpty(),
                "no arguments: podman run IMAGE --flag adds server flags");
        List<String> env = new ArrayList<>();
        config.get("Env").forEach(n -> env.add(n.asText()));
        assertTrue(env.containsAll(List.of("MLOPS_BUNDLE=/app/bundle", "MLOPS_BIND=0.0.0.0", "MLOPS_PORT=8080")), env.toString());
        assertEquals("65532:65532", config.get("User").asText());
        assertEquals("/app", config.get("WorkingDir").asText());
        assertTrue(config.get("ExposedPorts").has("8080/tcp"));

        JsonNode labels = config.get("Labels");
        ModelBundle bundle = ModelBundle.load(bundleDir);
        assertEquals("iris", labels.get("dev.mlops.model.name").asText());
        assertEquals("1.0.0", labels.get("dev.mlops.model.version").asText());
        assertEquals(runId, labels.get("dev.mlops.run.id").asText(), "the run that logged this bundle");
        assertEquals(Double.toString(bundle.metrics().get("accuracy")), labels.get("dev.mlops.metric.accuracy").asText());
        assertFalse(labels.has("dev.mlops.metric.precision.setosa"), "per-class metrics are left to metrics.json");
        assertEquals("2026-01-01T00:00:00Z", labels.get("org.opencontainers.image.created").asText());
        assertEquals("/health", labels.get("dev.mlops.healthcheck.path").asText());

        // a second build with a cold cache: the same image, byte for byte
        ImageMojo again = image(project, "tar://" + base, project.resolve("cache-2"));
        Path copy = Files.copy(tar, project.resolve("first.tar"));
        again.execute();
        assertEquals(first.digest(), again.result.digest());
        assertEquals(first.imageId(), again.result.imageId());
        assertEquals(-1, Files.mismatch(copy, tar));
    }

    @Test
    void configurationMistakes_areReportedInPomSyntax() {
        ImageMojo mojo = image(project, "tar://" + base, project.resolve("unused-cache"));
        mojo.to = new ImageMojo.To();
        mojo.to.image = "Iris:Latest!";
        assertEquals("<to><image> 'Iris:Latest!' is not a valid image reference: expected"
                + " [registry/]repository[:tag][@sha256:digest] with a lower-case repository, e.g."
                + " registry.example.com/team/iris:1.0.0", message(mojo));
        mojo.toImage = "registry.example.com/team/IRIS";
        assertTrue(message(mojo).startsWith("-Dmlops.image.to 'registry.example.com/team/IRIS' is not a valid image reference"));

        mojo = image(project, "tar://" + base, project.resolve("unused-cache"));
        mojo.target = "registry";
        assertEquals("<to><image> is required for <target>registry</target>: the image to push, e.g."
                + " registry.example.com/team/iris:1.0.0", message(mojo));
        mojo.target = "s3";
        assertEquals("<target> 's3' is not an image target; valid: tarball, registry, docker", message(mojo));
        mojo.target = "tarball";
        mojo.format = "zip";
        assertEquals("<format> 'zip' is not a manifest format; valid: Docker, OCI", message(mojo));
        mojo.format = "OCI";
        mojo.platform = "linux/sparc";
        assertEquals("<platform> unsupported image platform 'linux/sparc'; valid: linux/amd64, linux/arm64", message(mojo));

        mojo = image(project, "tar:///no/such/base.tar", project.resolve("unused-cache"));
        assertEquals("<base> tar:///no/such/base.tar: the file /no/such/base.tar does not exist; build it with"
                + " tools/base-image.sh or use a registry image such as eclipse-temurin:21-jre", message(mojo));
    }

    @Test
    void missingBaseTarball_withSkipIfBaseMissing_warnsNamingCiSetupAndBuildsNothing(@TempDir Path other) throws Exception {
        ImageMojo mojo = image(project, "tar:///no/such/base.tar", other.resolve("cache"));
        mojo.skipIfBaseMissing = true;
        mojo.tarball = other.resolve("image.tar").toFile();
        List<String> warnings = new ArrayList<>();
        mojo.setLog(new SystemStreamLog() {
            @Override
            public void warn(CharSequence content) {
                warnings.add(content.toString());
            }
        });
        mojo.execute();
        assertEquals(List.of("Skipping mlops:image: the base image /no/such/base.tar does not exist. Build it with"
                + " tools/ci-setup.sh (or tools/base-image.sh), or set -Dmlops.image.base to a registry image such as"
                + " eclipse-temurin:21-jre"), warnings);
        assertNull(mojo.result);
        assertFalse(Files.exists(other.resolve("image.tar")));
    }

    @Test
    void noBundle_saysWhichGoalWritesIt(@TempDir Path empty) throws Exception {
        Files.createDirectories(empty.resolve("src/main/mlops"));
        Files.copy(project.resolve("src/main/mlops/model.yaml"), empty.resolve("src/main/mlops/model.yaml"));
        ImageMojo mojo = image(empty, "tar://" + base, empty.resolve("cache"));
        assertEquals("mlops:image packages the bundle of model iris but there is none at "
                + empty.resolve("target/mlops/iris/bundle") + ": mlops:train writes it (phase process-classes); run mvn"
                + " package", message(mojo));
        mojo.skipImage = true;
        mojo.execute();
        assertNull(mojo.result);
    }

    @Test
    void defaultName_isAValidReferenceForAnyModelNameAndVersion() {
        assertEquals("iris:1.0.0", ImageMojo.defaultName("iris", "1.0.0"));
        assertEquals("house-prices:0.1.0-SNAPSHOT", ImageMojo.defaultName("House Prices", "0.1.0-SNAPSHOT"));
        assertEquals("model:v-build-7", ImageMojo.defaultName("__", "+build/7"));
    }

    private static String message(ImageMojo mojo) {
        return assertThrows(MojoExecutionException.class, mojo::execute).getMessage();
    }
}
