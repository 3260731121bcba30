package dev.mlops.train;

import dev.mlops.data.Task;
import dev.mlops.util.Names;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tribuo.Trainer;
import org.tribuo.classification.Label;
import org.tribuo.classification.dtree.CARTClassificationTrainer;
import org.tribuo.classification.dtree.impurity.Entropy;
import org.tribuo.classification.dtree.impurity.GiniIndex;
import org.tribuo.classification.ensemble.FullyWeightedVotingCombiner;
import org.tribuo.classification.ensemble.VotingCombiner;
import org.tribuo.classification.sgd.objectives.Hinge;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.common.nearest.KNNModel;
import org.tribuo.common.nearest.KNNTrainer;
import org.tribuo.common.tree.RandomForestTrainer;
import org.tribuo.math.StochasticGradientOptimiser;
import org.tribuo.math.distance.L2Distance;
import org.tribuo.math.neighbour.NeighboursQueryFactoryType;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.math.optimisers.Adam;
import org.tribuo.math.optimisers.SGD;
import org.tribuo.regression.Regressor;
import org.tribuo.regression.ensemble.AveragingCombiner;
import org.tribuo.regression.rtree.CARTRegressionTrainer;
import org.tribuo.regression.rtree.impurity.MeanAbsoluteError;
import org.tribuo.regression.rtree.impurity.MeanSquaredError;
import org.tribuo.regression.sgd.objectives.AbsoluteLoss;
import org.tribuo.regression.sgd.objectives.Huber;
import org.tribuo.regression.sgd.objectives.SquaredLoss;
import org.tribuo.regression.slm.ElasticNetCDTrainer;
import org.tribuo.regression.slm.LARSLassoTrainer;
import org.tribuo.regression.slm.LARSTrainer;

/**
 * The learning algorithms a spec can name, each backed by a Tribuo trainer, with the hyperparameters
 * it accepts. Linear and distance-based algorithms get standardised numeric inputs (see
 * {@link #wantsScaledInputs()}); trees do not need them. {@link #CUSTOM} stands for a user-supplied
 * {@link CustomTrainer}.
 */
public enum Algorithm {
    /** Multinomial logistic regression trained by SGD (Tribuo {@code LinearSGDTrainer} with log loss). */
    LOGISTIC_REGRESSION("logistic-regression", Set.of(Task.CLASSIFICATION), true, List.of(
            Params.EPOCHS, Params.LEARNING_RATE, Params.MINIBATCH, Params.OPTIMIZER)),
    /** A linear model trained by SGD: hinge or log loss for classification, squared, absolute or Huber loss for regression. */
    LINEAR_SGD("linear-sgd", Set.of(Task.CLASSIFICATION, Task.REGRESSION), true, List.of(
            Params.EPOCHS, Params.LEARNING_RATE, Params.MINIBATCH, Params.OPTIMIZER,
            Param.choice("loss", "default", List.of("default", "log", "hinge", "squared", "absolute", "huber"),
                    "loss: log (classification default), hinge, squared (regression default), absolute, huber"))),
    /** A single CART decision tree. */
    CART("cart", Set.of(Task.CLASSIFICATION, Task.REGRESSION), false, List.of(
            Params.MAX_DEPTH, Params.MIN_CHILD_WEIGHT, Params.MIN_IMPURITY_DECREASE, Params.IMPURITY)),
    /** A random forest of CART trees on bootstrap samples, choosing among a random share of features at each split. */
    RANDOM_FOREST("random-forest", Set.of(Task.CLASSIFICATION, Task.REGRESSION), false, List.of(
            Param.integer("trees", 100, 1, 10_000, "number of trees"),
            Params.MAX_DEPTH, Params.MIN_CHILD_WEIGHT, Params.MIN_IMPURITY_DECREASE, Params.IMPURITY,
            Param.number("feature_fraction", 0.5, 0.01, 0.999, "share of features considered at each split"))),
    /** k-nearest neighbours with Euclidean distance over standardised inputs. */
    KNN("knn", Set.of(Task.CLASSIFICATION, Task.REGRESSION), true, List.of(
            Param.integer("k", 5, 1, 10_000, "number of neighbours"))),
    /** Linear regression with elastic-net regularisation, fitted by coordinate descent. */
    ELASTIC_NET("elastic-net", Set.of(Task.REGRESSION), true, List.of(
            Param.number("alpha", 1.0, 0.0, 1e6, "regularisation strength"),
            Param.number("l1_ratio", 0.5, 0.0, 1.0, "mix of L1 (1.0) and L2 (0.0) penalty"),
            Param.number("tolerance", 1e-4, 1e-12, 1.0, "convergence tolerance"),
            Param.integer("max_iterations", 500, 1, 1_000_000, "coordinate descent passes"))),
    /** Least-angle regression. */
    LARS("lars", Set.of(Task.REGRESSION), true, List.of(
            Param.integer("max_features", 0, 0, Integer.MAX_VALUE, "most features in the model (0 = all)"))),
    /** The lasso fitted by least-angle regression. */
    LASSO_LARS("lasso-lars", Set.of(Task.REGRESSION), true, List.of(
            Param.integer("max_features", 0, 0, Integer.MAX_VALUE, "most features in the model (0 = all)"))),
    /**
     * The user's own {@link CustomTrainer} class, named by the spec's {@code trainer.class}; its
     * {@code params} are passed through unchecked and the class decides about input scaling.
     */
    CUSTOM("custom", Set.of(Task.CLASSIFICATION, Task.REGRESSION), false, List.of());

    private final String specName;
    private final Set<Task> tasks;
    private final boolean scaledInputs;
    private final List<Param> params;

    Algorithm(String specName, Set<Task> tasks, boolean scaledInputs, List<Param> params) {
        this.specName = specName;
        this.tasks = tasks;
        this.scaledInputs = scaledInputs;
        this.params = params;
    }

    /** @return the name used in spec files */
    public String specName() {
        return specName;
    }

    /** @return the tasks the algorithm supports */
    public Set<Task> tasks() {
        return tasks;
    }

    /** @return whether a regression target is standardised: stochastic gradient descent needs it for large targets */
    public boolean wantsScaledTarget() {
        return this == LINEAR_SGD;
    }

    /** @return whether numeric inputs are standardised (mean 0, standard deviation 1 on the training rows) */
    public boolean wantsScaledInputs() {
        return scaledInputs;
    }

    /** @return the hyperparameters, in documentation order */
    public List<Param> params() {
        return params;
    }

    /** @return every spec name, for messages */
    public static List<String> names() {
        return Arrays.stream(values()).map(Algorithm::specName).toList();
    }

    /**
     * @param name a spec name such as {@code random-forest}
     * @return the algorithm
     * @throws IllegalArgumentException naming the valid algorithms
     */
    public static Algorithm fromSpec(String name) {
        for (Algorithm a : values()) {
            if (a.specName.equals(name)) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown trainer type '" + name + "'" + Names.suggestion(name, names()));
    }

    /**
     * Like {@link #fromSpec}, with the spec location in the message.
     *
     * @param where the spec location, e.g. {@code trainer} or {@code sweep.candidates[1]}
     * @param name  the algorithm name
     * @return the algorithm
     */
    static Algorithm fromSpecAt(String where, String name) {
        try {
            return fromSpec(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ".type: " + e.getMessage(), e);
        }
    }

    /**
     * Checks a trainer spec against this algorithm and fills in defaults.
     *
     * @param where the spec location for messages, e.g. {@code trainer}
     * @param task  the model's task
     * @param spec  the trainer spec
     * @return every hyperparameter with its value, in documentation order (for {@link #CUSTOM}: the
     *         spec's parameters as given)
     * @throws IllegalArgumentException for an unsupported task, an unknown parameter or a bad value
     */
    Map<String, Object> resolve(String where, Task task, TrainerSpec spec) {
        if (!tasks.contains(task)) {
            List<String> valid = Arrays.stream(values()).filter(a -> a.tasks.contains(task)).map(Algorithm::specName).toList();
            throw new IllegalArgumentException(where + ".type: '" + specName + "' does not do " + task.specName()
                    + "; valid for " + task.specName() + ": " + String.join(", ", valid));
        }
        if (this == CUSTOM) {
            for (Map.Entry<String, Object> e : spec.params().entrySet()) {
                if (e.getValue() == null) {
                    throw new IllegalArgumentException(where + ".params." + e.getKey() + ": no value; give one or leave"
                            + " the key out");
                }
            }
            return new LinkedHashMap<>(spec.params());
        }
        List<String> known = params.stream().map(Param::name).toList();
        for (String name : spec.params().keySet()) {
            if (!known.contains(name)) {
                throw new IllegalArgumentException(where + ".params: unknown hyperparameter '" + name + "' for " + specName
                        + Names.suggestion(name, known));
            }
        }
        Map<String, Object> resolved = new LinkedHashMap<>();
        for (Param p : params) {
            Object value = spec.params().containsKey(p.name()) ? p.validate(where + ".params", spec.params().get(p.name()))
                    : p.defaultValue();
            resolved.put(p.name(), value);
        }
        return resolved;
    }

    /**
     * Builds the Tribuo trainer.
     *
     * @param task   the task
     * @param params resolved hyperparameters, as returned by {@link #resolve}
     * @param seed   the seed
     * @return a fresh trainer (Tribuo trainers advance their RNG per call, so one per model)
     */
    Trainer<?> build(Task task, Map<String, Object> params, long seed) {
        boolean classification = task == Task.CLASSIFICATION;
        return switch (this) {
            case LOGISTIC_REGRESSION -> new org.tribuo.classification.sgd.linear.LinearSGDTrainer(new LogMulticlass(),
                    optimiser(params), intParam(params, "epochs"), Integer.MAX_VALUE, intParam(params, "minibatch_size"), seed);
            case LINEAR_SGD -> buildLinearSgd(classification, params, seed);
            case CART -> classification
                    ? new CARTClassificationTrainer(maxDepth(params), floatParam(params, "min_child_weight"),
                    floatParam(params, "min_impurity_decrease"), 1.0f, false, labelImpurity(params), seed)
                    : new CARTRegressionTrainer(maxDepth(params), floatParam(params, "min_child_weight"),
                    floatParam(params, "min_impurity_decrease"), 1.0f, false, regressorImpurity(params), seed);
            case RANDOM_FOREST -> classification
                    ? new RandomForestTrainer<Label>(new CARTClassificationTrainer(maxDepth(params),
                    floatParam(params, "min_child_weight"), floatParam(params, "min_impurity_decrease"),
                    floatParam(params, "feature_fraction"), false, labelImpurity(params), seed),
                    new FullyWeightedVotingCombiner(), intParam(params, "trees"), seed)
                    : new RandomForestTrainer<Regressor>(new CARTRegressionTrainer(maxDepth(params),
                    floatParam(params, "min_child_weight"), floatParam(params, "min_impurity_decrease"),
                    floatParam(params, "feature_fraction"), false, regressorImpurity(params), seed),
                    new AveragingCombiner(), intParam(params, "trees"), seed);
            case KNN -> classification
                    ? new KNNTrainer<Label>(intParam(params, "k"), new L2Distance(), 1, new VotingCombiner(),
                    KNNModel.Backend.INNERTHREADPOOL, NeighboursQueryFactoryType.BRUTE_FORCE)
                    : new KNNTrainer<Regressor>(intParam(params, "k"), new L2Distance(), 1, new AveragingCombiner(),
                    KNNModel.Backend.INNERTHREADPOOL, NeighboursQueryFactoryType.BRUTE_FORCE);
            case ELASTIC_NET -> new ElasticNetCDTrainer((Double) params.get("alpha"), (Double) params.get("l1_ratio"),
                    (Double) params.get("tolerance"), intParam(params, "max_iterations"), false, seed);
            case LARS -> new LARSTrainer(maxFeatures(params));
            case LASSO_LARS -> new LARSLassoTrainer(maxFeatures(params));
            case CUSTOM -> throw new IllegalStateException("a custom trainer is made by its class, see CustomTrainers");
        };
    }

    private static Trainer<?> buildLinearSgd(boolean classification, Map<String, Object> params, long seed) {
        String loss = (String) params.get("loss");
        int epochs = intParam(params, "epochs");
        int batch = intParam(params, "minibatch_size");
        if (classification) {
            var objective = switch (loss) {
                case "default", "log" -> new LogMulticlass();
                case "hinge" -> new Hinge();
                default -> throw new IllegalArgumentException("trainer.params.loss: '" + loss
                        + "' is a regression loss; valid for classification: log, hinge");
            };
            return new org.tribuo.classification.sgd.linear.LinearSGDTrainer(objective, optimiser(params), epochs,
                    Integer.MAX_VALUE, batch, seed);
        }
        var objective = switch (loss) {
            case "default", "squared" -> new SquaredLoss();
            case "absolute" -> new AbsoluteLoss();
            case "huber" -> new Huber();
            default -> throw new IllegalArgumentException("trainer.params.loss: '" + loss
                    + "' is a classification loss; valid for regression: squared, absolute, huber");
        };
        return new org.tribuo.regression.sgd.linear.LinearSGDTrainer(objective, optimiser(params), epochs,
                Integer.MAX_VALUE, batch, seed);
    }

    private static StochasticGradientOptimiser optimiser(Map<String, Object> params) {
        double rate = (Double) params.get("learning_rate");
        return switch ((String) params.get("optimizer")) {
            case "adam" -> new Adam(rate, 1e-8);
            case "sgd" -> SGD.getSimpleSGD(rate);
            default -> new AdaGrad(rate, 0.1);
        };
    }

    private static org.tribuo.classification.dtree.impurity.LabelImpurity labelImpurity(Map<String, Object> params) {
        return switch ((String) params.get("impurity")) {
            case "entropy" -> new Entropy();
            case "default", "gini" -> new GiniIndex();
            default -> throw new IllegalArgumentException("trainer.params.impurity: '" + params.get("impurity")
                    + "' is a regression impurity; valid for classification: gini, entropy");
        };
    }

    private static org.tribuo.regression.rtree.impurity.RegressorImpurity regressorImpurity(Map<String, Object> params) {
        return switch ((String) params.get("impurity")) {
            case "mae" -> new MeanAbsoluteError();
            case "default", "mse" -> new MeanSquaredError();
            default -> throw new IllegalArgumentException("trainer.params.impurity: '" + params.get("impurity")
                    + "' is a classification impurity; valid for regression: mse, mae");
        };
    }

    private static int maxDepth(Map<String, Object> params) {
        int depth = intParam(params, "max_depth");
        return depth == 0 ? Integer.MAX_VALUE : depth;
    }

    private static int maxFeatures(Map<String, Object> params) {
        int n = intParam(params, "max_features");
        return n == 0 ? -1 : n;
    }

    private static int intParam(Map<String, Object> params, String name) {
        return (Integer) params.get(name);
    }

    private static float floatParam(Map<String, Object> params, String name) {
        return ((Double) params.get(name)).floatValue();
    }

    /** Hyperparameters shared by several algorithms. */
    private static final class Params {
        static final Param EPOCHS = Param.integer("epochs", 20, 1, 100_000, "passes over the training data");
        static final Param LEARNING_RATE = Param.number("learning_rate", 1.0, 1e-9, 1e3, "initial learning rate");
        static final Param MINIBATCH = Param.integer("minibatch_size", 1, 1, 1_000_000, "examples per gradient step");
        static final Param OPTIMIZER = Param.choice("optimizer", "adagrad", List.of("adagrad", "adam", "sgd"),
                "gradient optimiser");
        static final Param MAX_DEPTH = Param.integer("max_depth", 0, 0, 1_000, "deepest tree level (0 = unlimited)");
        static final Param MIN_CHILD_WEIGHT = Param.number("min_child_weight", 5.0, 0.0, 1e9,
                "smallest total example weight in a leaf");
        static final Param MIN_IMPURITY_DECREASE = Param.number("min_impurity_decrease", 0.0, 0.0, 1e9,
                "smallest impurity decrease that allows a split");
        static final Param IMPURITY = Param.choice("impurity", "default", List.of("default", "gini", "entropy", "mse", "mae"),
                "split criterion: gini or entropy (classification), mse or mae (regression)");
    }
}
