package dev.mlops.maven.kube;

import dev.mlops.maven.image.HealthCheck;
import dev.mlops.maven.image.ImageRequest;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Everything the Kubernetes manifests of one model say: names, the image, replicas, resources, the
 * user, the live color and the server's drain timing. Every value is checked when built; a bad one
 * raises an {@link InvalidSettingException} naming the setting (the builder method's name).
 *
 * @param name          the base name of the resources: Deployments {@code <name>-blue}/{@code -green},
 *                      Service {@code <name>}; a DNS label of at most 57 characters starting with a letter
 * @param namespace     the namespace written into every resource, or empty for the current one
 * @param model         the model's name (label {@code app.kubernetes.io/name} is {@code name})
 * @param version       the model's version (label {@code app.kubernetes.io/version}, made label-safe)
 * @param runId         the tracking run that produced the model, or empty
 * @param image         the image reference the containers run
 * @param imageNote     a remark about the image written as a comment (e.g. that it must be pushed), or empty
 * @param replicas      pods per color; at least 1
 * @param live          the color the Service selects
 * @param cpuRequest    CPU request
 * @param cpuLimit      CPU limit, or empty for none; not below the request
 * @param memoryRequest memory request
 * @param memoryLimit   memory limit; not below the request
 * @param runAsUser     the image's numeric user id; not 0
 * @param runAsGroup    the image's numeric group id
 * @param port          the container port the server listens on
 * @param drainDelay    seconds the server keeps serving after SIGTERM with {@code /ready} at 503
 * @param drainTimeout  longest wait in seconds for in-flight requests after SIGTERM; at least the delay
 * @param startupTimeout seconds a new pod may take to load and warm up the model before it is restarted
 * @param liveness      the liveness probe (the image's health check)
 */
public record DeploymentConfig(String name, Optional<String> namespace, String model, String version,
                               Optional<String> runId, String image, Optional<String> imageNote, int replicas,
                               Color live, Quantity cpuRequest, Optional<Quantity> cpuLimit, Quantity memoryRequest,
                               Quantity memoryLimit, long runAsUser, long runAsGroup, int port, int drainDelay,
                               int drainTimeout, int startupTimeout, HealthCheck liveness) {

    /** Seconds between startup probes; the startup timeout is rounded up to a multiple of it. */
    static final int STARTUP_PERIOD = 5;

    private static final Pattern DNS_LABEL = Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern USER = Pattern.compile("(\\d+)(?::(\\d+))?");

    /** Checks every value; see the parameters. */
    public DeploymentConfig {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(imageNote, "imageNote");
        Objects.requireNonNull(live, "live");
        Objects.requireNonNull(cpuRequest, "cpuRequest");
        Objects.requireNonNull(cpuLimit, "cpuLimit");
        Objects.requireNonNull(memoryRequest, "memoryRequest");
        Objects.requireNonNull(memoryLimit, "memoryLimit");
        Objects.requireNonNull(liveness, "liveness");
        if (name == null || name.length() > 57 || !DNS_LABEL.matcher(name).matches()) {
            throw new InvalidSettingException("name", "'" + name + "' cannot name Kubernetes resources: use at most 57"
                    + " lower-case letters, digits and '-', starting with a letter and not ending with '-' (the"
                    + " Deployments add -blue and -green)");
        }
        namespace.ifPresent(ns -> {
            if (ns.length() > 63 || !ns.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?")) {
                throw new InvalidSettingException("namespace", "'" + ns + "' is not a namespace name: at most 63"
                        + " lower-case letters, digits and '-', not starting or ending with '-'");
            }
        });
        requireText("model", model);
        requireText("version", version);
        requireText("image", image);
        if (image.chars().anyMatch(Character::isWhitespace)) {
            throw new InvalidSettingException("image", "'" + image + "' is not an image reference (it contains a space)");
        }
        if (replicas < 1) {
            throw new InvalidSettingException("replicas", replicas + " is too few: each color needs at least 1 pod");
        }
        cpuLimit.ifPresent(limit -> {
            if (cpuRequest.exceeds(limit)) {
                throw new InvalidSettingException("cpuRequest", "'" + cpuRequest + "' is more than <cpuLimit> '" + limit
                        + "'; a request must not exceed its limit");
            }
        });
        if (memoryRequest.exceeds(memoryLimit)) {
            throw new InvalidSettingException("memoryRequest", "'" + memoryRequest + "' is more than <memoryLimit> '"
                    + memoryLimit + "'; a request must not exceed its limit");
        }
        if (runAsUser <= 0) {
            throw new InvalidSettingException("user", runAsUser + " is root or negative; the pods run as non-root");
        }
        if (runAsGroup < 0) {
            throw new InvalidSettingException("user", "group " + runAsGroup + " is negative");
        }
        if (port < 1 || port > 65535) {
            throw new InvalidSettingException("port", port + " is not a TCP port (1 to 65535)");
        }
        if (drainDelay < 0) {
            throw new InvalidSettingException("drainDelay", drainDelay + " is negative; use 0 or more seconds");
        }
        if (drainTimeout < drainDelay) {
            throw new InvalidSettingException("drainTimeout", drainTimeout + " is shorter than <drainDelay> " + drainDelay
                    + ": the server stops at the drain timeout, so it must be at least the delay");
        }
        if (startupTimeout < STARTUP_PERIOD) {
            throw new InvalidSettingException("startupTimeout", startupTimeout + " is too short: at least "
                    + STARTUP_PERIOD + " seconds (the startup probe's period)");
        }
    }

    /**
     * {@code terminationGracePeriodSeconds}: the drain timeout (never shorter than the delay), the
     * server's 5 s wait for its worker threads, and 5 s for the JVM to exit, so that Kubernetes never
     * kills a pod that is still draining.
     *
     * @return seconds
     */
    public int terminationGracePeriod() {
        return drainTimeout + 10;
    }

    /**
     * Parses an image user as the image goal takes it.
     *
     * @param user {@code uid} or {@code uid:gid}, numeric (Kubernetes can only check a numeric user is not root)
     * @return {uid, gid}; the gid is the uid when absent
     * @throws InvalidSettingException for a name or root
     */
    static long[] parseUser(String user) {
        var m = user == null ? null : USER.matcher(user.strip());
        if (m == null || !m.matches()) {
            throw new InvalidSettingException("user", "'" + user + "' is not a numeric uid[:gid]; Kubernetes can only"
                    + " enforce runAsNonRoot for a numeric user, such as " + ImageRequest.DEFAULT_USER);
        }
        long uid = Long.parseLong(m.group(1));
        long gid = m.group(2) == null ? uid : Long.parseLong(m.group(2));
        if (uid == 0) {
            throw new InvalidSettingException("user", "'" + user + "' is root; the image runs as a non-root user");
        }
        return new long[] {uid, gid};
    }

    private static void requireText(String setting, String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidSettingException(setting, "must not be blank");
        }
    }

    /** @return a builder with the defaults: 2 replicas, blue live, 500m/2 CPU, 1Gi/1Gi memory, user 65532 */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link DeploymentConfig}; unset values take the defaults listed on {@link #builder()}. */
    public static final class Builder {
        private String name;
        private String namespace;
        private String model;
        private String version;
        private String runId;
        private String image;
        private String imageNote;
        private int replicas = 2;
        private Color live = Color.BLUE;
        private Quantity cpuRequest = Quantity.cpu("cpuRequest", "500m");
        private Quantity cpuLimit = Quantity.cpu("cpuLimit", "2");
        private Quantity memoryRequest = Quantity.memory("memoryRequest", "1Gi");
        private Quantity memoryLimit = Quantity.memory("memoryLimit", "1Gi");
        private long runAsUser = 65532;
        private long runAsGroup = 65532;
        private int port = ImageRequest.DEFAULT_PORT;
        private int drainDelay = 5;
        private int drainTimeout = 30;
        private int startupTimeout = 180;
        private HealthCheck liveness = HealthCheck.http("/health");

        private Builder() {
        }

        /** @param value resource base name (default: the model's name made DNS-safe) @return this */
        public Builder name(String value) {
            this.name = value;
            return this;
        }

        /** @param value namespace, or null/blank for none @return this */
        public Builder namespace(String value) {
            this.namespace = value == null || value.isBlank() ? null : value.strip();
            return this;
        }

        /** @param value the model's name @return this */
        public Builder model(String value) {
            this.model = value;
            return this;
        }

        /** @param value the model's version @return this */
        public Builder version(String value) {
            this.version = value;
            return this;
        }

        /** @param value the run id, or null @return this */
        public Builder runId(String value) {
            this.runId = value == null || value.isBlank() ? null : value;
            return this;
        }

        /** @param value the image reference @return this */
        public Builder image(String value) {
            this.image = value;
            return this;
        }

        /** @param value a remark about the image, or null @return this */
        public Builder imageNote(String value) {
            this.imageNote = value;
            return this;
        }

        /** @param value pods per color (default 2) @return this */
        public Builder replicas(int value) {
            this.replicas = value;
            return this;
        }

        /** @param value the color the Service selects (default blue) @return this */
        public Builder live(Color value) {
            this.live = value;
            return this;
        }

        /** @param value CPU request, e.g. {@code 500m} (default) @return this */
        public Builder cpuRequest(String value) {
            this.cpuRequest = Quantity.cpu("cpuRequest", value);
            return this;
        }

        /** @param value CPU limit, e.g. {@code 2} (default); null or blank for none @return this */
        public Builder cpuLimit(String value) {
            this.cpuLimit = value == null || value.isBlank() ? null : Quantity.cpu("cpuLimit", value);
            return this;
        }

        /** @param value memory request, e.g. {@code 1Gi} (default) @return this */
        public Builder memoryRequest(String value) {
            this.memoryRequest = Quantity.memory("memoryRequest", value);
            return this;
        }

        /** @param value memory limit, e.g. {@code 1Gi} (default) @return this */
        public Builder memoryLimit(String value) {
            this.memoryLimit = Quantity.memory("memoryLimit", value);
            return this;
        }

        /** @param value the image's user, numeric {@code uid[:gid]} (default 65532:65532) @return this */
        public Builder user(String value) {
            long[] ids = parseUser(value);
            this.runAsUser = ids[0];
            this.runAsGroup = ids[1];
            return this;
        }

        /** @param value the container port (default 8080) @return this */
        public Builder port(int value) {
            this.port = value;
            return this;
        }

        /** @param seconds drain delay after SIGTERM (default 5) @return this */
        public Builder drainDelay(int seconds) {
            this.drainDelay = seconds;
            return this;
        }

        /** @param seconds drain timeout (default 30, the server's) @return this */
        public Builder drainTimeout(int seconds) {
            this.drainTimeout = seconds;
            return this;
        }

        /** @param seconds time allowed for loading and warming up the model (default 180) @return this */
        public Builder startupTimeout(int seconds) {
            this.startupTimeout = seconds;
            return this;
        }

        /** @param value the liveness probe (default the image's health check on /health) @return this */
        public Builder liveness(HealthCheck value) {
            this.liveness = value;
            return this;
        }

        /**
         * @return the configuration
         * @throws InvalidSettingException naming the first bad setting
         */
        public DeploymentConfig build() {
            return new DeploymentConfig(name == null && model != null ? KubeManifests.resourceName(model) : name, Optional.ofNullable(namespace),
                    model, version, Optional.ofNullable(runId), image, Optional.ofNullable(imageNote), replicas, live,
                    cpuRequest, Optional.ofNullable(cpuLimit), memoryRequest, memoryLimit, runAsUser, runAsGroup, port,
                    drainDelay, drainTimeout, startupTimeout, liveness);
        }
    }
}
