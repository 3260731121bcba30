package dev.mlops.drift;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * How far past its threshold a drifted feature is. For p-value tests: LOW when p is within a
 * factor 10 below the threshold, MEDIUM within a factor 1000, HIGH beyond. For distances: LOW
 * below twice the threshold, MEDIUM below four times, HIGH beyond.
 */
public enum DriftSeverity {
    /** Not drifted. */
    @JsonProperty("none")
    NONE,
    /** Just past the threshold. */
    @JsonProperty("low")
    LOW,
    /** Clearly past the threshold. */
    @JsonProperty("medium")
    MEDIUM,
    /** Far past the threshold. */
    @JsonProperty("high")
    HIGH;

    static DriftSeverity of(DriftMethod method, double score, double threshold, boolean drifted) {
        if (!drifted) {
            return NONE;
        }
        if (method.isPValue()) {
            return score >= threshold / 10 ? LOW : score >= threshold / 1000 ? MEDIUM : HIGH;
        }
        return score < 2 * threshold ? LOW : score < 4 * threshold ? MEDIUM : HIGH;
    }
}
