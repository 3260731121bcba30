package dev.mlops.train;

import java.util.Map;

/**
 * One configuration tried by a sweep and its score on the validation rows.
 *
 * @param trainer         the configuration as given
 * @param hyperparameters every hyperparameter with its value (defaults filled in)
 * @param metric          the metric compared
 * @param score           its value on the validation rows
 * @param seconds         training time
 * @param chosen          whether this configuration won
 */
public record SweepTrial(TrainerSpec trainer, Map<String, Object> hyperparameters, String metric, double score,
                         double seconds, boolean chosen) {

    /** Copies the hyperparameters. */
    public SweepTrial {
        hyperparameters = Map.copyOf(hyperparameters);
    }
}
