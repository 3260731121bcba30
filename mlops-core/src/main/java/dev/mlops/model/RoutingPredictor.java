package dev.mlops.model;

import java.util.List;
import java.util.Map;

/** {@link Engine#AUTO}: each call goes to the engine that is faster for its size. */
final class RoutingPredictor implements Predictor {

    /** From this many records a batch goes to ONNX Runtime; below it the per-call native overhead dominates. */
    static final int ONNX_BATCH = 16;

    private final TribuoPredictor tribuo;
    private final OnnxPredictor onnx;

    RoutingPredictor(TribuoPredictor tribuo, OnnxPredictor onnx) {
        this.tribuo = tribuo;
        this.onnx = onnx;
    }

    @Override
    public Prediction predict(Map<String, ?> record) {
        return tribuo.predict(record);
    }

    @Override
    public List<Prediction> predictBatch(List<? extends Map<String, ?>> records) {
        return records != null && records.size() >= ONNX_BATCH ? onnx.predictBatch(records) : tribuo.predictBatch(records);
    }

    @Override
    public Engine engine() {
        return Engine.AUTO;
    }

    @Override
    public Signature signature() {
        return tribuo.signature();
    }

    @Override
    public void close() {
        try {
            onnx.close();
        } finally {
            tribuo.close();
        }
    }
}
