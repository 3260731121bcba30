package com.example.trainers;

import dev.mlops.data.Task;
import dev.mlops.train.CustomTrainer;
import java.util.Map;
import org.tribuo.Trainer;
import org.tribuo.classification.dtree.CARTClassificationTrainer;
import org.tribuo.classification.dtree.impurity.GiniIndex;
import org.tribuo.classification.ensemble.FullyWeightedVotingCombiner;
import org.tribuo.common.tree.ExtraTreesTrainer;

/**
 * Extremely randomised trees (Tribuo's {@code ExtraTreesTrainer}), which the library's built-in
 * algorithms do not offer: an ensemble of trees that split at random points instead of the best ones.
 */
public final class ExtraTrees implements CustomTrainer {

    @Override
    public Trainer<?> create(Task task, Map<String, Object> params, long seed) {
        if (task != Task.CLASSIFICATION) {
            throw new IllegalArgumentException("ExtraTrees classifies only");
        }
        int trees = number(params, "trees", 50);
        int depth = number(params, "max_depth", Integer.MAX_VALUE);
        var tree = new CARTClassificationTrainer(depth, 1f, 0f, 1f, true, new GiniIndex(), seed);
        return new ExtraTreesTrainer<>(tree, new FullyWeightedVotingCombiner(), trees, seed);
    }

    private static int number(Map<String, Object> params, String name, int fallback) {
        Object value = params.getOrDefault(name, fallback);
        if (!(value instanceof Integer n) || n < 1) {
            throw new IllegalArgumentException(name + " must be a whole number >= 1, was " + value);
        }
        return n;
    }
}
