package dev.mlops.features;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.mlops.data.ColumnKind;
import java.util.List;

/**
 * A numeric column passed through as one feature named like the column; an empty value becomes
 * the fill value learned in training (mean, median or a constant) when the column has one.
 *
 * @param column the column name, also the feature name
 * @param fill   the value used when the input is missing, or {@code null} when missing input is refused
 * @param min    the smallest value seen in training
 * @param max    the largest value seen in training
 * @param center subtracted before scaling (the training mean), or {@code null} for no standardisation
 * @param scale  divides the centred value (the training standard deviation), or {@code null}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NumericEncoder(
        @JsonProperty("column") String column,
        @JsonProperty("fill") Double fill,
        @JsonProperty("min") double min,
        @JsonProperty("max") double max,
        @JsonProperty("center") Double center,
        @JsonProperty("scale") Double scale) implements FeatureEncoder {

    /** Checks that centre and scale come together and the scale is positive. */
    public NumericEncoder {
        if ((center == null) != (scale == null) || scale != null && !(scale > 0)) {
            throw new IllegalArgumentException("numeric encoder for '" + column + "': center and scale go together,"
                    + " and scale must be positive; got center " + center + ", scale " + scale);
        }
    }

    @Override
    @JsonIgnore
    public ColumnKind columnKind() {
        return ColumnKind.NUMERIC;
    }

    @Override
    public List<String> featureNames() {
        return List.of(column);
    }

    @Override
    public void encode(Object value, FeatureSink sink) {
        if (value == null) {
            if (fill == null) {
                throw new InvalidRecordException(column, "field '" + column + "' is required (a number)");
            }
            sink.add(column, standardise(fill));
            return;
        }
        sink.add(column, standardise((Double) value));
    }

    private double standardise(double v) {
        return center == null ? v : (v - center) / scale;
    }
}
