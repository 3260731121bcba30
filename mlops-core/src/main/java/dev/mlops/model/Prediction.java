package dev.mlops.model;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;

/**
 * One prediction: a class label with the probability of every class (in the bundle's label order),
 * or a regression value.
 *
 * @param label         the predicted class, or {@code null} for regression
 * @param probabilities every label's probability in label order; empty for regression and for
 *                      classifiers without probabilities
 * @param value         the predicted value (regression), or {@code null} for classification
 */
public record Prediction(String label, Map<String, Double> probabilities, Double value) {

    /** Checks that exactly one of label and value is given. */
    public Prediction {
        if ((label == null) == (value == null)) {
            throw new IllegalArgumentException("a prediction has a label or a value, not " + (label == null ? "neither" : "both"));
        }
        probabilities = probabilities == null ? Map.of() : probabilities instanceof LabelProbabilities
                ? probabilities : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(probabilities));
    }

    /**
     * @param label the predicted class
     * @return a classification without probabilities
     */
    public static Prediction ofLabel(String label) {
        return new Prediction(Objects.requireNonNull(label, "label"), Map.of(), null);
    }

    /**
     * @param value the predicted value
     * @return a regression prediction
     */
    public static Prediction ofValue(double value) {
        return new Prediction(null, Map.of(), value);
    }

    /** A classification whose probabilities view the given array (not copied: callers pass a fresh one). */
    static Prediction ofProbabilities(String label, List<String> labels, double[] probabilities) {
        return new Prediction(label, new LabelProbabilities(labels, probabilities), null);
    }

    /** @return whether this is a classification */
    public boolean isClassification() {
        return label != null;
    }

    /**
     * @param aLabel a class label
     * @return its probability
     * @throws IllegalArgumentException when there are no probabilities or the label is unknown
     */
    public double probability(String aLabel) {
        Double p = probabilities.get(aLabel);
        if (p == null) {
            throw new IllegalArgumentException(probabilities.isEmpty() ? "this prediction has no probabilities"
                    : "unknown label '" + aLabel + "'; labels: " + probabilities.keySet());
        }
        return p;
    }

    /** An immutable label-ordered map over an array, so a batch does not build a hash map per row. */
    static final class LabelProbabilities extends AbstractMap<String, Double> {
        private final List<String> labels;
        private final double[] values;

        LabelProbabilities(List<String> labels, double[] values) {
            this.labels = labels;
            this.values = values;
        }

        @Override
        public Double get(Object key) {
            int i = labels.indexOf(key);
            return i < 0 ? null : values[i];
        }

        @Override
        public boolean containsKey(Object key) {
            return labels.contains(key);
        }

        @Override
        public int size() {
            return labels.size();
        }

        @Override
        public Set<Entry<String, Double>> entrySet() {
            return new AbstractSet<>() {
                @Override
                public Iterator<Entry<String, Double>> iterator() {
                    return new Iterator<>() {
                        private int i;

                        @Override
                        public boolean hasNext() {
                            return i < values.length;
                        }

                        @Override
                        public Entry<String, Double> next() {
                            if (i >= values.length) {
                                throw new NoSuchElementException();
                            }
                            int k = i++;
                            return new SimpleImmutableEntry<>(labels.get(k), values[k]);
                        }
                    };
                }

                @Override
                public int size() {
                    return values.length;
                }
            };
        }
    }
}
