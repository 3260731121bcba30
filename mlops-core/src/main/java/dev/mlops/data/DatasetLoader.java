package dev.mlops.data;

import dev.mlops.util.Names;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Turns a {@link DatasetSpec} into a typed {@link Dataset}. */
final class DatasetLoader {

    /** Below this share of numbers a column with some non-numbers is text; above it, a typo. */
    private static final double NUMERIC_LOOKALIKE_SHARE = 0.9;

    private DatasetLoader() {
    }

    static Dataset load(DatasetSpec spec, Path baseDir, Task task) throws IOException {
        MessageDigest digest = sha256();
        DelimitedTable main = readTable(spec, spec.file(), baseDir, digest);
        DelimitedTable test = null;
        String testFile = spec.split().testFile();
        if (testFile != null) {
            test = readTable(spec, testFile, baseDir, digest);
            if (!test.columns().equals(main.columns())) {
                throw DataException.at(testFile, 1, "the test file's columns " + test.columns()
                        + " differ from the data file's " + main.columns());
            }
        }
        Map<String, FeatureSpec> declared = resolveFeatureNames(spec, main);
        List<String> names = new ArrayList<>(declared.keySet());

        // Rows dropped for empty cells (drop-row) are decided before kinds are inferred.
        int targetIndex = main.columnIndex(spec.target());
        List<RowRef> rows = new ArrayList<>();
        collectRows(spec, main, declared, targetIndex, false, rows);
        int trainRows = rows.size();
        if (test != null) {
            collectRows(spec, test, declared, targetIndex, true, rows);
        }
        if (trainRows == 0) {
            throw DataException.at(spec.file(), 0, "no rows left after dropping rows with empty cells (missing: drop-row)");
        }

        List<Column> columns = new ArrayList<>(names.size());
        for (String name : names) {
            columns.add(buildColumn(name, declared.get(name), spec, main.columnIndex(name), rows));
        }
        String[] labels = null;
        double[] values = null;
        if (task == Task.CLASSIFICATION) {
            labels = new String[rows.size()];
            for (int i = 0; i < rows.size(); i++) {
                labels[i] = rows.get(i).cell(targetIndex).strip();
            }
        } else {
            values = new double[rows.size()];
            for (int i = 0; i < rows.size(); i++) {
                RowRef r = rows.get(i);
                Double v = parseNumber(r.cell(targetIndex));
                if (v == null || v.isNaN() || v.isInfinite()) {
                    throw DataException.at(r.table.source(), r.line(), "target column '" + spec.target()
                            + "' must be a finite number for regression, but is '" + r.cell(targetIndex) + "'");
                }
                values[i] = v;
            }
        }
        String[] ids = new String[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            RowRef r = rows.get(i);
            ids[i] = r.fromTestFile ? r.table.source() + ":" + r.line() : Long.toString(r.line());
        }
        int[] fixedTest = null;
        if (test != null) {
            fixedTest = new int[rows.size() - trainRows];
            for (int i = 0; i < fixedTest.length; i++) {
                fixedTest[i] = trainRows + i;
            }
        }
        digest.update(schemaDescription(task, spec.target(), columns).getBytes(StandardCharsets.UTF_8));
        String fingerprint = HexFormat.of().formatHex(digest.digest());
        return new Dataset(spec.file(), task, columns, spec.target(), labels, values, ids, fixedTest, fingerprint);
    }

    private static DelimitedTable readTable(DatasetSpec spec, String file, Path baseDir, MessageDigest digest) throws IOException {
        byte[] bytes = DelimitedTable.readBytes(baseDir.resolve(file), file);
        String text = DelimitedTable.decode(bytes, file);
        digest.update((file.length() + ":" + bytes.length + ":").getBytes(StandardCharsets.UTF_8));
        digest.update(bytes);
        boolean tsv = "tsv".equals(spec.resolvedFormat());
        return DelimitedTable.parse(file, text, tsv, spec.hasHeader(), spec.columns());
    }

    private static Map<String, FeatureSpec> resolveFeatureNames(DatasetSpec spec, DelimitedTable table) {
        List<String> available = table.columns();
        if (!available.contains(spec.target())) {
            throw DataException.at(spec.file(), 1, "target column '" + spec.target() + "' not found"
                    + Names.suggestion(spec.target(), available));
        }
        for (String excluded : spec.exclude()) {
            if (!available.contains(excluded)) {
                throw DataException.at(spec.file(), 1, "dataset.exclude names column '" + excluded + "', which is not in the file"
                        + Names.suggestion(excluded, available));
            }
        }
        Map<String, FeatureSpec> out = new LinkedHashMap<>();
        if (spec.features().isEmpty()) {
            for (String name : available) {
                if (!name.equals(spec.target()) && !spec.exclude().contains(name)) {
                    out.put(name, FeatureSpec.inferred());
                }
            }
            if (out.isEmpty()) {
                throw DataException.at(spec.file(), 1, "no feature columns: the file has only the target column");
            }
        } else {
            for (Map.Entry<String, FeatureSpec> e : spec.features().entrySet()) {
                if (!available.contains(e.getKey())) {
                    throw DataException.at(spec.file(), 1, "feature column '" + e.getKey() + "' not found"
                            + Names.suggestion(e.getKey(), available));
                }
                out.put(e.getKey(), e.getValue() == null ? FeatureSpec.inferred() : e.getValue());
            }
        }
        return out;
    }

    private static void collectRows(DatasetSpec spec, DelimitedTable table, Map<String, FeatureSpec> features,
                                    int targetIndex, boolean fromTestFile, List<RowRef> out) {
        int[] indices = features.keySet().stream().mapToInt(table::columnIndex).toArray();
        MissingPolicy[] policies = features.values().stream().map(f -> f.missing() != null ? f.missing() : spec.missing())
                .toArray(MissingPolicy[]::new);
        rows:
        for (int r = 0; r < table.size(); r++) {
            if (table.cell(r, targetIndex).isBlank()) {
                if (spec.missing() == MissingPolicy.DROP_ROW) {
                    continue;
                }
                throw DataException.at(table.source(), table.line(r), "the target column '" + spec.target()
                        + "' is empty; fix the row or set dataset.missing: drop-row to skip such rows");
            }
            for (int f = 0; f < indices.length; f++) {
                if (policies[f] == MissingPolicy.DROP_ROW && isMissing(table.cell(r, indices[f]))) {
                    continue rows;
                }
            }
            out.add(new RowRef(table, r, fromTestFile));
        }
    }

    private static Column buildColumn(String name, FeatureSpec spec, DatasetSpec dataset, int index, List<RowRef> rows) {
        ColumnKind kind = spec.kind() != null ? spec.kind() : inferKind(name, index, rows);
        FeatureSpec resolved = spec.withKind(kind);
        if (resolved.missing() == null) {
            resolved = resolved.withMissing(defaultPolicy(dataset.missing(), kind), dataset.fillValue());
        }
        if (resolved.missing() == MissingPolicy.ERROR) {
            for (RowRef r : rows) {
                if (isMissing(r.cell(index))) {
                    throw DataException.at(r.table.source(), r.line(), "column '" + name + "' is empty;"
                            + " choose a missing-value policy for it (features." + name + ".missing or dataset.missing):"
                            + " drop-row, impute-mean, impute-median, impute-most-frequent or impute-constant");
                }
            }
        }
        if (kind == ColumnKind.NUMERIC) {
            if (resolved.missing() == MissingPolicy.IMPUTE_MOST_FREQUENT) {
                throw new DataException(dataset.file() + ": column '" + name + "' is numeric; use impute-mean,"
                        + " impute-median or impute-constant instead of impute-most-frequent");
            }
            double[] values = new double[rows.size()];
            for (int i = 0; i < rows.size(); i++) {
                RowRef r = rows.get(i);
                String cell = r.cell(index);
                if (isMissing(cell)) {
                    values[i] = Double.NaN;
                    continue;
                }
                Double v = parseNumber(cell);
                if (v == null || v.isInfinite()) {
                    throw DataException.at(r.table.source(), r.line(), "column '" + name + "' is numeric but has '"
                            + cell.strip() + "'" + (v == null ? "; use a number such as 1.5, or declare the column categorical"
                            : "; only finite numbers are valid"));
                }
                values[i] = v;
            }
            if (resolved.missing() == MissingPolicy.IMPUTE_CONSTANT) {
                if (parseNumber(resolved.fillValue()) == null) {
                    throw new DataException(dataset.file() + ": fill_value '" + resolved.fillValue()
                            + "' for numeric column '" + name + "' is not a number");
                }
            }
            return Column.numeric(name, resolved, values);
        }
        if (resolved.missing() == MissingPolicy.IMPUTE_MEAN || resolved.missing() == MissingPolicy.IMPUTE_MEDIAN) {
            throw new DataException(dataset.file() + ": column '" + name + "' is " + kind.specName() + "; "
                    + resolved.missing().specName() + " needs numbers: use impute-most-frequent or impute-constant");
        }
        String[] values = new String[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            String cell = rows.get(i).cell(index);
            values[i] = cell.isBlank() ? null : (kind == ColumnKind.CATEGORICAL ? cell.strip() : cell);
        }
        return Column.strings(name, resolved, values);
    }

    /**
     * The dataset-wide policy applies where it fits the column's kind: mean and median imputation to
     * numeric columns, most-frequent to categorical and text ones. Elsewhere the column refuses empty
     * cells, which matters only if it has any.
     */
    private static MissingPolicy defaultPolicy(MissingPolicy policy, ColumnKind kind) {
        boolean numericOnly = policy == MissingPolicy.IMPUTE_MEAN || policy == MissingPolicy.IMPUTE_MEDIAN;
        boolean textOnly = policy == MissingPolicy.IMPUTE_MOST_FREQUENT;
        if (numericOnly && kind != ColumnKind.NUMERIC || textOnly && kind == ColumnKind.NUMERIC) {
            return MissingPolicy.ERROR;
        }
        return policy;
    }

    /**
     * Numbers when every non-empty cell is one; a clear error when nearly all are (a typo rather than
     * a categorical column); otherwise text when cells hold several words on average, else categorical.
     */
    private static ColumnKind inferKind(String name, int index, List<RowRef> rows) {
        int present = 0;
        int numeric = 0;
        RowRef firstNonNumeric = null;
        long words = 0;
        Set<String> distinct = new java.util.HashSet<>();
        for (RowRef r : rows) {
            String cell = r.cell(index);
            if (isMissing(cell)) {
                continue;
            }
            present++;
            if (parseNumber(cell) != null) {
                numeric++;
            } else if (firstNonNumeric == null) {
                firstNonNumeric = r;
            }
            words += cell.strip().split("\\s+").length;
            if (distinct.size() <= rows.size() / 2 + 1) {
                distinct.add(cell.strip());
            }
        }
        if (present == 0) {
            throw new DataException(rows.get(0).table.source() + ": column '" + name + "' is empty in every row;"
                    + " exclude it (dataset.exclude) or declare its kind");
        }
        if (numeric == present) {
            return ColumnKind.NUMERIC;
        }
        if (numeric >= NUMERIC_LOOKALIKE_SHARE * present) {
            throw DataException.at(firstNonNumeric.table.source(), firstNonNumeric.line(), "column '" + name
                    + "' looks numeric (" + numeric + " of " + present + " values are numbers) but has '"
                    + firstNonNumeric.cell(index).strip() + "'; fix the value, or declare features." + name
                    + ": categorical if that is intended");
        }
        double wordsPerCell = (double) words / present;
        return wordsPerCell >= 3.0 ? ColumnKind.TEXT : ColumnKind.CATEGORICAL;
    }

    /** Only empty cells are missing: "NA" may be a real category (North America), and "NaN" in a numeric column is refused. */
    static boolean isMissing(String cell) {
        return cell.isBlank();
    }

    static Double parseNumber(String cell) {
        String s = cell.strip();
        if (s.isEmpty()) {
            return null;
        }
        String lower = s.toLowerCase(Locale.ROOT);
        char c = s.charAt(0);
        // Double.parseDouble accepts hex floats and a trailing 'd'/'f'; data files mean neither.
        if (!(Character.isDigit(c) || c == '-' || c == '+' || c == '.') || lower.endsWith("d") || lower.endsWith("f")
                || lower.contains("x")) {
            return lower.equals("inf") || lower.equals("infinity") ? Double.POSITIVE_INFINITY : null;
        }
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String schemaDescription(Task task, String target, List<Column> columns) {
        StringBuilder sb = new StringBuilder("schema-v1;task=").append(task.specName()).append(";target=").append(target);
        for (Column c : columns) {
            FeatureSpec s = c.spec();
            sb.append(';').append(c.name()).append(':').append(c.kind().specName()).append(':').append(s.missing().specName());
            if (s.fillValue() != null) {
                sb.append('=').append(s.fillValue());
            }
        }
        return sb.toString();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    private record RowRef(DelimitedTable table, int row, boolean fromTestFile) {
        String cell(int column) {
            return table.cell(row, column);
        }

        long line() {
            return table.line(row);
        }
    }
}
