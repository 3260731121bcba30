package dev.mlops.drift;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Frequencies of a categorical feature's non-missing values (also used for the prediction
 * column of a classifier: class shares).
 *
 * @param count      non-missing values
 * @param distinct   number of distinct categories
 * @param categories the most frequent categories with their counts, by count descending then
 *                   name; all of them unless there were more than the profile's maxCategories
 * @param otherCount occurrences of the categories left out (0 when none were)
 */
public record CategoricalSummary(long count, long distinct, List<CategoryCount> categories, long otherCount) {

    /** Copies the list. */
    public CategoricalSummary {
        categories = List.copyOf(categories);
    }

    /**
     * Were some categories left out of the profile?
     *
     * @return true when {@link #categories()} is not complete
     */
    public boolean truncated() {
        return categories.size() < distinct;
    }

    static CategoricalSummary of(String[] values, int maxCategories) {
        Map<String, Long> counts = new HashMap<>();
        long n = 0;
        for (String v : values) {
            if (v != null) {
                counts.merge(v, 1L, Long::sum);
                n++;
            }
        }
        List<CategoryCount> top = topCounts(counts, maxCategories);
        long kept = top.stream().mapToLong(CategoryCount::count).sum();
        return new CategoricalSummary(n, counts.size(), top, n - kept);
    }

    /** The k most frequent entries, by count descending then value, as a deterministic list. */
    static List<CategoryCount> topCounts(Map<String, Long> counts, int k) {
        List<CategoryCount> all = new ArrayList<>(counts.size());
        counts.forEach((key, c) -> all.add(new CategoryCount(key, c)));
        all.sort((a, b) -> a.count() != b.count() ? Long.compare(b.count(), a.count()) : a.value().compareTo(b.value()));
        return all.size() > k ? new ArrayList<>(all.subList(0, k)) : all;
    }

    void validate(String where) {
        long total = otherCount;
        for (CategoryCount c : categories) {
            if (c.value() == null || c.count() <= 0) {
                throw new IllegalArgumentException(where + ": category " + c + " needs a value and a positive count");
            }
            total += c.count();
        }
        if (otherCount < 0 || total != count || categories.size() > distinct) {
            throw new IllegalArgumentException(where + ": categories add up to " + total + " (other " + otherCount
                + ") over " + categories.size() + " categories, but count=" + count + ", distinct=" + distinct);
        }
        if (categories.size() == distinct && otherCount != 0) {
            throw new IllegalArgumentException(where + ": otherCount must be 0 when every category is listed");
        }
    }
}
