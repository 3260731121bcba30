package dev.mlops.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.mlops.data.Task;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a bundle's model came from, stored as {@value #FILE}: name, version, creation time and
 * source commit, the data set's fingerprint, the model and its hyperparameters, and the library
 * versions that made it. (Whether an ONNX model is included, or why not, is in the manifest.)
 *
 * @param name               the model name
 * @param version            the model version
 * @param task               classification or regression
 * @param created            the recorded creation time (ISO-8601), as the caller passed it
 * @param gitCommit          the source commit, or {@code null}
 * @param datasetFingerprint sha256 of the data and schema the model was trained (or evaluated) on
 * @param trainRows          rows the model was fitted on; {@code null} for an external model
 * @param testRows           rows it was evaluated on
 * @param model              what the model is
 * @param libraries          library and runtime versions that made the bundle
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"name", "version", "task", "created", "git_commit", "dataset_fingerprint", "train_rows", "test_rows",
    "model", "libraries"})
public record BundleInfo(
        @JsonProperty("name") String name,
        @JsonProperty("version") String version,
        @JsonProperty("task") Task task,
        @JsonProperty("created") String created,
        @JsonProperty("git_commit") String gitCommit,
        @JsonProperty("dataset_fingerprint") String datasetFingerprint,
        @JsonProperty("train_rows") Integer trainRows,
        @JsonProperty("test_rows") int testRows,
        @JsonProperty("model") ModelInfo model,
        @JsonProperty("libraries") Map<String, String> libraries) {

    /** The file's name in a bundle. */
    public static final String FILE = "metadata.json";

    /** Checks required parts and copies the libraries. */
    @JsonCreator
    public BundleInfo {
        if (name == null || version == null || task == null || created == null || model == null) {
            throw new IllegalArgumentException("metadata needs name, version, task, created and model");
        }
        Instant.parse(created);
        libraries = libraries == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(libraries));
    }

    /** @return the creation time */
    public Instant createdAt() {
        return Instant.parse(created);
    }

    /** Model kinds. */
    public static final String KIND_TRIBUO = "tribuo";
    /** An ONNX model made elsewhere. */
    public static final String KIND_EXTERNAL_ONNX = "external-onnx";

    /**
     * What the model is.
     *
     * @param kind            {@value #KIND_TRIBUO} (trained here) or {@value #KIND_EXTERNAL_ONNX}
     * @param className       the Tribuo model class, or {@code null}
     * @param algorithm       the algorithm's spec name, or {@code null}
     * @param hyperparameters every hyperparameter with its value, empty for an external model
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"kind", "class", "algorithm", "hyperparameters"})
    public record ModelInfo(
            @JsonProperty("kind") String kind,
            @JsonProperty("class") String className,
            @JsonProperty("algorithm") String algorithm,
            @JsonProperty("hyperparameters") Map<String, Object> hyperparameters) {

        /** Copies the hyperparameters. */
        @JsonCreator
        public ModelInfo {
            if (!KIND_TRIBUO.equals(kind) && !KIND_EXTERNAL_ONNX.equals(kind)) {
                throw new IllegalArgumentException("model.kind must be " + KIND_TRIBUO + " or " + KIND_EXTERNAL_ONNX
                        + ", was " + kind);
            }
            hyperparameters = hyperparameters == null ? Map.of()
                    : Collections.unmodifiableMap(new LinkedHashMap<>(hyperparameters));
        }
    }
}
