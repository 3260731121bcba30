package dev.mlops.train;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which learning algorithm to use and its hyperparameters. See {@link Algorithm} for the types,
 * their hyperparameters and defaults.
 *
 * @param type   the algorithm, e.g. {@code random-forest}
 * @param params hyperparameters by name; those left out take their defaults
 * @param seed   the random seed (default 42); the same seed and data give the same model
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record TrainerSpec(
        @JsonProperty("type") String type,
        @JsonProperty("params") Map<String, Object> params,
        @JsonProperty("seed") Long seed) {

    /** Fills defaults and makes the parameters immutable. */
    @JsonCreator
    public TrainerSpec {
        if (type == null || type.isBlank()) {
            throw new IllegalArgumentException("trainer type is required; valid: " + Algorithm.names());
        }
        params = params == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(params));
        seed = seed == null ? 42L : seed;
    }

    /**
     * @param type   algorithm name
     * @param params hyperparameters
     * @return a spec with the default seed
     */
    public static TrainerSpec of(String type, Map<String, Object> params) {
        return new TrainerSpec(type, params, null);
    }

    /**
     * @param overrides hyperparameters to set
     * @return this spec with the given hyperparameters replaced or added
     */
    public TrainerSpec withParams(Map<String, Object> overrides) {
        Map<String, Object> merged = new LinkedHashMap<>(params);
        merged.putAll(overrides);
        return new TrainerSpec(type, merged, seed);
    }

    /** @return a short, stable description such as {@code random-forest{max_depth=8, trees=50}} */
    public String describe() {
        return type + new TreeMap<>(params);
    }
}
