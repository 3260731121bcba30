package dev.mlops.data;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.mlops.util.Names;
import java.util.Arrays;
import java.util.Locale;

/** How a feature column is turned into model input. */
public enum ColumnKind {
    /** A number, used as is (after imputation). */
    NUMERIC,
    /** A category, one-hot encoded; a category unseen in training encodes as all zeros. */
    CATEGORICAL,
    /** Free text, turned into a bag of words or n-grams, optionally TF-IDF weighted. */
    TEXT;

    /** @return the name used in spec files, e.g. {@code numeric} */
    @JsonValue
    public String specName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a spec name.
     *
     * @param name {@code numeric}, {@code categorical} or {@code text}
     * @return the kind
     * @throws IllegalArgumentException naming the valid kinds
     */
    @JsonCreator
    public static ColumnKind fromSpec(String name) {
        for (ColumnKind kind : values()) {
            if (kind.specName().equals(name)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown column kind '" + name + "'"
                + Names.suggestion(name, Arrays.stream(values()).map(ColumnKind::specName).toList()));
    }
}
