package dev.mlops.train;

import java.util.List;

/**
 * One hyperparameter of an {@link Algorithm}: its name in spec files, type, default and valid range.
 *
 * @param name         spec name, e.g. {@code max_depth}
 * @param type         value type
 * @param defaultValue the value used when the spec leaves it out
 * @param min          smallest valid value (numbers)
 * @param max          largest valid value (numbers)
 * @param choices      valid values (choices)
 * @param help         one line for documentation and errors
 */
public record Param(String name, Type type, Object defaultValue, double min, double max, List<String> choices, String help) {

    /** Value types of hyperparameters. */
    public enum Type {
        /** a whole number */
        INTEGER,
        /** a real number */
        NUMBER,
        /** one of a list of names */
        CHOICE
    }

    static Param integer(String name, int defaultValue, int min, int max, String help) {
        return new Param(name, Type.INTEGER, defaultValue, min, max, List.of(), help);
    }

    static Param number(String name, double defaultValue, double min, double max, String help) {
        return new Param(name, Type.NUMBER, defaultValue, min, max, List.of(), help);
    }

    static Param choice(String name, String defaultValue, List<String> choices, String help) {
        return new Param(name, Type.CHOICE, defaultValue, 0, 0, List.copyOf(choices), help);
    }

    /**
     * Checks and converts a value from a spec.
     *
     * @param where  the spec location for messages, e.g. {@code trainer.params}
     * @param value  the value as parsed from YAML or given in code
     * @return an {@code Integer}, {@code Double} or {@code String}
     * @throws IllegalArgumentException naming the parameter, the bad value and what is valid
     */
    Object validate(String where, Object value) {
        String prefix = where + "." + name + ": ";
        switch (type) {
            case INTEGER -> {
                if (!(value instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
                    throw new IllegalArgumentException(prefix + "expected a whole number, got '" + value + "'");
                }
                checkRange(prefix, n.doubleValue(), value);
                return n.intValue();
            }
            case NUMBER -> {
                if (!(value instanceof Number n)) {
                    throw new IllegalArgumentException(prefix + "expected a number, got '" + value + "'");
                }
                checkRange(prefix, n.doubleValue(), value);
                return n.doubleValue();
            }
            default -> {
                String s = String.valueOf(value);
                if (!choices.contains(s)) {
                    throw new IllegalArgumentException(prefix + "'" + s + "' is not valid"
                            + dev.mlops.util.Names.suggestion(s, choices));
                }
                return s;
            }
        }
    }

    private void checkRange(String prefix, double v, Object value) {
        if (!(v >= min && v <= max)) {
            throw new IllegalArgumentException(prefix + value + " is out of range; valid: "
                    + (type == Type.INTEGER ? (long) min + " to " + (max >= Integer.MAX_VALUE ? "any" : (long) max)
                    : min + " to " + max));
        }
    }
}
