package dev.mlops.data;

import java.util.Arrays;
import java.util.Objects;

/**
 * One feature column of a {@link Dataset}: numbers (missing as NaN) for numeric columns, text
 * (missing as {@code null}) for categorical and text columns. Immutable.
 */
public final class Column {

    private final String name;
    private final FeatureSpec spec;
    private final double[] numbers;
    private final String[] texts;

    private Column(String name, FeatureSpec spec, double[] numbers, String[] texts) {
        this.name = Objects.requireNonNull(name, "name");
        this.spec = Objects.requireNonNull(spec, "spec");
        if (spec.kind() == null) {
            throw new IllegalArgumentException("column '" + name + "' needs a resolved kind");
        }
        this.numbers = numbers;
        this.texts = texts;
    }

    /**
     * A numeric column.
     *
     * @param name   column name
     * @param spec   resolved spec (kind numeric, missing policy set)
     * @param values values, NaN where missing
     * @return the column
     */
    public static Column numeric(String name, FeatureSpec spec, double[] values) {
        if (spec.kind() != ColumnKind.NUMERIC) {
            throw new IllegalArgumentException("column '" + name + "' has numbers but kind " + spec.kind().specName());
        }
        return new Column(name, spec, values.clone(), null);
    }

    /**
     * A categorical or text column.
     *
     * @param name   column name
     * @param spec   resolved spec (kind categorical or text, missing policy set)
     * @param values values, {@code null} where missing
     * @return the column
     */
    public static Column strings(String name, FeatureSpec spec, String[] values) {
        if (spec.kind() == ColumnKind.NUMERIC) {
            throw new IllegalArgumentException("column '" + name + "' has text values but kind numeric");
        }
        return new Column(name, spec, null, values.clone());
    }

    /** @return the column name */
    public String name() {
        return name;
    }

    /** @return the kind */
    public ColumnKind kind() {
        return spec.kind();
    }

    /** @return the resolved spec: kind, missing-value policy and text options */
    public FeatureSpec spec() {
        return spec;
    }

    /** @return the number of rows */
    public int size() {
        return numbers != null ? numbers.length : texts.length;
    }

    /**
     * @param row row index
     * @return whether the cell is empty
     */
    public boolean isMissing(int row) {
        return numbers != null ? Double.isNaN(numbers[row]) : texts[row] == null;
    }

    /**
     * @param row row index
     * @return the number in a numeric column (NaN when missing)
     */
    public double number(int row) {
        if (numbers == null) {
            throw new IllegalStateException("column '" + name + "' is " + kind().specName() + ", not numeric");
        }
        return numbers[row];
    }

    /**
     * @param row row index
     * @return the text of a categorical or text column ({@code null} when missing)
     */
    public String text(int row) {
        if (texts == null) {
            throw new IllegalStateException("column '" + name + "' is numeric, not " + ColumnKind.TEXT.specName());
        }
        return texts[row];
    }

    /**
     * @param row row index
     * @return the cell as a {@code Double} or {@code String}, {@code null} when missing
     */
    public Object value(int row) {
        if (numbers != null) {
            return Double.isNaN(numbers[row]) ? null : numbers[row];
        }
        return texts[row];
    }

    /** @return a copy of the numbers of a numeric column */
    public double[] numbers() {
        return numbers == null ? null : numbers.clone();
    }

    /** @return a copy of the values of a categorical or text column */
    public String[] texts() {
        return texts == null ? null : texts.clone();
    }

    Column select(int[] rows) {
        if (numbers != null) {
            double[] out = new double[rows.length];
            for (int i = 0; i < rows.length; i++) {
                out[i] = numbers[rows[i]];
            }
            return new Column(name, spec, out, null);
        }
        String[] out = new String[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = texts[rows[i]];
        }
        return new Column(name, spec, null, out);
    }

    @Override
    public String toString() {
        return name + " (" + kind().specName() + ", " + size() + " rows"
                + (numbers != null ? ", " + Arrays.stream(numbers).filter(Double::isNaN).count() + " missing" : "") + ")";
    }
}
