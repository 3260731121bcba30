package dev.mlops.tracking.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The top-level mapping of a {@code meta.yaml}, with typed accessors whose errors name the file,
 * the field and the bad value.
 *
 * @param file   the file the mapping was read from
 * @param fields the mapping
 */
public record YamlFields(Path file, Map<String, Object> fields) {

    /**
     * Copies the mapping.
     *
     * @param file the file the mapping was read from
     * @param fields the mapping
     */
    public YamlFields {
        fields = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(fields));
    }

    /**
     * A required string field; numbers are accepted and converted (MLflow once wrote ids as ints).
     *
     * @param key the field
     * @return its value
     * @throws IOException when missing or not a scalar
     */
    public String string(String key) throws IOException {
        String value = optionalString(key);
        if (value == null) {
            throw new IOException("Corrupted " + file + ": field '" + key + "' is missing");
        }
        return value;
    }

    /**
     * An optional string field.
     *
     * @param key the field
     * @return its value, or null when missing or null
     * @throws IOException when not a scalar
     */
    public String optionalString(String key) throws IOException {
        Object value = fields.get(key);
        if (value == null) {
            return null;
        }
        if (value instanceof String || value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        throw new IOException("Corrupted " + file + ": field '" + key + "' is " + value + ", expected a string");
    }

    /**
     * An optional integer field; numeric strings are accepted.
     *
     * @param key the field
     * @return its value, or null when missing or null
     * @throws IOException when not an integer
     */
    public Long optionalLong(String key) throws IOException {
        Object value = fields.get(key);
        if (value == null) {
            return null;
        }
        if (value instanceof Integer || value instanceof Long) {
            return ((Number) value).longValue();
        }
        if (value instanceof String s) {
            try {
                return Long.parseLong(s.trim());
            } catch (NumberFormatException e) {
                // fall through to the error
            }
        }
        throw new IOException("Corrupted " + file + ": field '" + key + "' is '" + value + "', expected an integer");
    }

    /**
     * A required integer field.
     *
     * @param key the field
     * @return its value
     * @throws IOException when missing or not an integer
     */
    public long requiredLong(String key) throws IOException {
        Long value = optionalLong(key);
        if (value == null) {
            throw new IOException("Corrupted " + file + ": field '" + key + "' is missing");
        }
        return value;
    }
}
