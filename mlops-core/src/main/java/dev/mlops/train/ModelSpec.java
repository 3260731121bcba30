package dev.mlops.train;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.mlops.data.DatasetSpec;
import dev.mlops.data.Task;
import java.util.regex.Pattern;

/**
 * Everything needed to train a model reproducibly: what to predict, from which data, with which
 * algorithm, and optionally a sweep over configurations. Read one from a YAML file with
 * {@link ModelSpecReader}, or build one in code. The format is documented in {@code docs/spec.md}.
 *
 * @param name        the model name: letters, digits, {@code .}, {@code _}, {@code -} (used in paths and image names)
 * @param description free text, optional
 * @param task        classification or regression
 * @param dataset     where the data is and how to read it
 * @param trainer     the algorithm and its hyperparameters (the base of a sweep's grid); absent for an
 *                    external ONNX model
 * @param sweep       optional search over configurations
 * @param gates       quality gates the model must pass (see {@code docs/gates.md}); empty when none
 * @param onnx        an ONNX model trained elsewhere, wrapped instead of training (then no trainer or sweep)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelSpec(
        @JsonProperty("name") String name,
        @JsonProperty("description") String description,
        @JsonProperty("task") Task task,
        @JsonProperty("dataset") DatasetSpec dataset,
        @JsonProperty("trainer") TrainerSpec trainer,
        @JsonProperty("sweep") SweepSpec sweep,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) @JsonProperty("gates") java.util.List<GateSpec> gates,
        @JsonProperty("onnx") OnnxSpec onnx) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    /** Validates required fields and the name. */
    @JsonCreator
    public ModelSpec {
        gates = gates == null ? java.util.List.of() : java.util.List.copyOf(gates);
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("name must be 1 to 128 letters, digits, '.', '_' or '-' and start with a"
                    + " letter or digit, was " + (name == null ? "missing" : "'" + name + "'"));
        }
        if (task == null) {
            throw new IllegalArgumentException("task is required: classification or regression");
        }
        if (dataset == null) {
            throw new IllegalArgumentException("dataset is required: at least dataset.file and dataset.target");
        }
        if (onnx != null && (trainer != null || sweep != null)) {
            throw new IllegalArgumentException("onnx: an external ONNX model is not trained; remove "
                    + (trainer != null ? "trainer" : "sweep") + " or onnx");
        }
        if (trainer == null && onnx == null) {
            throw new IllegalArgumentException("trainer is required, e.g. trainer: {type: random-forest}; valid types: "
                    + String.join(", ", Algorithm.names()));
        }
    }

    /**
     * A spec for an ONNX model trained elsewhere.
     *
     * @param name    model name
     * @param task    task
     * @param dataset data to evaluate on, and the raw record format
     * @param onnx    the model file and how to feed it
     * @return the spec
     */
    public static ModelSpec external(String name, Task task, DatasetSpec dataset, OnnxSpec onnx) {
        return new ModelSpec(name, null, task, dataset, null, null, null, onnx);
    }

    /** @return whether this spec wraps an external ONNX model instead of training one */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isExternal() {
        return onnx != null;
    }

    /**
     * A spec without description or sweep.
     *
     * @param name    model name
     * @param task    task
     * @param dataset data
     * @param trainer algorithm
     * @return the spec
     */
    public static ModelSpec of(String name, Task task, DatasetSpec dataset, TrainerSpec trainer) {
        return new ModelSpec(name, null, task, dataset, trainer, null, null, null);
    }

    /**
     * @param newSweep the sweep
     * @return this spec with the sweep replaced
     */
    public ModelSpec withSweep(SweepSpec newSweep) {
        return new ModelSpec(name, description, task, dataset, trainer, newSweep, gates, onnx);
    }

    /**
     * @param newGates the gates
     * @return this spec with the gates replaced
     */
    public ModelSpec withGates(java.util.List<GateSpec> newGates) {
        return new ModelSpec(name, description, task, dataset, trainer, sweep, newGates, onnx);
    }
}
