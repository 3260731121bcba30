package dev.mlops.data;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.mlops.util.Names;
import java.util.Arrays;
import java.util.Locale;

/**
 * What to do with an empty cell. Imputed values are learned on the training split only and stored
 * with the model, so that prediction applies the same values.
 */
public enum MissingPolicy {
    /** Refuse the data, naming the file and line of the first empty cell. The default. */
    ERROR,
    /** Drop every row with an empty cell in the column. */
    DROP_ROW,
    /** Replace with the mean of the training split (numeric columns). */
    IMPUTE_MEAN,
    /** Replace with the median of the training split (numeric columns). */
    IMPUTE_MEDIAN,
    /** Replace with the most frequent value of the training split (categorical columns). */
    IMPUTE_MOST_FREQUENT,
    /** Replace with a constant given as {@code fill_value}. */
    IMPUTE_CONSTANT;

    /** @return the name used in spec files, e.g. {@code impute-median} */
    @JsonValue
    public String specName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * Parses a spec name.
     *
     * @param name a spec name such as {@code drop-row}
     * @return the policy
     * @throws IllegalArgumentException naming the valid policies
     */
    @JsonCreator
    public static MissingPolicy fromSpec(String name) {
        for (MissingPolicy policy : values()) {
            if (policy.specName().equals(name)) {
                return policy;
            }
        }
        throw new IllegalArgumentException("unknown missing-value policy '" + name + "'"
                + Names.suggestion(name, Arrays.stream(values()).map(MissingPolicy::specName).toList()));
    }

    /** @return whether the policy replaces empty cells with a learned or given value */
    public boolean imputes() {
        return this != ERROR && this != DROP_ROW;
    }
}
