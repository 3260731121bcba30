package dev.mlops.model;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.mlops.data.Dataset;
import dev.mlops.data.Split;
import dev.mlops.data.Task;
import dev.mlops.evaluate.Evaluation;
import dev.mlops.features.FeaturePipeline;
import dev.mlops.train.ModelSpec;
import dev.mlops.train.ModelSpecReader;
import dev.mlops.train.OnnxSpec;
import dev.mlops.util.Names;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Wraps an ONNX model trained elsewhere (its spec has an {@code onnx:} section) in a model bundle,
 * evaluated on the spec's test split like a trained model, so it can be gated and served the same
 * way. The data set's columns define the raw record format; the preprocessing is fitted on the
 * training split without standardisation (the external model had its own), so it only validates,
 * imputes and one-hot encodes. The model must take one float tensor {@code [rows, features]}.
 * The bundle's drift reference profile covers the training split and the model's predictions on it.
 *
 * <pre>{@code
 * ModelSpec spec = ModelSpecReader.read(Path.of("iris-sklearn.yaml"));
 * ModelBundle bundle = ExternalOnnxModel.bundle(spec, Path.of("."), BundleMetadata.of("1.0.0", buildTime));
 * }</pre>
 */
public final class ExternalOnnxModel {

    private ExternalOnnxModel() {
    }

    /**
     * Reads the spec's ONNX file and data set (relative to {@code baseDir}) and bundles the model.
     *
     * @param spec     a spec with an {@code onnx:} section
     * @param baseDir  the folder the spec's file names are relative to
     * @param metadata version, creation time and commit to record
     * @return the evaluated bundle
     * @throws IOException when the model or data cannot be read
     */
    public static ModelBundle bundle(ModelSpec spec, Path baseDir, BundleMetadata metadata) throws IOException {
        byte[] model = readModel(spec, baseDir);
        return bundle(spec, Dataset.load(spec.dataset(), baseDir, spec.task()), model, metadata);
    }

    /**
     * Reads the bytes of the spec's {@code onnx.file}.
     *
     * @param spec    a spec with an {@code onnx:} section
     * @param baseDir the folder the file name is relative to
     * @return the ONNX model bytes
     * @throws IllegalArgumentException when the file does not exist, naming the spec key and the path
     * @throws IOException              when it cannot be read
     */
    public static byte[] readModel(ModelSpec spec, Path baseDir) throws IOException {
        Path file = baseDir.resolve(requireOnnx(spec).file());
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("onnx.file: " + file + " does not exist", e);
        }
    }

    /**
     * Bundles an ONNX model with an already loaded data set.
     *
     * @param spec     a spec with an {@code onnx:} section (its file is not read)
     * @param data     the data set, split as the spec says; the test part evaluates the model
     * @param model    the ONNX model bytes
     * @param metadata version, creation time and commit to record
     * @return the evaluated bundle
     * @throws IllegalArgumentException when the spec's onnx section does not fit the model or the data,
     *                                  naming the spec key
     */
    public static ModelBundle bundle(ModelSpec spec, Dataset data, byte[] model, BundleMetadata metadata) {
        OnnxSpec onnx = requireOnnx(spec);
        if (data.task() != spec.task()) {
            throw new IllegalArgumentException("the data set was loaded for " + data.task().specName()
                    + " but the spec's task is " + spec.task().specName());
        }
        OnnxMl.GraphProto graph;
        try {
            graph = OnnxMl.ModelProto.parseFrom(model).getGraph();
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("onnx.file: " + onnx.file() + " is not an ONNX model: " + e.getMessage(), e);
        }
        Split split = data.split(spec.dataset().split(), false);
        FeaturePipeline pipeline = FeaturePipeline.fit(data, split.train(), false, false);
        List<String> features = onnx.features().isEmpty() ? pipeline.featureNames() : onnx.features();
        List<String> known = pipeline.featureNames();
        Set<String> knownSet = new HashSet<>(known);
        for (String f : features) {
            if (!knownSet.contains(f)) {
                throw new IllegalArgumentException("onnx.features: '" + f + "' is not a feature of the data set"
                        + Names.suggestion(f, known) + "; features: " + known);
            }
        }
        String input = onnx.input() != null ? onnx.input() : singleInput(graph, onnx.file());
        boolean classification = spec.task() == Task.CLASSIFICATION;
        List<String> labels = !classification ? List.of() : onnx.labels().isEmpty() ? data.labels() : onnx.labels();
        if (!classification && !onnx.labels().isEmpty()) {
            throw new IllegalArgumentException("onnx.labels: a regression model has no labels");
        }
        OnnxSpec.Outputs out = onnx.outputs();
        String first = graph.getOutputCount() == 0 ? null : graph.getOutput(0).getName();
        Signature.OnnxOutputs outputs;
        if (classification) {
            if (out.value() != null) {
                throw new IllegalArgumentException("onnx.outputs.value: a classifier has label and probabilities outputs");
            }
            String probabilities = out.probabilities() == null && out.label() == null ? first : out.probabilities();
            outputs = new Signature.OnnxOutputs(labels, out.label(), probabilities, null, null);
        } else {
            if (out.label() != null || out.probabilities() != null) {
                throw new IllegalArgumentException("onnx.outputs: a regressor has a value output only");
            }
            outputs = new Signature.OnnxOutputs(List.of(), null, null, null, out.value() != null ? out.value() : first);
        }
        Signature signature = new Signature(spec.task(), pipeline, Signature.ModelInput.of(input, features),
                new Signature.Outputs(spec.dataset().target(), labels, outputs.probabilities() != null, outputs));
        Evaluation evaluation;
        Map<String, byte[]> files = new TreeMap<>();
        try (OnnxPredictor predictor = new OnnxPredictor(signature, model)) {
            evaluation = Evaluator.evaluate(predictor, data, split.test());
            files.put(BundleProfile.FILE, BundleProfile.json(data, split.train(), predictor));
        }
        files.put(ModelBundle.ONNX, model.clone());
        files.put(Signature.FILE, BundleJson.write(signature));
        files.put(ModelBundle.METRICS, ModelBundle.metricsJson(evaluation));
        files.put(ModelBundle.SPEC, ModelSpecReader.write(spec).getBytes(StandardCharsets.UTF_8));
        files.put(BundleInfo.FILE, BundleJson.write(ModelBundle.info(spec, metadata, data.fingerprint(), null,
                split.test().length, new BundleInfo.ModelInfo(BundleInfo.KIND_EXTERNAL_ONNX, null, null, Map.of()))));
        return ModelBundle.assemble(spec.name(), metadata.version(), new BundleManifest.Onnx(true, "external", null), files);
    }

    private static OnnxSpec requireOnnx(ModelSpec spec) {
        if (spec.onnx() == null) {
            throw new IllegalArgumentException("spec '" + spec.name() + "' has no onnx section; train it with ModelTrainer"
                    + " and bundle it with ModelBundle.from");
        }
        return spec.onnx();
    }

    private static String singleInput(OnnxMl.GraphProto graph, String file) {
        Set<String> initializers = new HashSet<>();
        graph.getInitializerList().forEach(t -> initializers.add(t.getName()));
        List<String> inputs = graph.getInputList().stream().map(OnnxMl.ValueInfoProto::getName)
                .filter(n -> !initializers.contains(n)).toList();
        if (inputs.size() != 1) {
            throw new IllegalArgumentException("onnx.input: " + file + " has inputs " + inputs + "; name the one to feed");
        }
        return inputs.get(0);
    }
}
