package dev.mlops.data;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * How one feature column is read and encoded. In a spec file it is either just the kind
 * ({@code sepal_length: numeric}) or an object ({@code total_bedrooms: {kind: numeric, missing: impute-median}}).
 * Every field may be left out: the kind is then inferred from the data, the missing-value policy
 * comes from the dataset, and text columns use single words counted without weighting.
 *
 * @param kind         numeric, categorical or text; {@code null} to infer
 * @param missing      what to do with empty cells; {@code null} for the dataset's policy
 * @param fillValue    the value for {@link MissingPolicy#IMPUTE_CONSTANT}
 * @param ngrams       text only: the longest n-gram (1 = single words)
 * @param tfidf        text only: weight counts by smoothed inverse document frequency and L2-normalise
 * @param lowercase    text only: lower-case before tokenizing (default true)
 * @param minCount     text only: drop terms seen in fewer training documents than this (default 1)
 * @param maxVocabulary text only: keep at most this many terms, the most frequent (default 20000)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FeatureSpec(
        @JsonProperty("kind") ColumnKind kind,
        @JsonProperty("missing") MissingPolicy missing,
        @JsonProperty("fill_value") String fillValue,
        @JsonProperty("ngrams") Integer ngrams,
        @JsonProperty("tfidf") Boolean tfidf,
        @JsonProperty("lowercase") Boolean lowercase,
        @JsonProperty("min_count") Integer minCount,
        @JsonProperty("max_vocabulary") Integer maxVocabulary) {

    /** Validates the combination of fields. */
    @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
    public FeatureSpec {
        boolean textOptions = ngrams != null || tfidf != null || lowercase != null || minCount != null || maxVocabulary != null;
        if (textOptions && kind != null && kind != ColumnKind.TEXT) {
            throw new IllegalArgumentException("ngrams, tfidf, lowercase, min_count and max_vocabulary apply to text"
                    + " features only, but the kind is '" + kind.specName() + "'");
        }
        if (ngrams != null && (ngrams < 1 || ngrams > 5)) {
            throw new IllegalArgumentException("ngrams must be between 1 and 5, was " + ngrams);
        }
        if (minCount != null && minCount < 1) {
            throw new IllegalArgumentException("min_count must be at least 1, was " + minCount);
        }
        if (maxVocabulary != null && maxVocabulary < 1) {
            throw new IllegalArgumentException("max_vocabulary must be at least 1, was " + maxVocabulary);
        }
        if (missing == MissingPolicy.IMPUTE_CONSTANT && fillValue == null) {
            throw new IllegalArgumentException("missing: impute-constant needs a fill_value");
        }
    }

    /**
     * The short form of a spec file: only the kind.
     *
     * @param kind a kind name such as {@code numeric}
     * @return a spec with only the kind set
     */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static FeatureSpec of(String kind) {
        return of(ColumnKind.fromSpec(kind));
    }

    /**
     * A spec with only the kind set.
     *
     * @param kind the kind
     * @return the spec
     */
    public static FeatureSpec of(ColumnKind kind) {
        return new FeatureSpec(kind, null, null, null, null, null, null, null);
    }

    /** @return a spec with nothing set: kind inferred, dataset defaults */
    public static FeatureSpec inferred() {
        return of((ColumnKind) null);
    }

    /**
     * @param newKind the kind to use
     * @return this spec with the kind replaced
     */
    public FeatureSpec withKind(ColumnKind newKind) {
        return new FeatureSpec(newKind, missing, fillValue, ngrams, tfidf, lowercase, minCount, maxVocabulary);
    }

    /**
     * @param policy   the missing-value policy
     * @param newFill  the fill value for impute-constant
     * @return this spec with the missing-value handling replaced
     */
    public FeatureSpec withMissing(MissingPolicy policy, String newFill) {
        return new FeatureSpec(kind, policy, newFill, ngrams, tfidf, lowercase, minCount, maxVocabulary);
    }
}
