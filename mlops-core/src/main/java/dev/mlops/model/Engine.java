package dev.mlops.model;

/** What computes a bundle's predictions. */
public enum Engine {
    /** The Tribuo model ({@code model.tribuo}) in the JVM. */
    TRIBUO,
    /** The ONNX model ({@code model.onnx}) in ONNX Runtime. */
    ONNX,
    /**
     * The faster of the two for each call, when a bundle has both: Tribuo for single records and
     * batches of fewer than {@value RoutingPredictor#ONNX_BATCH} records (no native call overhead),
     * ONNX Runtime for larger batches (several times the throughput). The two agree to the parity
     * recorded in the bundle (about 1e-7 in probabilities, no label flips on the test rows); see
     * {@code docs/benchmarks/prediction.md}.
     */
    AUTO
}
