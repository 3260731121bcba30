package dev.mlops.registry;

import java.io.IOException;

/**
 * A registered bundle no longer matches the SHA-256 recorded when it was registered: it was
 * modified, truncated or replaced. The message names the model version, the bundle path and the
 * files that changed, appeared or disappeared.
 */
public class BundleChecksumException extends IOException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what changed, and where
     */
    public BundleChecksumException(String message) {
        super(message);
    }
}
