package dev.mlops.gate;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a model said about one record: a label with optional class probabilities
 * (classification), or a number (regression).
 *
 * @param label         the predicted class, {@code null} for regression
 * @param probabilities class label to probability, empty when the model gives none
 * @param value         the predicted number, NaN for classification
 */
public record ModelOutput(String label, Map<String, Double> probabilities, double value) {

    /** Copies the probabilities, keeping their order. */
    public ModelOutput {
        probabilities = probabilities == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(probabilities));
    }

    /**
     * @param label         the predicted class
     * @param probabilities class probabilities, may be empty
     * @return a classification output
     */
    public static ModelOutput label(String label, Map<String, Double> probabilities) {
        return new ModelOutput(label, probabilities, Double.NaN);
    }

    /**
     * @param value the predicted number
     * @return a regression output
     */
    public static ModelOutput value(double value) {
        return new ModelOutput(null, Map.of(), value);
    }

    /**
     * @param other another output
     * @return whether both are bit-for-bit the same (NaN equals NaN)
     */
    public boolean sameAs(ModelOutput other) {
        return java.util.Objects.equals(label, other.label) && probabilities.equals(other.probabilities)
                && Double.compare(value, other.value) == 0;
    }
}
