package dev.mlops.tracking;

import dev.mlops.tracking.internal.StoreFiles;
import java.util.Map;

/** MLflow's limits on what a run accepts, checked before anything is written or sent. */
final class Limits {

    /** Longest param value MLflow accepts. */
    static final int MAX_PARAM_VALUE = 6000;
    /** Longest run tag value MLflow accepts (5000 before MLflow 2.x raised it; the lower bound is safe). */
    static final int MAX_TAG_VALUE = 5000;
    /** Metrics per {@code runs/log-batch} call. */
    static final int MAX_METRICS_PER_BATCH = 1000;
    /** Params, and separately tags, per {@code runs/log-batch} call. */
    static final int MAX_PARAMS_TAGS_PER_BATCH = 100;
    /** Metrics + params + tags per {@code runs/log-batch} call. */
    static final int MAX_ENTITIES_PER_BATCH = 1000;
    /** Largest {@code runs/log-batch} request body in bytes. */
    static final int MAX_BATCH_BYTES = 1_000_000;

    private Limits() {
    }

    static void checkParams(Map<String, String> params) {
        params.forEach((k, v) -> {
            StoreFiles.validateKey("param", k);
            checkValue("param", k, v, MAX_PARAM_VALUE);
        });
    }

    static void checkTags(Map<String, String> tags) {
        tags.forEach((k, v) -> {
            StoreFiles.validateKey("tag", k);
            checkValue("tag", k, v, MAX_TAG_VALUE);
        });
    }

    private static void checkValue(String kind, String key, String value, int max) {
        if (value == null) {
            throw new IllegalArgumentException(kind + " '" + key + "' has a null value");
        }
        if (value.length() > max) {
            throw new IllegalArgumentException(kind + " '" + key + "' has a value of " + value.length()
                    + " characters; MLflow accepts at most " + max + " (log long text as an artifact)");
        }
    }
}
