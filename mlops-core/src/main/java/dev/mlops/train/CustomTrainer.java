package dev.mlops.train;

import dev.mlops.data.Task;
import java.util.Map;
import org.tribuo.Trainer;

/**
 * A learning algorithm supplied by the user's own code, named in a spec as
 * {@code trainer: {type: custom, class: com.example.MyTrainer, params: {...}}}. The library still
 * loads, preprocesses and splits the data, runs sweeps, evaluates, tracks and bundles; the
 * implementation only says which Tribuo trainer fits the model.
 *
 * <p>An implementation is a public class with a public no-argument constructor. It is loaded by
 * name through the {@link ModelTrainer}'s class loader (the Maven plugin's {@code train} goal uses one
 * over the project's compiled classes and dependencies). One instance serves every configuration of
 * a sweep that names the class, so it should keep no state between calls.
 *
 * <pre>{@code
 * public final class ExtraTrees implements CustomTrainer {
 *     public Trainer<?> create(Task task, Map<String, Object> params, long seed) {
 *         int trees = ((Number) params.getOrDefault("trees", 100)).intValue();
 *         var tree = new CARTClassificationTrainer(Integer.MAX_VALUE, 1f, 0f, 1f, true, new GiniIndex(), seed);
 *         return new ExtraTreesTrainer<>(tree, new FullyWeightedVotingCombiner(), trees, seed);
 *     }
 * }
 * }</pre>
 *
 * <p>Bundles hold the model in Tribuo's protobuf form and load only the model classes of the Tribuo
 * modules this library ships (linear SGD, factorization machines, kernel SVM, trees and tree
 * ensembles, k-NN, sparse linear models), so the trainer must produce one of those; an ONNX model is
 * exported when Tribuo can export the model's class.
 */
public interface CustomTrainer {

    /**
     * Makes a fresh Tribuo trainer for one model. Called once before any data is read (to check the
     * parameters) and once for every model trained.
     *
     * @param task   the spec's task: the trainer must fit {@code Label} outputs for classification and
     *               {@code Regressor} outputs for regression
     * @param params the spec's {@code trainer.params} as parsed from YAML (numbers, strings, booleans,
     *               lists and maps), unvalidated and unmodifiable; a sweep's grid values are merged in
     * @param seed   the spec's {@code trainer.seed}: the same seed and data must give the same model
     * @return the trainer, never {@code null}
     * @throws IllegalArgumentException for a bad parameter, naming it, its value and what is valid; the
     *                                  message is reported with the spec location
     */
    Trainer<?> create(Task task, Map<String, Object> params, long seed);

    /**
     * @return whether numeric inputs are standardised (mean 0, standard deviation 1 on the training
     *         rows) before training and prediction, as gradient-based and distance-based learners need;
     *         false by default
     */
    default boolean wantsScaledInputs() {
        return false;
    }

    /**
     * @return whether a regression target is standardised on the training rows (predictions are
     *         scaled back), as stochastic gradient descent needs for large targets; false by default
     */
    default boolean wantsScaledTarget() {
        return false;
    }
}
