package dev.mlops.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

/**
 * A loaded, typed data set: feature columns with resolved kinds, the target, where every row came
 * from, and a fingerprint of content and schema. Immutable. Load one with {@link #load}.
 */
public final class Dataset {

    private final String source;
    private final Task task;
    private final List<Column> features;
    private final String target;
    private final String[] labels;
    private final double[] values;
    private final String[] rowIds;
    private final int[] fixedTest;
    private final String fingerprint;

    Dataset(String source, Task task, List<Column> features, String target, String[] labels, double[] values,
            String[] rowIds, int[] fixedTest, String fingerprint) {
        this.source = source;
        this.task = task;
        this.features = List.copyOf(features);
        this.target = target;
        this.labels = labels;
        this.values = values;
        this.rowIds = rowIds;
        this.fixedTest = fixedTest;
        this.fingerprint = fingerprint;
    }

    /**
     * Reads the spec's file (and test file), resolves column kinds, applies the missing-value
     * policies that act at load time ({@code error}, {@code drop-row}) and fingerprints the result.
     *
     * @param spec    what to read
     * @param baseDir the folder relative file names are resolved against (the spec file's folder)
     * @param task    whether the target is a label or a number
     * @return the data set
     * @throws IOException   when a file cannot be read
     * @throws DataException when the data is malformed, naming file, line and column
     */
    public static Dataset load(DatasetSpec spec, Path baseDir, Task task) throws IOException {
        return DatasetLoader.load(spec, baseDir, task);
    }

    /**
     * Builds a classification data set in code, for users with their own data access. Rows are
     * identified by their 1-based position; the fingerprint covers names, kinds and every value.
     *
     * @param name     a name for messages and provenance
     * @param features the feature columns, all of the same length
     * @param target   the target's name
     * @param labels   one label per row
     * @return the data set
     */
    public static Dataset classification(String name, List<Column> features, String target, String[] labels) {
        return inMemory(name, Task.CLASSIFICATION, features, target, labels.clone(), null);
    }

    /**
     * Builds a regression data set in code. See {@link #classification}.
     *
     * @param name     a name for messages and provenance
     * @param features the feature columns, all of the same length
     * @param target   the target's name
     * @param values   one finite target value per row
     * @return the data set
     */
    public static Dataset regression(String name, List<Column> features, String target, double[] values) {
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new IllegalArgumentException("target value of row " + (i + 1) + " is " + values[i] + "; must be finite");
            }
        }
        return inMemory(name, Task.REGRESSION, features, target, null, values.clone());
    }

    private static Dataset inMemory(String name, Task task, List<Column> features, String target, String[] labels,
                                    double[] values) {
        int n = labels != null ? labels.length : values.length;
        if (features.isEmpty()) {
            throw new IllegalArgumentException("a data set needs at least one feature column");
        }
        java.security.MessageDigest digest;
        try {
            digest = java.security.MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        StringBuilder content = new StringBuilder("in-memory-v1;").append(task.specName()).append(';').append(target);
        for (Column c : features) {
            if (c.size() != n) {
                throw new IllegalArgumentException("column '" + c.name() + "' has " + c.size() + " rows but the target has " + n);
            }
            content.append(';').append(c.name()).append(':').append(c.kind().specName());
        }
        digest.update(content.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        String[] ids = new String[n];
        for (int row = 0; row < n; row++) {
            ids[row] = Integer.toString(row + 1);
            StringBuilder r = new StringBuilder("\n").append(labels != null ? labels[row] : Double.toString(values[row]));
            for (Column c : features) {
                r.append('\u0001').append(c.value(row));
            }
            digest.update(r.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        return new Dataset(name, task, features, target, labels, values, ids, null,
                java.util.HexFormat.of().formatHex(digest.digest()));
    }

    /** @return the data file name, as the spec names it */
    public String source() {
        return source;
    }

    /** @return classification or regression */
    public Task task() {
        return task;
    }

    /** @return the feature columns, in model input order */
    public List<Column> features() {
        return features;
    }

    /**
     * @param name a feature column name
     * @return the column
     * @throws IllegalArgumentException naming the valid columns
     */
    public Column feature(String name) {
        for (Column c : features) {
            if (c.name().equals(name)) {
                return c;
            }
        }
        throw new IllegalArgumentException("no feature column '" + name + "'"
                + dev.mlops.util.Names.suggestion(name, features.stream().map(Column::name).toList()));
    }

    /** @return the target column's name */
    public String target() {
        return target;
    }

    /** @return the number of rows */
    public int size() {
        return rowIds.length;
    }

    /**
     * @param row row index
     * @return the row's label (classification)
     */
    public String label(int row) {
        requireTask(Task.CLASSIFICATION);
        return labels[row];
    }

    /**
     * @param row row index
     * @return the row's target value (regression)
     */
    public double value(int row) {
        requireTask(Task.REGRESSION);
        return values[row];
    }

    /** @return the distinct labels in sorted order (classification), as scikit-learn orders them */
    public List<String> labels() {
        requireTask(Task.CLASSIFICATION);
        return List.copyOf(new TreeSet<>(Arrays.asList(labels)));
    }

    /**
     * @param row row index
     * @return where the row came from: its line number, prefixed with the file name for rows of a separate test file
     */
    public String rowId(int row) {
        return rowIds[row];
    }

    /** @return sha256 (hex) over the schema and the bytes of every file read */
    public String fingerprint() {
        return fingerprint;
    }

    /** @return whether the test rows come from a separate test file */
    public boolean hasTestFile() {
        return fixedTest != null;
    }

    /**
     * Splits the rows as {@code spec} says: seeded, stratified by label for classification unless
     * turned off, or with the separate test file as the test part.
     *
     * @param spec           fractions and seed
     * @param withValidation whether to carve a validation part out of the training rows
     * @return the split
     * @throws DataException when a class has too few rows to stratify
     */
    public Split split(SplitSpec spec, boolean withValidation) {
        return Splitter.split(this, spec, withValidation, fixedTest);
    }

    /**
     * @param rows row indices
     * @return a data set of just those rows, in that order (fingerprint and source kept)
     */
    public Dataset select(int[] rows) {
        List<Column> cols = new ArrayList<>(features.size());
        for (Column c : features) {
            cols.add(c.select(rows));
        }
        String[] ids = new String[rows.length];
        String[] l = labels == null ? null : new String[rows.length];
        double[] v = values == null ? null : new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            ids[i] = rowIds[rows[i]];
            if (l != null) {
                l[i] = labels[rows[i]];
            }
            if (v != null) {
                v[i] = values[rows[i]];
            }
        }
        return new Dataset(source, task, cols, target, l, v, ids, null, fingerprint);
    }

    private void requireTask(Task expected) {
        if (task != expected) {
            throw new IllegalStateException("the data set is for " + task.specName() + ", not " + expected.specName());
        }
    }

    @Override
    public String toString() {
        return "Dataset[" + source + ", " + size() + " rows, target " + target + ", features " + features + "]";
    }
}
