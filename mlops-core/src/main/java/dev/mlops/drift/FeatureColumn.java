package dev.mlops.drift;

import dev.mlops.data.ColumnKind;

import java.util.Objects;

/**
 * One column of data for profiling or drift detection: a name, a kind and the values. Numeric
 * columns hold doubles (NaN or an infinity = missing); categorical and text columns hold strings
 * (null = missing). Values are copied on the way in and out, so a column never changes.
 */
public final class FeatureColumn {

    private final String name;
    private final ColumnKind kind;
    private final double[] numbers;
    private final String[] strings;

    private FeatureColumn(String name, ColumnKind kind, double[] numbers, String[] strings) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("column name must not be blank, got '" + name + "'");
        }
        this.name = name;
        this.kind = kind;
        this.numbers = numbers;
        this.strings = strings;
    }

    /**
     * A numeric column.
     *
     * @param name   column name
     * @param values the values; NaN or infinite = missing
     * @return the column
     */
    public static FeatureColumn numeric(String name, double[] values) {
        return new FeatureColumn(name, ColumnKind.NUMERIC, values.clone(), null);
    }

    /**
     * A categorical column.
     *
     * @param name   column name
     * @param values the labels; null = missing
     * @return the column
     */
    public static FeatureColumn categorical(String name, String[] values) {
        return new FeatureColumn(name, ColumnKind.CATEGORICAL, null, values.clone());
    }

    /**
     * A text column.
     *
     * @param name   column name
     * @param values the documents; null = missing
     * @return the column
     */
    public static FeatureColumn text(String name, String[] values) {
        return new FeatureColumn(name, ColumnKind.TEXT, null, values.clone());
    }

    /**
     * The column name.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * The kind of values.
     *
     * @return the kind
     */
    public ColumnKind kind() {
        return kind;
    }

    /**
     * Number of rows, missing included.
     *
     * @return the row count
     */
    public int size() {
        return numbers != null ? numbers.length : strings.length;
    }

    /**
     * A copy of the numeric values.
     *
     * @return the values
     * @throws IllegalStateException when the column is not numeric
     */
    public double[] numericValues() {
        return numbers().clone();
    }

    /**
     * A copy of the categorical or text values.
     *
     * @return the values
     * @throws IllegalStateException when the column is numeric
     */
    public String[] stringValues() {
        return strings().clone();
    }

    /** The numeric values without a copy: callers in this package never modify them. */
    double[] numbers() {
        if (numbers == null) {
            throw new IllegalStateException("column '" + name + "' is " + kind.specName()
                + ", not numeric");
        }
        return numbers;
    }

    /** The string values without a copy: callers in this package never modify them. */
    String[] strings() {
        if (strings == null) {
            throw new IllegalStateException("column '" + name + "' is numeric, not categorical or text");
        }
        return strings;
    }

    /** Is this numeric value missing (NaN or infinite)? */
    static boolean isMissing(double v) {
        return Double.isNaN(v) || Double.isInfinite(v);
    }

    @Override
    public String toString() {
        return "FeatureColumn[" + name + ", " + kind + ", " + size() + " rows]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FeatureColumn c && name.equals(c.name) && kind == c.kind
            && java.util.Arrays.equals(numbers, c.numbers) && java.util.Arrays.equals(strings, c.strings);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, kind, java.util.Arrays.hashCode(numbers), java.util.Arrays.hashCode(strings));
    }
}
