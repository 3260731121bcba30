package dev.mlops.model;

import dev.mlops.MlopsException;

/**
 * A model bundle cannot be used: a file was altered, truncated, removed or added, the format version
 * is unknown, or the content is not valid. The message names the file; {@link #file()} gives it to
 * programs. Loading never returns a partially verified bundle.
 */
public final class BundleException extends MlopsException {

    private static final long serialVersionUID = 1L;

    private final String file;

    /**
     * @param file    the bundle file at fault (e.g. {@code model.onnx}), or the bundle path itself
     * @param message what is wrong and what was expected
     */
    public BundleException(String file, String message) {
        super(message);
        this.file = file;
    }

    /**
     * @param file    the bundle file at fault
     * @param message what is wrong and what was expected
     * @param cause   the underlying failure
     */
    public BundleException(String file, String message, Throwable cause) {
        super(message, cause);
        this.file = file;
    }

    /** @return the file at fault */
    public String file() {
        return file;
    }
}
