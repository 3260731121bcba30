package dev.mlops.train;

import dev.mlops.data.Task;
import java.util.Map;
import org.tribuo.Trainer;
import org.tribuo.classification.baseline.DummyClassifierTrainer;
import org.tribuo.classification.dtree.CARTClassificationTrainer;
import org.tribuo.classification.dtree.impurity.GiniIndex;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.regression.rtree.CARTRegressionTrainer;
import org.tribuo.regression.rtree.impurity.MeanSquaredError;
import org.tribuo.regression.sgd.objectives.SquaredLoss;

/** {@link CustomTrainer} implementations named by the tests' specs, as a user's project would write them. */
public final class SampleTrainers {

    private SampleTrainers() {
    }

    /** A CART tree configured exactly as the built-in {@code cart} with {@code max_depth: depth}. */
    public static final class Cart implements CustomTrainer {
        @Override
        public Trainer<?> create(Task task, Map<String, Object> params, long seed) {
            Object depth = params.getOrDefault("depth", 3);
            if (!(depth instanceof Integer d) || d < 1) {
                throw new IllegalArgumentException("depth must be a whole number >= 1, was " + depth);
            }
            return task == Task.CLASSIFICATION
                    ? new CARTClassificationTrainer(d, 5f, 0f, 1f, false, new GiniIndex(), seed)
                    : new CARTRegressionTrainer(d, 5f, 0f, 1f, false, new MeanSquaredError(), seed);
        }
    }

    /** Logistic regression configured exactly as the built-in {@code logistic-regression} defaults, on scaled inputs. */
    public static final class Logistic implements CustomTrainer {
        @Override
        public Trainer<?> create(Task task, Map<String, Object> params, long seed) {
            return new org.tribuo.classification.sgd.linear.LinearSGDTrainer(new LogMulticlass(), new AdaGrad(1.0, 0.1),
                    20, Integer.MAX_VALUE, 1, seed);
        }

        @Override
        public boolean wantsScaledInputs() {
            return true;
        }
    }

    /** As {@link Logistic}, but leaves the inputs as they are. */
    public static final class UnscaledLogistic implements CustomTrainer {
        @Override
        public Trainer<?> create(Task task, Map<String, Object> params, long seed) {
            return new Logistic().create(task, params, seed);
        }
    }

    /** Squared-loss linear regression by SGD as the built-in {@code linear-sgd} defaults, on scaled inputs and target. */
    public static final class LinearRegression implements CustomTrainer {
        @Override
        public Trainer<?> create(Task task, Map<String, Object> params, long seed) {
            return new org.tribuo.regression.sgd.linear.LinearSGDTrainer(new SquaredLoss(), new AdaGrad(1.0, 0.1), 20,
                    Integer.MAX_VALUE, 1, seed);
        }

        @Override
        public boolean wantsScaledInputs() {
            return true;
        }

        @Override
        public boolean wantsScaledTarget() {
            return true;
        }
    }

    /** Predicts the most frequent label: a Tribuo model class that bundles do not load. */
    public static final class MostFrequent implements CustomTrainer {
        @Override
        public Trainer<?> create(Task task, Map<String, Object> params, long seed) {
            return DummyClassifierTrainer.createMostFrequentTrainer();
        }
    }

    /** Gives a regression trainer whatever the task. */
    public static final class AlwaysRegression implements CustomTrainer {
        @Override
        public Trainer<?> create(Task task, Map<String, Object> params, long seed) {
            return new Cart().create(Task.REGRESSION, params, seed);
        }
    }

    /** Returns no trainer. */
    public static final class ReturnsNull implements CustomTrainer {
        @Override
        public Trainer<?> create(Task task, Map<String, Object> params, long seed) {
            return null;
        }
    }

    /** Configures a Tribuo trainer that Tribuo refuses. */
    public static final class RefusedByTribuo implements CustomTrainer {
        @Override
        public Trainer<?> create(Task task, Map<String, Object> params, long seed) {
            // A random forest needs trees that consider a fraction of the features at each split.
            return new org.tribuo.common.tree.RandomForestTrainer<>(new CARTClassificationTrainer(3),
                    new org.tribuo.classification.ensemble.VotingCombiner(), 10);
        }
    }

    /** Has no no-argument constructor. */
    public static final class NeedsArgument implements CustomTrainer {
        /** @param depth unused */
        public NeedsArgument(int depth) {
        }

        @Override
        public Trainer<?> create(Task task, Map<String, Object> params, long seed) {
            return null;
        }
    }

    /** Cannot be instantiated. */
    public abstract static class Abstract implements CustomTrainer {
    }

    /** Not public. */
    static final class Hidden implements CustomTrainer {
        @Override
        public Trainer<?> create(Task task, Map<String, Object> params, long seed) {
            return null;
        }
    }

    /** Its constructor fails. */
    public static final class Broken implements CustomTrainer {
        /** Always throws. */
        public Broken() {
            throw new IllegalStateException("no licence key");
        }

        @Override
        public Trainer<?> create(Task task, Map<String, Object> params, long seed) {
            return null;
        }
    }
}
