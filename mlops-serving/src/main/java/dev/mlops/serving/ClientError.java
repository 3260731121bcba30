package dev.mlops.serving;

/**
 * A request the server refuses: becomes a 4xx response {@code {"error": message, "field": field}}.
 * Carries no stack trace: it is an answer, not a fault.
 */
final class ClientError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String field;

    /**
     * @param status  the HTTP status (4xx)
     * @param field   the offending field or JSON path, or {@code null} for the request as a whole
     * @param message what is wrong and what would be valid
     */
    ClientError(int status, String field, String message) {
        super(message, null, false, false);
        this.status = status;
        this.field = field;
    }

    int status() {
        return status;
    }

    String field() {
        return field;
    }
}
