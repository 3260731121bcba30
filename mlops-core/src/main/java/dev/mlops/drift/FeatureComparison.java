package dev.mlops.drift;

import dev.mlops.data.ColumnKind;

import dev.mlops.drift.stats.Binning;
import dev.mlops.drift.stats.ChiSquare;
import dev.mlops.drift.stats.Distances;
import dev.mlops.util.DoubleSort;
import dev.mlops.drift.stats.KolmogorovSmirnov;
import dev.mlops.drift.stats.ProportionTest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Compares one feature's current values with its reference profile. */
final class FeatureComparison {

    /** Label of the bucket holding categories or tokens the profile did not keep individually. */
    static final String OTHER = "(other)";

    private FeatureComparison() {
    }

    /**
     * Counts per label on both sides, labels in a fixed order (sorted, then the other bucket).
     */
    private record Table(List<String> labels, long[] reference, long[] current) {

        long referenceTotal() {
            return Arrays.stream(reference).sum();
        }

        long currentTotal() {
            return Arrays.stream(current).sum();
        }
    }

    static FeatureDrift compare(FeatureProfile ref, FeatureColumn column, DriftSpec.FeatureSetting setting,
                                DriftSpec spec) {
        return switch (ref.kind()) {
            case NUMERIC -> numeric(ref, column, setting);
            case CATEGORICAL -> categorical(ref, column, setting);
            case TEXT -> text(ref, column, setting, spec.textVocabulary());
        };
    }

    // ---- numeric ----------------------------------------------------------------------------

    private static FeatureDrift numeric(FeatureProfile ref, FeatureColumn column, DriftSpec.FeatureSetting setting) {
        double[] raw = column.numbers();
        double[] cur = presentSorted(raw);
        Context ctx = new Context(ref, raw.length, cur.length);
        NumericSummary rs = ref.numeric();
        if (rs.count() == 0 || cur.length == 0) {
            return ctx.untested(rs.count() == 0 ? "the reference has no values" : "the current data has no values");
        }
        long distinct = rs.values().isEmpty() ? rs.distinct() : unionDistinct(rs.values(), cur);
        DriftMethod method = chosen(setting, ColumnKind.NUMERIC, rs.count(), distinct);
        return numericWith(method, ctx, rs, cur, setting, "");
    }

    /** Numeric comparison of sorted current values against a numeric summary. */
    private static FeatureDrift numericWith(DriftMethod method, Context ctx, NumericSummary rs, double[] cur,
                                            DriftSpec.FeatureSetting setting, String what) {
        double[] sample = rs.sortedSample();
        String sampleNote = sample.length < rs.count()
            ? "; reference sample of " + sample.length + " of " + rs.count() + " values" : "";
        switch (method) {
            case KS -> {
                KolmogorovSmirnov.Result r = KolmogorovSmirnov.testSorted(sample, cur);
                String how = r.method() == KolmogorovSmirnov.PValueMethod.EXACT ? "exact p-value"
                    : "asymptotic p-value (kstwo, n = " + (long) Math.rint((double) sample.length * cur.length
                        / ((double) sample.length + cur.length)) + ")";
                return ctx.pValue(method, setting, r.statistic(), r.pValue(), what + how + sampleNote);
            }
            case WASSERSTEIN -> {
                double d = Distances.wassersteinNormed(sample, cur, rs.std());
                return ctx.distance(method, setting, d, what + "normalised by reference std " + rs.std() + sampleNote);
            }
            case PSI, JENSENSHANNON -> {
                if (rs.distinct() > NumericSummary.MAX_EXACT_VALUES) {
                    double[] edges = Binning.sturgesEdges(Math.min(rs.min(), cur[0]), Math.max(rs.max(), cur[cur.length - 1]),
                        rs.count() + cur.length);
                    double[] r = Binning.shares(Binning.histogram(sample, edges), sample.length);
                    double[] c = Binning.shares(Binning.histogram(cur, edges), cur.length);
                    return shareDistance(method, ctx, setting, r, c,
                        what + (edges.length - 1) + " Sturges bins" + sampleNote);
                }
                return tableTest(method, ctx, setting, valueTable(rs, cur), what + "shares of distinct values");
            }
            default -> {
                return tableTest(method, ctx, setting, valueTable(rs, cur), what + "counts of distinct values"
                    + (rs.values().isEmpty() ? sampleNote : ""));
            }
        }
    }

    /** Distinct values of the reference (exact counts, or the sample) and of the current data. */
    private static Table valueTable(NumericSummary rs, double[] cur) {
        TreeMap<Double, long[]> counts = new TreeMap<>();
        if (!rs.values().isEmpty()) {
            for (NumericSummary.ValueCount vc : rs.values()) {
                counts.computeIfAbsent(vc.value(), k -> new long[2])[0] += vc.count();
            }
        } else {
            for (double v : rs.sortedSample()) {
                counts.computeIfAbsent(v, k -> new long[2])[0]++;
            }
        }
        for (double v : cur) {
            counts.computeIfAbsent(v, k -> new long[2])[1]++;
        }
        List<String> labels = new ArrayList<>();
        long[] r = new long[counts.size()];
        long[] c = new long[counts.size()];
        int i = 0;
        for (Map.Entry<Double, long[]> e : counts.entrySet()) {
            labels.add(String.valueOf(e.getKey()));
            r[i] = e.getValue()[0];
            c[i] = e.getValue()[1];
            i++;
        }
        return new Table(labels, r, c);
    }

    private static double[] presentSorted(double[] raw) {
        double[] out = new double[raw.length];
        int n = 0;
        for (double v : raw) {
            if (!FeatureColumn.isMissing(v)) {
                out[n++] = v;
            }
        }
        double[] present = n == raw.length ? out : Arrays.copyOf(out, n);
        DoubleSort.sort(present);
        return present;
    }

    /** Distinct values in the union of the exact reference values and the sorted current values. */
    private static long unionDistinct(List<NumericSummary.ValueCount> refValues, double[] cur) {
        Set<Double> all = new HashSet<>();
        refValues.forEach(vc -> all.add(vc.value()));
        for (int i = 0; i < cur.length; i++) {
            if (i == 0 || cur[i] != cur[i - 1]) {
                all.add(cur[i]);
                if (all.size() > NumericSummary.MAX_EXACT_VALUES + 1) {
                    break;
                }
            }
        }
        return all.size();
    }

    // ---- categorical --------------------------------------------------------------------------

    private static FeatureDrift categorical(FeatureProfile ref, FeatureColumn column, DriftSpec.FeatureSetting setting) {
        String[] raw = column.strings();
        Map<String, Long> curCounts = new HashMap<>();
        int present = 0;
        for (String v : raw) {
            if (v != null) {
                curCounts.merge(v, 1L, Long::sum);
                present++;
            }
        }
        Context ctx = new Context(ref, raw.length, present);
        CategoricalSummary rs = ref.categorical();
        if (rs.count() == 0 || present == 0) {
            return ctx.untested(rs.count() == 0 ? "the reference has no values" : "the current data has no values");
        }
        Table table = countTable(rs.categories(), rs.otherCount(), rs.truncated(), curCounts);
        long distinct = rs.truncated() ? rs.distinct() : table.labels().size();
        DriftMethod method = chosen(setting, ColumnKind.CATEGORICAL, rs.count(), distinct);
        String note = rs.truncated() ? "categories beyond the profile's " + rs.categories().size()
            + " most frequent pooled as " + OTHER : "category shares";
        return tableTest(method, ctx, setting, table, note);
    }

    /**
     * Reference counts of the kept labels (plus the other bucket when some were left out) against
     * current counts. When the profile is complete, current labels it lacks get reference count 0
     * (as Evidently's union of keys); otherwise they fall into the other bucket.
     */
    private static Table countTable(List<CategoryCount> kept, long otherCount, boolean pooled, Map<String, Long> cur) {
        TreeMap<String, long[]> counts = new TreeMap<>();
        for (CategoryCount c : kept) {
            counts.put(c.value(), new long[] {c.count(), 0});
        }
        long curOther = 0;
        for (Map.Entry<String, Long> e : cur.entrySet()) {
            long[] slot = counts.get(e.getKey());
            if (slot != null) {
                slot[1] += e.getValue();
            } else if (pooled) {
                curOther += e.getValue();
            } else {
                counts.put(e.getKey(), new long[] {0, e.getValue()});
            }
        }
        List<String> labels = new ArrayList<>(counts.keySet());
        boolean other = pooled && (otherCount > 0 || curOther > 0);
        int size = labels.size() + (other ? 1 : 0);
        long[] r = new long[size];
        long[] c = new long[size];
        for (int i = 0; i < labels.size(); i++) {
            long[] slot = counts.get(labels.get(i));
            r[i] = slot[0];
            c[i] = slot[1];
        }
        if (other) {
            labels.add(OTHER);
            r[size - 1] = otherCount;
            c[size - 1] = curOther;
        }
        return new Table(labels, r, c);
    }

    // ---- text ---------------------------------------------------------------------------------

    private static FeatureDrift text(FeatureProfile ref, FeatureColumn column, DriftSpec.FeatureSetting setting,
                                     int vocabulary) {
        String[] raw = column.strings();
        TextSummary ts = ref.text();
        Map<String, Long> tokenCounts = new HashMap<>();
        double[] lengths = new double[raw.length];
        int docs = 0;
        for (String d : raw) {
            if (d == null) {
                continue;
            }
            List<String> tokens = Tokenizer.tokens(d);
            for (String t : tokens) {
                tokenCounts.merge(t, 1L, Long::sum);
            }
            lengths[docs++] = tokens.size();
        }
        Context ctx = new Context(ref, raw.length, docs);
        DriftMethod method = setting != null && setting.method() != null ? setting.method() : DriftMethod.JENSENSHANNON;
        if (ts.documents() == 0 || docs == 0) {
            return ctx.untested(ts.documents() == 0 ? "the reference has no documents" : "the current data has no documents");
        }
        if (method == DriftMethod.KS || method == DriftMethod.WASSERSTEIN) {
            double[] cur = Arrays.copyOf(lengths, docs);
            Arrays.sort(cur);
            return numericWith(method, ctx, ts.tokensPerDocument(), cur, setting, "tokens per document; ");
        }
        List<CategoryCount> vocab = ts.topTokens().subList(0, Math.min(vocabulary, ts.topTokens().size()));
        long keptCount = vocab.stream().mapToLong(CategoryCount::count).sum();
        Table table = countTable(vocab, ts.tokens() - keptCount, true, tokenCounts);
        if (table.referenceTotal() == 0 || table.currentTotal() == 0) {
            return ctx.untested((table.referenceTotal() == 0 ? "the reference" : "the current data") + " has no tokens");
        }
        return tableTest(method, ctx, setting, table, "token shares over the " + vocab.size()
            + " most frequent reference tokens and " + OTHER);
    }

    // ---- shared -------------------------------------------------------------------------------

    private static DriftMethod chosen(DriftSpec.FeatureSetting setting, ColumnKind kind, long refValues, long distinct) {
        if (setting != null && setting.method() != null) {
            return setting.method();
        }
        return MethodSelector.defaultMethod(kind, refValues, distinct);
    }

    private static FeatureDrift tableTest(DriftMethod method, Context ctx, DriftSpec.FeatureSetting setting,
                                          Table t, String note) {
        long nr = t.referenceTotal();
        long nc = t.currentTotal();
        int k = t.labels().size();
        switch (method) {
            case CHISQUARE -> {
                double[] obs = new double[k];
                double[] exp = new double[k];
                double norm = (double) nc / nr;
                for (int i = 0; i < k; i++) {
                    obs[i] = t.current()[i];
                    exp[i] = t.reference()[i] * norm;
                }
                ChiSquare.Result r = ChiSquare.goodnessOfFit(obs, exp);
                return ctx.pValue(method, setting, r.statistic(), r.pValue(), note + "; " + r.degreesOfFreedom() + " dof");
            }
            case CHI2_CONTINGENCY -> {
                double[][] table = new double[2][k];
                for (int i = 0; i < k; i++) {
                    table[0][i] = t.reference()[i];
                    table[1][i] = t.current()[i];
                }
                ChiSquare.Result r = ChiSquare.contingency(table);
                return ctx.pValue(method, setting, r.statistic(), r.pValue(), note + "; " + r.degreesOfFreedom() + " dof"
                    + (r.degreesOfFreedom() == 1 ? ", Yates-corrected" : ""));
            }
            case Z -> {
                // Evidently: the first label (sorted) against all others.
                ProportionTest.Result r = ProportionTest.twoProportions(nr - t.reference()[0], nr, nc - t.current()[0], nc);
                return ctx.pValue(method, setting, r.statistic(), r.pValue(), note + "; '" + t.labels().get(0)
                    + "' against the rest");
            }
            case PSI, JENSENSHANNON -> {
                return shareDistance(method, ctx, setting, Binning.shares(t.reference(), nr),
                    Binning.shares(t.current(), nc), note);
            }
            default -> throw new IllegalArgumentException("drift method '" + method.id() + "' does not apply to "
                + ctx.ref.kind().specName() + " feature '" + ctx.ref.name() + "'");
        }
    }

    private static FeatureDrift shareDistance(DriftMethod method, Context ctx, DriftSpec.FeatureSetting setting,
                                              double[] ref, double[] cur, String note) {
        double d = method == DriftMethod.PSI
            ? Distances.psi(Binning.fillEmptyShares(ref), Binning.fillEmptyShares(cur))
            : Distances.jensenShannon(ref, cur);
        return ctx.distance(method, setting, d, note);
    }

    /** What every result of one feature shares. */
    private record Context(FeatureProfile ref, int currentRows, long currentValues) {

        double currentMissingShare() {
            return FeatureProfile.share(currentRows - currentValues, currentRows);
        }

        FeatureDrift untested(String why) {
            return new FeatureDrift(ref.name(), ref.kind(), null, null, null, null, null, false, DriftSeverity.NONE,
                ref.valueCount(), currentValues, ref.missingShare(), currentMissingShare(), why);
        }

        FeatureDrift pValue(DriftMethod m, DriftSpec.FeatureSetting s, double statistic, double p, String detail) {
            double threshold = threshold(m, s);
            boolean drifted = m.drifted(p, threshold);
            return new FeatureDrift(ref.name(), ref.kind(), m, statistic, p, null, threshold, drifted,
                DriftSeverity.of(m, p, threshold, drifted), ref.valueCount(), currentValues, ref.missingShare(),
                currentMissingShare(), detail);
        }

        FeatureDrift distance(DriftMethod m, DriftSpec.FeatureSetting s, double d, String detail) {
            double threshold = threshold(m, s);
            boolean drifted = m.drifted(d, threshold);
            return new FeatureDrift(ref.name(), ref.kind(), m, d, null, d, threshold, drifted,
                DriftSeverity.of(m, d, threshold, drifted), ref.valueCount(), currentValues, ref.missingShare(),
                currentMissingShare(), detail);
        }

        private static double threshold(DriftMethod m, DriftSpec.FeatureSetting s) {
            return s != null && s.threshold() != null ? s.threshold() : m.defaultThreshold();
        }
    }
}
