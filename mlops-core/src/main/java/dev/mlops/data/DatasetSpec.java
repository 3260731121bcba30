package dev.mlops.data;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where the data is and how to read it.
 *
 * @param file      the data file, relative to the spec file's folder
 * @param format    {@code csv} (comma separated, RFC 4180 quoting) or {@code tsv} (tab separated, no quoting);
 *                  {@code null} to infer from the file extension ({@code .tsv}/{@code .txt} mean tsv)
 * @param header    whether the first line names the columns; {@code null} means yes unless {@code columns} is given
 * @param columns   column names for a file without a header line
 * @param target    the column to predict
 * @param features  feature columns in order, with their kinds; empty means every column but the target
 *                  and the {@code exclude}d ones, kinds inferred
 * @param exclude   columns to ignore (identifiers, leaky columns)
 * @param missing   the default missing-value policy (default {@code error})
 * @param fillValue the default fill value for {@code impute-constant}
 * @param split     how to split into train, validation and test
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record DatasetSpec(
        @JsonProperty("file") String file,
        @JsonProperty("format") String format,
        @JsonProperty("header") Boolean header,
        @JsonProperty("columns") List<String> columns,
        @JsonProperty("target") String target,
        @JsonProperty("features") Map<String, FeatureSpec> features,
        @JsonProperty("exclude") List<String> exclude,
        @JsonProperty("missing") MissingPolicy missing,
        @JsonProperty("fill_value") String fillValue,
        @JsonProperty("split") SplitSpec split) {

    /** Fills defaults, validates and makes the collections immutable. */
    @JsonCreator
    public DatasetSpec {
        if (file == null || file.isBlank()) {
            throw new IllegalArgumentException("dataset.file is required: the path of the CSV or TSV file");
        }
        if (target == null || target.isBlank()) {
            throw new IllegalArgumentException("dataset.target is required: the name of the column to predict");
        }
        if (format != null && !format.equals("csv") && !format.equals("tsv")) {
            throw new IllegalArgumentException("dataset.format must be 'csv' or 'tsv', was '" + format + "'");
        }
        columns = columns == null ? List.of() : List.copyOf(columns);
        features = features == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(features));
        exclude = exclude == null ? List.of() : List.copyOf(exclude);
        missing = missing == null ? MissingPolicy.ERROR : missing;
        split = split == null ? SplitSpec.defaults() : split;
        if (missing == MissingPolicy.IMPUTE_CONSTANT && fillValue == null) {
            throw new IllegalArgumentException("dataset.missing: impute-constant needs dataset.fill_value");
        }
        if (features.containsKey(target)) {
            throw new IllegalArgumentException("dataset.target '" + target + "' is also listed in dataset.features");
        }
    }

    /**
     * A minimal spec: a CSV file with a header, every other column a feature of inferred kind.
     *
     * @param file   the CSV file
     * @param target the column to predict
     * @return the spec
     */
    public static DatasetSpec csv(String file, String target) {
        return new DatasetSpec(file, null, null, null, target, null, null, null, null, null);
    }

    /** @return the format, inferred from the file extension when not given */
    public String resolvedFormat() {
        if (format != null) {
            return format;
        }
        String lower = file.toLowerCase(java.util.Locale.ROOT);
        return lower.endsWith(".tsv") || lower.endsWith(".txt") ? "tsv" : "csv";
    }

    /** @return whether the first line of the file is a header */
    public boolean hasHeader() {
        return header != null ? header : columns.isEmpty();
    }

    /**
     * @param newSplit the split to use
     * @return this spec with the split replaced
     */
    public DatasetSpec withSplit(SplitSpec newSplit) {
        return new DatasetSpec(file, format, header, columns, target, features, exclude, missing, fillValue, newSplit);
    }
}
