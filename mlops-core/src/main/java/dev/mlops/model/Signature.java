package dev.mlops.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.mlops.data.ColumnKind;
import dev.mlops.data.Task;
import dev.mlops.features.CategoricalEncoder;
import dev.mlops.features.FeatureEncoder;
import dev.mlops.features.FeaturePipeline;
import dev.mlops.features.NumericEncoder;
import dev.mlops.features.TextEncoder;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What a model takes and gives, stored as {@value #FILE}: the raw input fields in order with kind,
 * type and what training saw (range, categories, vocabulary), the preprocessing that turns a raw
 * record into model input, the model input tensor's columns, and the outputs (labels in order, or the
 * regression target). Everything a server or another runtime needs to call the model correctly.
 *
 * @param task          classification or regression
 * @param preprocessing the fitted preprocessing, applied to every raw record
 * @param modelInput    the model's input tensor and the feature in each of its columns
 * @param outputs       what the model predicts and, for ONNX, which outputs hold it
 */
@JsonPropertyOrder({"task", "inputs", "preprocessing", "model_input", "outputs"})
@JsonIgnoreProperties(value = "inputs", allowGetters = true)
public record Signature(
        @JsonProperty("task") Task task,
        @JsonProperty("preprocessing") FeaturePipeline preprocessing,
        @JsonProperty("model_input") ModelInput modelInput,
        @JsonProperty("outputs") Outputs outputs) {

    /** The signature's file name in a bundle. */
    public static final String FILE = "signature.json";

    /** Checks that the parts fit together. */
    @JsonCreator
    public Signature {
        if (task == null || preprocessing == null || modelInput == null || outputs == null) {
            throw new IllegalArgumentException("a signature needs task, preprocessing, model_input and outputs");
        }
        if (task == Task.CLASSIFICATION && outputs.labels().isEmpty()) {
            throw new IllegalArgumentException("a classification signature needs outputs.labels");
        }
        if (task == Task.REGRESSION && !outputs.labels().isEmpty()) {
            throw new IllegalArgumentException("a regression signature has no outputs.labels, got " + outputs.labels());
        }
        Set<String> produced = new HashSet<>(preprocessing.featureNames());
        for (String feature : modelInput.features()) {
            if (!produced.contains(feature)) {
                throw new IllegalArgumentException("model_input.features: '" + feature
                        + "' is not a feature the preprocessing produces");
            }
        }
    }

    /** @return the raw input fields, in order, as a record must supply them */
    @JsonProperty("inputs")
    public List<Input> inputs() {
        List<Input> inputs = new ArrayList<>();
        for (FeatureEncoder e : preprocessing.encoders()) {
            inputs.add(Input.of(e));
        }
        return inputs;
    }

    /** @return the class labels in prediction order (classification), empty for regression */
    public List<String> labels() {
        return outputs.labels();
    }

    /**
     * One raw input field.
     *
     * @param name       the field name
     * @param kind       numeric, categorical or text
     * @param type       the JSON type a record gives: {@code number} or {@code string}
     * @param required   whether a record must give it (else the fill value is used)
     * @param fill       the value used when the field is missing, or {@code null}
     * @param min        numeric: the smallest value in training
     * @param max        numeric: the largest value in training
     * @param categories categorical: the categories seen in training; any other encodes as all zeros
     * @param vocabulary text: the number of terms known to the model; unknown terms are ignored
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"name", "kind", "type", "required", "fill", "min", "max", "categories", "vocabulary"})
    public record Input(
            @JsonProperty("name") String name,
            @JsonProperty("kind") ColumnKind kind,
            @JsonProperty("type") String type,
            @JsonProperty("required") boolean required,
            @JsonProperty("fill") Object fill,
            @JsonProperty("min") Double min,
            @JsonProperty("max") Double max,
            @JsonProperty("categories") List<String> categories,
            @JsonProperty("vocabulary") Integer vocabulary) {

        static Input of(FeatureEncoder encoder) {
            if (encoder instanceof NumericEncoder n) {
                return new Input(n.column(), ColumnKind.NUMERIC, "number", n.fill() == null, n.fill(), n.min(), n.max(),
                        null, null);
            }
            if (encoder instanceof CategoricalEncoder c) {
                return new Input(c.column(), ColumnKind.CATEGORICAL, "string", c.fill() == null, c.fill(), null, null,
                        c.categories(), null);
            }
            TextEncoder t = (TextEncoder) encoder;
            return new Input(t.column(), ColumnKind.TEXT, "string", t.fill() == null, t.fill(), null, null, null,
                    t.vocabulary().size());
        }
    }

    /**
     * The model's input: one float tensor {@code [rows, features.size()]} whose column {@code i} holds
     * the feature {@code features[i]}. A feature a record does not produce (an unset one-hot column, an
     * absent text term) takes the column's {@code absent} value: 0, except for models whose Tribuo form
     * centres only the features present (sparse linear models), where it is the column's training
     * mean, so that ONNX and Tribuo compute the same thing.
     *
     * @param name     the ONNX input name
     * @param features the feature in each column, in order
     * @param absent   the value of each column when its feature is absent, or {@code null} for all zeros
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"name", "type", "features", "absent"})
    @JsonIgnoreProperties(value = "type", allowGetters = true)
    public record ModelInput(@JsonProperty("name") String name,
                             @JsonProperty("features") List<String> features,
                             @JsonProperty("absent") List<Double> absent) {

        /** Copies the lists and checks features are unique and absent values fit them. */
        @JsonCreator
        public ModelInput {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("model_input.name is required");
            }
            features = List.copyOf(features);
            if (features.isEmpty() || new HashSet<>(features).size() != features.size()) {
                throw new IllegalArgumentException("model_input.features must be non-empty and unique, got " + features);
            }
            if (absent != null) {
                absent = List.copyOf(absent);
                if (absent.size() != features.size() || absent.stream().anyMatch(v -> !Double.isFinite(v))) {
                    throw new IllegalArgumentException("model_input.absent needs one finite value per feature ("
                            + features.size() + "), got " + absent.size());
                }
            }
        }

        /**
         * @param name     the ONNX input name
         * @param features the feature in each column
         * @return an input whose absent features are zero
         */
        public static ModelInput of(String name, List<String> features) {
            return new ModelInput(name, features, null);
        }

        /** @return the element type, always {@code float32} */
        @JsonProperty("type")
        public String type() {
            return "float32";
        }
    }

    /**
     * What the model predicts.
     *
     * @param target        the predicted column's name
     * @param labels        classification: the labels in prediction order; empty for regression
     * @param probabilities whether predictions carry class probabilities
     * @param onnx          which ONNX outputs hold the prediction, or {@code null} without an ONNX model
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"target", "labels", "probabilities", "onnx"})
    public record Outputs(
            @JsonProperty("target") String target,
            @JsonProperty("labels") List<String> labels,
            @JsonProperty("probabilities") boolean probabilities,
            @JsonProperty("onnx") OnnxOutputs onnx) {

        /** Copies the labels. */
        @JsonCreator
        public Outputs {
            labels = labels == null ? List.of() : List.copyOf(labels);
            if (new HashSet<>(labels).size() != labels.size()) {
                throw new IllegalArgumentException("outputs.labels must be unique, got " + labels);
            }
        }

        /**
         * @param newOnnx the ONNX outputs
         * @return these outputs with the ONNX part replaced
         */
        public Outputs withOnnx(OnnxOutputs newOnnx) {
            return new Outputs(target, labels, probabilities, newOnnx);
        }
    }

    /**
     * Which ONNX outputs hold the prediction. A classifier has {@code probabilities} or {@code scores}
     * (a {@code [rows, labels]} float tensor whose columns follow {@code labels}) and may have
     * {@code label}; a regressor has {@code value}.
     *
     * @param labels        classification: the labels in the order of the score columns (and of integer
     *                      label outputs), which may differ from the prediction order
     * @param label         the output of predicted labels (strings or integers), or {@code null}
     * @param probabilities the output of class probabilities (a tensor, or a sequence of label-to-probability maps), or {@code null}
     * @param scores        the output of class scores that are not probabilities (argmax gives the label), or {@code null}
     * @param value         regression: the output of predicted values
     */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    @JsonPropertyOrder({"labels", "label", "probabilities", "scores", "value"})
    public record OnnxOutputs(
            @JsonProperty("labels") List<String> labels,
            @JsonProperty("label") String label,
            @JsonProperty("probabilities") String probabilities,
            @JsonProperty("scores") String scores,
            @JsonProperty("value") String value) {

        /** Copies the labels and checks that something is read. */
        @JsonCreator
        public OnnxOutputs {
            labels = labels == null ? List.of() : List.copyOf(labels);
            if (label == null && probabilities == null && scores == null && value == null) {
                throw new IllegalArgumentException("outputs.onnx names no output to read");
            }
        }
    }
}
