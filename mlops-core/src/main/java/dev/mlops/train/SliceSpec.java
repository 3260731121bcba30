package dev.mlops.train;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The rows a gate looks at: those whose feature equals a value ({@code {feature: ocean_proximity,
 * equals: INLAND}}) or lies in a numeric range ({@code {feature: median_income, min: 3, max: 6}},
 * {@code min <= value < max}, either bound optional). Rows with a missing value are in no slice.
 *
 * @param feature the feature column
 * @param equalTo the value to match ({@code equals} in a spec file); a number for a numeric column
 * @param min     the smallest value in the slice (inclusive)
 * @param max     the bound above the slice (exclusive)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SliceSpec(
        @JsonProperty("feature") String feature,
        @JsonProperty("equals") String equalTo,
        @JsonProperty("min") Double min,
        @JsonProperty("max") Double max) {

    /** Checks that the slice names a feature and exactly one kind of selection. */
    @JsonCreator
    public SliceSpec {
        if (feature == null || feature.isBlank()) {
            throw new IllegalArgumentException("slice.feature is required: the feature column that selects the rows");
        }
        if (equalTo == null && min == null && max == null) {
            throw new IllegalArgumentException("slice on '" + feature + "' needs 'equals' (a value) or 'min'/'max' (a range)");
        }
        if (equalTo != null && (min != null || max != null)) {
            throw new IllegalArgumentException("slice on '" + feature + "' has both 'equals' and a range; use one");
        }
        if (min != null && max != null && !(min < max)) {
            throw new IllegalArgumentException("slice on '" + feature + "': min " + min + " must be below max " + max);
        }
    }

    /**
     * @param feature a feature column
     * @param value   the value rows must have
     * @return the slice of rows with that value
     */
    public static SliceSpec equalTo(String feature, String value) {
        return new SliceSpec(feature, value, null, null);
    }

    /**
     * @param feature a numeric feature column
     * @param min     inclusive lower bound, or {@code null}
     * @param max     exclusive upper bound, or {@code null}
     * @return the slice of rows with {@code min <= value < max}
     */
    public static SliceSpec range(String feature, Double min, Double max) {
        return new SliceSpec(feature, null, min, max);
    }

    /** @return the selection as a user writes it, e.g. {@code ocean_proximity = INLAND} or {@code 3 <= median_income < 6} */
    public String describe() {
        if (equalTo != null) {
            return feature + " = " + equalTo;
        }
        return (min != null ? plain(min) + " <= " : "") + feature + (max != null ? " < " + plain(max) : "");
    }

    private static String plain(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
