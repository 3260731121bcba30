package dev.mlops.features;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.mlops.data.ColumnKind;
import java.util.Collections;
import java.util.List;

/**
 * A categorical column one-hot encoded as features {@code column=category} with value 1. A category
 * not seen in training encodes as all zeros (the model sees none of the column's features), which
 * is the usual "ignore unknown" handling; servers count such values.
 *
 * @param column     the column name
 * @param categories the categories seen in training, sorted
 * @param fill       the category used when the input is missing, or {@code null} when missing input is refused
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CategoricalEncoder(
        @JsonProperty("column") String column,
        @JsonProperty("categories") List<String> categories,
        @JsonProperty("fill") String fill) implements FeatureEncoder {

    /** Copies the categories. */
    public CategoricalEncoder {
        categories = List.copyOf(categories);
    }

    @Override
    @JsonIgnore
    public ColumnKind columnKind() {
        return ColumnKind.CATEGORICAL;
    }

    @Override
    public List<String> featureNames() {
        return categories.stream().map(this::featureName).toList();
    }

    /**
     * @param category a category
     * @return whether it was seen in training
     */
    public boolean isKnown(String category) {
        return Collections.binarySearch(categories, category) >= 0;
    }

    @Override
    public void encode(Object value, FeatureSink sink) {
        String category = (String) value;
        if (category == null) {
            if (fill == null) {
                throw new InvalidRecordException(column, "field '" + column + "' is required (one of " + categories + ")");
            }
            category = fill;
        }
        if (isKnown(category)) {
            sink.add(featureName(category), 1.0);
        }
    }

    private String featureName(String category) {
        return column + "=" + category;
    }
}
