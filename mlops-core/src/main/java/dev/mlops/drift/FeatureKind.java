package dev.mlops.drift;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How a feature's values are compared between reference and current data. */
public enum FeatureKind {
    /** Real numbers; NaN and infinities count as missing. */
    @JsonProperty("numeric")
    NUMERIC,
    /** Labels compared by their shares; null counts as missing. */
    @JsonProperty("categorical")
    CATEGORICAL,
    /** Free text, compared by its token distribution; null counts as missing. */
    @JsonProperty("text")
    TEXT;

    /**
     * The name used in JSON and messages.
     *
     * @return "numeric", "categorical" or "text"
     */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
