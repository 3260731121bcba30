package dev.mlops.drift;

import dev.mlops.data.ColumnKind;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What the reference data looked like for one feature (or for the model's predictions). Exactly
 * one of the summaries is present: the one for the feature's kind.
 *
 * @param name         feature name
 * @param kind         feature kind
 * @param rows         rows, missing included
 * @param missing      rows with a missing value
 * @param missingShare missing / rows (0 when there are no rows)
 * @param numeric      summary of a numeric feature, else null
 * @param categorical  summary of a categorical feature, else null
 * @param text         summary of a text feature, else null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FeatureProfile(String name, ColumnKind kind, long rows, long missing, double missingShare,
                             NumericSummary numeric, CategoricalSummary categorical, TextSummary text) {

    /**
     * Non-missing values in the reference.
     *
     * @return the count of values the tests compare against
     */
    public long valueCount() {
        return rows - missing;
    }

    static FeatureProfile of(FeatureColumn column, ProfileOptions options) {
        long seed = options.seed() ^ (column.name().hashCode() * 0x9E3779B97F4A7C15L);
        int rows = column.size();
        switch (column.kind()) {
            case NUMERIC -> {
                double[] raw = column.numbers();
                double[] present = new double[raw.length];
                int n = 0;
                for (double v : raw) {
                    if (!FeatureColumn.isMissing(v)) {
                        present[n++] = v;
                    }
                }
                NumericSummary s = NumericSummary.of(java.util.Arrays.copyOf(present, n), options.sampleSize(), seed);
                return new FeatureProfile(column.name(), ColumnKind.NUMERIC, rows, rows - n, share(rows - n, rows),
                    s, null, null);
            }
            case CATEGORICAL -> {
                CategoricalSummary s = CategoricalSummary.of(column.strings(), options.maxCategories());
                return new FeatureProfile(column.name(), ColumnKind.CATEGORICAL, rows, rows - s.count(),
                    share(rows - s.count(), rows), null, s, null);
            }
            case TEXT -> {
                TextSummary s = TextSummary.of(column.strings(), options.maxTokens(), options.sampleSize(), seed);
                return new FeatureProfile(column.name(), ColumnKind.TEXT, rows, rows - s.documents(),
                    share(rows - s.documents(), rows), null, null, s);
            }
            default -> throw new IllegalStateException("unknown kind " + column.kind());
        }
    }

    static double share(long part, long whole) {
        return whole == 0 ? 0 : (double) part / whole;
    }

    void validate(String where) {
        if (name == null || name.isBlank() || kind == null) {
            throw new IllegalArgumentException(where + ": name and kind are required");
        }
        if (rows < 0 || missing < 0 || missing > rows) {
            throw new IllegalArgumentException(where + ": need 0 <= missing <= rows, got missing=" + missing
                + ", rows=" + rows);
        }
        String w = where + " ('" + name + "')";
        int present = (numeric != null ? 1 : 0) + (categorical != null ? 1 : 0) + (text != null ? 1 : 0);
        boolean right = switch (kind) {
            case NUMERIC -> numeric != null;
            case CATEGORICAL -> categorical != null;
            case TEXT -> text != null;
        };
        if (present != 1 || !right) {
            throw new IllegalArgumentException(w + ": a " + kind.specName()
                + " feature needs exactly its '" + kind.specName() + "' summary");
        }
        long summarised = switch (kind) {
            case NUMERIC -> numeric.count();
            case CATEGORICAL -> categorical.count();
            case TEXT -> text.documents();
        };
        if (summarised != rows - missing) {
            throw new IllegalArgumentException(w + ": summary counts " + summarised + " values but rows - missing = "
                + (rows - missing));
        }
        switch (kind) {
            case NUMERIC -> numeric.validate(w + ".numeric");
            case CATEGORICAL -> categorical.validate(w + ".categorical");
            case TEXT -> text.validate(w + ".text");
            default -> throw new IllegalStateException();
        }
    }
}
