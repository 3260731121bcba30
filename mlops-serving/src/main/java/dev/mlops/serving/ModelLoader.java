package dev.mlops.serving;

import dev.mlops.features.FeatureEncoder;
import dev.mlops.features.TextEncoder;
import dev.mlops.model.ModelBundle;
import dev.mlops.model.Prediction;
import dev.mlops.model.Predictor;
import dev.mlops.model.Signature;
import dev.mlops.registry.LoadedModel;
import dev.mlops.registry.ModelRegistry;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one place that knows where served models come from: model bundles ({@code docs/bundle.md}),
 * a directory or an {@code .mlbundle} zip, given as a path or as a registry URI such as
 * {@code models:/iris@champion}. {@link Bundled} adapts a bundle's {@link Predictor} and
 * {@link Signature} to the server's {@link ServedModel}.
 */
final class ModelLoader {

    /** The prefix of model registry URIs. */
    static final String REGISTRY_SCHEME = "models:/";

    /** How many probe records a bundle gets. */
    static final int PROBES = 8;

    /** Where in a numeric field's training range each probe lies, as a fraction from min to max. */
    private static final double[] LEVELS = {0.5, 0.25, 0.75, 0.0, 1.0, 0.125, 0.625, 0.875};

    private ModelLoader() {
    }

    /**
     * A loaded model and a description of where it came from.
     *
     * @param model  the model, not yet warmed up
     * @param source the path, or the registry URI with the version it resolved to
     */
    record Loaded(ServedModel model, String source) {
    }

    /**
     * Loads a model from a path or a registry URI.
     *
     * @param source   a bundle directory or {@code .mlbundle} zip (a path or {@code file:} URI), or a
     *                 {@code models:/} URI
     * @param registry where {@code models:/} URIs are resolved (a directory or an MLflow server URL),
     *                 or {@code null} when none is configured
     * @return the model
     * @throws IOException              when the bundle cannot be read
     * @throws IllegalArgumentException for a registry URI without a registry, or a malformed URI
     * @throws dev.mlops.model.BundleException when the bundle is invalid or altered
     */
    static Loaded load(String source, String registry) throws IOException {
        if (source.startsWith(REGISTRY_SCHEME)) {
            if (registry == null) {
                throw new IllegalArgumentException("cannot load '" + source + "': no model registry is configured;"
                        + " set --registry (MLOPS_REGISTRY) or MLFLOW_TRACKING_URI, or give a bundle path");
            }
            try (ModelRegistry models = ModelRegistry.open(registry)) {
                LoadedModel loaded = models.load(source);
                return new Loaded(load(loaded.bundle()), source + " (registered version " + loaded.version().version()
                        + " in " + models.location() + ")");
            }
        }
        Path path = Path.of(source.startsWith("file:") ? URI.create(source).getSchemeSpecificPart() : source);
        return new Loaded(load(path), path.toString());
    }

    /**
     * Loads and verifies a bundle.
     *
     * @param bundle a bundle directory or {@code .mlbundle} zip
     * @return the model, not yet warmed up
     * @throws IOException when it cannot be read
     * @throws dev.mlops.model.BundleException when it is not a valid, unaltered bundle
     */
    static ServedModel load(Path bundle) throws IOException {
        return new Bundled(ModelBundle.load(bundle));
    }

    /**
     * @param entry an entry of a watched folder
     * @return whether it looks like a bundle: an {@code .mlbundle} file, or a directory with a manifest
     */
    static boolean isCandidate(Path entry) {
        String file = entry.getFileName() == null ? "" : entry.getFileName().toString();
        return Files.isRegularFile(entry) && file.endsWith(ModelBundle.EXTENSION)
                || Files.isDirectory(entry) && Files.isRegularFile(entry.resolve("manifest.json"));
    }

    /**
     * @param candidate a bundle zip or directory
     * @return when it last changed: a directory's manifest is written last, so its time is the bundle's
     * @throws IOException when it vanished
     */
    static FileTime modified(Path candidate) throws IOException {
        Path file = Files.isDirectory(candidate) ? candidate.resolve("manifest.json") : candidate;
        return Files.getLastModifiedTime(file);
    }

    /**
     * Probe records spread over what training saw, read from the signature: numeric fields at fixed
     * fractions of their training range (mid-point, quartiles, both ends, ...; each field at another
     * fraction in the same record), categorical fields cycling through their categories, text fields a
     * few known words; the last probe leaves out optional fields so that imputation runs too. A bundle
     * holds no test rows, so probes have no expected outputs: {@link ModelSlot} checks that their
     * outputs are valid and that every engine agrees.
     *
     * @param signature the model's signature
     * @return {@value #PROBES} records
     */
    static List<Map<String, Object>> probes(Signature signature) {
        List<Signature.Input> inputs = signature.inputs();
        Map<String, List<String>> words = new HashMap<>();
        for (FeatureEncoder e : signature.preprocessing().encoders()) {
            if (e instanceof TextEncoder t) {
                words.put(t.column(), t.vocabulary().stream().filter(w -> !w.contains(" ")).toList());
            }
        }
        List<Map<String, Object>> probes = new ArrayList<>();
        for (int i = 0; i < PROBES; i++) {
            Map<String, Object> record = new LinkedHashMap<>();
            for (int f = 0; f < inputs.size(); f++) {
                Signature.Input in = inputs.get(f);
                if (i == PROBES - 1 && !in.required()) {
                    continue;
                }
                record.put(in.name(), switch (in.kind()) {
                    case NUMERIC -> in.min() == null || in.max() == null ? 0.0
                            : in.min() + LEVELS[(i + 3 * f) % LEVELS.length] * (in.max() - in.min());
                    case CATEGORICAL -> in.categories() == null || in.categories().isEmpty() ? ""
                            : in.categories().get((i + f) % in.categories().size());
                    case TEXT -> text(words.getOrDefault(in.name(), List.of()), i);
                });
            }
            probes.add(java.util.Collections.unmodifiableMap(record));
        }
        return List.copyOf(probes);
    }

    private static String text(List<String> vocabulary, int probe) {
        if (vocabulary.isEmpty()) {
            return "";
        }
        List<String> picked = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
            picked.add(vocabulary.get((probe * 3 + k) * 7919 % vocabulary.size()));
        }
        return String.join(" ", picked);
    }

    /** A model bundle behind the server's model interface. */
    static final class Bundled implements ServedModel {

        private final String name;
        private final String version;
        private final String platform;
        private final Predictor predictor;
        private final List<String> labels;
        private final Map<String, Integer> labelIndex = new HashMap<>();
        private final String target;
        private final List<InputField> inputs;
        private final boolean probabilities;
        private final List<Map<String, Object>> probes;
        private final DriftReference reference;

        Bundled(ModelBundle bundle) {
            Signature signature = bundle.signature();
            this.name = bundle.name();
            this.version = bundle.version();
            this.labels = signature.labels();
            for (int i = 0; i < labels.size(); i++) {
                labelIndex.put(labels.get(i), i);
            }
            this.target = signature.outputs().target();
            this.probabilities = !labels.isEmpty() && signature.outputs().probabilities();
            this.inputs = signature.inputs().stream().map(Bundled::field).toList();
            this.probes = ModelLoader.probes(signature);
            // Bundles without a reference profile (older or external ones) report no drift scores.
            this.reference = bundle.profile().map(DriftReference::from).orElse(null);
            this.predictor = bundle.predictor();
            this.platform = switch (predictor.engine()) {
                case TRIBUO -> "tribuo";
                case ONNX -> "onnxruntime";
                case AUTO -> "tribuo+onnxruntime";
            };
        }

        private static InputField field(Signature.Input in) {
            Kind kind = switch (in.kind()) {
                case NUMERIC -> Kind.NUMERIC;
                case CATEGORICAL -> Kind.CATEGORICAL;
                case TEXT -> Kind.TEXT;
            };
            List<String> categories = in.categories() == null ? List.of()
                    : in.categories().stream().sorted().toList(); // InputField looks them up by binary search
            return new InputField(in.name(), kind, in.min() == null ? Double.NaN : in.min(),
                    in.max() == null ? Double.NaN : in.max(), categories, in.required());
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
            return platform;
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
            return result(predictor.predict(record));
        }

        @Override
        public List<Result> predictBatch(List<Map<String, Object>> records) {
            List<Prediction> predictions = predictor.predictBatch(records);
            List<Result> out = new ArrayList<>(predictions.size());
            for (Prediction p : predictions) {
                out.add(result(p));
            }
            return out;
        }

        private Result result(Prediction p) {
            if (labels.isEmpty()) {
                return new Result(-1, null, p.value());
            }
            Integer label = labelIndex.get(p.label());
            if (label == null) {
                throw new IllegalStateException("model " + name + " version " + version + " predicted '" + p.label()
                        + "', which is not one of its labels " + labels);
            }
            double[] probs = null;
            if (!p.probabilities().isEmpty()) {
                probs = new double[labels.size()];
                for (int k = 0; k < probs.length; k++) {
                    Double v = p.probabilities().get(labels.get(k));
                    probs[k] = v == null ? Double.NaN : v;
                }
            }
            return new Result(label, probs, Double.NaN);
        }

        @Override
        public List<Map<String, Object>> probes() {
            return probes;
        }

        @Override
        public DriftReference reference() {
            return reference;
        }

        @Override
        public void close() {
            predictor.close();
        }
    }
}
