package dev.mlops.maven.kube;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.mlops.util.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes the Kubernetes manifests of a model server for blue/green releases: one Deployment per
 * color, a Service that selects the live color, a {@code kustomization.yaml} listing them, and the
 * two one-line commands that move the Service to the other color ({@code switch.sh}) and back
 * ({@code rollback.sh}).
 *
 * <p>The probes follow the server: the startup probe polls {@code /ready} (503 until the model is
 * loaded, warmed up and checked) for up to the startup timeout; readiness is {@code /ready} too (it
 * turns 503 when the server drains on SIGTERM); liveness is {@code /health}, which does not depend on
 * the model. The Deployment selectors hold only the name and the color, which never change, because
 * Kubernetes refuses to change a Deployment's selector. The output is deterministic: the same
 * configuration gives the same bytes.
 */
public final class KubeManifests {

    /** The color label that the Service selects on. */
    public static final String COLOR_LABEL = "mlops.dev/color";
    /** The label naming the application (the resource base name). */
    public static final String NAME_LABEL = "app.kubernetes.io/name";
    /** The label with the model's version. */
    public static final String VERSION_LABEL = "app.kubernetes.io/version";
    /** The label with the tracking run id. */
    public static final String RUN_LABEL = "mlops.dev/run-id";
    /** The name of the container in the pods. */
    public static final String CONTAINER = "model-server";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR));

    private static final ObjectMapper JSON = new ObjectMapper();

    private KubeManifests() {
    }

    /**
     * The model's name as a resource name: lower case, runs of other characters as {@code -}.
     *
     * @param model the model's name
     * @return a DNS label, or the best attempt at one (validated by {@link DeploymentConfig})
     */
    public static String resourceName(String model) {
        String name = model.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]+", "-").replaceAll("^[^a-z]+", "")
                .replaceAll("-+$", "");
        return name.length() > 57 ? name.substring(0, 57).replaceAll("-+$", "") : name;
    }

    /**
     * A value fit for a Kubernetes label: at most 63 characters, letters, digits, {@code -_.}, starting
     * and ending with a letter or digit; other characters become {@code -}.
     *
     * @param value any text
     * @return the label value (empty when nothing is left)
     */
    public static String labelValue(String value) {
        String v = value.replaceAll("[^A-Za-z0-9_.-]", "-");
        if (v.length() > 63) {
            v = v.substring(0, 63);
        }
        return v.replaceAll("^[^A-Za-z0-9]+", "").replaceAll("[^A-Za-z0-9]+$", "");
    }

    /**
     * The files, in a fixed order: {@code <name>-service.yaml}, {@code <name>-blue.yaml},
     * {@code <name>-green.yaml}, {@code kustomization.yaml}, {@code switch.sh}, {@code rollback.sh}.
     *
     * @param config the deployment configuration
     * @return file name to content
     */
    public static Map<String, String> render(DeploymentConfig config) {
        Map<String, String> files = new LinkedHashMap<>();
        String header = header(config);
        files.put(config.name() + "-service.yaml", header + yaml(service(config)));
        for (Color color : Color.values()) {
            files.put(config.name() + "-" + color.label() + ".yaml", header + yaml(deployment(config, color)));
        }
        Map<String, Object> kustomization = new LinkedHashMap<>();
        kustomization.put("apiVersion", "kustomize.config.k8s.io/v1beta1");
        kustomization.put("kind", "Kustomization");
        kustomization.put("resources", new ArrayList<>(files.keySet()));
        files.put("kustomization.yaml", header + yaml(kustomization));
        Color idle = config.live().other();
        files.put("switch.sh", "# Sends the traffic of Service " + config.name() + " to " + config.name() + "-"
                + idle.label() + " (" + config.live().label() + " is live as generated).\n"
                + switchCommand(config, idle) + "\n");
        files.put("rollback.sh", "# Sends the traffic of Service " + config.name() + " back to " + config.name() + "-"
                + config.live().label() + ".\n" + switchCommand(config, config.live()) + "\n");
        return files;
    }

    /**
     * Writes {@link #render} into a directory, each file atomically.
     *
     * @param config    the deployment configuration
     * @param directory where to write, e.g. {@code target/mlops/iris/k8s}
     * @return the files written, in the order of {@link #render}
     * @throws IOException when a file cannot be written
     */
    public static List<Path> write(DeploymentConfig config, Path directory) throws IOException {
        List<Path> written = new ArrayList<>();
        for (Map.Entry<String, String> file : render(config).entrySet()) {
            Path path = directory.resolve(file.getKey());
            AtomicFiles.writeString(path, file.getValue());
            written.add(path);
        }
        return written;
    }

    /**
     * The one command that points the Service at a color; switching back is the same command with
     * the other color.
     *
     * @param config the deployment configuration
     * @param to     the color that should receive the traffic
     * @return e.g. {@code kubectl patch service iris -p '{"spec":{"selector":{...,"mlops.dev/color":"green"}}}'}
     */
    public static String switchCommand(DeploymentConfig config, Color to) {
        Map<String, Object> patch = map("spec", map("selector", selector(config, to)));
        String json;
        try {
            json = JSON.writeValueAsString(patch);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        return "kubectl " + config.namespace().map(ns -> "-n " + ns + " ").orElse("") + "patch service "
                + config.name() + " -p '" + json + "'";
    }

    private static String header(DeploymentConfig c) {
        StringBuilder s = new StringBuilder("# Generated by mlops:manifests for model ").append(c.model()).append(' ')
                .append(c.version()).append(c.runId().map(r -> " (run " + r + ")").orElse(""))
                .append(". Rebuild rather than edit.\n# Image: ").append(c.image()).append('\n');
        c.imageNote().ifPresent(note -> s.append("# ").append(note.replace("\n", "\n# ")).append('\n'));
        return s.toString();
    }

    private static Map<String, Object> selector(DeploymentConfig c, Color color) {
        Map<String, Object> selector = new LinkedHashMap<>();
        selector.put(NAME_LABEL, c.name());
        selector.put(COLOR_LABEL, color.label());
        return selector;
    }

    private static Map<String, Object> labels(DeploymentConfig c, Color color) {
        Map<String, Object> labels = new LinkedHashMap<>();
        labels.put(NAME_LABEL, c.name());
        String version = labelValue(c.version());
        if (!version.isEmpty()) {
            labels.put(VERSION_LABEL, version);
        }
        labels.put("app.kubernetes.io/component", CONTAINER);
        labels.put("app.kubernetes.io/managed-by", "mlops-maven-plugin");
        labels.put(COLOR_LABEL, color.label());
        c.runId().map(KubeManifests::labelValue).filter(r -> !r.isEmpty()).ifPresent(r -> labels.put(RUN_LABEL, r));
        return labels;
    }

    private static Map<String, Object> metadata(DeploymentConfig c, String name, Map<String, Object> labels) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("name", name);
        c.namespace().ifPresent(ns -> metadata.put("namespace", ns));
        metadata.put("labels", labels);
        return metadata;
    }

    private static Map<String, Object> service(DeploymentConfig c) {
        Map<String, Object> port = new LinkedHashMap<>();
        port.put("name", "http");
        port.put("port", 80);
        port.put("targetPort", "http");
        port.put("protocol", "TCP");
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("type", "ClusterIP");
        spec.put("selector", selector(c, c.live()));
        spec.put("ports", List.of(port));
        Map<String, Object> service = new LinkedHashMap<>();
        service.put("apiVersion", "v1");
        service.put("kind", "Service");
        Map<String, Object> labels = new LinkedHashMap<>();
        labels.put(NAME_LABEL, c.name());
        labels.put("app.kubernetes.io/managed-by", "mlops-maven-plugin");
        service.put("metadata", metadata(c, c.name(), labels));
        service.put("spec", spec);
        return service;
    }

    private static Map<String, Object> deployment(DeploymentConfig c, Color color) {
        Map<String, Object> labels = labels(c, color);
        Map<String, Object> annotations = new LinkedHashMap<>();
        annotations.put("mlops.dev/model", c.model());
        annotations.put("mlops.dev/model-version", c.version());
        c.runId().ifPresent(r -> annotations.put("mlops.dev/run-id", r));
        annotations.put("mlops.dev/image", c.image());
        annotations.put("prometheus.io/scrape", "true");
        annotations.put("prometheus.io/port", Integer.toString(c.port()));
        annotations.put("prometheus.io/path", "/metrics");

        Map<String, Object> podMetadata = new LinkedHashMap<>();
        podMetadata.put("labels", labels);
        podMetadata.put("annotations", annotations);

        Map<String, Object> podSecurity = new LinkedHashMap<>();
        podSecurity.put("runAsNonRoot", true);
        podSecurity.put("runAsUser", c.runAsUser());
        podSecurity.put("runAsGroup", c.runAsGroup());
        podSecurity.put("seccompProfile", map("type", "RuntimeDefault"));

        Map<String, Object> podSpec = new LinkedHashMap<>();
        podSpec.put("terminationGracePeriodSeconds", c.terminationGracePeriod());
        podSpec.put("securityContext", podSecurity);
        podSpec.put("containers", List.of(container(c)));
        // ONNX Runtime unpacks its native library into java.io.tmpdir, the JVM keeps perf data there:
        // a writable /tmp is all the server needs, the rest of the file system stays read-only.
        podSpec.put("volumes", List.of(map("name", "tmp", "emptyDir", map())));

        Map<String, Object> template = new LinkedHashMap<>();
        template.put("metadata", podMetadata);
        template.put("spec", podSpec);

        Map<String, Object> rolling = new LinkedHashMap<>();
        rolling.put("maxSurge", 1);
        rolling.put("maxUnavailable", 0);
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("replicas", c.replicas());
        spec.put("selector", map("matchLabels", selector(c, color)));
        // a new pod must be ready (model warmed up) before an old one goes
        spec.put("strategy", map("type", "RollingUpdate", "rollingUpdate", rolling));
        spec.put("template", template);

        Map<String, Object> deployment = new LinkedHashMap<>();
        deployment.put("apiVersion", "apps/v1");
        deployment.put("kind", "Deployment");
        Map<String, Object> metadata = metadata(c, c.name() + "-" + color.label(), labels);
        metadata.put("annotations", annotations);
        deployment.put("metadata", metadata);
        deployment.put("spec", spec);
        return deployment;
    }

    private static Map<String, Object> container(DeploymentConfig c) {
        Map<String, Object> port = new LinkedHashMap<>();
        port.put("name", "http");
        port.put("containerPort", c.port());
        port.put("protocol", "TCP");

        List<Object> env = List.of(
                map("name", "MLOPS_DRAIN_DELAY", "value", Integer.toString(c.drainDelay())),
                map("name", "MLOPS_DRAIN_TIMEOUT", "value", Integer.toString(c.drainTimeout())));

        Map<String, Object> requests = new LinkedHashMap<>();
        requests.put("cpu", c.cpuRequest().text());
        requests.put("memory", c.memoryRequest().text());
        Map<String, Object> limits = new LinkedHashMap<>();
        c.cpuLimit().ifPresent(l -> limits.put("cpu", l.text()));
        limits.put("memory", c.memoryLimit().text());
        Map<String, Object> resources = new LinkedHashMap<>();
        resources.put("requests", requests);
        resources.put("limits", limits);

        Map<String, Object> security = new LinkedHashMap<>();
        security.put("allowPrivilegeEscalation", false);
        security.put("readOnlyRootFilesystem", true);
        security.put("capabilities", map("drop", List.of("ALL")));

        Map<String, Object> container = new LinkedHashMap<>();
        container.put("name", CONTAINER);
        container.put("image", c.image());
        container.put("imagePullPolicy", "IfNotPresent");
        container.put("ports", List.of(port));
        container.put("env", env);
        container.put("resources", resources);
        int startupFailures = (c.startupTimeout() + DeploymentConfig.STARTUP_PERIOD - 1) / DeploymentConfig.STARTUP_PERIOD;
        container.put("startupProbe", probe("/ready", DeploymentConfig.STARTUP_PERIOD, 2, startupFailures));
        container.put("readinessProbe", probe("/ready", 5, 2, 2));
        container.put("livenessProbe", probe(c.liveness().path(), (int) c.liveness().interval().toSeconds(),
                (int) Math.max(1, c.liveness().timeout().toSeconds()), c.liveness().retries()));
        container.put("securityContext", security);
        container.put("volumeMounts", List.of(map("name", "tmp", "mountPath", "/tmp")));
        return container;
    }

    private static Map<String, Object> probe(String path, int period, int timeout, int failureThreshold) {
        Map<String, Object> get = new LinkedHashMap<>();
        get.put("path", path);
        get.put("port", "http");
        Map<String, Object> probe = new LinkedHashMap<>();
        probe.put("httpGet", get);
        probe.put("periodSeconds", period);
        probe.put("timeoutSeconds", timeout);
        probe.put("failureThreshold", failureThreshold);
        return probe;
    }

    /** An insertion-ordered map from key, value pairs ({@code Map.of} iterates in a per-JVM random order). */
    private static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    private static String yaml(Object tree) {
        try {
            return YAML.writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
