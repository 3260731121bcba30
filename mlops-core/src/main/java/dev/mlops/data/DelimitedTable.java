package dev.mlops.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * A CSV or TSV file as read: column names and rows of text cells, each row with the line it starts
 * on (for error messages). An empty cell is the empty string. Immutable. The one parser of
 * delimited files in the library: data sets, drift checks and servers all read through it.
 */
public final class DelimitedTable {

    private final String source;
    private final List<String> columns;
    private final List<String[]> rows;
    private final long[] lines;

    DelimitedTable(String source, List<String> columns, List<String[]> rows, long[] lines) {
        this.source = source;
        this.columns = List.copyOf(columns);
        this.rows = rows;
        this.lines = lines;
    }

    /**
     * Reads a file.
     *
     * @param file    the file
     * @param source  its name in error messages (e.g. as the user wrote it)
     * @param tsv     tab separated without quoting; otherwise CSV with RFC 4180 quoting
     * @param header  whether the first line names the columns
     * @param columns the column names when there is no header line
     * @return the table
     * @throws IOException   when the file cannot be read
     * @throws DataException when it is not valid UTF-8 or not well-formed, naming the line
     */
    public static DelimitedTable read(Path file, String source, boolean tsv, boolean header, List<String> columns)
            throws IOException {
        return parse(source, decode(file, source), tsv, header, columns);
    }

    /**
     * Parses text already read.
     *
     * @param source  a name for error messages
     * @param text    the content
     * @param tsv     tab separated without quoting; otherwise CSV
     * @param header  whether the first line names the columns
     * @param columns the column names when there is no header line
     * @return the table
     * @throws DataException when the text is not well-formed, naming the line
     */
    public static DelimitedTable parse(String source, String text, boolean tsv, boolean header, List<String> columns) {
        return DelimitedReader.read(source, text, tsv, header, columns);
    }

    static String decode(Path file, String source) throws IOException {
        return decode(readBytes(file, source), source);
    }

    static byte[] readBytes(Path file, String source) throws IOException {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new DataException(source + ": file not found (looked for " + file.toAbsolutePath().normalize() + ")");
        }
    }

    static String decode(byte[] bytes, String source) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new DataException(source + ": is not valid UTF-8 text; convert it to UTF-8");
        }
    }

    /** @return the file name used in messages */
    public String source() {
        return source;
    }

    /** @return the column names */
    public List<String> columns() {
        return columns;
    }

    /** @return the number of data rows */
    public int size() {
        return rows.size();
    }

    /**
     * @param name a column name
     * @return its index, or -1
     */
    public int columnIndex(String name) {
        return columns.indexOf(name);
    }

    /**
     * @param row    row index
     * @param column column index
     * @return the cell's text, empty when the cell is empty
     */
    public String cell(int row, int column) {
        return rows.get(row)[column];
    }

    /**
     * @param row row index
     * @return the 1-based line the row starts on
     */
    public long line(int row) {
        return lines[row];
    }
}
