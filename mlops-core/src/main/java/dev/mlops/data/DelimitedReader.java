package dev.mlops.data;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses CSV (RFC 4180: comma separated, fields optionally in double quotes, {@code ""} for a quote,
 * line breaks allowed inside quotes) and TSV (tab separated, no quoting: text such as sentences may
 * contain quotes). Tracks line numbers for error messages; skips blank lines and a UTF-8 byte order mark.
 */
final class DelimitedReader {

    private DelimitedReader() {
    }

    /**
     * @param source  file name for error messages
     * @param text    the file's content
     * @param tsv     tab separated without quoting (otherwise CSV)
     * @param header  whether the first line names the columns
     * @param columns names when there is no header line
     */
    static DelimitedTable read(String source, String text, boolean tsv, boolean header, List<String> columns) {
        if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
            text = text.substring(1);
        }
        List<String[]> records = new ArrayList<>();
        List<Long> starts = new ArrayList<>();
        if (tsv) {
            readTsv(text, records, starts);
        } else {
            readCsv(source, text, records, starts);
        }
        List<String> names;
        int first = 0;
        if (header) {
            if (records.isEmpty()) {
                throw DataException.at(source, 0, "the file is empty: expected a header line naming the columns");
            }
            names = List.of(records.get(0));
            first = 1;
            for (int i = 0; i < names.size(); i++) {
                String name = names.get(i).strip();
                if (name.isEmpty()) {
                    throw DataException.at(source, starts.get(0), "column " + (i + 1) + " of the header has no name");
                }
                if (names.subList(0, i).contains(name)) {
                    throw DataException.at(source, starts.get(0), "column name '" + name + "' appears twice in the header");
                }
            }
            names = names.stream().map(String::strip).toList();
        } else {
            if (columns.isEmpty()) {
                throw DataException.at(source, 0, "the file has no header line, so dataset.columns must name the columns");
            }
            names = List.copyOf(columns);
        }
        if (records.size() <= first) {
            throw DataException.at(source, 0, header ? "the file has a header but no data rows" : "the file is empty");
        }
        List<String[]> rows = new ArrayList<>(records.size() - first);
        long[] lines = new long[records.size() - first];
        for (int i = first; i < records.size(); i++) {
            String[] row = records.get(i);
            long line = starts.get(i);
            if (row.length != names.size()) {
                throw DataException.at(source, line, "expected " + names.size() + " columns (" + String.join(", ", names)
                        + ") but found " + row.length);
            }
            lines[i - first] = line;
            rows.add(row);
        }
        return new DelimitedTable(source, names, List.copyOf(rows), lines);
    }

    private static void readTsv(String text, List<String[]> records, List<Long> starts) {
        long line = 0;
        int pos = 0;
        while (pos < text.length()) {
            int end = text.indexOf('\n', pos);
            if (end < 0) {
                end = text.length();
            }
            line++;
            String content = text.substring(pos, end);
            if (content.endsWith("\r")) {
                content = content.substring(0, content.length() - 1);
            }
            pos = end + 1;
            if (content.isBlank()) {
                continue;
            }
            records.add(content.split("\t", -1));
            starts.add(line);
        }
    }

    private static void readCsv(String source, String text, List<String[]> records, List<Long> starts) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        long line = 1;
        long recordStart = 1;
        boolean inQuotes = false;
        boolean quoted = false;
        boolean recordHasContent = false;
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (inQuotes) {
                if (c == '"') {
                    if (i + 1 < n && text.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        inQuotes = false;
                    }
                } else {
                    if (c == '\n') {
                        line++;
                    }
                    field.append(c);
                }
                continue;
            }
            switch (c) {
                case '"' -> {
                    if (field.length() > 0 && !field.toString().isBlank()) {
                        throw DataException.at(source, line, "a quote inside an unquoted field: '" + field + "\"'"
                                + "; quote the whole field and double inner quotes (\"\")");
                    }
                    field.setLength(0);
                    inQuotes = true;
                    quoted = true;
                    recordHasContent = true;
                }
                case ',' -> {
                    fields.add(quoted ? field.toString() : field.toString().strip());
                    field.setLength(0);
                    quoted = false;
                    recordHasContent = true;
                }
                case '\r' -> {
                    // part of a CRLF line end; a lone CR is ignored too
                }
                case '\n' -> {
                    if (recordHasContent || field.length() > 0) {
                        fields.add(quoted ? field.toString() : field.toString().strip());
                        records.add(fields.toArray(String[]::new));
                        starts.add(recordStart);
                    }
                    fields.clear();
                    field.setLength(0);
                    quoted = false;
                    recordHasContent = false;
                    line++;
                    recordStart = line;
                }
                default -> {
                    if (quoted) {
                        if (!Character.isWhitespace(c)) {
                            throw DataException.at(source, line, "text after a closing quote: '" + c
                                    + "'; a quoted field must end at the next comma or line end");
                        }
                    } else {
                        field.append(c);
                        recordHasContent = true;
                    }
                }
            }
        }
        if (inQuotes) {
            throw DataException.at(source, recordStart, "a quoted field is never closed (missing '\"')");
        }
        if (recordHasContent || field.length() > 0) {
            fields.add(quoted ? field.toString() : field.toString().strip());
            records.add(fields.toArray(String[]::new));
            starts.add(recordStart);
        }
    }
}
