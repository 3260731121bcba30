package dev.mlops.model;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxMap;
import ai.onnxruntime.OnnxSequence;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.mlops.data.Task;
import dev.mlops.features.FeaturePipeline;
import dev.mlops.features.FeatureVector;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Predicts with an ONNX model in ONNX Runtime. One session serves every call and every thread
 * (ONNX Runtime sessions are thread-safe); each batch is one {@code [rows, features]} float tensor
 * written into a reused, native-order direct buffer, so the input is not copied again on its way to
 * native code. The session runs single-threaded per call: the models are small, and callers get more
 * from predicting on several threads than from intra-op parallelism.
 */
final class OnnxPredictor extends EncodingPredictor {

    /** The most floats one run takes (16 MiB); larger batches are split. */
    private static final int MAX_ELEMENTS = 1 << 22;

    private final OrtEnvironment env;
    private final OrtSession session;
    private final String inputName;
    private final int width;
    private final Map<String, Integer> columns;
    /** The value of each column when a record does not produce its feature. */
    private final float[] absent;
    private final Set<String> outputNames;
    private final Signature.OnnxOutputs onnx;
    private final List<String> labels;
    /** For each score column of the ONNX output, the index of its label in {@link #labels}. */
    private final int[] columnLabel;
    private final ThreadLocal<FloatBuffer> buffers = new ThreadLocal<>();
    private volatile boolean closed;

    /**
     * @param signature the bundle's signature; its {@code outputs.onnx} says which outputs to read
     * @param model     the ONNX model bytes
     * @throws BundleException naming {@code model.onnx} when the model does not match the signature
     */
    OnnxPredictor(Signature signature, byte[] model) {
        super(signature);
        this.onnx = signature.outputs().onnx();
        if (onnx == null) {
            throw new IllegalArgumentException("the signature names no ONNX outputs");
        }
        this.env = OnnxEnvironment.get();
        this.inputName = signature.modelInput().name();
        this.width = signature.modelInput().features().size();
        this.columns = new HashMap<>(width * 2);
        for (int i = 0; i < width; i++) {
            columns.put(signature.modelInput().features().get(i), i);
        }
        this.absent = new float[width];
        List<Double> absentValues = signature.modelInput().absent();
        for (int i = 0; absentValues != null && i < width; i++) {
            absent[i] = absentValues.get(i).floatValue();
        }
        this.labels = signature.labels();
        this.columnLabel = new int[onnx.labels().size()];
        for (int j = 0; j < columnLabel.length; j++) {
            columnLabel[j] = labels.indexOf(onnx.labels().get(j));
            if (columnLabel[j] < 0) {
                throw new BundleException(ModelBundle.ONNX, "outputs.onnx.labels has '" + onnx.labels().get(j)
                        + "', which is not one of the labels " + labels);
            }
        }
        this.outputNames = new LinkedHashSet<>();
        for (String name : new String[] {onnx.label(), onnx.probabilities(), onnx.scores(), onnx.value()}) {
            if (name != null) {
                outputNames.add(name);
            }
        }
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            this.session = env.createSession(model, options);
        } catch (OrtException e) {
            throw new BundleException(ModelBundle.ONNX, "ONNX Runtime cannot load model.onnx: " + e.getMessage(), e);
        }
        try {
            checkSession();
        } catch (RuntimeException | OrtException e) {
            closeQuietly();
            if (e instanceof BundleException b) {
                throw b;
            }
            throw new BundleException(ModelBundle.ONNX, "cannot inspect model.onnx: " + e.getMessage(), e);
        }
    }

    private void checkSession() throws OrtException {
        Map<String, NodeInfo> inputs = session.getInputInfo();
        NodeInfo input = inputs.get(inputName);
        if (input == null) {
            throw new BundleException(ModelBundle.ONNX, "model.onnx has no input '" + inputName + "'; its inputs: "
                    + inputs.keySet());
        }
        if (inputs.size() != 1) {
            throw new BundleException(ModelBundle.ONNX, "model.onnx has " + inputs.size() + " inputs " + inputs.keySet()
                    + "; one float tensor [rows, features] is supported");
        }
        if (!(input.getInfo() instanceof TensorInfo t) || t.type != OnnxJavaType.FLOAT || t.getShape().length != 2) {
            throw new BundleException(ModelBundle.ONNX, "model.onnx input '" + inputName + "' is " + input.getInfo()
                    + "; a float tensor [rows, features] is supported");
        }
        long declared = t.getShape()[1];
        if (declared > 0 && declared != width) {
            throw new BundleException(ModelBundle.ONNX, "model.onnx input '" + inputName + "' takes " + declared
                    + " features but the signature lists " + width + ": " + signature.modelInput().features());
        }
        Set<String> available = session.getOutputNames();
        for (String name : outputNames) {
            if (!available.contains(name)) {
                throw new BundleException(ModelBundle.ONNX, "model.onnx has no output '" + name + "'; its outputs: "
                        + available);
            }
        }
    }

    @Override
    public Engine engine() {
        return Engine.ONNX;
    }

    @Override
    List<Prediction> predictEncoded(List<FeatureVector> rows) {
        if (closed) {
            throw new IllegalStateException("this ONNX predictor is closed");
        }
        int chunk = Math.max(1, MAX_ELEMENTS / width);
        List<Prediction> out = new ArrayList<>(rows.size());
        for (int start = 0; start < rows.size(); start += chunk) {
            run(rows.subList(start, Math.min(rows.size(), start + chunk)), out);
        }
        return out;
    }

    private void run(List<FeatureVector> rows, List<Prediction> out) {
        int n = rows.size();
        FloatBuffer input = fill(rows);
        try (OnnxTensor tensor = OnnxTensor.createTensor(env, input, new long[] {n, width});
             OrtSession.Result result = session.run(Map.of(inputName, tensor), outputNames)) {
            if (signature.task() == Task.CLASSIFICATION) {
                classify(result, n, out);
            } else {
                FeaturePipeline pipeline = signature.preprocessing();
                double[] values = numbers(result, onnx.value(), n);
                for (double v : values) {
                    out.add(Prediction.ofValue(pipeline.decodeTarget(v)));
                }
            }
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed to run model.onnx on " + n + " rows: " + e.getMessage(), e);
        }
    }

    /** Writes the rows into this thread's direct buffer, features at their columns, absent values elsewhere. */
    private FloatBuffer fill(List<FeatureVector> rows) {
        int size = rows.size() * width;
        FloatBuffer buffer = buffers.get();
        if (buffer == null || buffer.capacity() < size) {
            buffer = ByteBuffer.allocateDirect(Math.max(size, 64 * width) * Float.BYTES).order(ByteOrder.nativeOrder())
                    .asFloatBuffer();
            buffers.set(buffer);
        }
        buffer.clear();
        for (int r = 0; r < rows.size(); r++) {
            FeatureVector v = rows.get(r);
            String[] names = v.names();
            double[] values = v.values();
            int base = r * width;
            buffer.put(base, absent);
            for (int k = 0; k < names.length; k++) {
                Integer c = columns.get(names[k]);
                if (c != null) { // a feature the model never saw carries no weight, as in Tribuo
                    buffer.put(base + c, (float) values[k]);
                }
            }
        }
        buffer.limit(size);
        return buffer;
    }

    private void classify(OrtSession.Result result, int n, List<Prediction> out) throws OrtException {
        double[][] probabilities = null;
        String scoresOutput = onnx.probabilities() != null ? onnx.probabilities() : onnx.scores();
        if (scoresOutput != null) {
            probabilities = scores(result.get(scoresOutput).orElseThrow(), scoresOutput, n);
        }
        String[] predicted = onnx.label() != null ? labelsOf(result.get(onnx.label()).orElseThrow(), n) : null;
        boolean withProbabilities = onnx.probabilities() != null;
        for (int i = 0; i < n; i++) {
            String label = predicted != null ? predicted[i] : labels.get(argmax(probabilities[i]));
            out.add(withProbabilities ? Prediction.ofProbabilities(label, labels, probabilities[i]) : Prediction.ofLabel(label));
        }
    }

    /** Class scores in label order, from a {@code [rows, labels]} tensor or a sequence of label-to-score maps. */
    private double[][] scores(OnnxValue value, String name, int n) throws OrtException {
        double[][] scores = new double[n][labels.size()];
        if (value instanceof OnnxSequence sequence) {
            List<? extends OnnxValue> maps = sequence.getValue();
            if (maps.size() != n) {
                throw new IllegalStateException("ONNX output '" + name + "' has " + maps.size() + " maps for " + n + " rows");
            }
            for (int i = 0; i < n; i++) {
                for (Map.Entry<?, ?> e : ((OnnxMap) maps.get(i)).getValue().entrySet()) {
                    int k = labels.indexOf(String.valueOf(e.getKey()));
                    if (k < 0) {
                        throw new IllegalStateException("ONNX output '" + name + "' has a score for '" + e.getKey()
                                + "', which is not one of the labels " + labels);
                    }
                    scores[i][k] = ((Number) e.getValue()).doubleValue();
                }
            }
            return scores;
        }
        double[] flat = numbers(value, name, n, columnLabel.length);
        int k = columnLabel.length;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < k; j++) {
                scores[i][columnLabel[j]] = flat[i * k + j];
            }
        }
        return scores;
    }

    private String[] labelsOf(OnnxValue value, int n) throws OrtException {
        if (!(value instanceof OnnxTensor t)) {
            throw new IllegalStateException("ONNX label output '" + onnx.label() + "' is not a tensor: " + value.getInfo());
        }
        String[] out = new String[n];
        TensorInfo info = t.getInfo();
        if (info.type == OnnxJavaType.STRING) {
            Object v = t.getValue();
            String[] flat = v instanceof String[][] nested ? flatten(nested) : (String[]) v;
            checkCount(flat.length, n, onnx.label());
            for (int i = 0; i < n; i++) {
                out[i] = known(flat[i]);
            }
            return out;
        }
        if (info.type != OnnxJavaType.INT64 && info.type != OnnxJavaType.INT32) {
            throw new IllegalStateException("ONNX label output '" + onnx.label() + "' has type " + info.type
                    + "; strings or integers are supported");
        }
        long[] flat = new long[n];
        if (info.type == OnnxJavaType.INT64) {
            java.nio.LongBuffer b = t.getLongBuffer();
            checkCount(b.remaining(), n, onnx.label());
            b.get(flat);
        } else {
            java.nio.IntBuffer b = t.getIntBuffer();
            checkCount(b.remaining(), n, onnx.label());
            for (int i = 0; i < n; i++) {
                flat[i] = b.get(i);
            }
        }
        List<String> order = onnx.labels().isEmpty() ? labels : onnx.labels();
        for (int i = 0; i < n; i++) {
            String asText = Long.toString(flat[i]);
            // integer class values (skl2onnx with integer classes) first, else an index into the label order
            out[i] = labels.contains(asText) ? asText : flat[i] >= 0 && flat[i] < order.size() ? order.get((int) flat[i])
                    : known(asText);
        }
        return out;
    }

    private String known(String label) {
        if (!labels.contains(label)) {
            throw new IllegalStateException("ONNX label output '" + onnx.label() + "' gave '" + label
                    + "', which is not one of the labels " + labels);
        }
        return label;
    }

    private double[] numbers(OrtSession.Result result, String name, int n) throws OrtException {
        return numbers(result.get(name).orElseThrow(), name, n, 1);
    }

    /** A float or double tensor of {@code n * perRow} elements, as doubles. */
    private static double[] numbers(OnnxValue value, String name, int n, int perRow) {
        if (!(value instanceof OnnxTensor t)) {
            throw new IllegalStateException("ONNX output '" + name + "' is not a tensor: " + value.getInfo());
        }
        double[] out = new double[n * perRow];
        OnnxJavaType type = t.getInfo().type;
        if (type == OnnxJavaType.FLOAT) {
            FloatBuffer b = t.getFloatBuffer();
            checkCount(b.remaining(), n * perRow, name);
            for (int i = 0; i < out.length; i++) {
                out[i] = b.get(i);
            }
        } else if (type == OnnxJavaType.DOUBLE) {
            java.nio.DoubleBuffer b = t.getDoubleBuffer();
            checkCount(b.remaining(), n * perRow, name);
            b.get(out);
        } else {
            throw new IllegalStateException("ONNX output '" + name + "' has type " + type + "; float or double is supported");
        }
        return out;
    }

    private static void checkCount(int actual, int expected, String name) {
        if (actual != expected) {
            throw new IllegalStateException("ONNX output '" + name + "' has " + actual + " values; expected " + expected);
        }
    }

    private static String[] flatten(String[][] nested) {
        List<String> all = new ArrayList<>();
        for (String[] row : nested) {
            all.addAll(List.of(row));
        }
        return all.toArray(new String[0]);
    }

    private static int argmax(double[] scores) {
        int best = 0;
        for (int i = 1; i < scores.length; i++) {
            if (scores[i] > scores[best]) {
                best = i;
            }
        }
        return best;
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            closeQuietly();
        }
    }

    private void closeQuietly() {
        try {
            session.close();
        } catch (OrtException e) {
            org.slf4j.LoggerFactory.getLogger(OnnxPredictor.class).warn("closing the ONNX session failed: {}", e.getMessage());
        }
    }
}
