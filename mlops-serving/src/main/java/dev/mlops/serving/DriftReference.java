package dev.mlops.serving;

import dev.mlops.drift.CategoricalSummary;
import dev.mlops.drift.CategoryCount;
import dev.mlops.drift.FeatureProfile;
import dev.mlops.drift.ReferenceProfile;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The training distribution of each input feature, compared with a window of served records.
 * Numeric features are scored with the two-sample Kolmogorov-Smirnov statistic (the largest gap
 * between the two empirical distribution functions), categorical features with the total
 * variation distance between category shares (unseen categories pooled). Both lie in [0, 1]; 0 is
 * no drift. Scores only: the significance tests and verdicts belong to {@code dev.mlops.drift}, whose
 * {@link ReferenceProfile} of the training data (a bounded sample per numeric feature, counts per
 * category) a reference is built from with {@link #from(ReferenceProfile)}.
 */
final class DriftReference {

    /**
     * One feature's drift score.
     *
     * @param feature the feature
     * @param method  {@code ks} or {@code tvd}
     * @param score   the statistic in [0, 1]
     */
    record Score(String feature, String method, double score) {
    }

    /** The key under which categories the reference does not list are pooled. */
    private static final String UNSEEN = "\u0000unseen";

    private final Map<String, double[]> numeric;         // feature -> sorted training values
    private final Map<String, Map<String, Double>> shares; // feature -> category -> training share

    /**
     * @param numeric     training values per numeric feature (copied and sorted; NaN dropped)
     * @param categorical training values per categorical feature ({@code null} entries dropped)
     */
    DriftReference(Map<String, double[]> numeric, Map<String, String[]> categorical) {
        this(numeric, categorical, Map.of());
    }

    private DriftReference(Map<String, double[]> numeric, Map<String, String[]> categorical,
                           Map<String, Map<String, Double>> categoricalShares) {
        this.numeric = new LinkedHashMap<>();
        numeric.forEach((name, values) -> {
            double[] sorted = Arrays.stream(values).filter(v -> !Double.isNaN(v)).sorted().toArray();
            if (sorted.length > 0) {
                this.numeric.put(name, sorted);
            }
        });
        this.shares = new LinkedHashMap<>();
        categorical.forEach((name, values) -> {
            Map<String, Double> s = shares(values, null);
            if (!s.isEmpty()) {
                this.shares.put(name, s);
            }
        });
        this.shares.putAll(categoricalShares);
    }

    /**
     * A reference from a drift profile of the training data: each numeric feature's sample (all values
     * up to the profile's sample size), each categorical feature's category counts, with the
     * categories beyond the profile's limit pooled like unseen ones. Text features are left out.
     *
     * @param profile the profile
     * @return the reference
     */
    static DriftReference from(ReferenceProfile profile) {
        Map<String, double[]> numeric = new LinkedHashMap<>();
        Map<String, Map<String, Double>> shares = new LinkedHashMap<>();
        for (FeatureProfile f : profile.features()) {
            if (f.numeric() != null) {
                numeric.put(f.name(), f.numeric().sample());
            } else if (f.categorical() != null && f.categorical().count() > 0) {
                CategoricalSummary c = f.categorical();
                Map<String, Double> s = new HashMap<>();
                for (CategoryCount cc : c.categories()) {
                    s.put(cc.value(), cc.count() / (double) c.count());
                }
                if (c.otherCount() > 0) {
                    s.put(UNSEEN, c.otherCount() / (double) c.count());
                }
                shares.put(f.name(), s);
            }
        }
        return new DriftReference(numeric, Map.of(), shares);
    }

    /** @return the features this reference can score */
    List<String> features() {
        List<String> all = new ArrayList<>(numeric.keySet());
        all.addAll(shares.keySet());
        return all;
    }

    /**
     * Scores a window. Features with no values in the window are left out.
     *
     * @param windowNumeric     window values per numeric feature
     * @param windowCategorical window values per categorical feature
     * @return one score per feature the reference knows and the window has
     */
    List<Score> score(Map<String, double[]> windowNumeric, Map<String, String[]> windowCategorical) {
        List<Score> scores = new ArrayList<>();
        numeric.forEach((name, reference) -> {
            double[] w = windowNumeric.get(name);
            if (w != null && w.length > 0) {
                double[] sorted = w.clone();
                Arrays.sort(sorted);
                scores.add(new Score(name, "ks", ks(reference, sorted)));
            }
        });
        shares.forEach((name, reference) -> {
            String[] w = windowCategorical.get(name);
            if (w != null && w.length > 0) {
                scores.add(new Score(name, "tvd", tvd(reference, shares(w, reference))));
            }
        });
        return scores;
    }

    /** The two-sample KS statistic of two sorted samples; ties advance both sides together. */
    static double ks(double[] a, double[] b) {
        int i = 0;
        int j = 0;
        double d = 0;
        while (i < a.length && j < b.length) {
            double x = Math.min(a[i], b[j]);
            while (i < a.length && a[i] <= x) {
                i++;
            }
            while (j < b.length && b[j] <= x) {
                j++;
            }
            d = Math.max(d, Math.abs((double) i / a.length - (double) j / b.length));
        }
        return d;
    }

    /** Half the L1 distance between two share maps (missing keys are zero). */
    static double tvd(Map<String, Double> p, Map<String, Double> q) {
        double sum = 0;
        for (Map.Entry<String, Double> e : p.entrySet()) {
            sum += Math.abs(e.getValue() - q.getOrDefault(e.getKey(), 0.0));
        }
        for (Map.Entry<String, Double> e : q.entrySet()) {
            if (!p.containsKey(e.getKey())) {
                sum += e.getValue();
            }
        }
        return sum / 2;
    }

    /** Category shares; with a reference, categories it lacks are pooled under one key. */
    private static Map<String, Double> shares(String[] values, Map<String, Double> reference) {
        Map<String, Integer> counts = new HashMap<>();
        int n = 0;
        for (String v : values) {
            if (v != null) {
                String key = reference == null || reference.containsKey(v) ? v : UNSEEN;
                counts.merge(key, 1, Integer::sum);
                n++;
            }
        }
        Map<String, Double> shares = new HashMap<>();
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            shares.put(e.getKey(), e.getValue() / (double) n);
        }
        return shares;
    }
}
