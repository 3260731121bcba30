package dev.mlops.serving;

import dev.mlops.data.Column;
import dev.mlops.data.Dataset;
import dev.mlops.data.Split;
import dev.mlops.evaluate.ClassificationEvaluation;
import dev.mlops.evaluate.RegressionEvaluation;
import dev.mlops.features.CategoricalEncoder;
import dev.mlops.features.FeatureEncoder;
import dev.mlops.features.FeaturePipeline;
import dev.mlops.features.FeatureVector;
import dev.mlops.features.NumericEncoder;
import dev.mlops.features.TextEncoder;
import dev.mlops.train.ModelSpec;
import dev.mlops.train.ModelSpecReader;
import dev.mlops.train.ModelTrainer;
import dev.mlops.train.TrainedModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.impl.ArrayExample;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;

/**
 * The one place that knows where served models come from.
 *
 * <p>TEMPORARY: until {@code dev.mlops.model} (model bundles and predictors) is merged, a model is
 * trained at load time from a model spec file, and {@link Trained} adapts the resulting
 * {@link TrainedModel}. When bundles land, {@link #load(Path)} opens a {@code ModelBundle} and an
 * adapter over its {@code Predictor} and signature replaces {@link Trained}; nothing else in the
 * server changes.
 */
final class ModelLoader {

    /** How many test rows become golden records. */
    private static final int GOLDEN = 8;

    private ModelLoader() {
    }

    /**
     * Loads a model.
     *
     * @param source a model spec file ({@code .yaml} / {@code .yml}; temporary, see the class comment)
     * @return the model, not yet warmed up
     * @throws IOException              when files cannot be read
     * @throws IllegalArgumentException when the source is not something this loader understands
     */
    static ServedModel load(Path source) throws IOException {
        if (!Files.exists(source)) {
            throw new java.io.FileNotFoundException("no model at '" + source + "'");
        }
        if (!isCandidate(source)) {
            throw new IllegalArgumentException("cannot load a model from '" + source + "': expected a model spec file"
                    + " (.yaml or .yml), which is trained at startup; model bundles are served once dev.mlops.model"
                    + " is available");
        }
        ModelSpec spec = ModelSpecReader.read(source);
        Path base = source.toAbsolutePath().getParent();
        Dataset data = Dataset.load(spec.dataset(), base, spec.task());
        return adapt(new ModelTrainer().train(spec, data), data);
    }

    /**
     * @param entry an entry of a watched folder
     * @return whether {@link #load(Path)} would try it
     */
    static boolean isCandidate(Path entry) {
        String file = entry.getFileName() == null ? "" : entry.getFileName().toString();
        return Files.isRegularFile(entry) && (file.endsWith(".yaml") || file.endsWith(".yml"));
    }

    /**
     * Adapts a freshly trained model; {@code data} must be the data set it was trained on.
     *
     * @param model the trained model
     * @param data  its data set (for golden records and the drift reference)
     * @return the served model
     */
    static ServedModel adapt(TrainedModel model, Dataset data) {
        Split split = data.split(model.spec().dataset().split(), model.spec().sweep() != null);
        return new Trained(model, data, split);
    }

    /** A {@link TrainedModel} behind the server's model interface (temporary, see the class comment). */
    static final class Trained implements ServedModel {

        private final String name;
        private final String version;
        private final FeaturePipeline pipeline;
        private final Model<?> model;
        private final List<String> labels;
        private final Map<String, Integer> labelIndex = new HashMap<>();
        private final String target;
        private final List<InputField> inputs;
        private final boolean probabilities;
        private final List<Golden> golden;
        private final DriftReference reference;

        Trained(TrainedModel trained, Dataset data, Split split) {
            this.name = trained.spec().name();
            this.model = trained.model();
            this.version = contentHash(model);
            this.pipeline = trained.pipeline();
            this.labels = trained.labels();
            for (int i = 0; i < labels.size(); i++) {
                labelIndex.put(labels.get(i), i);
            }
            this.target = data.target();
            this.probabilities = !labels.isEmpty() && model.generatesProbabilities();
            this.inputs = pipeline.encoders().stream().map(Trained::field).toList();
            this.golden = golden(trained, data, split.test());
            this.reference = reference(data, split.trainAndValidation());
        }

        private static InputField field(FeatureEncoder e) {
            if (e instanceof NumericEncoder n) {
                return new InputField(n.column(), Kind.NUMERIC, n.min(), n.max(), List.of(), n.fill() == null);
            }
            if (e instanceof CategoricalEncoder c) {
                return new InputField(c.column(), Kind.CATEGORICAL, Double.NaN, Double.NaN, c.categories(), c.fill() == null);
            }
            TextEncoder t = (TextEncoder) e;
            return new InputField(t.column(), Kind.TEXT, Double.NaN, Double.NaN, List.of(), t.fill() == null);
        }

        /** The first test rows with the predictions that evaluation recorded for them. */
        private List<Golden> golden(TrainedModel trained, Dataset data, int[] testRows) {
            List<Golden> out = new ArrayList<>();
            for (int i = 0; i < Math.min(GOLDEN, testRows.length); i++) {
                Map<String, Object> record = new LinkedHashMap<>();
                for (Column c : data.features()) {
                    record.put(c.name(), c.value(testRows[i]));
                }
                Result expected;
                if (trained.evaluation() instanceof ClassificationEvaluation ce) {
                    double[] p = ce.hasProbabilities() ? ce.probabilities()[i].clone() : null;
                    expected = new Result(ce.predicted()[i], p, Double.NaN);
                } else {
                    expected = new Result(-1, null, ((RegressionEvaluation) trained.evaluation()).predicted()[i]);
                }
                out.add(new Golden(record, expected));
            }
            return List.copyOf(out);
        }

        private static DriftReference reference(Dataset data, int[] rows) {
            Map<String, double[]> numeric = new LinkedHashMap<>();
            Map<String, String[]> categorical = new LinkedHashMap<>();
            for (Column c : data.features()) {
                switch (c.kind()) {
                    case NUMERIC -> {
                        double[] v = new double[rows.length];
                        for (int i = 0; i < rows.length; i++) {
                            v[i] = c.number(rows[i]);
                        }
                        numeric.put(c.name(), v);
                    }
                    case CATEGORICAL -> {
                        String[] v = new String[rows.length];
                        for (int i = 0; i < rows.length; i++) {
                            v[i] = c.text(rows[i]);
                        }
                        categorical.put(c.name(), v);
                    }
                    default -> {
                        // free text has no per-value distribution to compare
                    }
                }
            }
            return new DriftReference(numeric, categorical);
        }

        private static String contentHash(Model<?> model) {
            try {
                byte[] digest = MessageDigest.getInstance("SHA-256").digest(model.serialize().toByteArray());
                return HexFormat.of().formatHex(digest, 0, 6);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is part of every JDK", e);
            }
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public String version() {
            return version;
        }

        @Override
        public String platform() {
            return "tribuo";
        }

        @Override
        public List<InputField> inputs() {
            return inputs;
        }

        @Override
        public List<String> labels() {
            return labels;
        }

        @Override
        public String target() {
            return target;
        }

        @Override
        public boolean hasProbabilities() {
            return probabilities;
        }

        @Override
        public Result predict(Map<String, Object> record) {
            return result(predictOne(example(record)));
        }

        @Override
        public List<Result> predictBatch(List<Map<String, Object>> records) {
            List<Example<?>> examples = new ArrayList<>(records.size());
            for (Map<String, Object> r : records) {
                examples.add(example(r));
            }
            List<? extends Prediction<?>> predictions = predictAll(examples);
            List<Result> out = new ArrayList<>(predictions.size());
            for (Prediction<?> p : predictions) {
                out.add(result(p));
            }
            return out;
        }

        private Example<?> example(Map<String, Object> record) {
            FeatureVector v = pipeline.encode(record);
            return labels.isEmpty()
                    ? new ArrayExample<>(RegressionFactory.UNKNOWN_REGRESSOR, v.names(), v.values())
                    : new ArrayExample<>(LabelFactory.UNKNOWN_LABEL, v.names(), v.values());
        }

        @SuppressWarnings({"unchecked", "rawtypes"})
        private Prediction<?> predictOne(Example<?> example) {
            return ((Model) model).predict(example);
        }

        @SuppressWarnings({"unchecked", "rawtypes"})
        private List<? extends Prediction<?>> predictAll(List<Example<?>> examples) {
            return ((Model) model).predict((Iterable) examples);
        }

        private Result result(Prediction<?> p) {
            if (labels.isEmpty()) {
                Regressor r = (Regressor) p.getOutput();
                return new Result(-1, null, pipeline.decodeTarget(r.getValues()[0]));
            }
            int label = labelIndex.get(((Label) p.getOutput()).getLabel());
            double[] probs = null;
            if (probabilities) {
                probs = new double[labels.size()];
                for (Map.Entry<String, ?> e : p.getOutputScores().entrySet()) {
                    Integer k = labelIndex.get(e.getKey());
                    if (k != null) {
                        probs[k] = ((Label) e.getValue()).getScore();
                    }
                }
            }
            return new Result(label, probs, Double.NaN);
        }

        @Override
        public List<Golden> golden() {
            return golden;
        }

        @Override
        public DriftReference reference() {
            return reference;
        }

        @Override
        public void close() {
            // a Tribuo model holds no native resources
        }
    }
}
