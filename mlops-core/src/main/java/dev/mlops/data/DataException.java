package dev.mlops.data;

import dev.mlops.MlopsException;

/**
 * Bad data: a malformed file, a value that does not fit its column, a missing target. The message
 * starts with {@code file:line} (and names the column) so that the offending cell can be found.
 */
public final class DataException extends MlopsException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception about data.
     *
     * @param message the complete message, starting with the location
     */
    public DataException(String message) {
        super(message);
    }

    /**
     * Creates an exception about one location of a file.
     *
     * @param file    the file, as the user named it
     * @param line    1-based line number, or 0 when the problem is not on one line
     * @param message what is wrong and what would be valid
     * @return the exception
     */
    static DataException at(String file, long line, String message) {
        return new DataException(line > 0 ? file + ":" + line + ": " + message : file + ": " + message);
    }
}
