package dev.mlops.data;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * How rows are divided into training, validation and test parts. The split is a pure function of
 * the data, the seed and these fractions: the same on every machine and JVM.
 *
 * @param testFraction       share of rows held out for the final evaluation (default 0.2); ignored with a test file
 * @param validationFraction share of the remaining rows used to choose among sweep candidates (default 0.2);
 *                           used only when the spec has a sweep
 * @param seed               shuffling seed (default 42)
 * @param stratify           keep class shares equal across parts; {@code null} means yes for classification
 * @param testFile           a separate file, same columns, used as the test part instead of a random split
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SplitSpec(
        @JsonProperty("test_fraction") Double testFraction,
        @JsonProperty("validation_fraction") Double validationFraction,
        @JsonProperty("seed") Long seed,
        @JsonProperty("stratify") Boolean stratify,
        @JsonProperty("test_file") String testFile) {

    /** Fills defaults and validates fractions. */
    @JsonCreator
    public SplitSpec {
        testFraction = testFraction == null ? 0.2 : testFraction;
        validationFraction = validationFraction == null ? 0.2 : validationFraction;
        seed = seed == null ? 42L : seed;
        if (!(testFraction > 0 && testFraction < 1)) {
            throw new IllegalArgumentException("test_fraction must be between 0 and 1 (exclusive), was " + testFraction);
        }
        if (!(validationFraction > 0 && validationFraction < 1)) {
            throw new IllegalArgumentException("validation_fraction must be between 0 and 1 (exclusive), was " + validationFraction);
        }
    }

    /** @return the defaults: 20% test, 20% of the rest for validation, seed 42, stratified for classification */
    public static SplitSpec defaults() {
        return new SplitSpec(null, null, null, null, null);
    }
}
