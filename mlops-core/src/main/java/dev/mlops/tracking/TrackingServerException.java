package dev.mlops.tracking;

import java.io.IOException;

/**
 * An MLflow tracking server refused a call or could not be reached. The message names the server
 * URI and the call (method and endpoint); it never contains the auth token.
 */
public class TrackingServerException extends IOException {

    private static final long serialVersionUID = 1L;

    /** The HTTP status, or 0 when unreachable. */
    private final int statusCode;
    /** MLflow's error code, or null. */
    private final String errorCode;

    /**
     * Creates the exception.
     *
     * @param message    the full message
     * @param statusCode the HTTP status, or 0 when the server was unreachable
     * @param errorCode  MLflow's {@code error_code} (e.g. "INVALID_PARAMETER_VALUE"), or null
     * @param cause      the underlying failure, or null
     */
    public TrackingServerException(String message, int statusCode, String errorCode, Throwable cause) {
        super(message, cause);
        this.statusCode = statusCode;
        this.errorCode = errorCode;
    }

    /**
     * The HTTP status of the last answer.
     *
     * @return the status, or 0 when no answer came
     */
    public int statusCode() {
        return statusCode;
    }

    /**
     * MLflow's error code from the answer body.
     *
     * @return e.g. "RESOURCE_ALREADY_EXISTS", or null
     */
    public String errorCode() {
        return errorCode;
    }
}
