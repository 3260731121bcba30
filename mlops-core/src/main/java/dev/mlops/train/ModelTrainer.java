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
 * model bytes. Progress is logged through SLF4J. A spec's {@code trainer: {type: custom, class: ...}}
 * names a {@link CustomTrainer} that is loaded with {@link #withClassLoader the trainer's class loader}.
 *
 * <pre>{@code
 * TrainedModel iris = new ModelTrainer().train(ModelSpecReader.read(Path.of("model.yaml")), Path.of("."));
 * System.out.println(iris.evaluation().asMap());
 * }</pre>
 */
public final class ModelTrainer {

    private static final Logger LOG = LoggerFactory.getLogger(ModelTrainer.class);


    private final OffsetDateTime timestamp;
    /** Where {@link CustomTrainer} classes are looked up; {@code null}: the thread's context class loader. */
    private final ClassLoader classLoader;

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
        this(timestamp.atOffset(ZoneOffset.UTC), null);
    }

    private ModelTrainer(OffsetDateTime timestamp, ClassLoader classLoader) {
        this.timestamp = timestamp;
        this.classLoader = classLoader;
    }

    /**
     * @param loader the class loader that finds the {@link CustomTrainer} classes named by
     *               {@code trainer: {type: custom, class: ...}}, e.g. one over a project's compiled
     *               classes; by default the calling thread's context class loader
     * @return a trainer like this one that loads custom trainer classes with {@code loader}
     */
    public ModelTrainer withClassLoader(ClassLoader loader) {
        return new ModelTrainer(timestamp, java.util.Objects.requireNonNull(loader, "loader"));
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
        List<Candidate> candidates = candidates(spec); // fail on a bad trainer before reading data
        return train(spec, load(spec, baseDir), candidates);
    }

    /**
     * Loads the spec's data set, logging its size and fingerprint.
     *
     * @param spec    the model spec
     * @param baseDir the folder the spec's file names are relative to
     * @return the data set
     * @throws IOException when a file cannot be read
     */
    public static Dataset load(ModelSpec spec, Path baseDir) throws IOException {
        Dataset data = Dataset.load(spec.dataset(), baseDir, spec.task());
        LOG.info("Loaded {}: {} rows, {} features, fingerprint {}", data.source(), data.size(), data.features().size(),
                data.fingerprint().substring(0, 12));
        return data;
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
        return train(spec, data, candidates(spec));
    }

    private TrainedModel train(ModelSpec spec, Dataset data, List<Candidate> candidates) {
        if (data.task() != spec.task()) {
            throw new IllegalArgumentException("the data set was loaded for " + data.task().specName()
                    + " but the spec's task is " + spec.task().specName());
        }
        boolean sweeping = spec.sweep() != null;
        Split split = data.split(spec.dataset().split(), sweeping);
        LOG.info("Split {} rows: {}", data.size(), split);
        List<String> labels = spec.task() == Task.CLASSIFICATION ? data.labels() : List.of();

        Candidate chosen = candidates.get(0);
        List<SweepTrial> trials = List.of();
        if (sweeping) {
            trials = sweep(spec, candidates, data, split, labels);
            for (int i = 0; i < trials.size(); i++) {
                if (trials.get(i).chosen()) {
                    chosen = candidates.get(i);
                }
            }
        }
        int[] fitRows = split.trainAndValidation();
        long start = System.nanoTime();
        FeaturePipeline pipeline = FeaturePipeline.fit(data, fitRows, chosen.wantsScaledInputs(), chosen.wantsScaledTarget());
        Model<?> model = fit(chosen, spec.task(), data, fitRows, pipeline);
        int[] testRows = split.test();
        Evaluation evaluation = evaluate(model, data, testRows, pipeline, labels);
        LOG.info("Trained {} with {} on {} rows in {}; test {}", spec.name(), chosen.spec().describe(), fitRows.length,
                seconds(start), summary(evaluation));
        List<String> ids = new ArrayList<>(testRows.length);
        for (int row : testRows) {
            ids.add(data.rowId(row));
        }
        return new TrainedModel(spec, chosen.spec(), chosen.algorithm(), chosen.hyperparameters(), pipeline, model, labels,
                data.fingerprint(), fitRows.length, testRows.length, evaluation, ids, trials, split, data.select(testRows));
    }

    private static void requireTrainable(ModelSpec spec) {
        if (spec.isExternal()) {
            throw new IllegalArgumentException("spec '" + spec.name() + "' wraps an external ONNX model (onnx: "
                    + spec.onnx().file() + "); it is not trained: bundle it with dev.mlops.model.ExternalOnnxModel");
        }
    }

    private List<SweepTrial> sweep(ModelSpec spec, List<Candidate> candidates, Dataset data, Split split,
                                   List<String> labels) {
        SweepSpec sweep = spec.sweep();
        String metric = sweep.metric() != null ? sweep.metric()
                : spec.task() == Task.CLASSIFICATION ? "f1_weighted" : "rmse";
        boolean lowerIsBetter = dev.mlops.evaluate.MetricDirection.lowerIsBetter(metric);
        int[] trainRows = split.train();
        int[] validationRows = split.validation();
        LOG.info("Sweeping {} configurations of {} by validation {} ({} training, {} validation rows)",
                candidates.size(), spec.name(), metric, trainRows.length, validationRows.length);
        double[] scores = new double[candidates.size()];
        double[] times = new double[candidates.size()];
        int best = -1;
        long sweepStart = System.nanoTime();
        for (int i = 0; i < candidates.size(); i++) {
            Candidate c = candidates.get(i);
            long start = System.nanoTime();
            FeaturePipeline pipeline = FeaturePipeline.fit(data, trainRows, c.wantsScaledInputs(), c.wantsScaledTarget());
            Model<?> model = fit(c, spec.task(), data, trainRows, pipeline);
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
                    c.spec().describe(), metric, format(score), seconds(start), best + 1, metric, format(scores[best]),
                    seconds(sweepStart));
        }
        List<SweepTrial> trials = new ArrayList<>();
        for (int i = 0; i < candidates.size(); i++) {
            Candidate c = candidates.get(i);
            trials.add(new SweepTrial(c.spec(), c.hyperparameters(), metric, scores[i], times[i], i == best));
        }
        LOG.info("Sweep chose {} with validation {}={}", candidates.get(best).spec().describe(), metric, format(scores[best]));
        return trials;
    }

    /**
     * One configuration to train: the trainer spec, its algorithm with resolved hyperparameters, and
     * for {@code custom} the user's trainer instance.
     */
    private record Candidate(String where, TrainerSpec spec, Algorithm algorithm, Map<String, Object> hyperparameters,
                             CustomTrainer custom) {

        boolean wantsScaledInputs() {
            return custom != null ? custom.wantsScaledInputs() : algorithm.wantsScaledInputs();
        }

        boolean wantsScaledTarget() {
            return custom != null ? custom.wantsScaledTarget() : algorithm.wantsScaledTarget();
        }

        /** A fresh Tribuo trainer: Tribuo trainers advance their RNG per call, so one per model. */
        Trainer<?> newTrainer(Task task) {
            if (custom == null) {
                return algorithm.build(task, hyperparameters, spec.seed());
            }
            Trainer<?> trainer;
            try {
                trainer = custom.create(task, java.util.Collections.unmodifiableMap(hyperparameters), spec.seed());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ".params: " + spec.className() + " refused them: "
                        + e.getMessage(), e);
            } catch (RuntimeException e) {
                // e.g. a Tribuo trainer refusing its configuration in its constructor
                throw new IllegalArgumentException(where + ".class: " + spec.className() + ".create failed: "
                        + e.getClass().getSimpleName() + ": " + e.getMessage(), e);
            }
            if (trainer == null) {
                throw new IllegalArgumentException(where + ".class: " + spec.className()
                        + ".create returned null; it must return a Tribuo trainer");
            }
            return trainer;
        }
    }

    /**
     * Validates the trainer and every sweep candidate before any data is read, returning the
     * configurations to train: the sweep's, or just the trainer's. Custom trainer classes are loaded
     * and asked for a trainer once, so that a missing class or a refused parameter fails early.
     */
    private List<Candidate> candidates(ModelSpec spec) {
        List<TrainerSpec> all = spec.sweep() == null ? List.of(spec.trainer()) : spec.sweep().expand(spec.trainer());
        int gridSize = spec.sweep() == null ? 1 : all.size() - spec.sweep().candidates().size();
        Map<String, CustomTrainer> customs = new java.util.HashMap<>();
        List<Candidate> candidates = new ArrayList<>(all.size());
        for (int i = 0; i < all.size(); i++) {
            String where = spec.sweep() == null ? "trainer" : i < gridSize ? "sweep.grid" : "sweep.candidates[" + (i - gridSize) + "]";
            TrainerSpec c = all.get(i);
            Algorithm algorithm = Algorithm.fromSpecAt(where, c.type());
            Map<String, Object> hyperparameters = algorithm.resolve(where, spec.task(), c);
            CustomTrainer custom = null;
            if (algorithm == Algorithm.CUSTOM) {
                // One instance per class; a sweep's grid over a custom trainer reuses it.
                custom = customs.get(c.className());
                if (custom == null) {
                    custom = CustomTrainers.instantiate(i < gridSize ? "trainer" : where, c.className(), classLoader());
                    customs.put(c.className(), custom);
                }
            }
            Candidate candidate = new Candidate(where, c, algorithm, hyperparameters, custom);
            candidate.newTrainer(spec.task());
            candidates.add(candidate);
        }
        return candidates;
    }

    private ClassLoader classLoader() {
        if (classLoader != null) {
            return classLoader;
        }
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context != null ? context : ModelTrainer.class.getClassLoader();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private Model<?> fit(Candidate candidate, Task task, Dataset data, int[] rows, FeaturePipeline pipeline) {
        MutableDataset<?> dataset = TribuoAdapter.dataset(data, rows, pipeline, timestamp);
        Trainer trainer = candidate.newTrainer(task);
        Model model;
        if (candidate.custom() == null) {
            model = trainer.train(dataset);
        } else {
            Class<?> output = task == Task.CLASSIFICATION ? org.tribuo.classification.Label.class
                    : org.tribuo.regression.Regressor.class;
            try {
                model = trainer.train(dataset);
            } catch (ClassCastException e) {
                throw new IllegalArgumentException(candidate.where() + ".class: the trainer " + candidate.spec().className()
                        + " made (" + trainer.getClass().getName() + ") cannot train " + task.specName() + " models ("
                        + output.getSimpleName() + " outputs): " + e.getMessage(), e);
            }
            if (model == null || !model.validate((Class) output)) {
                throw new IllegalArgumentException(candidate.where() + ".class: the trainer " + candidate.spec().className()
                        + " made (" + trainer.getClass().getName() + ") did not produce a " + task.specName() + " model ("
                        + output.getSimpleName() + " outputs)");
            }
        }
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
