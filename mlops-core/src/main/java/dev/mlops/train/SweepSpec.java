package dev.mlops.train;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A search over trainer configurations. Every candidate is trained on the training part and scored
 * on the validation part (never on the test part); the best is then refitted on training plus
 * validation rows and evaluated once on the test part.
 *
 * @param metric     the metric that picks the best (default {@code f1_weighted} for classification,
 *                   {@code rmse} for regression); losses and errors are minimised, scores maximised
 * @param grid       hyperparameter values to combine with the spec's trainer: every combination is a candidate
 * @param candidates further configurations, possibly of other algorithms
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record SweepSpec(
        @JsonProperty("metric") String metric,
        @JsonProperty("grid") Map<String, List<Object>> grid,
        @JsonProperty("candidates") List<TrainerSpec> candidates) {

    /** Makes the collections immutable and checks the sweep has something to compare. */
    @JsonCreator
    public SweepSpec {
        grid = grid == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(grid));
        candidates = candidates == null ? List.of() : List.copyOf(candidates);
        for (Map.Entry<String, List<Object>> e : grid.entrySet()) {
            if (e.getValue() == null || e.getValue().isEmpty()) {
                throw new IllegalArgumentException("sweep.grid." + e.getKey() + " needs a list of at least one value");
            }
        }
    }

    /**
     * Expands the grid over the base trainer, then appends the extra candidates.
     *
     * @param base the spec's trainer
     * @return every configuration to try, the base's grid first, in a stable order
     */
    public List<TrainerSpec> expand(TrainerSpec base) {
        List<Map<String, Object>> combos = new ArrayList<>();
        combos.add(new LinkedHashMap<>());
        for (Map.Entry<String, List<Object>> e : grid.entrySet()) {
            List<Map<String, Object>> next = new ArrayList<>();
            for (Map<String, Object> combo : combos) {
                for (Object value : e.getValue()) {
                    Map<String, Object> c = new LinkedHashMap<>(combo);
                    c.put(e.getKey(), value);
                    next.add(c);
                }
            }
            combos = next;
        }
        List<TrainerSpec> all = new ArrayList<>();
        for (Map<String, Object> combo : combos) {
            all.add(base.withParams(combo));
        }
        all.addAll(candidates);
        return all;
    }
}
