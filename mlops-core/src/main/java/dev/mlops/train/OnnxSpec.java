package dev.mlops.train;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * An ONNX model trained elsewhere (for example scikit-learn exported with skl2onnx) that the library
 * wraps, evaluates, gates and serves like a model it trained. The spec's dataset section still says
 * which columns are features and how raw records are read; the model receives the features listed
 * here, in this order, as one float tensor {@code [rows, features]}. See {@code docs/bundle.md}.
 *
 * @param file     the {@code .onnx} file, relative to the spec file's folder
 * @param input    the model's input name; {@code null} when the model has a single input
 * @param features the model's input columns in order, as feature names: a numeric column's name,
 *                 {@code column=category} for one-hot categories, {@code column:term} for text terms;
 *                 empty means every dataset feature in order (all numeric)
 * @param labels   classification: the class labels in the order of the model's probability columns
 *                 (and of integer label outputs); empty means the dataset's labels sorted
 * @param outputs  which model outputs to read; {@code null} to use the model's first output
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record OnnxSpec(
        @JsonProperty("file") String file,
        @JsonProperty("input") String input,
        @JsonProperty("features") List<String> features,
        @JsonProperty("labels") List<String> labels,
        @JsonProperty("outputs") Outputs outputs) {

    /** Checks the file and copies the lists. */
    @JsonCreator
    public OnnxSpec {
        if (file == null || file.isBlank()) {
            throw new IllegalArgumentException("onnx.file is required: the path of the .onnx model");
        }
        features = features == null ? List.of() : List.copyOf(features);
        labels = labels == null ? List.of() : List.copyOf(labels);
        outputs = outputs == null ? new Outputs(null, null, null) : outputs;
    }

    /**
     * The names of the model outputs to read. Each may be {@code null}; a classifier needs
     * {@code probabilities} or {@code label} (or its first output is taken as probabilities), a
     * regressor {@code value} (or its first output).
     *
     * @param label         a tensor of predicted labels, strings or integer indices into the labels
     * @param probabilities class probabilities: a float tensor {@code [rows, labels]} in label order, or
     *                      a sequence of maps from label to probability (skl2onnx's ZipMap)
     * @param value         regression: a float tensor {@code [rows]} or {@code [rows, 1]}
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Outputs(
            @JsonProperty("label") String label,
            @JsonProperty("probabilities") String probabilities,
            @JsonProperty("value") String value) {
    }
}
