package dev.mlops.train;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Which learning algorithm to use and its hyperparameters. See {@link Algorithm} for the types,
 * their hyperparameters and defaults; type {@code custom} names a {@link CustomTrainer} class.
 *
 * @param type      the algorithm, e.g. {@code random-forest}, or {@code custom}
 * @param className for type {@code custom} only: the binary name of a class implementing
 *                  {@link CustomTrainer}, e.g. {@code com.example.MyTrainer} (spec key {@code class})
 * @param params    hyperparameters by name; those left out take their defaults (passed to a custom
 *                  trainer as given)
 * @param seed      the random seed (default 42); the same seed and data give the same model
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({"type", "class", "params", "seed"})
public record TrainerSpec(
        @JsonProperty("type") String type,
        @JsonProperty("class") String className,
        @JsonProperty("params") Map<String, Object> params,
        @JsonProperty("seed") Long seed) {

    /** A Java binary class name: dot-separated identifiers ({@code $} for nested classes). */
    private static final Pattern CLASS_NAME = Pattern.compile("[\\p{L}_$][\\p{L}\\p{N}_$]*(\\.[\\p{L}_$][\\p{L}\\p{N}_$]*)*");

    /** Fills defaults, makes the parameters immutable, and checks that {@code class} goes with type {@code custom}. */
    @JsonCreator
    public TrainerSpec {
        if (type == null || type.isBlank()) {
            throw new IllegalArgumentException("trainer type is required; valid: " + Algorithm.names());
        }
        boolean custom = Algorithm.CUSTOM.specName().equals(type);
        if (custom && (className == null || className.isBlank())) {
            throw new IllegalArgumentException("class is required for type custom: the name of a class implementing "
                    + CustomTrainer.class.getName() + ", e.g. class: com.example.MyTrainer");
        }
        if (!custom && className != null) {
            throw new IllegalArgumentException("class '" + className + "' is only for type custom, but type is '" + type
                    + "'; remove class or set type: custom");
        }
        if (custom && !CLASS_NAME.matcher(className).matches()) {
            throw new IllegalArgumentException("class '" + className + "' is not a Java class name such as"
                    + " com.example.MyTrainer");
        }
        params = params == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(params));
        seed = seed == null ? 42L : seed;
    }

    /**
     * @param type   algorithm name
     * @param params hyperparameters
     * @param seed   the random seed, or {@code null} for the default
     */
    public TrainerSpec(String type, Map<String, Object> params, Long seed) {
        this(type, null, params, seed);
    }

    /**
     * @param className the {@link CustomTrainer} implementation's binary name
     * @param params    its parameters
     * @return a {@code custom} trainer spec with the default seed
     */
    public static TrainerSpec custom(String className, Map<String, Object> params) {
        return new TrainerSpec(Algorithm.CUSTOM.specName(), className, params, null);
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
        return new TrainerSpec(type, className, merged, seed);
    }

    /**
     * @return a short, stable description such as {@code random-forest{max_depth=8, trees=50}} or
     *         {@code custom(com.example.MyTrainer){depth=3}}
     */
    public String describe() {
        return type + (className == null ? "" : "(" + className + ")") + new TreeMap<>(params);
    }
}
