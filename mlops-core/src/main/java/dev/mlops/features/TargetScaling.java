package dev.mlops.features;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Standardisation of a regression target, for learners that train poorly on large raw values
 * (stochastic gradient descent): the model learns {@code (y - center) / scale} and its outputs are
 * mapped back with {@link #unscale}.
 *
 * @param center the training mean of the target
 * @param scale  the training standard deviation of the target (positive)
 */
public record TargetScaling(@JsonProperty("center") double center, @JsonProperty("scale") double scale) {

    /** Checks the scale. */
    public TargetScaling {
        if (!(scale > 0) || Double.isInfinite(scale) || !Double.isFinite(center)) {
            throw new IllegalArgumentException("target scaling needs a finite center and a positive scale, got "
                    + center + " and " + scale);
        }
    }

    /**
     * @param values the training targets
     * @return the scaling with their mean and (population) standard deviation
     */
    public static TargetScaling fit(double[] values) {
        double mean = 0;
        for (double v : values) {
            mean += v;
        }
        mean /= values.length;
        double sq = 0;
        for (double v : values) {
            sq += (v - mean) * (v - mean);
        }
        double std = Math.sqrt(sq / values.length);
        return new TargetScaling(mean, std > 0 ? std : 1.0);
    }

    /**
     * @param value a raw target
     * @return the value the model learns
     */
    public double scale(double value) {
        return (value - center) / scale;
    }

    /**
     * @param value a model output
     * @return the prediction in the target's units
     */
    public double unscale(double value) {
        return value * scale + center;
    }
}
