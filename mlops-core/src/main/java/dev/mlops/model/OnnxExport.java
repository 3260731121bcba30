package dev.mlops.model;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.tribuo.Model;
import org.tribuo.ONNXExportable;
import org.tribuo.ensemble.EnsembleModel;
import org.tribuo.regression.slm.SparseLinearModel;

/**
 * Exports Tribuo models to ONNX. Tribuo can export linear SGD models, factorization machines,
 * LibLinear, LibSVM, sparse linear models and ensembles of those, but not trees, forests or k-NN;
 * for those the export gives the reason instead of failing, and the bundle records it.
 */
final class OnnxExport {

    /** The ONNX domain of exported models. */
    static final String DOMAIN = "dev.mlops";

    /**
     * The outcome of an export.
     *
     * @param bytes  the ONNX model, or {@code null} when it cannot be exported
     * @param reason why it cannot, or {@code null}
     * @param absent the input value that stands for an absent feature, per column, or {@code null} for zeros
     */
    record Result(byte[] bytes, String reason, List<Double> absent) {
    }

    private OnnxExport() {
    }

    static Result export(Model<?> model) {
        List<String> unsupported = new ArrayList<>();
        if (!(model instanceof ONNXExportable)) {
            unsupported.add(model.getClass().getSimpleName());
        } else if (model instanceof EnsembleModel<?> ensemble) {
            for (Model<?> member : ensemble.getModels()) {
                if (!(member instanceof ONNXExportable)) {
                    unsupported.add(member.getClass().getSimpleName() + " (ensemble member)");
                    break;
                }
            }
        }
        if (!unsupported.isEmpty()) {
            return new Result(null, "Tribuo " + org.tribuo.Tribuo.VERSION + " has no ONNX export for "
                    + String.join(", ", unsupported) + "; predictions use the Tribuo model", null);
        }
        OnnxMl.ModelProto proto;
        try {
            proto = ((ONNXExportable) model).exportONNXModel(DOMAIN, 1);
        } catch (RuntimeException e) {
            return new Result(null, "Tribuo could not export " + model.getClass().getSimpleName() + " to ONNX: "
                    + e.getMessage(), null);
        }
        // Tribuo's doc string is the provenance text cached when the model was built, with the wall-clock
        // training time; the provenance itself carries the fixed time, so use that for reproducible bytes.
        proto = proto.toBuilder().setDocString(model.getProvenance().toString()).build();
        List<Double> absent = model instanceof SparseLinearModel ? featureMeans(proto.getGraph()) : null;
        return new Result(deterministic(proto), null, absent);
    }

    /**
     * A sparse linear model standardises only the features present in an example (Tribuo's sparse
     * vectors), while its ONNX graph subtracts the mean from every column. Feeding an absent feature
     * as the graph's own (float) mean makes its standardised value exactly 0 in ONNX too.
     */
    private static List<Double> featureMeans(OnnxMl.GraphProto graph) {
        for (OnnxMl.TensorProto t : graph.getInitializerList()) {
            if (t.getName().startsWith("feature_mean") && t.getDataType() == OnnxMl.TensorProto.DataType.FLOAT.getNumber()) {
                List<Double> means = new ArrayList<>();
                if (!t.getRawData().isEmpty()) {
                    java.nio.FloatBuffer raw = t.getRawData().asReadOnlyByteBuffer()
                            .order(java.nio.ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
                    while (raw.hasRemaining()) {
                        means.add((double) raw.get());
                    }
                } else {
                    t.getFloatDataList().forEach(f -> means.add((double) f));
                }
                return means.stream().allMatch(m -> m == 0.0) ? null : means;
            }
        }
        throw new IllegalStateException("the ONNX graph of a sparse linear model has no feature_mean initializer;"
                + " was it exported by another Tribuo version?");
    }

    /** Serialises a message with map entries sorted, so equal messages give equal bytes. */
    static byte[] deterministic(com.google.protobuf.MessageLite message) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(message.getSerializedSize());
            CodedOutputStream out = CodedOutputStream.newInstance(bytes);
            out.useDeterministicSerialization();
            message.writeTo(out);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory cannot fail", e);
        }
    }
}
