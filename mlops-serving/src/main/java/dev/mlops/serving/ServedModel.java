package dev.mlops.serving;

import java.util.List;
import java.util.Map;

/**
 * What the server needs from a model, whatever it was loaded from. Kept small and internal so that
 * the loading side ({@link ModelLoader}) is the only class that knows where models come from.
 * Implementations are immutable and thread-safe for prediction.
 */
interface ServedModel extends AutoCloseable {

    /** @return the model's name, e.g. {@code iris} */
    String name();

    /** @return the model's version, as recorded in its bundle */
    String version();

    /** @return the engines that compute predictions, e.g. {@code tribuo+onnxruntime} (OIP {@code platform}) */
    String platform();

    /** @return the input fields, in signature order */
    List<InputField> inputs();

    /** @return class labels in model order for classification; empty for regression */
    List<String> labels();

    /** @return the name of the predicted quantity (the target column) */
    String target();

    /** @return whether predictions carry class probabilities */
    boolean hasProbabilities();

    /** @return whether this is a classifier */
    default boolean isClassifier() {
        return !labels().isEmpty();
    }

    /**
     * Scores one raw record.
     *
     * @param record field name to value: {@code Double}/{@code Long} numbers, strings, {@code null} for missing
     * @return the prediction
     * @throws dev.mlops.features.InvalidRecordException when the record does not fit the inputs
     */
    Result predict(Map<String, Object> record);

    /**
     * Scores records; results are in input order.
     *
     * @param records the records
     * @return one result per record
     * @throws dev.mlops.features.InvalidRecordException when a record does not fit the inputs
     */
    List<Result> predictBatch(List<Map<String, Object>> records);

    /**
     * @return probe records: scored alone and in a batch, and checked, before the model takes traffic
     *         (see {@link ModelSlot}); the first one is also the example in error messages
     */
    List<Map<String, Object>> probes();

    /** @return the drift reference of the training data, or {@code null} when the model has none */
    DriftReference reference();

    /** Releases native resources; called once no request uses the model any more. */
    @Override
    void close();

    /** How a field is read and what training saw of it. */
    enum Kind {
        /** a number */
        NUMERIC,
        /** a category (text) */
        CATEGORICAL,
        /** free text */
        TEXT;

        /** @return the word used in messages and schemas */
        String word() {
            return switch (this) {
                case NUMERIC -> "a number";
                case CATEGORICAL -> "a category (text)";
                case TEXT -> "text";
            };
        }
    }

    /**
     * One input field of the model's signature.
     *
     * @param name       the field name
     * @param kind       its kind
     * @param min        the smallest training value (numeric), else NaN
     * @param max        the largest training value (numeric), else NaN
     * @param categories the training categories, sorted (categorical), else empty
     * @param required   whether a record must carry it (no fill value)
     */
    record InputField(String name, Kind kind, double min, double max, List<String> categories, boolean required) {

        /** Copies the categories. */
        public InputField {
            categories = List.copyOf(categories);
        }

        /**
         * @param value a value that the model accepted
         * @return whether it lies outside what training saw (numeric range, unknown category)
         */
        boolean outOfRange(Object value) {
            if (value instanceof Number n && kind == Kind.NUMERIC) {
                double d = n.doubleValue();
                return d < min || d > max;
            }
            if (value != null && kind == Kind.CATEGORICAL) {
                String s = value instanceof String str ? str.strip() : String.valueOf(value);
                return java.util.Collections.binarySearch(categories, s) < 0;
            }
            return false;
        }
    }

    /**
     * One prediction.
     *
     * @param label         index into {@link #labels()} for classification, -1 for regression
     * @param probabilities class probabilities in label order, or {@code null}
     * @param value         the regression value, NaN for classification
     */
    record Result(int label, double[] probabilities, double value) {

        /** @return the probability of the predicted class, or NaN without probabilities */
        double confidence() {
            return probabilities == null || label < 0 ? Double.NaN : probabilities[label];
        }
    }
}
