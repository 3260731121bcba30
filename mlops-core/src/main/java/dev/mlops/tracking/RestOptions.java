package dev.mlops.tracking;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * How the REST implementations talk to an MLflow server: retries with exponential backoff and
 * jitter on 429 and 5xx answers and on connection failures, timeouts, and where the optional
 * bearer token comes from. The token itself is never stored here, printed or logged.
 *
 * @param maxRetries     retries after the first attempt (0 disables retrying)
 * @param initialBackoff the delay before the first retry; doubled for each further retry
 * @param maxBackoff     the upper bound of a single delay (also caps a server's Retry-After)
 * @param connectTimeout the TCP connect timeout
 * @param requestTimeout the timeout of one request, answer included
 * @param token          supplies the bearer token, or null for none; called once per store
 * @param cacheDirectory where the registry keeps verified downloads of model bundles
 */
public record RestOptions(int maxRetries, Duration initialBackoff, Duration maxBackoff, Duration connectTimeout,
                          Duration requestTimeout, Supplier<String> token, Path cacheDirectory) {

    /** The environment variable MLflow's own clients read the bearer token from. */
    public static final String TOKEN_VARIABLE = "MLFLOW_TRACKING_TOKEN";

    /**
     * Validates the values.
     *
     * @param maxRetries retries after the first attempt (0 disables retrying)
     * @param initialBackoff the delay before the first retry; doubled for each further retry
     * @param maxBackoff the upper bound of a single delay (also caps a server's Retry-After)
     * @param connectTimeout the TCP connect timeout
     * @param requestTimeout the timeout of one request, answer included
     * @param token supplies the bearer token, or null for none; called once per store
     * @param cacheDirectory where the registry keeps verified downloads of model bundles
     */
    public RestOptions {
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries is " + maxRetries + "; must be 0 or more");
        }
        requirePositive("initialBackoff", initialBackoff);
        requirePositive("maxBackoff", maxBackoff);
        requirePositive("connectTimeout", connectTimeout);
        requirePositive("requestTimeout", requestTimeout);
        Objects.requireNonNull(token, "token supplier (use () -> null for none)");
        Objects.requireNonNull(cacheDirectory, "cacheDirectory");
    }

    private static void requirePositive(String name, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " is " + d + "; must be a positive duration");
        }
    }

    /**
     * The defaults: 5 retries from 500 ms doubling up to 10 s, 10 s connect and 60 s request
     * timeouts, the token from {@value #TOKEN_VARIABLE} when set, and a cache under the system
     * temporary directory.
     *
     * @return the default options
     */
    public static RestOptions defaults() {
        return new RestOptions(5, Duration.ofMillis(500), Duration.ofSeconds(10), Duration.ofSeconds(10),
                Duration.ofSeconds(60), () -> System.getenv(TOKEN_VARIABLE),
                Path.of(System.getProperty("java.io.tmpdir"), "mlops-registry-cache"));
    }

    /**
     * Changes the retry policy.
     *
     * @param retries    retries after the first attempt
     * @param initial    the first delay
     * @param maxBackoff the largest delay
     * @return new options
     */
    public RestOptions withRetries(int retries, Duration initial, Duration maxBackoff) {
        return new RestOptions(retries, initial, maxBackoff, connectTimeout, requestTimeout, token, cacheDirectory);
    }

    /**
     * Changes the timeouts.
     *
     * @param connect the connect timeout
     * @param request the request timeout
     * @return new options
     */
    public RestOptions withTimeouts(Duration connect, Duration request) {
        return new RestOptions(maxRetries, initialBackoff, maxBackoff, connect, request, token, cacheDirectory);
    }

    /**
     * Reads the token from another environment variable.
     *
     * @param variable the variable name
     * @return new options
     */
    public RestOptions withTokenFromEnvironment(String variable) {
        Objects.requireNonNull(variable, "variable");
        return withToken(() -> System.getenv(variable));
    }

    /**
     * Takes the token from a supplier (a secret store, a file, a test).
     *
     * @param supplier supplies the token, or null for none
     * @return new options
     */
    public RestOptions withToken(Supplier<String> supplier) {
        return new RestOptions(maxRetries, initialBackoff, maxBackoff, connectTimeout, requestTimeout, supplier,
                cacheDirectory);
    }

    /**
     * Changes the download cache of the registry.
     *
     * @param directory the cache directory
     * @return new options
     */
    public RestOptions withCacheDirectory(Path directory) {
        return new RestOptions(maxRetries, initialBackoff, maxBackoff, connectTimeout, requestTimeout, token,
                directory);
    }

    /** Describes the options without calling the token supplier. */
    @Override
    public String toString() {
        return "RestOptions[maxRetries=" + maxRetries + ", initialBackoff=" + initialBackoff + ", maxBackoff="
                + maxBackoff + ", connectTimeout=" + connectTimeout + ", requestTimeout=" + requestTimeout
                + ", cacheDirectory=" + cacheDirectory + "]";
    }
}
