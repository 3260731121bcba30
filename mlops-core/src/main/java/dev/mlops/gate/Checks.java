package dev.mlops.gate;

import dev.mlops.data.Column;
import dev.mlops.data.ColumnKind;
import dev.mlops.data.Dataset;
import dev.mlops.data.Task;
import dev.mlops.train.GateSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Evaluates the built-in robustness and data checks. */
final class Checks {

    /** Records predicted one at a time and compared with the batch prediction. */
    static final int SINGLE_RECORDS = 20;
    /** Latency: calls before measuring, then measured calls. */
    static final int LATENCY_WARMUP = 100;
    static final int LATENCY_CALLS = 300;
    /** Single and batch predictions may differ by this much (a runtime may batch in another order). */
    private static final double SAME_OUTPUT = 1e-9;

    private Checks() {
    }

    static GateResult evaluate(Gate gate, GateSubject s) {
        Check check = gate.check();
        if (check.isRobustness()) {
            s.requireModelAndData("robustness checks");
        } else if (s.data() == null) {
            throw new GateException("data check '" + check.specName() + "' needs the evaluated data rows, but subject '"
                    + s.name() + "' has none; build it with GateSubject.of(trainedModel, data)");
        }
        Result r = new Result(gate, s.rows().length);
        return switch (check) {
            case PREDICTIONS -> predictions(r, s);
            case KNOWN_LABELS -> knownLabels(r, s);
            case PROBABILITIES -> probabilities(r, s, gate.tolerance(Gate.DEFAULT_PROBABILITY_TOLERANCE));
            case SINGLE_RECORD -> singleRecord(r, s);
            case EXTREME_INPUTS -> extremeInputs(r, s);
            case DETERMINISM -> determinism(r, s);
            case PARITY -> parity(r, s, gate.tolerance(Gate.DEFAULT_PARITY_TOLERANCE));
            case LATENCY -> latency(r, s, gate.spec().max());
            case ROWS -> rows(r, gate.spec(), s);
            case MISSING -> missing(r, gate.spec(), s);
            case RANGE -> range(r, gate, s);
            case VALUES -> values(r, gate, s);
            case CLASS_BALANCE -> classBalance(r, gate.spec(), s);
            case LEAKAGE -> leakage(r, gate.spec(), s);
        };
    }

    // ---- robustness -----------------------------------------------------------------------------

    private static GateResult predictions(Result r, GateSubject s) {
        GateSubject.Predictions p = s.predictions();
        int n = s.rows().length;
        r.metric = "rows_without_prediction";
        if (p.error() != null) {
            return r.fail(n, "batch prediction of the " + n + " evaluation rows failed: " + describe(p.error()));
        }
        if (p.outputs().size() != n) {
            return r.fail(Math.abs(n - p.outputs().size()), "the model returned " + p.outputs().size()
                    + " predictions for " + n + " rows");
        }
        int bad = 0;
        String example = null;
        boolean classification = s.data().task() == Task.CLASSIFICATION;
        for (int i = 0; i < n; i++) {
            ModelOutput o = p.outputs().get(i);
            boolean ok = o != null && (classification ? o.label() != null : Double.isFinite(o.value()));
            if (!ok) {
                bad++;
                example = example == null ? "row " + s.data().rowId(s.row(i)) + " got " + o : example;
            }
        }
        return bad == 0 ? r.pass(0, "all " + n + " evaluation rows got " + (classification ? "a label" : "a finite value"))
                : r.fail(bad, bad + " of " + n + " rows got no " + (classification ? "label" : "finite value") + ", e.g. " + example);
    }

    private static GateResult knownLabels(Result r, GateSubject s) {
        r.metric = "unknown_labels";
        if (s.model().labels().isEmpty()) {
            return r.inconclusive("a regression model predicts numbers, not labels; nothing to check");
        }
        GateSubject.Predictions p = s.predictions();
        if (p.error() != null) {
            return r.fail(Double.NaN, "prediction failed: " + describe(p.error()));
        }
        Set<String> known = new HashSet<>(s.model().labels());
        Map<String, Integer> unknown = new TreeMap<>();
        for (ModelOutput o : p.outputs()) {
            if (o == null || !known.contains(o.label())) {
                unknown.merge(String.valueOf(o == null ? null : o.label()), 1, Integer::sum);
            }
        }
        int count = unknown.values().stream().mapToInt(Integer::intValue).sum();
        return count == 0 ? r.pass(0, "every predicted label is one of " + s.model().labels())
                : r.fail(count, count + " predictions are not among the known classes " + s.model().labels() + ": " + unknown);
    }

    private static GateResult probabilities(Result r, GateSubject s, double tolerance) {
        r.metric = "invalid_probability_rows";
        if (s.model().labels().isEmpty()) {
            return r.inconclusive("a regression model gives no probabilities; nothing to check");
        }
        GateSubject.Predictions p = s.predictions();
        if (p.error() != null) {
            return r.fail(Double.NaN, "prediction failed: " + describe(p.error()));
        }
        if (p.outputs().stream().allMatch(o -> o != null && o.probabilities().isEmpty())) {
            return r.inconclusive("the model gives no probabilities (e.g. hinge loss); nothing to check");
        }
        int bad = 0;
        String example = null;
        for (int i = 0; i < p.outputs().size(); i++) {
            String problem = probabilityProblem(p.outputs().get(i), s.model().labels(), tolerance);
            if (problem != null) {
                bad++;
                example = example == null ? "row " + s.data().rowId(s.row(i)) + ": " + problem : example;
            }
        }
        int n = p.outputs().size();
        return bad == 0 ? r.pass(0, "all " + n + " rows have probabilities in [0, 1] over the known classes summing to 1"
                + " within " + Format.number(tolerance))
                : r.fail(bad, bad + " of " + n + " rows have invalid probabilities, e.g. " + example);
    }

    /** Why a classification output's probabilities are invalid, or {@code null}. */
    private static String probabilityProblem(ModelOutput o, List<String> labels, double tolerance) {
        if (o == null || o.probabilities().isEmpty()) {
            return "no probabilities";
        }
        double sum = 0;
        for (Map.Entry<String, Double> e : o.probabilities().entrySet()) {
            double v = e.getValue();
            if (!(v >= 0 && v <= 1)) {
                return "p(" + e.getKey() + ") = " + v + " is outside [0, 1]";
            }
            if (!labels.contains(e.getKey())) {
                return "probability for unknown class '" + e.getKey() + "'";
            }
            sum += v;
        }
        if (Math.abs(sum - 1) > tolerance) {
            return "probabilities sum to " + sum;
        }
        return null;
    }

    private static GateResult singleRecord(Result r, GateSubject s) {
        r.metric = "single_record_mismatches";
        GateSubject.Predictions p = s.predictions();
        List<Map<String, Object>> records = s.records();
        int n = Math.min(SINGLE_RECORDS, records.size());
        int bad = 0;
        String example = null;
        for (int i = 0; i < n; i++) {
            String problem;
            try {
                ModelOutput single = s.model().predict(records.get(i));
                ModelOutput batch = p.error() == null ? p.outputs().get(i) : null;
                problem = batch == null || close(single, batch) ? null : "single " + single + " but batch " + batch;
            } catch (RuntimeException e) {
                problem = describe(e);
            }
            if (problem != null) {
                bad++;
                example = example == null ? "row " + s.data().rowId(s.row(i)) + ": " + problem : example;
            }
        }
        r.rows = n;
        return bad == 0 ? r.pass(0, "predicting " + n + " records one at a time works and agrees with batch prediction"
                + (p.error() != null ? " (batch prediction itself failed)" : ""))
                : r.fail(bad, bad + " of " + n + " single-record predictions failed or disagree with the batch, e.g. " + example);
    }

    private static GateResult extremeInputs(Result r, GateSubject s) {
        r.metric = "failing_extreme_inputs";
        Map<String, Map<String, Object>> inputs = extremeRecords(s);
        List<String> failures = new ArrayList<>();
        boolean classification = !s.model().labels().isEmpty();
        for (Map.Entry<String, Map<String, Object>> e : inputs.entrySet()) {
            try {
                ModelOutput o = s.model().predict(e.getValue());
                String problem;
                if (classification) {
                    problem = o.label() == null || !s.model().labels().contains(o.label()) ? "label " + o.label()
                            : o.probabilities().isEmpty() ? null : probabilityProblem(o, s.model().labels(), Gate.DEFAULT_PROBABILITY_TOLERANCE);
                } else {
                    problem = Double.isFinite(o.value()) ? null : "value " + o.value();
                }
                if (problem != null) {
                    failures.add(e.getKey() + " gave " + problem);
                }
            } catch (RuntimeException ex) {
                failures.add(e.getKey() + " threw " + describe(ex));
            }
        }
        r.rows = inputs.size();
        return failures.isEmpty() ? r.pass(0, "valid predictions for " + inputs.size() + " inputs: " + String.join(", ", inputs.keySet()))
                : r.fail(failures.size(), failures.size() + " of " + inputs.size() + " inputs failed: " + String.join("; ", failures));
    }

    /**
     * Records built from the first evaluation row: numeric fields all zero, all far above and all far
     * below the data's range (1000 times its largest magnitude), all tiny; categorical and text fields
     * unseen or empty.
     */
    static Map<String, Map<String, Object>> extremeRecords(GateSubject s) {
        Map<String, Object> template = s.records().isEmpty() ? Map.of() : s.records().get(0);
        Dataset data = s.data();
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        String[] names = {"all-zero numbers", "huge numbers", "huge negative numbers", "tiny numbers", "unseen categories and empty text"};
        boolean numeric = false;
        boolean other = false;
        for (String field : s.model().inputs()) {
            boolean isNumeric = data.feature(field).kind() == ColumnKind.NUMERIC;
            numeric |= isNumeric;
            other |= !isNumeric;
        }
        for (int variant = 0; variant < names.length; variant++) {
            if (variant < 4 ? !numeric : !other) {
                continue;
            }
            Map<String, Object> record = new LinkedHashMap<>(template);
            for (String field : s.model().inputs()) {
                Column c = data.feature(field);
                if (c.kind() == ColumnKind.NUMERIC) {
                    double big = 1000 * Math.max(1, maxAbs(c));
                    record.put(field, switch (variant) {
                        case 0 -> 0.0;
                        case 1 -> big;
                        case 2 -> -big;
                        case 3 -> Double.MIN_NORMAL;
                        default -> record.get(field);
                    });
                } else if (variant == 4) {
                    record.put(field, c.kind() == ColumnKind.TEXT ? "" : "\u2603 never seen in training \u2603");
                }
            }
            out.put(names[variant], record);
        }
        return out;
    }

    private static double maxAbs(Column c) {
        double max = 0;
        for (int i = 0; i < c.size(); i++) {
            double v = c.number(i);
            if (!Double.isNaN(v)) {
                max = Math.max(max, Math.abs(v));
            }
        }
        return max;
    }

    private static GateResult determinism(Result r, GateSubject s) {
        r.metric = "rows_differing_between_runs";
        GateSubject.Predictions first = s.predictions();
        if (first.error() != null) {
            return r.fail(Double.NaN, "prediction failed: " + describe(first.error()));
        }
        List<ModelOutput> second;
        try {
            second = s.model().predictBatch(s.records());
        } catch (RuntimeException e) {
            return r.fail(Double.NaN, "the second run failed: " + describe(e));
        }
        int differ = 0;
        String example = null;
        for (int i = 0; i < first.outputs().size(); i++) {
            if (!first.outputs().get(i).sameAs(second.get(i))) {
                differ++;
                example = example == null ? "row " + s.data().rowId(s.row(i)) + ": " + first.outputs().get(i) + " then "
                        + second.get(i) : example;
            }
        }
        int n = first.outputs().size();
        return differ == 0 ? r.pass(0, "two runs over the " + n + " evaluation rows gave identical outputs")
                : r.fail(differ, differ + " of " + n + " rows differ between two runs, e.g. " + example);
    }

    private static GateResult parity(Result r, GateSubject s, double tolerance) {
        r.metric = "max_difference";
        ModelUnderTest reference = s.parityReference();
        if (reference == null) {
            return r.inconclusive("no second runtime (e.g. the ONNX export) was given to compare with; nothing to check");
        }
        GateSubject.Predictions p = s.predictions();
        if (p.error() != null) {
            return r.fail(Double.NaN, "prediction failed: " + describe(p.error()));
        }
        List<ModelOutput> other;
        try {
            other = reference.predictBatch(GateSubject.records(s.data(), s.rows(), reference));
        } catch (RuntimeException e) {
            return r.fail(Double.NaN, reference.name() + " failed to predict: " + describe(e));
        }
        // Regression outputs are compared relative to the largest prediction, not each row's own value:
        // a float32 runtime rounds in proportion to the magnitudes it computes with, so a prediction near
        // zero carries the absolute error of the large ones.
        double scale = 1;
        for (ModelOutput a : p.outputs()) {
            if (a.label() == null && Double.isFinite(a.value())) {
                scale = Math.max(scale, Math.abs(a.value()));
            }
        }
        double maxDiff = 0;
        int flips = 0;
        String worst = null;
        for (int i = 0; i < p.outputs().size(); i++) {
            ModelOutput a = p.outputs().get(i);
            ModelOutput b = other.get(i);
            double diff;
            if (a.label() == null) {
                diff = Math.abs(a.value() - b.value()) / scale;
            } else {
                diff = 0;
                for (Map.Entry<String, Double> e : a.probabilities().entrySet()) {
                    Double q = b.probabilities().get(e.getKey());
                    diff = Math.max(diff, q == null ? 1 : Math.abs(e.getValue() - q));
                }
                // A label may flip only where the top two classes are closer than the tolerance.
                if (!a.label().equals(b.label()) && topMargin(a) > tolerance) {
                    flips++;
                }
            }
            if (!(diff <= maxDiff)) {
                maxDiff = Double.isNaN(diff) ? Double.POSITIVE_INFINITY : diff;
                worst = "row " + s.data().rowId(s.row(i)) + ": " + a + " vs " + b;
            }
        }
        int n = p.outputs().size();
        String what = "largest " + (s.model().labels().isEmpty() ? "value difference (relative to the largest prediction)"
                : "probability difference") + " "
                + Format.number(maxDiff) + " over " + n + " rows against " + reference.name();
        if (maxDiff <= tolerance && flips == 0) {
            return r.pass(maxDiff, what + ", within " + Format.number(tolerance));
        }
        return r.fail(maxDiff, what + (flips > 0 ? ", " + flips + " labels differ" : "") + "; allowed "
                + Format.number(tolerance) + (worst != null ? "; worst " + worst : ""));
    }

    private static double topMargin(ModelOutput o) {
        double[] p = o.probabilities().values().stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return p.length < 2 ? 1 : p[p.length - 1] - p[p.length - 2];
    }

    private static GateResult latency(Result r, GateSubject s, Double maxMillis) {
        r.metric = "latency_p99_ms";
        List<Map<String, Object>> records = s.records();
        if (records.isEmpty()) {
            return r.inconclusive("no records to time");
        }
        long[] nanos = new long[LATENCY_CALLS];
        try {
            for (int i = 0; i < LATENCY_WARMUP; i++) {
                s.model().predict(records.get(i % records.size()));
            }
            for (int i = 0; i < LATENCY_CALLS; i++) {
                Map<String, Object> record = records.get(i % records.size());
                long start = System.nanoTime();
                s.model().predict(record);
                nanos[i] = System.nanoTime() - start;
            }
        } catch (RuntimeException e) {
            return r.fail(Double.NaN, "single-record prediction failed: " + describe(e));
        }
        Arrays.sort(nanos);
        double p50 = nearestRank(nanos, 0.50) / 1e6;
        double p99 = nearestRank(nanos, 0.99) / 1e6;
        r.rows = LATENCY_CALLS;
        String measured = "p50 " + Format.number(p50) + " ms, p99 " + Format.number(p99) + " ms over " + LATENCY_CALLS
                + " single-record predictions after " + LATENCY_WARMUP + " warm-up calls";
        if (maxMillis == null) {
            return r.pass(p99, measured + " (reported; set max to gate it)");
        }
        return p99 <= maxMillis ? r.pass(p99, measured + ", within " + Format.number(maxMillis) + " ms")
                : r.fail(p99, measured + "; p99 is above the limit " + Format.number(maxMillis) + " ms");
    }

    private static long nearestRank(long[] sorted, double q) {
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    // ---- data -----------------------------------------------------------------------------------

    private static GateResult rows(Result r, GateSpec spec, GateSubject s) {
        r.metric = "rows";
        int n = s.rows().length;
        if (spec.min() != null && n < spec.min()) {
            return r.fail(n, n + " evaluation rows, fewer than the minimum " + Format.number(spec.min()));
        }
        if (spec.max() != null && n > spec.max()) {
            return r.fail(n, n + " evaluation rows, more than the maximum " + Format.number(spec.max()));
        }
        return r.pass(n, n + " evaluation rows");
    }

    private static GateResult missing(Result r, GateSpec spec, GateSubject s) {
        List<Column> columns = spec.column() == null ? s.data().features() : List.of(column(s, spec.column(), "missing"));
        int[] rows = s.rows();
        Column worst = null;
        int worstCount = -1;
        for (Column c : columns) {
            int count = 0;
            for (int row : rows) {
                count += c.isMissing(row) ? 1 : 0;
            }
            if (count > worstCount) {
                worst = c;
                worstCount = count;
            }
        }
        r.metric = "missing_share." + worst.name();
        double share = rows.length == 0 ? 0 : (double) worstCount / rows.length;
        String what = (spec.column() == null ? "the most incomplete column, " + worst.name() + ", " : worst.name() + " ")
                + "is missing in " + worstCount + " of " + rows.length + " evaluation rows (" + Format.percent(share) + ")";
        return share <= spec.max() ? r.pass(share, what + ", within " + Format.number(spec.max()))
                : r.fail(share, what + ", above the maximum " + Format.number(spec.max()));
    }

    private static GateResult range(Result r, Gate gate, GateSubject s) {
        GateSpec spec = gate.spec();
        Column c = column(s, spec.column(), "range");
        if (c.kind() != ColumnKind.NUMERIC) {
            throw new GateException("check 'range' needs a numeric column, but '" + c.name() + "' is " + c.kind().specName()
                    + "; use check: values");
        }
        r.metric = "out_of_range_share." + c.name();
        int[] rows = s.rows();
        int present = 0;
        int outside = 0;
        String example = null;
        for (int row : rows) {
            double v = c.number(row);
            if (Double.isNaN(v)) {
                continue;
            }
            present++;
            if (spec.min() != null && v < spec.min() || spec.max() != null && v > spec.max()) {
                outside++;
                example = example == null ? Format.number(v) + " in row " + s.data().rowId(row) : example;
            }
        }
        return shareOutside(r, gate, c.name(), present, outside, example);
    }

    private static GateResult values(Result r, Gate gate, GateSubject s) {
        GateSpec spec = gate.spec();
        Column c = column(s, spec.column(), "values");
        r.metric = "unknown_value_share." + c.name();
        Set<String> allowed = new HashSet<>(spec.values());
        Set<Double> allowedNumbers = new HashSet<>();
        if (c.kind() == ColumnKind.NUMERIC) {
            for (String v : spec.values()) {
                try {
                    allowedNumbers.add(Double.parseDouble(v.strip()));
                } catch (NumberFormatException e) {
                    throw new GateException("check 'values': column '" + c.name() + "' is numeric but '" + v
                            + "' is not a number", e);
                }
            }
        }
        int present = 0;
        int outside = 0;
        String example = null;
        for (int row : s.rows()) {
            if (c.isMissing(row)) {
                continue;
            }
            present++;
            boolean ok = c.kind() == ColumnKind.NUMERIC ? allowedNumbers.contains(c.number(row)) : allowed.contains(c.text(row));
            if (!ok) {
                outside++;
                example = example == null ? "'" + c.value(row) + "' in row " + s.data().rowId(row) : example;
            }
        }
        return shareOutside(r, gate, c.name(), present, outside, example);
    }

    private static GateResult shareOutside(Result r, Gate gate, String column, int present, int outside, String example) {
        double share = present == 0 ? 0 : (double) outside / present;
        double tolerance = gate.tolerance(0);
        String what = outside + " of " + present + " present values of " + column + " are " + gate.rule()
                .replaceFirst(" share <=.*", "") + (example != null ? ", e.g. " + example : "");
        return share <= tolerance ? r.pass(share, what + "; allowed share " + Format.number(tolerance))
                : r.fail(share, what + " (" + Format.percent(share) + "); allowed share " + Format.number(tolerance));
    }

    private static GateResult classBalance(Result r, GateSpec spec, GateSubject s) {
        r.metric = "min_class_share";
        Dataset data = s.data();
        if (data.task() != Task.CLASSIFICATION) {
            throw new GateException("check 'class_balance' applies to classification, but the data set is for regression");
        }
        Map<String, Integer> counts = new TreeMap<>();
        for (String label : data.labels()) {
            counts.put(label, 0);
        }
        for (int row : s.rows()) {
            counts.merge(data.label(row), 1, Integer::sum);
        }
        String rarest = null;
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            if (rarest == null || e.getValue() < counts.get(rarest)) {
                rarest = e.getKey();
            }
        }
        int n = s.rows().length;
        double share = n == 0 ? 0 : (double) counts.get(rarest) / n;
        String what = "the rarest class, " + rarest + ", has " + counts.get(rarest) + " of " + n + " evaluation rows ("
                + Format.percent(share) + "); counts " + counts;
        return share >= spec.min() ? r.pass(share, what) : r.fail(share, what + ", below the minimum share "
                + Format.number(spec.min()));
    }

    private static GateResult leakage(Result r, GateSpec spec, GateSubject s) {
        r.metric = "duplicate_rows";
        int[] train = s.trainRows();
        if (train == null) {
            throw new GateException("check 'leakage' needs the training rows, but subject '" + s.name()
                    + "' has none; build it with GateSubject.of(trainedModel, data)");
        }
        Dataset data = s.data();
        Map<String, Integer> trainKeys = new HashMap<>();
        for (int row : train) {
            trainKeys.putIfAbsent(rowKey(data, row), row);
        }
        int duplicates = 0;
        String example = null;
        for (int row : s.rows()) {
            Integer twin = trainKeys.get(rowKey(data, row));
            if (twin != null) {
                duplicates++;
                example = example == null ? "evaluation row " + data.rowId(row) + " = training row " + data.rowId(twin) : example;
            }
        }
        double max = spec.max() == null ? 0 : spec.max();
        String what = duplicates + " of " + s.rows().length + " evaluation rows are identical (features and target) to a"
                + " training row" + (example != null ? ", e.g. " + example : "");
        return duplicates <= max ? r.pass(duplicates, what) : r.fail(duplicates, what + "; allowed " + Format.number(max));
    }

    private static String rowKey(Dataset data, int row) {
        StringBuilder sb = new StringBuilder();
        sb.append(data.task() == Task.CLASSIFICATION ? data.label(row) : Double.toString(data.value(row)));
        for (Column c : data.features()) {
            sb.append('\u0001').append(c.value(row));
        }
        return sb.toString();
    }

    private static Column column(GateSubject s, String name, String check) {
        try {
            return s.data().feature(name);
        } catch (IllegalArgumentException e) {
            throw new GateException("check '" + check + "': " + e.getMessage(), e);
        }
    }

    private static boolean close(ModelOutput a, ModelOutput b) {
        if (!java.util.Objects.equals(a.label(), b.label()) || !a.probabilities().keySet().equals(b.probabilities().keySet())) {
            return false;
        }
        for (Map.Entry<String, Double> e : a.probabilities().entrySet()) {
            if (Math.abs(e.getValue() - b.probabilities().get(e.getKey())) > SAME_OUTPUT) {
                return false;
            }
        }
        return a.label() != null || Math.abs(a.value() - b.value()) <= SAME_OUTPUT * Math.max(1, Math.abs(a.value()));
    }

    private static String describe(Throwable e) {
        return e.getClass().getSimpleName() + (e.getMessage() != null ? ": " + e.getMessage() : "");
    }

    /** Collects the parts of a check's result. */
    private static final class Result {
        private final Gate gate;
        private final String kind;
        Integer rows;
        String metric;

        Result(Gate gate, int rows) {
            this.gate = gate;
            this.kind = gate.check().isRobustness() ? "robustness" : "data";
            this.rows = rows;
        }

        GateResult pass(double observed, String explanation) {
            return result(Verdict.PASS, observed, explanation);
        }

        GateResult fail(double observed, String explanation) {
            return result(Verdict.FAIL, observed, explanation);
        }

        GateResult inconclusive(String explanation) {
            return result(Verdict.INCONCLUSIVE, Double.NaN, explanation);
        }

        private GateResult result(Verdict verdict, double observed, String explanation) {
            return new GateResult(gate.name(), kind, metric, gate.rule(), gate.severity(), verdict, observed, null, null,
                    null, null, null, rows, explanation);
        }
    }
}
