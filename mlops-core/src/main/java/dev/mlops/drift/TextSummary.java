package dev.mlops.drift;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Token statistics of a text feature's non-missing documents (see {@link Tokenizer}).
 *
 * @param documents         non-missing documents
 * @param tokens            tokens in all of them
 * @param distinctTokens    number of distinct tokens
 * @param topTokens         the most frequent tokens, by count descending then token
 * @param otherTokens       occurrences of all tokens not in {@code topTokens}
 * @param tokensPerDocument summary (with sample) of the number of tokens per document
 */
public record TextSummary(long documents, long tokens, long distinctTokens, List<CategoryCount> topTokens,
                          long otherTokens, NumericSummary tokensPerDocument) {

    /** Copies the list. */
    public TextSummary {
        topTokens = List.copyOf(topTokens);
    }

    static TextSummary of(String[] docs, int maxTokens, int sampleSize, long seed) {
        Map<String, Long> counts = new HashMap<>();
        double[] lengths = new double[docs.length];
        int n = 0;
        long total = 0;
        for (String d : docs) {
            if (d == null) {
                continue;
            }
            List<String> tokens = Tokenizer.tokens(d);
            for (String t : tokens) {
                counts.merge(t, 1L, Long::sum);
            }
            lengths[n++] = tokens.size();
            total += tokens.size();
        }
        List<CategoryCount> top = CategoricalSummary.topCounts(counts, maxTokens);
        long kept = top.stream().mapToLong(CategoryCount::count).sum();
        return new TextSummary(n, total, counts.size(), top, total - kept,
            NumericSummary.of(java.util.Arrays.copyOf(lengths, n), sampleSize, seed));
    }

    void validate(String where) {
        long sum = otherTokens;
        for (CategoryCount c : topTokens) {
            if (c.value() == null || c.count() <= 0) {
                throw new IllegalArgumentException(where + ": token " + c + " needs a value and a positive count");
            }
            sum += c.count();
        }
        if (otherTokens < 0 || sum != tokens || topTokens.size() > distinctTokens) {
            throw new IllegalArgumentException(where + ": token counts add up to " + sum + " but tokens=" + tokens);
        }
        if (tokensPerDocument == null || tokensPerDocument.count() != documents) {
            throw new IllegalArgumentException(where + ": tokensPerDocument must summarise all " + documents
                + " documents");
        }
        tokensPerDocument.validate(where + ".tokensPerDocument");
    }
}
