package dev.mlops.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.mlops.maven.image.BuiltImage;
import dev.mlops.maven.image.ImageRequest;
import dev.mlops.maven.image.ImageTarget;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.logging.SystemStreamLog;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs train, then the manifests goal on what an image goal recorded, and reads the YAML back as a
 * cluster would: names, labels, selectors, probes, ports, drain timing, security context, resources.
 */
class ManifestsMojoTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final String RUN = "0123456789abcdef0123456789abcdef";
    private static final String DIGEST = "sha256:" + "ab".repeat(32);

    @TempDir
    static Path project;

    private final List<String> log = new ArrayList<>();

    @BeforeAll
    static void train() throws Exception {
        Projects.iris(project, "name: iris\ntask: classification\ndataset: {file: data/iris.csv, target: species}\n"
                + "trainer: {type: logistic-regression}\n");
        TrainMojo train = Projects.configure(new TrainMojo(), project);
        train.skipTracking = true;
        train.execute();
    }

    private Path k8s() {
        return project.resolve("target/mlops/iris/k8s");
    }

    private Path record() {
        return project.resolve("target/mlops/iris/" + BuiltImage.FILE_NAME);
    }

    private void recordImage(String target, String reference) throws IOException {
        new BuiltImage("iris", "1.0.0", Optional.of(RUN), reference, DIGEST,
                ImageTarget.Kind.valueOf(target.toUpperCase(java.util.Locale.ROOT)),
                target.equals("tarball") ? Optional.of(project.resolve("target/mlops/iris/iris-image.tar")) : Optional.empty(),
                ImageRequest.DEFAULT_USER, 8080).write(record());
    }

    /** The goal with the defaults Maven would inject. */
    private ManifestsMojo mojo() {
        ManifestsMojo mojo = Projects.configure(new ManifestsMojo(), project);
        mojo.live = "blue";
        mojo.replicas = 2;
        mojo.cpuRequest = "500m";
        mojo.cpuLimit = "2";
        mojo.memoryRequest = "1Gi";
        mojo.memoryLimit = "1Gi";
        mojo.drainDelay = 5;
        mojo.drainTimeout = 30;
        mojo.startupTimeout = 180;
        mojo.user = ImageRequest.DEFAULT_USER;
        mojo.setLog(new SystemStreamLog() {
            @Override
            public void info(CharSequence content) {
                log.add("[INFO] " + content);
            }

            @Override
            public void warn(CharSequence content) {
                log.add("[WARNING] " + content);
            }
        });
        return mojo;
    }

    private JsonNode read(String file) throws IOException {
        return YAML.readTree(k8s().resolve(file).toFile());
    }

    @Test
    void manifests_tarballImage_deploymentsMatchTheServerAndImage() throws Exception {
        recordImage("tarball", "iris:1.0.0");
        mojo().execute();

        for (String color : List.of("blue", "green")) {
            JsonNode d = read("iris-" + color + ".yaml");
            assertEquals("apps/v1", d.at("/apiVersion").asText());
            assertEquals("Deployment", d.at("/kind").asText());
            assertEquals("iris-" + color, d.at("/metadata/name").asText());
            Map<String, String> labels = Map.of("app.kubernetes.io/name", "iris", "app.kubernetes.io/version", "1.0.0",
                    "app.kubernetes.io/component", "model-server", "app.kubernetes.io/managed-by", "mlops-maven-plugin",
                    "mlops.dev/color", color, "mlops.dev/run-id", RUN);
            assertEquals(labels, strings(d.at("/metadata/labels")));
            assertEquals(labels, strings(d.at("/spec/template/metadata/labels")));
            // the selector never holds the version: Kubernetes refuses to change a Deployment's selector
            assertEquals(Map.of("app.kubernetes.io/name", "iris", "mlops.dev/color", color),
                    strings(d.at("/spec/selector/matchLabels")));
            assertEquals(2, d.at("/spec/replicas").asInt());
            assertEquals(0, d.at("/spec/strategy/rollingUpdate/maxUnavailable").asInt());
            assertEquals("1.0.0", d.at("/spec/template/metadata/annotations/mlops.dev~1model-version").asText());

            JsonNode pod = d.at("/spec/template/spec");
            assertEquals(40, pod.at("/terminationGracePeriodSeconds").asInt(), "30 s drain + 5 s worker wait + 5 s exit");
            assertTrue(pod.at("/securityContext/runAsNonRoot").asBoolean());
            assertEquals(65532, pod.at("/securityContext/runAsUser").asInt());
            assertEquals(65532, pod.at("/securityContext/runAsGroup").asInt());
            assertEquals(1, pod.at("/containers").size());
            JsonNode c = pod.at("/containers/0");
            assertEquals("model-server", c.at("/name").asText());
            assertEquals("iris:1.0.0", c.at("/image").asText());
            assertEquals("http", c.at("/ports/0/name").asText());
            assertEquals(8080, c.at("/ports/0/containerPort").asInt());
            assertEquals(Map.of("MLOPS_DRAIN_DELAY", "5", "MLOPS_DRAIN_TIMEOUT", "30"), env(c));
            assertTrue(c.at("/env/0/value").isTextual(), "env values are strings");
            assertProbe(c.at("/startupProbe"), "/ready", 5, 2, 36);   // 180 s to load and warm up
            assertProbe(c.at("/readinessProbe"), "/ready", 5, 2, 2);
            assertProbe(c.at("/livenessProbe"), "/health", 30, 5, 3); // the image's health check labels
            assertEquals("500m", c.at("/resources/requests/cpu").asText());
            assertEquals("1Gi", c.at("/resources/requests/memory").asText());
            assertEquals("2", c.at("/resources/limits/cpu").asText());
            assertTrue(c.at("/resources/limits/cpu").isTextual(), "quantities are strings");
            assertEquals("1Gi", c.at("/resources/limits/memory").asText());
            assertFalse(c.at("/securityContext/allowPrivilegeEscalation").asBoolean(true));
            assertTrue(c.at("/securityContext/readOnlyRootFilesystem").asBoolean());
            assertEquals("ALL", c.at("/securityContext/capabilities/drop/0").asText());
            assertEquals("/tmp", c.at("/volumeMounts/0/mountPath").asText());
            assertEquals("tmp", pod.at("/volumes/0/name").asText());
            assertTrue(pod.at("/volumes/0/emptyDir").isObject());
        }

        JsonNode s = read("iris-service.yaml");
        assertEquals("Service", s.at("/kind").asText());
        assertEquals("iris", s.at("/metadata/name").asText());
        assertEquals(Map.of("app.kubernetes.io/name", "iris", "mlops.dev/color", "blue"), strings(s.at("/spec/selector")));
        assertEquals(80, s.at("/spec/ports/0/port").asInt());
        assertEquals("http", s.at("/spec/ports/0/targetPort").asText());

        JsonNode k = read("kustomization.yaml");
        assertEquals(List.of("iris-service.yaml", "iris-blue.yaml", "iris-green.yaml"),
                YAML.convertValue(k.at("/resources"), List.class));

        String toGreen = "kubectl patch service iris -p"
                + " '{\"spec\":{\"selector\":{\"app.kubernetes.io/name\":\"iris\",\"mlops.dev/color\":\"green\"}}}'";
        String toBlue = toGreen.replace("green", "blue");
        assertTrue(Files.readString(k8s().resolve("switch.sh")).endsWith("\n" + toGreen + "\n"));
        assertTrue(Files.readString(k8s().resolve("rollback.sh")).endsWith("\n" + toBlue + "\n"));
        assertTrue(log.contains("[INFO] Switch:   " + toGreen), log.toString());
        assertTrue(log.contains("[INFO] Rollback: " + toBlue), log.toString());
        assertTrue(log.contains("[INFO] Deploy:   kubectl apply -k target/mlops/iris/k8s"), log.toString());
        String blue = Files.readString(k8s().resolve("iris-blue.yaml"));
        assertTrue(blue.startsWith("# Generated by mlops:manifests for model iris 1.0.0 (run " + RUN + ")"), blue);
        assertTrue(blue.contains("# The image is the tarball target/mlops/iris/iris-image.tar: load it"), blue);
    }

    @Test
    void manifests_twice_giveIdenticalBytes() throws Exception {
        recordImage("tarball", "iris:1.0.0");
        mojo().execute();
        Map<String, byte[]> first = files();
        mojo().execute();
        Map<String, byte[]> second = files();
        assertEquals(first.keySet(), second.keySet());
        first.forEach((name, bytes) -> assertEquals(new String(bytes, StandardCharsets.UTF_8),
                new String(second.get(name), StandardCharsets.UTF_8), name));
    }

    @Test
    void manifests_pushedImage_isPinnedToItsDigest_andGreenLiveSwitchesToBlue() throws Exception {
        recordImage("registry", "registry.example.com/team/iris:1.0.0");
        ManifestsMojo mojo = mojo();
        mojo.live = "Green";
        mojo.namespace = "models";
        mojo.replicas = 3;
        mojo.cpuLimit = "";
        mojo.execute();
        JsonNode d = read("iris-blue.yaml");
        assertEquals("registry.example.com/team/iris:1.0.0@" + DIGEST, d.at("/spec/template/spec/containers/0/image").asText());
        assertEquals("models", d.at("/metadata/namespace").asText());
        assertEquals(3, d.at("/spec/replicas").asInt());
        assertTrue(d.at("/spec/template/spec/containers/0/resources/limits/cpu").isMissingNode(), "no CPU limit");
        assertEquals("green", read("iris-service.yaml").at("/spec/selector/mlops.dev~1color").asText());
        assertTrue(Files.readString(k8s().resolve("switch.sh")).contains(
                "kubectl -n models patch service iris -p '{\"spec\":{\"selector\":{\"app.kubernetes.io/name\":\"iris\",\"mlops.dev/color\":\"blue\"}}}'"));
        assertFalse(Files.readString(k8s().resolve("iris-blue.yaml")).contains("tarball"), "no note for a pushed image");
    }

    @Test
    void manifests_noImageRecordOrAStaleOne_nameTheDefaultImageAndWarn() throws Exception {
        Files.deleteIfExists(record());
        mojo().execute();
        assertEquals("iris:1.0.0", read("iris-blue.yaml").at("/spec/template/spec/containers/0/image").asText());
        assertTrue(log.stream().anyMatch(l -> l.startsWith("[WARNING] No image of iris 1.0.0 was built by mlops:image")), log.toString());

        // a record from before the bundle was (re)written describes another image
        recordImage("registry", "registry.example.com/team/iris:1.0.0");
        Files.setLastModifiedTime(record(), FileTime.from(Instant.parse("2020-01-01T00:00:00Z")));
        ManifestsMojo mojo = mojo();
        mojo.toImage = "registry.example.com/team/iris:next";
        mojo.execute();
        assertEquals("registry.example.com/team/iris:next", read("iris-blue.yaml").at("/spec/template/spec/containers/0/image").asText());

        // an explicit image wins and needs no note
        mojo = mojo();
        mojo.image = "registry.example.com/team/iris:pinned";
        mojo.execute();
        assertEquals("registry.example.com/team/iris:pinned", read("iris-green.yaml").at("/spec/template/spec/containers/0/image").asText());
        assertFalse(Files.readString(k8s().resolve("iris-green.yaml")).contains("build and push"));
    }

    @Test
    void manifests_badSettings_areNamedInPomSyntax() throws Exception {
        recordImage("tarball", "iris:1.0.0");
        assertError(m -> m.live = "purple", "<live> (-Dmlops.manifests.live) 'purple' is not a color; valid: blue, green");
        assertError(m -> m.cpuRequest = "2 cores", "<cpuRequest> (-Dmlops.manifests.cpuRequest) '2 cores' is not a CPU"
                + " quantity; valid: cores such as 2 or 0.5, or millicores such as 500m");
        assertError(m -> m.memoryLimit = "1gb", "<memoryLimit> (-Dmlops.manifests.memoryLimit) '1gb' is not a memory"
                + " quantity; valid: bytes with an optional suffix Ki, Mi, Gi, Ti (powers of 1024) or k, M, G, T (powers"
                + " of 1000), such as 1Gi or 512Mi (suffixes are case-sensitive: Mi or M, not m, mb or MB)");
        assertError(m -> m.memoryRequest = "2Gi", "<memoryRequest> (-Dmlops.manifests.memoryRequest) '2Gi' is more than"
                + " <memoryLimit> '1Gi'; a request must not exceed its limit");
        assertError(m -> m.cpuRequest = "2500m", "<cpuRequest> (-Dmlops.manifests.cpuRequest) '2500m' is more than"
                + " <cpuLimit> '2'; a request must not exceed its limit");
        assertError(m -> m.replicas = 0, "<replicas> (-Dmlops.manifests.replicas) 0 is too few: each color needs at least 1 pod");
        assertError(m -> m.drainDelay = 40, "<drainTimeout> (-Dmlops.manifests.drainTimeout) 30 is shorter than"
                + " <drainDelay> 40: the server stops at the drain timeout, so it must be at least the delay");
        assertError(m -> m.name = "Iris_Model", "<name> (-Dmlops.manifests.name) 'Iris_Model' cannot name Kubernetes"
                + " resources: use at most 57 lower-case letters, digits and '-', starting with a letter and not ending"
                + " with '-' (the Deployments add -blue and -green)");
        Files.deleteIfExists(record());
        assertError(m -> m.user = "nonroot", "<user> (-Dmlops.image.user) 'nonroot' is not a numeric uid[:gid];"
                + " Kubernetes can only enforce runAsNonRoot for a numeric user, such as 65532:65532");
    }

    /** {@code kubectl kustomize} builds the folder offline: the files are YAML Kubernetes tooling accepts. */
    @Test
    void manifests_kubectlKustomize_buildsTheThreeResources() throws Exception {
        Path kubectl = Path.of("/usr/bin/kubectl");
        Assumptions.assumeTrue(Files.isExecutable(kubectl), "kubectl is not installed at /usr/bin/kubectl: the"
                + " offline kustomize check is skipped (the YAML assertions of the other tests still ran)");
        recordImage("tarball", "iris:1.0.0");
        mojo().execute();
        Process p = new ProcessBuilder(kubectl.toString(), "kustomize", k8s().toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        List<String> kinds = new ArrayList<>();
        for (JsonNode doc : YAML.readValues(YAML.createParser(out), JsonNode.class).readAll()) {
            kinds.add(doc.at("/kind").asText() + "/" + doc.at("/metadata/name").asText());
        }
        assertEquals(List.of("Service/iris", "Deployment/iris-blue", "Deployment/iris-green"), kinds);
    }

    private interface Change {
        void apply(ManifestsMojo mojo);
    }

    private void assertError(Change change, String message) {
        ManifestsMojo mojo = mojo();
        change.apply(mojo);
        MojoExecutionException e = assertThrows(MojoExecutionException.class, mojo::execute);
        assertEquals(message, e.getMessage());
    }

    private Map<String, byte[]> files() throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        try (var list = Files.list(k8s())) {
            for (Path f : list.toList()) {
                files.put(f.getFileName().toString(), Files.readAllBytes(f));
            }
        }
        return files;
    }

    private static Map<String, String> strings(JsonNode node) {
        Map<String, String> map = new TreeMap<>();
        node.fields().forEachRemaining(e -> map.put(e.getKey(), e.getValue().asText()));
        return map;
    }

    private static Map<String, String> env(JsonNode container) {
        Map<String, String> env = new TreeMap<>();
        container.at("/env").forEach(e -> env.put(e.at("/name").asText(), e.at("/value").asText()));
        return env;
    }

    private static void assertProbe(JsonNode probe, String path, int period, int timeout, int failures) {
        assertEquals(path, probe.at("/httpGet/path").asText(), probe.toString());
        assertEquals("http", probe.at("/httpGet/port").asText(), probe.toString());
        assertEquals(period, probe.at("/periodSeconds").asInt(), probe.toString());
        assertEquals(timeout, probe.at("/timeoutSeconds").asInt(), probe.toString());
        assertEquals(failures, probe.at("/failureThreshold").asInt(), probe.toString());
    }
}
