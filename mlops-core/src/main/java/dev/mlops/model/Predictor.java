package dev.mlops.model;

import java.util.List;
import java.util.Map;

/**
 * Predicts from raw records, as a user has them: a map from field name to value (numbers for numeric
 * fields, strings for categorical and text fields). The bundle's preprocessing is applied first, so
 * a predictor gives the same answers as the model did in evaluation. Implementations are
 * thread-safe; close a predictor to free its native resources.
 *
 * <p>Bad input is refused with {@link dev.mlops.features.InvalidRecordException} naming the field:
 * a missing field without a fill value, an unknown field, a value of the wrong type, NaN or infinity.
 * A category not seen in training is not an error: it encodes as all zeros of its one-hot features.
 *
 * <pre>{@code
 * try (Predictor p = ModelBundle.load(Path.of("iris-1.0.mlbundle")).predictor()) {
 *     Prediction x = p.predict(Map.of("sepal_length", 5.1, "sepal_width", 3.5, "petal_length", 1.4, "petal_width", 0.2));
 * }
 * }</pre>
 */
public interface Predictor extends AutoCloseable {

    /**
     * @param record field name to raw value
     * @return the prediction
     * @throws dev.mlops.features.InvalidRecordException when the record does not fit the model's inputs
     */
    Prediction predict(Map<String, ?> record);

    /**
     * Predicts many records at once, which is much faster per record than one at a time.
     *
     * @param records the records
     * @return one prediction per record, in order
     * @throws dev.mlops.features.InvalidRecordException for the first record that does not fit, its
     *                                                   message starting with the record's index
     */
    List<Prediction> predictBatch(List<? extends Map<String, ?>> records);

    /** @return the engine that computes the predictions */
    Engine engine();

    /** @return the model's signature */
    Signature signature();

    /** Frees native resources; the predictor must not be used afterwards. */
    @Override
    void close();
}
