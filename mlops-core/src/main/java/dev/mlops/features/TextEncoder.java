package dev.mlops.features;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.mlops.data.ColumnKind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A text column as a bag of words or n-grams over a vocabulary fixed in training, with the same
 * definitions as scikit-learn's {@code CountVectorizer} / {@code TfidfVectorizer} defaults: tokens
 * are runs of two or more word characters, n-grams join tokens with a space, counts are raw term
 * counts, and TF-IDF uses the smoothed idf {@code ln((1 + n) / (1 + df)) + 1} followed by L2
 * normalisation. Features are named {@code column:term}; terms outside the vocabulary are ignored.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"column", "ngrams", "lowercase", "tfidf", "vocabulary", "idf", "fill"})
public final class TextEncoder implements FeatureEncoder {

    private static final Pattern TOKEN = Pattern.compile("(?U)\\b\\w\\w+\\b");

    private final String column;
    private final int ngrams;
    private final boolean lowercase;
    private final boolean tfidf;
    private final List<String> vocabulary;
    private final double[] idf;
    private final String fill;
    private final Map<String, Integer> index;
    private final List<String> featureNames;

    /**
     * @param column     the column name
     * @param ngrams     the longest n-gram
     * @param lowercase  whether text is lower-cased first
     * @param tfidf      whether counts are TF-IDF weighted and L2-normalised
     * @param vocabulary the terms, sorted
     * @param idf        inverse document frequency per term (parallel to vocabulary), required with tfidf
     * @param fill       the text used when the input is missing, or {@code null} when missing input is refused
     */
    @JsonCreator
    public TextEncoder(@JsonProperty("column") String column,
                       @JsonProperty("ngrams") int ngrams,
                       @JsonProperty("lowercase") boolean lowercase,
                       @JsonProperty("tfidf") boolean tfidf,
                       @JsonProperty("vocabulary") List<String> vocabulary,
                       @JsonProperty("idf") double[] idf,
                       @JsonProperty("fill") String fill) {
        this.column = Objects.requireNonNull(column, "column");
        this.ngrams = ngrams;
        this.lowercase = lowercase;
        this.tfidf = tfidf;
        this.vocabulary = List.copyOf(vocabulary);
        this.idf = idf == null ? null : idf.clone();
        this.fill = fill;
        if (tfidf && (idf == null || idf.length != vocabulary.size())) {
            throw new IllegalArgumentException("text encoder for '" + column + "': tfidf needs one idf value per vocabulary term");
        }
        this.index = new HashMap<>(vocabulary.size() * 2);
        for (int i = 0; i < vocabulary.size(); i++) {
            index.put(vocabulary.get(i), i);
        }
        this.featureNames = vocabulary.stream().map(t -> column + ":" + t).toList();
    }

    /**
     * Splits a text into its terms (tokens and n-grams) as training and prediction do.
     *
     * @param text      the text
     * @param ngrams    the longest n-gram
     * @param lowercase whether to lower-case first
     * @return the terms, in order of appearance, with repeats
     */
    public static List<String> terms(String text, int ngrams, boolean lowercase) {
        String s = lowercase ? text.toLowerCase(Locale.ROOT) : text;
        List<String> tokens = new ArrayList<>();
        Matcher m = TOKEN.matcher(s);
        while (m.find()) {
            tokens.add(m.group());
        }
        if (ngrams == 1) {
            return tokens;
        }
        List<String> terms = new ArrayList<>(tokens);
        for (int n = 2; n <= ngrams; n++) {
            for (int i = 0; i + n <= tokens.size(); i++) {
                terms.add(String.join(" ", tokens.subList(i, i + n)));
            }
        }
        return terms;
    }

    @Override
    @JsonProperty("column")
    public String column() {
        return column;
    }

    /** @return the longest n-gram */
    @JsonProperty("ngrams")
    public int ngrams() {
        return ngrams;
    }

    /** @return whether text is lower-cased first */
    @JsonProperty("lowercase")
    public boolean lowercase() {
        return lowercase;
    }

    /** @return whether counts are TF-IDF weighted */
    @JsonProperty("tfidf")
    public boolean tfidf() {
        return tfidf;
    }

    /** @return the vocabulary, sorted */
    @JsonProperty("vocabulary")
    public List<String> vocabulary() {
        return vocabulary;
    }

    /** @return the idf per term, or {@code null} without tfidf */
    @JsonProperty("idf")
    public double[] idf() {
        return idf == null ? null : idf.clone();
    }

    /** @return the fill text, or {@code null} */
    @JsonProperty("fill")
    public String fill() {
        return fill;
    }

    @Override
    @JsonIgnore
    public ColumnKind columnKind() {
        return ColumnKind.TEXT;
    }

    @Override
    public List<String> featureNames() {
        return featureNames;
    }

    @Override
    public void encode(Object value, FeatureSink sink) {
        String text = (String) value;
        if (text == null) {
            if (fill == null) {
                throw new InvalidRecordException(column, "field '" + column + "' is required (text)");
            }
            text = fill;
        }
        int[] counts = new int[vocabulary.size()];
        int[] seen = new int[16];
        int distinct = 0;
        for (String term : terms(text, ngrams, lowercase)) {
            Integer i = index.get(term);
            if (i != null) {
                if (counts[i]++ == 0) {
                    if (distinct == seen.length) {
                        seen = Arrays.copyOf(seen, distinct * 2);
                    }
                    seen[distinct++] = i;
                }
            }
        }
        int[] present = Arrays.copyOf(seen, distinct);
        Arrays.sort(present);
        double[] weights = new double[distinct];
        double norm = 0;
        for (int k = 0; k < distinct; k++) {
            int i = present[k];
            weights[k] = tfidf ? counts[i] * idf[i] : counts[i];
            norm += weights[k] * weights[k];
        }
        norm = Math.sqrt(norm);
        for (int k = 0; k < distinct; k++) {
            sink.add(featureNames.get(present[k]), tfidf ? weights[k] / norm : weights[k]);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TextEncoder t && column.equals(t.column) && ngrams == t.ngrams && lowercase == t.lowercase
                && tfidf == t.tfidf && vocabulary.equals(t.vocabulary) && Arrays.equals(idf, t.idf) && Objects.equals(fill, t.fill);
    }

    @Override
    public int hashCode() {
        return Objects.hash(column, ngrams, vocabulary);
    }

    @Override
    public String toString() {
        return "TextEncoder[" + column + ", " + vocabulary.size() + " terms, ngrams " + ngrams + (tfidf ? ", tfidf" : "") + "]";
    }
}
