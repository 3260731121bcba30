package dev.mlops.maven.image;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The label keys a model image carries, and a helper that writes them. Keys follow the reverse-DNS
 * convention; the OCI {@code org.opencontainers.image.*} keys are set too so that generic tools
 * show the model's name and version.
 */
public final class ImageLabels {

    /** The model's name. */
    public static final String MODEL_NAME = "dev.mlops.model.name";
    /** The model's version. */
    public static final String MODEL_VERSION = "dev.mlops.model.version";
    /** The tracking run that produced the model. */
    public static final String RUN_ID = "dev.mlops.run.id";
    /** Prefix of one label per evaluation metric, e.g. {@code dev.mlops.metric.accuracy=0.96}. */
    public static final String METRIC_PREFIX = "dev.mlops.metric.";
    /** OCI annotation for a human-readable title. */
    public static final String OCI_TITLE = "org.opencontainers.image.title";
    /** OCI annotation for the version of the packaged software. */
    public static final String OCI_VERSION = "org.opencontainers.image.version";
    /** OCI annotation for the creation time (RFC 3339), set by {@link ImagePackager}. */
    public static final String OCI_CREATED = "org.opencontainers.image.created";

    private static final Pattern METRIC_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    private ImageLabels() {
    }

    /**
     * Labels for a model image.
     *
     * @param modelName    the model's name; not blank
     * @param modelVersion the model's version; not blank
     * @param runId        the tracking run id, or {@code null} when the model was not tracked
     * @param metrics      metric name to value; names are letters, digits, {@code .}, {@code _}, {@code -}
     * @return the labels, model keys first, then metrics sorted by name
     * @throws IllegalArgumentException for a blank name or version, or a metric name a label key cannot carry
     */
    public static Map<String, String> forModel(String modelName, String modelVersion, String runId,
                                               Map<String, Double> metrics) {
        requireText("model name", modelName);
        requireText("model version", modelVersion);
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(MODEL_NAME, modelName);
        labels.put(MODEL_VERSION, modelVersion);
        labels.put(OCI_TITLE, modelName);
        labels.put(OCI_VERSION, modelVersion);
        if (runId != null) {
            requireText("run id", runId);
            labels.put(RUN_ID, runId);
        }
        for (Map.Entry<String, Double> metric : new TreeMap<>(metrics).entrySet()) {
            if (!METRIC_NAME.matcher(metric.getKey()).matches()) {
                throw new IllegalArgumentException("metric name '" + metric.getKey()
                        + "' cannot be a label key: use letters, digits, '.', '_' and '-'");
            }
            Objects.requireNonNull(metric.getValue(), () -> "value of metric '" + metric.getKey() + "'");
            labels.put(METRIC_PREFIX + metric.getKey(), Double.toString(metric.getValue()));
        }
        return labels;
    }

    private static void requireText(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " must not be blank: '" + value + "'");
        }
    }
}
