package dev.mlops.model;

import dev.mlops.features.FeatureVector;
import dev.mlops.features.InvalidRecordException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The part every predictor shares: validating and encoding raw records with the bundle's preprocessing. */
abstract class EncodingPredictor implements Predictor {

    final Signature signature;

    EncodingPredictor(Signature signature) {
        this.signature = signature;
    }

    @Override
    public final Prediction predict(Map<String, ?> record) {
        if (record == null) {
            throw new IllegalArgumentException("record is null; give a map of field name to value");
        }
        return predictEncoded(List.of(signature.preprocessing().encode(record))).get(0);
    }

    @Override
    public final List<Prediction> predictBatch(List<? extends Map<String, ?>> records) {
        if (records == null) {
            throw new IllegalArgumentException("records is null; give a list of maps of field name to value");
        }
        List<FeatureVector> encoded = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            Map<String, ?> record = records.get(i);
            if (record == null) {
                throw new IllegalArgumentException("record " + i + " is null");
            }
            try {
                encoded.add(signature.preprocessing().encode(record));
            } catch (InvalidRecordException e) {
                throw new InvalidRecordException(e.field(), "record " + i + ": " + e.getMessage());
            }
        }
        return encoded.isEmpty() ? List.of() : predictEncoded(encoded);
    }

    @Override
    public final Signature signature() {
        return signature;
    }

    /** Predicts already encoded rows; used directly for parity checks and evaluation. */
    abstract List<Prediction> predictEncoded(List<FeatureVector> rows);
}
