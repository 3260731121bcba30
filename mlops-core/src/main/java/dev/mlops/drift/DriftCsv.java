package dev.mlops.drift;

import dev.mlops.data.ColumnKind;

import dev.mlops.util.Names;
import dev.mlops.data.DataException;
import dev.mlops.data.DelimitedTable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
     * @throws DataException when the content is malformed, has no data rows or does not fit the
     *                       profile; the message names the file, line and column (the data reader
     *                       refuses a file with a header and no rows)
     */
    public static DataColumns read(Path file, ReferenceProfile profile) throws IOException {
        return readWithLines(file, profile).columns();
    }

    /**
     * The columns and, for messages about a row, the line each row starts on.
     *
     * @param columns the data read
     * @param source  the file name for messages
     * @param lines   the 1-based line of each row
     */
    record Rows(DataColumns columns, String source, long[] lines) {
    }

    static Rows readWithLines(Path file, ReferenceProfile profile) throws IOException {
        boolean tsv = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".tsv");
        DelimitedTable table = DelimitedTable.read(file, file.toString(), tsv, true, List.of());
        List<String> header = table.columns();
        List<FeatureColumn> features = new ArrayList<>();
        for (FeatureProfile f : profile.features()) {
            int col = table.columnIndex(f.name());
            if (col < 0) {
                throw new DataException(file + ": no column '" + f.name() + "' that the reference profile has"
                    + Names.suggestion(f.name(), header));
            }
            features.add(column(f, col, table));
        }
        FeatureColumn prediction = null;
        if (profile.prediction() != null && table.columnIndex(profile.prediction().name()) >= 0) {
            prediction = column(profile.prediction(), table.columnIndex(profile.prediction().name()), table);
        }
        long[] lines = new long[table.size()];
        for (int r = 0; r < lines.length; r++) {
            lines[r] = table.line(r);
        }
        return new Rows(new DataColumns(features, prediction), table.source(), lines);
    }

    private static FeatureColumn column(FeatureProfile f, int col, DelimitedTable table) {
        int n = table.size();
        if (f.kind() == ColumnKind.NUMERIC) {
            double[] values = new double[n];
            for (int r = 0; r < n; r++) {
                String s = table.cell(r, col).strip();
                if (NUMERIC_MISSING.contains(s.toLowerCase(Locale.ROOT))) {
                    values[r] = Double.NaN;
                    continue;
                }
                try {
                    values[r] = Double.parseDouble(s);
                } catch (NumberFormatException e) {
                    throw new DataException(table.source() + ":" + table.line(r) + ": column '" + f.name()
                        + "' is numeric but has '" + s + "'; expected a number or an empty field for missing");
                }
            }
            return FeatureColumn.numeric(f.name(), values);
        }
        String[] values = new String[n];
        for (int r = 0; r < n; r++) {
            String s = table.cell(r, col);
            values[r] = s.isEmpty() ? null : s;
        }
        return f.kind() == ColumnKind.TEXT ? FeatureColumn.text(f.name(), values) : FeatureColumn.categorical(f.name(), values);
    }
}
