package dev.mlops.evaluate;

/** Checks the row indices given to {@link Evaluation#restrictTo(int[])}. */
final class Rows {

    private Rows() {
    }

    static void check(int[] rows, int size) {
        if (rows == null || rows.length == 0) {
            throw new IllegalArgumentException("rows must name at least one row; an evaluation of zero rows is undefined");
        }
        for (int i = 0; i < rows.length; i++) {
            if (rows[i] < 0 || rows[i] >= size) {
                throw new IllegalArgumentException("rows[" + i + "] = " + rows[i] + " is out of range; this evaluation has "
                        + size + " rows (valid 0.." + (size - 1) + ")");
            }
        }
    }
}
