package dev.mlops.drift;

import dev.mlops.util.Names;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads recent data for a drift check from a delimited file, typed by a reference profile: the
 * header row names the columns; every profiled feature must be there; a column named like the
 * profile's prediction is read as predictions; other columns are ignored. Comma-separated, or
 * tab-separated when the file name ends in .tsv; fields may be quoted with double quotes
 * (RFC 4180). Empty fields are missing, and so are NA, NaN and null in numeric columns.
 */
public final class DriftCsv {

    private static final Set<String> NUMERIC_MISSING = Set.of("", "na", "nan", "null");

    private DriftCsv() {
    }

    /**
     * Reads the file.
     *
     * @param file    the data file
     * @param profile the profile whose features to read
     * @return the columns
     * @throws IOException              when the file cannot be read
     * @throws IllegalArgumentException when the content does not fit the profile; the message
     *                                  names the file, line and column
     */
    public static DataColumns read(Path file, ReferenceProfile profile) throws IOException {
        char delimiter = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".tsv") ? '\t' : ',';
        List<List<String>> rows = new ArrayList<>();
        List<Integer> lineNumbers = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            parse(in, delimiter, file, rows, lineNumbers);
        }
        if (rows.isEmpty()) {
            throw new IllegalArgumentException(file + ": empty file, expected a header row");
        }
        List<String> header = rows.get(0);
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
            index.putIfAbsent(header.get(i).strip(), i);
        }
        for (int r = 1; r < rows.size(); r++) {
            if (rows.get(r).size() != header.size()) {
                throw new IllegalArgumentException(file + ":" + lineNumbers.get(r) + ": " + rows.get(r).size()
                    + " fields but the header has " + header.size());
            }
        }
        List<FeatureColumn> features = new ArrayList<>();
        for (FeatureProfile f : profile.features()) {
            Integer col = index.get(f.name());
            if (col == null) {
                throw new IllegalArgumentException(file + ": no column '" + f.name() + "' that the reference profile has"
                    + Names.suggestion(f.name(), header));
            }
            features.add(column(f, col, rows, lineNumbers, file));
        }
        FeatureColumn prediction = null;
        if (profile.prediction() != null && index.containsKey(profile.prediction().name())) {
            prediction = column(profile.prediction(), index.get(profile.prediction().name()), rows, lineNumbers, file);
        }
        return new DataColumns(features, prediction);
    }

    private static FeatureColumn column(FeatureProfile f, int col, List<List<String>> rows, List<Integer> lines, Path file) {
        int n = rows.size() - 1;
        if (f.kind() == FeatureKind.NUMERIC) {
            double[] values = new double[n];
            for (int r = 0; r < n; r++) {
                String s = rows.get(r + 1).get(col).strip();
                if (NUMERIC_MISSING.contains(s.toLowerCase(Locale.ROOT))) {
                    values[r] = Double.NaN;
                    continue;
                }
                try {
                    values[r] = Double.parseDouble(s);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(file + ":" + lines.get(r + 1) + ": column '" + f.name()
                        + "' is numeric but has '" + s + "'; expected a number or an empty field for missing");
                }
            }
            return FeatureColumn.numeric(f.name(), values);
        }
        String[] values = new String[n];
        for (int r = 0; r < n; r++) {
            String s = rows.get(r + 1).get(col);
            values[r] = s.isEmpty() ? null : s;
        }
        return f.kind() == FeatureKind.TEXT ? FeatureColumn.text(f.name(), values) : FeatureColumn.categorical(f.name(), values);
    }

    /** RFC 4180 fields: quotes around a field allow delimiters, newlines and doubled quotes in it. */
    private static void parse(BufferedReader in, char delimiter, Path file, List<List<String>> rows,
                              List<Integer> lineNumbers) throws IOException {
        List<String> row = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean fieldStarted = false;
        int line = 1;
        int rowLine = 1;
        int c;
        while ((c = in.read()) != -1) {
            char ch = (char) c;
            if (quoted) {
                if (ch == '"') {
                    in.mark(1);
                    int next = in.read();
                    if (next == '"') {
                        field.append('"');
                    } else {
                        quoted = false;
                        if (next != -1) {
                            in.reset();
                        }
                    }
                } else {
                    if (ch == '\n') {
                        line++;
                    }
                    field.append(ch);
                }
            } else if (ch == '"' && field.length() == 0 && !fieldStarted) {
                quoted = true;
                fieldStarted = true;
            } else if (ch == delimiter) {
                row.add(field.toString());
                field.setLength(0);
                fieldStarted = false;
            } else if (ch == '\n' || ch == '\r') {
                if (ch == '\r') {
                    in.mark(1);
                    if (in.read() != '\n') {
                        in.reset();
                    }
                }
                row.add(field.toString());
                field.setLength(0);
                fieldStarted = false;
                if (!(row.size() == 1 && row.get(0).isEmpty())) {
                    rows.add(row);
                    lineNumbers.add(rowLine);
                }
                row = new ArrayList<>();
                line++;
                rowLine = line;
            } else {
                field.append(ch);
                fieldStarted = true;
            }
        }
        if (quoted) {
            throw new IllegalArgumentException(file + ":" + rowLine + ": a quoted field is not closed");
        }
        if (fieldStarted || field.length() > 0 || !row.isEmpty()) {
            row.add(field.toString());
            rows.add(row);
            lineNumbers.add(rowLine);
        }
    }
}
