package dev.mlops.tracking;

import java.util.Arrays;
import java.util.Locale;

/** The status of a run, with the integer codes MLflow stores in a run's {@code meta.yaml}. */
public enum RunStatus {
    /** The run is in progress. */
    RUNNING(1),
    /** The run is scheduled but not started (written by MLflow Projects, never by this library). */
    SCHEDULED(2),
    /** The run ended normally. */
    FINISHED(3),
    /** The run ended with an error. */
    FAILED(4),
    /** The run was stopped before it could end. */
    KILLED(5);

    private final int code;

    RunStatus(int code) {
        this.code = code;
    }

    /**
     * The integer MLflow's file store writes for this status.
     *
     * @return 1 to 5
     */
    public int code() {
        return code;
    }

    /**
     * Whether the run has ended.
     *
     * @return true for FINISHED, FAILED and KILLED
     */
    public boolean isTerminal() {
        return this == FINISHED || this == FAILED || this == KILLED;
    }

    /**
     * The status with the given file-store code.
     *
     * @param code 1 to 5
     * @return the status
     * @throws IllegalArgumentException for any other code
     */
    public static RunStatus fromCode(int code) {
        for (RunStatus s : values()) {
            if (s.code == code) {
                return s;
            }
        }
        throw new IllegalArgumentException("Unknown run status code " + code + "; valid: 1 (RUNNING), 2 (SCHEDULED),"
                + " 3 (FINISHED), 4 (FAILED), 5 (KILLED)");
    }

    /**
     * The status with the given name, as the REST API spells it.
     *
     * @param name e.g. "FINISHED" (case-insensitive)
     * @return the status
     * @throws IllegalArgumentException for an unknown name
     */
    public static RunStatus fromName(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Unknown run status '" + name + "'; valid: "
                    + Arrays.toString(values()), e);
        }
    }
}
