package dev.mlops.data;

import java.util.List;

/**
 * A delimited file as read: column names and rows of cells, each row with the line it starts on.
 * Cells are kept as text; an empty cell is the empty string.
 *
 * @param source  the file name used in error messages
 * @param columns the column names
 * @param rows    the rows, each as long as {@code columns}
 * @param lines   the 1-based line number each row starts on
 */
record RawTable(String source, List<String> columns, List<String[]> rows, long[] lines) {

    int size() {
        return rows.size();
    }

    int columnIndex(String name) {
        return columns.indexOf(name);
    }
}
