package dev.mlops.evaluate;

import java.util.Set;

/** Which way a metric improves: errors and losses go down, scores go up. */
public final class MetricDirection {

    private static final Set<String> LOWER_IS_BETTER = Set.of("rmse", "mse", "mae", "max_error", "mape", "log_loss");

    private MetricDirection() {
    }

    /**
     * @param metric a metric name as in {@link Evaluation#asMap()}; per-class names ({@code f1.setosa}) count as their metric
     * @return whether smaller values are better
     */
    public static boolean lowerIsBetter(String metric) {
        int dot = metric.indexOf('.');
        return LOWER_IS_BETTER.contains(dot < 0 ? metric : metric.substring(0, dot));
    }
}
