package dev.mlops.train;

import dev.mlops.data.Dataset;
import dev.mlops.data.Split;
import dev.mlops.data.Task;
import dev.mlops.evaluate.ClassificationEvaluation;
import dev.mlops.evaluate.Evaluation;
import dev.mlops.evaluate.RegressionEvaluation;
import dev.mlops.features.FeaturePipeline;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Trainer;

/**
 * Trains a model from a {@link ModelSpec}: loads and splits the data, fits the preprocessing on the
 * training rows, trains (running the sweep on the validation rows when there is one), and evaluates
 * the result once on the test rows. Deterministic: the same spec, data and timestamp give the same
 * model bytes. Progress is logged through SLF4J.
 *
 * <pre>{@code
 * TrainedModel iris = new ModelTrainer().train(ModelSpecReader.read(Path.of("model.yaml")), Path.of("."));
 * System.out.println(iris.evaluation().asMap());
 * }</pre>
 */
public final class ModelTrainer {

    private static final Logger LOG = LoggerFactory.getLogger(ModelTrainer.class);


    private final OffsetDateTime timestamp;

    /**
     * A trainer that stamps models with {@code SOURCE_DATE_EPOCH} (seconds) when that variable is set,
     * else with the Unix epoch, so that models are reproducible by default.
     */
    public ModelTrainer() {
        this(defaultTimestamp());
    }

    /**
     * @param timestamp the training time recorded in model provenance, e.g. the build's
     *                  {@code project.build.outputTimestamp}
     */
    public ModelTrainer(Instant timestamp) {
        this.timestamp = timestamp.atOffset(ZoneOffset.UTC);
    }

    /**
     * Loads the spec's data (file names relative to {@code baseDir}) and trains.
     *
     * @param spec    the model spec
     * @param baseDir the folder the spec's file names are relative to
     * @return the trained and evaluated model
     * @throws IOException when the data cannot be read
     */
    public TrainedModel train(ModelSpec spec, Path baseDir) throws IOException {
        requireTrainable(spec);
        candidates(spec); // fail on a bad trainer before reading data
        Dataset data = Dataset.load(spec.dataset(), baseDir, spec.task());
        LOG.info("Loaded {}: {} rows, {} features, fingerprint {}", data.source(), data.size(), data.features().size(),
                data.fingerprint().substring(0, 12));
        return train(spec, data);
    }

    /**
     * Trains on an already loaded data set.
     *
     * @param spec the model spec (its dataset section supplies the split)
     * @param data the data, with the spec's task
     * @return the trained and evaluated model
     */
    public TrainedModel train(ModelSpec spec, Dataset data) {
        requireTrainable(spec);
        if (data.task() != spec.task()) {
            throw new IllegalArgumentException("the data set was loaded for " + data.task().specName()
                    + " but the spec's task is " + spec.task().specName());
        }
        boolean sweeping = spec.sweep() != null;
        Split split = data.split(spec.dataset().split(), sweeping);
        LOG.info("Split {} rows: {}", data.size(), split);
        List<String> labels = spec.task() == Task.CLASSIFICATION ? data.labels() : List.of();

        TrainerSpec chosen = spec.trainer();
        List<SweepTrial> trials = List.of();
        if (sweeping) {
            trials = sweep(spec, data, split, labels);
            chosen = trials.stream().filter(SweepTrial::chosen).findFirst().orElseThrow().trainer();
        }
        int[] fitRows = split.trainAndValidation();
        Algorithm algorithm = Algorithm.fromSpec(chosen.type());
        Map<String, Object> hyperparameters = algorithm.resolve("trainer", spec.task(), chosen);
        long start = System.nanoTime();
        FeaturePipeline pipeline = FeaturePipeline.fit(data, fitRows, algorithm.wantsScaledInputs(), algorithm.wantsScaledTarget());
        Model<?> model = fit(algorithm, hyperparameters, chosen.seed(), spec.task(), data, fitRows, pipeline);
        int[] testRows = split.test();
        Evaluation evaluation = evaluate(model, data, testRows, pipeline, labels);
        LOG.info("Trained {} with {} on {} rows in {}; test {}", spec.name(), chosen.describe(), fitRows.length,
                seconds(start), summary(evaluation));
        List<String> ids = new ArrayList<>(testRows.length);
        for (int row : testRows) {
            ids.add(data.rowId(row));
        }
        return new TrainedModel(spec, chosen, algorithm, hyperparameters, pipeline, model, labels, data.fingerprint(),
                fitRows.length, testRows.length, evaluation, ids, trials, split, data.select(testRows));
    }

    private static void requireTrainable(ModelSpec spec) {
        if (spec.isExternal()) {
            throw new IllegalArgumentException("spec '" + spec.name() + "' wraps an external ONNX model (onnx: "
                    + spec.onnx().file() + "); it is not trained: bundle it with dev.mlops.model.ExternalOnnxModel");
        }
    }

    private List<SweepTrial> sweep(ModelSpec spec, Dataset data, Split split, List<String> labels) {
        SweepSpec sweep = spec.sweep();
        String metric = sweep.metric() != null ? sweep.metric()
                : spec.task() == Task.CLASSIFICATION ? "f1_weighted" : "rmse";
        boolean lowerIsBetter = dev.mlops.evaluate.MetricDirection.lowerIsBetter(metric);
        List<TrainerSpec> candidates = sweep.expand(spec.trainer());
        List<Map<String, Object>> resolved = candidates(spec);
        int[] trainRows = split.train();
        int[] validationRows = split.validation();
        LOG.info("Sweeping {} configurations of {} by validation {} ({} training, {} validation rows)",
                candidates.size(), spec.name(), metric, trainRows.length, validationRows.length);
        double[] scores = new double[candidates.size()];
        double[] times = new double[candidates.size()];
        int best = -1;
        long sweepStart = System.nanoTime();
        for (int i = 0; i < candidates.size(); i++) {
            TrainerSpec c = candidates.get(i);
            Algorithm algorithm = Algorithm.fromSpec(c.type());
            long start = System.nanoTime();
            FeaturePipeline pipeline = FeaturePipeline.fit(data, trainRows, algorithm.wantsScaledInputs(), algorithm.wantsScaledTarget());
            Model<?> model = fit(algorithm, resolved.get(i), c.seed(), spec.task(), data, trainRows, pipeline);
            Evaluation evaluation = evaluate(model, data, validationRows, pipeline, labels);
            double score;
            try {
                score = evaluation.metric(metric);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("sweep.metric: " + e.getMessage(), e);
            }
            scores[i] = score;
            times[i] = (System.nanoTime() - start) / 1e9;
            boolean better = best < 0 || Double.isNaN(scores[best]) && !Double.isNaN(score)
                    || (lowerIsBetter ? score < scores[best] : score > scores[best]);
            if (better) {
                best = i;
            }
            LOG.info("  [{}/{}] {}: validation {}={} in {} (best so far: [{}] {}={}, elapsed {})", i + 1, candidates.size(),
                    c.describe(), metric, format(score), seconds(start), best + 1, metric, format(scores[best]),
                    seconds(sweepStart));
        }
        List<SweepTrial> trials = new ArrayList<>();
        for (int i = 0; i < candidates.size(); i++) {
            trials.add(new SweepTrial(candidates.get(i), resolved.get(i), metric, scores[i], times[i], i == best));
        }
        LOG.info("Sweep chose {} with validation {}={}", candidates.get(best).describe(), metric, format(scores[best]));
        return trials;
    }

    /**
     * Validates the trainer and every sweep candidate, returning the resolved hyperparameters of the
     * configurations to train: the sweep's, or just the trainer's.
     */
    private static List<Map<String, Object>> candidates(ModelSpec spec) {
        List<Map<String, Object>> resolved = new ArrayList<>();
        resolved.add(Algorithm.fromSpecAt("trainer", spec.trainer().type()).resolve("trainer", spec.task(), spec.trainer()));
        if (spec.sweep() == null) {
            return resolved;
        }
        resolved.clear();
        List<TrainerSpec> all = spec.sweep().expand(spec.trainer());
        int gridSize = all.size() - spec.sweep().candidates().size();
        for (int i = 0; i < all.size(); i++) {
            String where = i < gridSize ? "sweep.grid" : "sweep.candidates[" + (i - gridSize) + "]";
            TrainerSpec c = all.get(i);
            resolved.add(Algorithm.fromSpecAt(where, c.type()).resolve(where, spec.task(), c));
        }
        return resolved;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private Model<?> fit(Algorithm algorithm, Map<String, Object> hyperparameters, long seed, Task task, Dataset data,
                         int[] rows, FeaturePipeline pipeline) {
        MutableDataset<?> dataset = TribuoAdapter.dataset(data, rows, pipeline, timestamp);
        Trainer trainer = algorithm.build(task, hyperparameters, seed);
        Model model = trainer.train(dataset);
        return TribuoAdapter.fixTrainingTime(model, timestamp);
    }

    private static Evaluation evaluate(Model<?> model, Dataset data, int[] rows, FeaturePipeline pipeline, List<String> labels) {
        if (data.task() == Task.CLASSIFICATION) {
            TribuoAdapter.ClassScores scores = TribuoAdapter.classify(model, data, rows, pipeline, labels);
            int[] actual = new int[rows.length];
            for (int i = 0; i < rows.length; i++) {
                actual[i] = labels.indexOf(data.label(rows[i]));
            }
            return ClassificationEvaluation.of(labels, actual, scores.predicted(), scores.probabilities());
        }
        double[] actual = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            actual[i] = data.value(rows[i]);
        }
        return RegressionEvaluation.of(actual, TribuoAdapter.regress(model, data, rows, pipeline));
    }

    private static String summary(Evaluation evaluation) {
        Map<String, Double> m = evaluation.asMap();
        StringBuilder sb = new StringBuilder();
        for (String key : List.of("accuracy", "f1_weighted", "roc_auc", "roc_auc_ovr", "rmse", "mae", "r2")) {
            if (m.containsKey(key)) {
                sb.append(sb.length() == 0 ? "" : ", ").append(key).append('=').append(format(m.get(key)));
            }
        }
        return sb.toString();
    }

    private static String format(double v) {
        return String.format(java.util.Locale.ROOT, "%.4f", v);
    }

    private static String seconds(long startNanos) {
        return String.format(java.util.Locale.ROOT, "%.2fs", (System.nanoTime() - startNanos) / 1e9);
    }

    private static Instant defaultTimestamp() {
        String epoch = System.getenv("SOURCE_DATE_EPOCH");
        if (epoch != null && epoch.matches("\\d+")) {
            return Instant.ofEpochSecond(Long.parseLong(epoch));
        }
        return Instant.EPOCH;
    }
}
