package dev.mlops.evaluate;

import dev.mlops.util.Names;
import java.util.Map;

/** Looks a metric up by name, with the same "did you mean" error for every kind of evaluation. */
final class MetricLookup {

    private MetricLookup() {
    }

    /**
     * @param metrics every metric of an evaluation, by name
     * @param name    the metric asked for
     * @param kind    the kind of evaluation for the message, e.g. {@code classification}
     * @return the value
     * @throws IllegalArgumentException when no metric has that name
     */
    static double get(Map<String, Double> metrics, String name, String kind) {
        Double value = metrics.get(name);
        if (value == null) {
            throw new IllegalArgumentException("unknown " + kind + " metric '" + name + "'"
                    + Names.suggestion(String.valueOf(name), metrics.keySet()));
        }
        return value;
    }
}
