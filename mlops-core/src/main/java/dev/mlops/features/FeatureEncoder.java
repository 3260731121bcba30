package dev.mlops.features;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.mlops.data.ColumnKind;
import java.util.List;

/**
 * Turns one input column's value into model features. Encoders are fitted on the training split
 * and are plain data (stored as JSON in the model bundle), so prediction applies exactly what
 * training learned.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
    @JsonSubTypes.Type(value = NumericEncoder.class, name = "numeric"),
    @JsonSubTypes.Type(value = CategoricalEncoder.class, name = "categorical"),
    @JsonSubTypes.Type(value = TextEncoder.class, name = "text")
})
public sealed interface FeatureEncoder permits NumericEncoder, CategoricalEncoder, TextEncoder {

    /** @return the input column (record field) this encoder reads */
    String column();

    /** @return the kind of the input column */
    ColumnKind columnKind();

    /** @return every feature name this encoder can emit, in a fixed order */
    List<String> featureNames();

    /**
     * Adds the features for one value.
     *
     * @param value a {@code Double} for numeric columns, a {@code String} otherwise; {@code null} when missing
     * @param sink  where features go
     * @throws InvalidRecordException when the value is missing and there is no fill value
     */
    void encode(Object value, FeatureSink sink);
}
