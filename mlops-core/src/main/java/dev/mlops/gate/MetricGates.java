package dev.mlops.gate;

import dev.mlops.data.Column;
import dev.mlops.data.ColumnKind;
import dev.mlops.data.Dataset;
import dev.mlops.evaluate.ClassificationEvaluation;
import dev.mlops.evaluate.Evaluation;
import dev.mlops.train.GateSpec;
import dev.mlops.train.SliceSpec;
import dev.mlops.util.Names;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Evaluates gates on a metric: absolute bounds and comparisons with a baseline, optionally per class, slice and with a confidence level. */
final class MetricGates {

    /** Relative slack for comparing computed values with thresholds: 27/30 must meet "0.9". */
    private static final double EPS = 1e-9;
    private static final List<String> PER_CLASS = List.of("precision", "recall", "f1", "support");

    private MetricGates() {
    }

    static GateResult evaluate(Gate gate, GateSubject s) {
        GateSpec spec = gate.spec();
        String metric = checkMetric(gate, s.evaluation());
        boolean comparison = gate.comparesWithBaseline();
        if (comparison && s.baseline() == null) {
            throw new GateException("gate '" + gate.name() + "' compares with a baseline model, but none was given"
                    + " for '" + s.name() + "'");
        }
        String kind = comparison ? "comparison" : "metric";
        int[] positions = null;
        String scope = s.evaluation().size() + " evaluation rows";
        if (spec.slice() != null) {
            positions = slice(spec.slice(), s);
            scope = positions.length + " rows of slice " + spec.slice().describe();
        }
        Evaluation c = positions == null ? s.evaluation() : positions.length == 0 ? null : s.evaluation().restrictTo(positions);
        Evaluation b = !comparison || c == null ? null : positions == null ? s.baseline() : s.baseline().restrictTo(positions);
        int rows = c == null ? 0 : c.size();
        int support = rows;
        String where = null;
        if (spec.label() != null && c != null) {
            support = (int) c.metric("support." + spec.label());
            where = "class " + spec.label() + " has " + support + " of the " + scope;
            scope += " (" + support + " of class " + spec.label() + ")";
        }
        Outcome o = new Outcome(gate, kind, metric, rows);
        if (support < gate.minRowsOrDefault()) {
            where = where != null ? where
                    : spec.slice() != null ? "slice " + spec.slice().describe() + " has " + rows(support)
                    : "there " + (support == 1 ? "is " : "are ") + rows(support);
            return o.inconclusive(null, null, where + ", fewer than min_rows " + gate.minRowsOrDefault()
                    + "; too few to decide");
        }
        double cv = value(c, metric, gate);
        double bv = b == null ? Double.NaN : value(b, metric, gate);
        if (Double.isNaN(cv) || comparison && Double.isNaN(bv)) {
            return o.inconclusive(cv, bv, metric + " is undefined on " + scope
                    + (Double.isNaN(cv) ? "" : " for the baseline") + " (e.g. ROC AUC with a class absent); cannot decide");
        }
        return comparison ? compare(gate, o, c, b, cv, bv, scope) : absolute(gate, o, c, cv, scope);
    }

    private static GateResult absolute(Gate gate, Outcome o, Evaluation c, double cv, String scope) {
        GateSpec spec = gate.spec();
        String metric = o.metric;
        String head = metric + " = " + Format.number(cv) + " on " + scope;
        if (spec.confidence() == null) {
            if (spec.min() != null && !atLeast(cv, spec.min())) {
                return o.fail(cv, null, head + " is below the minimum " + Format.number(spec.min()) + " by "
                        + Format.number(spec.min() - cv));
            }
            if (spec.max() != null && !atMost(cv, spec.max())) {
                return o.fail(cv, null, head + " is above the maximum " + Format.number(spec.max()) + " by "
                        + Format.number(cv - spec.max()));
            }
            return o.pass(cv, null, head + " meets " + gate.rule());
        }
        Statistics.Interval ci = Statistics.bootstrap(c.size(), rows -> c.restrictTo(rows).metric(metric),
                spec.confidence(), resamples(spec), seed(spec));
        if (ci == null) {
            return o.inconclusive(cv, null, head + ", but " + metric + " is undefined in most bootstrap resamples; cannot decide");
        }
        o.interval(ci.lower(), ci.upper(), spec.confidence());
        String withCi = head + ", " + Format.percent(spec.confidence()) + " CI [" + Format.number(ci.lower()) + ", "
                + Format.number(ci.upper()) + "] (" + bootstrapMethod(spec, false) + ")";
        boolean pass = (spec.min() == null || atLeast(ci.lower(), spec.min())) && (spec.max() == null || atMost(ci.upper(), spec.max()));
        boolean fail = spec.min() != null && !atLeast(ci.upper(), spec.min()) || spec.max() != null && !atMost(ci.lower(), spec.max());
        if (pass) {
            return o.pass(cv, null, withCi + ": the whole interval meets " + gate.rule());
        }
        if (fail) {
            return o.fail(cv, null, withCi + ": the whole interval is " + (spec.min() != null && !atLeast(ci.upper(), spec.min())
                    ? "below the minimum " + Format.number(spec.min()) : "above the maximum " + Format.number(spec.max())));
        }
        return o.inconclusive(cv, null, withCi + ": the interval contains the "
                + (spec.min() != null && !atLeast(ci.lower(), spec.min()) ? "minimum " + Format.number(spec.min())
                : "maximum " + Format.number(spec.max())) + ", so the data cannot decide");
    }

    private static GateResult compare(Gate gate, Outcome o, Evaluation c, Evaluation b, double cv, double bv, String scope) {
        GateSpec spec = gate.spec();
        String metric = o.metric;
        boolean relative = Boolean.TRUE.equals(spec.relative());
        double direction = dev.mlops.evaluate.MetricDirection.lowerIsBetter(spec.metric()) ? -1 : 1;
        if (relative && bv == 0) {
            return o.inconclusive(cv, bv, "the baseline's " + metric + " is 0, so a relative margin is undefined;"
                    + " use an absolute max_drop/min_gain");
        }
        double scale = relative ? Math.abs(bv) : 1;
        double gain = direction * (cv - bv) / scale;
        boolean dropRule = spec.maxDrop() != null;
        double threshold = dropRule ? -spec.maxDrop() : spec.minGain();
        String head = metric + " = " + Format.number(cv) + " vs baseline " + Format.number(bv) + " on the same " + scope;
        String change = gain < 0 ? "a drop of " + amount(-gain, relative) : "a gain of " + amount(gain, relative);
        String limit = dropRule ? "the allowed drop " + amount(spec.maxDrop(), relative)
                : "the required gain " + amount(spec.minGain(), relative);
        if (spec.confidence() == null) {
            if (atLeast(gain, threshold)) {
                return o.pass(cv, bv, head + ": " + change + (dropRule ? " is within " : " meets ") + limit);
            }
            return o.fail(cv, bv, head + ": " + change + (dropRule ? " exceeds " : " falls short of ") + limit);
        }
        double lower;
        double upper;
        String method;
        if ("accuracy".equals(metric) && c instanceof ClassificationEvaluation cc && b instanceof ClassificationEvaluation bc) {
            int[] actual = cc.actual();
            int[] cp = cc.predicted();
            int[] bp = bc.predicted();
            int candidateOnly = 0;
            int baselineOnly = 0;
            for (int i = 0; i < actual.length; i++) {
                boolean cr = cp[i] == actual[i];
                boolean br = bp[i] == actual[i];
                candidateOnly += cr && !br ? 1 : 0;
                baselineOnly += br && !cr ? 1 : 0;
            }
            int discordant = candidateOnly + baselineOnly;
            double p = Statistics.mcnemarExact(candidateOnly, baselineOnly);
            o.pValue = p;
            if (discordant == 0) {
                lower = 0;
                upper = 0;
            } else {
                // Conditional on the discordant pairs, the accuracy difference is (2 pi - 1) * discordant / n.
                double[] pi = Statistics.clopperPearson(candidateOnly, discordant, spec.confidence());
                double share = (double) discordant / actual.length;
                lower = (2 * pi[0] - 1) * share / scale;
                upper = (2 * pi[1] - 1) * share / scale;
            }
            method = "McNemar exact test: candidate alone right on " + candidateOnly + " rows, baseline alone on "
                    + baselineOnly + ", p = " + Format.number(p) + "; exact interval";
        } else {
            double dir = direction;
            Statistics.Interval ci = Statistics.bootstrap(c.size(), rows -> {
                double base = b.restrictTo(rows).metric(metric);
                return dir * (c.restrictTo(rows).metric(metric) - base) / (relative ? Math.abs(base) : 1);
            }, spec.confidence(), resamples(spec), seed(spec));
            if (ci == null) {
                return o.inconclusive(cv, bv, head + ", but the difference is undefined in most bootstrap resamples;"
                        + " cannot decide");
            }
            lower = ci.lower();
            upper = ci.upper();
            method = bootstrapMethod(spec, true);
        }
        o.interval(lower, upper, spec.confidence());
        String withCi = head + ": gain " + signedAmount(gain, relative) + ", " + Format.percent(spec.confidence()) + " CI ["
                + signedAmount(lower, relative) + ", " + signedAmount(upper, relative) + "] (" + method + ")";
        String limitValue = signedAmount(threshold, relative);
        if (atLeast(lower, threshold)) {
            return o.pass(cv, bv, withCi + ": the whole interval is at or above " + limitValue + " (" + limit + ")");
        }
        if (!atLeast(upper, threshold)) {
            return o.fail(cv, bv, withCi + ": the whole interval is below " + limitValue + " (" + limit + ")");
        }
        return o.inconclusive(cv, bv, withCi + ": the interval contains " + limitValue + " (" + limit
                + "), so the data cannot decide");
    }

    /** Positions (into the evaluation) of the rows in the slice. */
    private static int[] slice(SliceSpec slice, GateSubject s) {
        Dataset data = s.data();
        if (data == null) {
            throw new GateException("a slice on '" + slice.feature() + "' needs the evaluated data rows, but subject '"
                    + s.name() + "' has none; build it with GateSubject.of(trainedModel, data)");
        }
        Column column;
        try {
            column = data.feature(slice.feature());
        } catch (IllegalArgumentException e) {
            throw new GateException("slice: " + e.getMessage(), e);
        }
        int[] rows = s.rows();
        List<Integer> in = new ArrayList<>();
        if (slice.equalTo() != null) {
            if (column.kind() == ColumnKind.NUMERIC) {
                double target = number(slice);
                for (int i = 0; i < rows.length; i++) {
                    if (column.number(rows[i]) == target) {
                        in.add(i);
                    }
                }
            } else {
                Set<String> seen = new TreeSet<>();
                for (int row = 0; row < data.size(); row++) {
                    if (column.text(row) != null) {
                        seen.add(column.text(row));
                    }
                }
                if (!seen.contains(slice.equalTo())) {
                    throw new GateException("slice: column '" + column.name() + "' never has the value '" + slice.equalTo()
                            + "'" + Names.suggestion(slice.equalTo(), seen.size() <= 50 ? seen : List.copyOf(seen).subList(0, 50)));
                }
                for (int i = 0; i < rows.length; i++) {
                    if (slice.equalTo().equals(column.text(rows[i]))) {
                        in.add(i);
                    }
                }
            }
        } else {
            if (column.kind() != ColumnKind.NUMERIC) {
                throw new GateException("slice: a min/max range needs a numeric column, but '" + column.name() + "' is "
                        + column.kind().specName() + "; use equals: <value>");
            }
            for (int i = 0; i < rows.length; i++) {
                double v = column.number(rows[i]);
                if (!Double.isNaN(v) && (slice.min() == null || v >= slice.min()) && (slice.max() == null || v < slice.max())) {
                    in.add(i);
                }
            }
        }
        return in.stream().mapToInt(Integer::intValue).toArray();
    }

    private static double number(SliceSpec slice) {
        try {
            return Double.parseDouble(slice.equalTo().strip());
        } catch (NumberFormatException e) {
            throw new GateException("slice: column '" + slice.feature() + "' is numeric but equals is '" + slice.equalTo()
                    + "'; give a number, or a range with min/max", e);
        }
    }

    /** Resolves and checks the metric name, naming the nearest valid metric or class. */
    private static String checkMetric(Gate gate, Evaluation evaluation) {
        GateSpec spec = gate.spec();
        String where = "gate '" + gate.name() + "': ";
        if (spec.label() != null) {
            if (!(evaluation instanceof ClassificationEvaluation ce)) {
                throw new GateException(where + "'class' applies to classification, but this is a regression model");
            }
            if (!PER_CLASS.contains(spec.metric())) {
                throw new GateException(where + "'" + spec.metric() + "' is not a per-class metric"
                        + Names.suggestion(spec.metric(), PER_CLASS) + " (per-class accuracy is recall)");
            }
            if (!ce.labels().contains(spec.label())) {
                throw new GateException(where + "unknown class '" + spec.label() + "'" + Names.suggestion(spec.label(), ce.labels()));
            }
            return gate.metricName();
        }
        String metric = spec.metric();
        if (!evaluation.asMap().containsKey(metric)) {
            try {
                evaluation.metric(metric);
            } catch (IllegalArgumentException e) {
                throw new GateException(where + e.getMessage(), e);
            }
        }
        return metric;
    }

    private static double value(Evaluation e, String metric, Gate gate) {
        try {
            return e.metric(metric);
        } catch (IllegalArgumentException ex) {
            throw new GateException("gate '" + gate.name() + "': " + ex.getMessage(), ex);
        }
    }

    private static String rows(int n) {
        return n + (n == 1 ? " row" : " rows");
    }

    private static boolean atLeast(double v, double min) {
        return v >= min - EPS * Math.max(1, Math.abs(min));
    }

    private static boolean atMost(double v, double max) {
        return v <= max + EPS * Math.max(1, Math.abs(max));
    }

    private static int resamples(GateSpec spec) {
        return spec.resamples() == null ? Gate.DEFAULT_RESAMPLES : spec.resamples();
    }

    private static long seed(GateSpec spec) {
        return spec.seed() == null ? Gate.DEFAULT_SEED : spec.seed();
    }

    private static String bootstrapMethod(GateSpec spec, boolean paired) {
        return (paired ? "paired " : "") + "percentile bootstrap, " + resamples(spec) + " resamples, seed " + seed(spec);
    }

    private static String amount(double v, boolean relative) {
        return relative ? Format.percent(v) + " of the baseline" : Format.number(v);
    }

    private static String signedAmount(double v, boolean relative) {
        return relative ? (v > 0 ? "+" : "") + Format.percent(v) : Format.signed(v);
    }

    /** Collects the parts of a result as the evaluation proceeds. */
    static final class Outcome {
        private final Gate gate;
        private final String kind;
        private final String metric;
        private final int rows;
        private Double lower;
        private Double upper;
        private Double confidence;
        Double pValue;

        Outcome(Gate gate, String kind, String metric, int rows) {
            this.gate = gate;
            this.kind = kind;
            this.metric = metric;
            this.rows = rows;
        }

        void interval(double lo, double hi, double level) {
            lower = lo;
            upper = hi;
            confidence = level;
        }

        GateResult pass(Double observed, Double baseline, String explanation) {
            return result(Verdict.PASS, observed, baseline, explanation);
        }

        GateResult fail(Double observed, Double baseline, String explanation) {
            return result(Verdict.FAIL, observed, baseline, explanation);
        }

        GateResult inconclusive(Double observed, Double baseline, String explanation) {
            return result(Verdict.INCONCLUSIVE, observed, baseline, explanation);
        }

        private GateResult result(Verdict verdict, Double observed, Double baseline, String explanation) {
            return new GateResult(gate.name(), kind, metric, gate.rule(), gate.severity(), verdict, observed, baseline,
                    lower, upper, confidence, pValue, rows, explanation);
        }
    }
}
