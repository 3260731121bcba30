package dev.mlops.maven.image;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How a container orchestrator should probe the server in the image: an HTTP GET on
 * {@code path} at the image's port, answered with 2xx when healthy.
 *
 * <p>Jib writes no {@code HEALTHCHECK} into an image (its API has no such setting, and the OCI
 * image format has no such field at all), and a {@code HEALTHCHECK CMD} would need an HTTP client
 * inside the image anyway. The probe is therefore recorded as image labels (see {@link #labels(int)}),
 * from which a Kubernetes {@code httpGet} probe or a {@code podman run --health-*} line is written.
 *
 * @param path        the HTTP path to GET; starts with {@code /}
 * @param interval    time between probes; positive
 * @param timeout     how long one probe may take; positive
 * @param startPeriod grace period after start during which failures do not count; not negative
 * @param retries     consecutive failures after which the container is unhealthy; at least 1
 */
public record HealthCheck(String path, Duration interval, Duration timeout, Duration startPeriod, int retries) {

    /** Prefix of the labels that carry the probe. */
    public static final String LABEL_PREFIX = "dev.mlops.healthcheck.";

    /** Checks every field and names the bad value. */
    public HealthCheck {
        Objects.requireNonNull(path, "path");
        if (!path.startsWith("/") || path.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("health check path must start with '/' and contain no spaces: '" + path + "'");
        }
        requirePositive("interval", interval);
        requirePositive("timeout", timeout);
        Objects.requireNonNull(startPeriod, "startPeriod");
        if (startPeriod.isNegative()) {
            throw new IllegalArgumentException("health check startPeriod must not be negative: " + startPeriod);
        }
        if (retries < 1) {
            throw new IllegalArgumentException("health check retries must be at least 1: " + retries);
        }
    }

    /**
     * A probe of {@code path} every 30 s, 5 s timeout, 20 s start period, 3 retries.
     *
     * @param path the HTTP path, e.g. {@code /health}
     * @return the health check
     */
    public static HealthCheck http(String path) {
        return new HealthCheck(path, Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofSeconds(20), 3);
    }

    /**
     * The labels that describe this probe, e.g. {@code dev.mlops.healthcheck.path=/health}.
     *
     * @param port the container port the probe targets
     * @return labels in a fixed order: path, port, interval, timeout, start-period, retries
     */
    public Map<String, String> labels(int port) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(LABEL_PREFIX + "path", path);
        labels.put(LABEL_PREFIX + "port", Integer.toString(port));
        labels.put(LABEL_PREFIX + "interval", seconds(interval));
        labels.put(LABEL_PREFIX + "timeout", seconds(timeout));
        labels.put(LABEL_PREFIX + "start-period", seconds(startPeriod));
        labels.put(LABEL_PREFIX + "retries", Integer.toString(retries));
        return labels;
    }

    private static String seconds(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
    }

    private static void requirePositive(String field, Duration value) {
        Objects.requireNonNull(value, field);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("health check " + field + " must be positive: " + value);
        }
    }
}
