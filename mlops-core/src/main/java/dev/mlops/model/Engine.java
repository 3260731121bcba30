package dev.mlops.model;

/** What computes a bundle's predictions. */
public enum Engine {
    /** The Tribuo model ({@code model.tribuo}) in the JVM. */
    TRIBUO,
    /** The ONNX model ({@code model.onnx}) in ONNX Runtime. */
    ONNX
}
