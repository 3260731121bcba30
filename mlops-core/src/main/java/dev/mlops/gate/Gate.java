package dev.mlops.gate;

import dev.mlops.train.GateSpec;
import dev.mlops.train.SliceSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * One quality gate: a rule that one metric or built-in check of a candidate model must meet.
 * Immutable; build one in code with the static factories and {@code with...} methods, or from a
 * spec file's {@code gates:} list with {@link #fromSpecs(List)}. {@link GateEngine} evaluates it.
 *
 * <pre>{@code
 * List<Gate> gates = List.of(
 *     Gate.atLeast("accuracy", 0.90),
 *     Gate.atLeast("f1", 0.8).forClass("virginica"),
 *     Gate.atMost("rmse", 90_000).onSlice(SliceSpec.equalTo("ocean_proximity", "INLAND")).minRows(30),
 *     Gate.maxDrop("accuracy", 0.01).withConfidence(0.95),
 *     Gate.minGain("f1_weighted", 0.02).relative().warn());
 * }</pre>
 */
public final class Gate {

    /** Rows below which a metric gate is inconclusive unless {@code min_rows} says otherwise. */
    public static final int DEFAULT_MIN_ROWS = 10;
    /** Bootstrap resamples unless {@code resamples} says otherwise. */
    public static final int DEFAULT_RESAMPLES = 1000;
    /** Bootstrap seed unless {@code seed} says otherwise. */
    public static final long DEFAULT_SEED = 42L;
    /** Allowed deviation of a probability row's sum from 1. */
    public static final double DEFAULT_PROBABILITY_TOLERANCE = 1e-6;
    /** Allowed difference between the model and its second runtime. */
    public static final double DEFAULT_PARITY_TOLERANCE = 1e-5;

    private final GateSpec spec;
    private final Check check;

    private Gate(GateSpec spec, Check check) {
        this.spec = spec;
        this.check = check;
        if (check != null) {
            validateCheck();
        }
    }

    // ---- factories ------------------------------------------------------------------------------

    /**
     * @param metric a metric name as in the evaluation
     * @param min    the smallest acceptable value
     * @return a gate {@code metric >= min}
     */
    public static Gate atLeast(String metric, double min) {
        return between(metric, min, null);
    }

    /**
     * @param metric a metric name as in the evaluation
     * @param max    the largest acceptable value
     * @return a gate {@code metric <= max}
     */
    public static Gate atMost(String metric, double max) {
        return between(metric, null, max);
    }

    /**
     * @param metric a metric name as in the evaluation
     * @param min    the smallest acceptable value
     * @param max    the largest acceptable value
     * @return a gate {@code min <= metric <= max}
     */
    public static Gate between(String metric, double min, double max) {
        return between(metric, (Double) min, (Double) max);
    }

    private static Gate between(String metric, Double min, Double max) {
        return build(m -> {
            m.metric = metric;
            m.min = min;
            m.max = max;
        });
    }

    /**
     * A non-inferiority gate: the candidate may be worse than the baseline by at most {@code drop}
     * (for error metrics such as rmse, "worse" means higher).
     *
     * @param metric a metric name as in the evaluation
     * @param drop   the allowed regression, at least 0
     * @return the gate
     */
    public static Gate maxDrop(String metric, double drop) {
        return build(m -> {
            m.metric = metric;
            m.maxDrop = drop;
        });
    }

    /**
     * A superiority gate: the candidate must beat the baseline by at least {@code gain}.
     *
     * @param metric a metric name as in the evaluation
     * @param gain   the required improvement
     * @return the gate
     */
    public static Gate minGain(String metric, double gain) {
        return build(m -> {
            m.metric = metric;
            m.minGain = gain;
        });
    }

    /**
     * @param check a check that takes no parameters, or whose parameters have defaults
     * @return a gate running the check
     */
    public static Gate check(Check check) {
        return new Gate(GateSpec.check(check.specName()), check);
    }

    /** @return one gate per robustness check, parity and latency included */
    public static List<Gate> robustness() {
        return Check.robustnessChecks().stream().map(Gate::check).toList();
    }

    /**
     * @param min the smallest acceptable number of evaluation rows
     * @return a data gate on the row count
     */
    public static Gate rows(int min) {
        return check(Check.ROWS, m -> m.min = (double) min);
    }

    /**
     * @param column   a feature column, or {@code null} for the worst column
     * @param maxShare the largest acceptable share of missing values
     * @return a data gate on missing values
     */
    public static Gate missingShare(String column, double maxShare) {
        return check(Check.MISSING, m -> {
            m.column = column;
            m.max = maxShare;
        });
    }

    /**
     * @param column a numeric feature column
     * @param min    the smallest valid value, or {@code null}
     * @param max    the largest valid value, or {@code null}
     * @return a data gate requiring every value within the range (see {@link #withTolerance})
     */
    public static Gate range(String column, Double min, Double max) {
        return check(Check.RANGE, m -> {
            m.column = column;
            m.min = min;
            m.max = max;
        });
    }

    /**
     * @param column  a feature column
     * @param allowed the valid values
     * @return a data gate requiring every value to be one of {@code allowed} (see {@link #withTolerance})
     */
    public static Gate values(String column, List<String> allowed) {
        return check(Check.VALUES, m -> {
            m.column = column;
            m.values = allowed;
        });
    }

    /**
     * @param minShare the smallest acceptable share of the rarest class
     * @return a data gate on class balance
     */
    public static Gate classBalance(double minShare) {
        return check(Check.CLASS_BALANCE, m -> m.min = minShare);
    }

    /** @return a data gate requiring that no evaluation row duplicates a training row */
    public static Gate noLeakage() {
        return check(Check.LEAKAGE);
    }

    /**
     * @param maxMillis the largest acceptable p99 single-record latency in milliseconds
     * @return a latency gate (without a limit, {@code check(Check.LATENCY)} only reports)
     */
    public static Gate latencyAtMost(double maxMillis) {
        return check(Check.LATENCY, m -> m.max = maxMillis);
    }

    /**
     * Builds the gates of a spec file's {@code gates:} list; {@code check: robustness} expands to
     * every robustness check.
     *
     * @param specs the entries
     * @return the gates, in order
     * @throws GateException naming the entry ({@code gates[2]}) for an unknown check or parameters
     *                       the check does not take
     */
    public static List<Gate> fromSpecs(List<GateSpec> specs) {
        List<Gate> gates = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            try {
                gates.addAll(of(specs.get(i)));
            } catch (GateException e) {
                throw new GateException("gates[" + i + "]: " + e.getMessage(), e);
            }
        }
        return gates;
    }

    /**
     * @param spec one entry of a {@code gates:} list
     * @return its gates: one, or every robustness check for {@code check: robustness}
     * @throws GateException for an unknown check or parameters the check does not take
     */
    public static List<Gate> of(GateSpec spec) {
        Objects.requireNonNull(spec, "spec");
        if (spec.check() == null) {
            return List.of(metricGate(spec));
        }
        if (Check.ROBUSTNESS.equals(spec.check())) {
            if (spec.name() != null) {
                throw new GateException("check: robustness expands to several gates and cannot take a name");
            }
            List<Gate> all = new ArrayList<>();
            for (Check c : Check.robustnessChecks()) {
                Gate g = new Gate(GateSpec.check(c.specName()), c);
                all.add(g.copy(m -> m.severity = spec.severity()));
            }
            if (spec.min() != null || spec.max() != null || spec.column() != null || spec.values() != null
                    || spec.tolerance() != null) {
                throw new GateException("check: robustness takes only severity; set parameters on a single check instead");
            }
            return all;
        }
        return List.of(new Gate(spec, Check.fromSpec(spec.check())));
    }

    private static Gate metricGate(GateSpec spec) {
        if (spec.metric().isBlank()) {
            throw new GateException("metric must not be blank");
        }
        return new Gate(spec, null);
    }

    private static Gate check(Check check, Consumer<Mutable> change) {
        return build(m -> {
            m.checkName = check.specName();
            change.accept(m);
        });
    }

    private static Gate build(Consumer<Mutable> settings) {
        Mutable m = new Mutable();
        settings.accept(m);
        return m.toGate();
    }

    // ---- refinements ----------------------------------------------------------------------------

    /**
     * @param label a class label; the metric must be per-class: precision, recall, f1 or support
     * @return this gate on the class's metric, e.g. {@code f1.virginica}
     */
    public Gate forClass(String label) {
        return copy(m -> m.label = label);
    }

    /**
     * @param slice the rows to evaluate on
     * @return this gate evaluated on the slice only
     */
    public Gate onSlice(SliceSpec slice) {
        return copy(m -> m.slice = slice);
    }

    /**
     * @param rows fewer evaluated rows than this make the verdict inconclusive
     * @return the changed gate
     */
    public Gate minRows(int rows) {
        return copy(m -> m.minRows = rows);
    }

    /** @return this comparison with max_drop / min_gain as fractions of the baseline's value */
    public Gate relative() {
        return copy(m -> m.relative = true);
    }

    /**
     * @param level the confidence level, e.g. 0.95: decide on an interval instead of the point value
     * @return the changed gate
     */
    public Gate withConfidence(double level) {
        return copy(m -> m.confidence = level);
    }

    /**
     * @param resamples bootstrap resamples (default 1000)
     * @return the changed gate
     */
    public Gate withResamples(int resamples) {
        return copy(m -> m.resamples = resamples);
    }

    /**
     * @param seed bootstrap seed (default 42)
     * @return the changed gate
     */
    public Gate withSeed(long seed) {
        return copy(m -> m.seed = seed);
    }

    /**
     * @param tolerance the allowed deviation of checks probabilities, parity, range and values
     * @return the changed gate
     */
    public Gate withTolerance(double tolerance) {
        return copy(m -> m.tolerance = tolerance);
    }

    /** @return this gate with severity warn: a failure is reported but does not fail the build */
    public Gate warn() {
        return copy(m -> m.severity = "warn");
    }

    /**
     * @param severity block or warn
     * @return the changed gate
     */
    public Gate severity(Severity severity) {
        return copy(m -> m.severity = severity.specName());
    }

    /**
     * @param displayName the name shown in reports and test names
     * @return the changed gate
     */
    public Gate named(String displayName) {
        return copy(m -> m.name = displayName);
    }

    // ---- accessors ------------------------------------------------------------------------------

    /** @return the gate as a spec entry (what {@code gates:} would say) */
    public GateSpec spec() {
        return spec;
    }

    /** @return the built-in check, or {@code null} for a metric gate */
    public Check check() {
        return check;
    }

    /** @return block or warn */
    public Severity severity() {
        return Severity.fromSpec(spec.severity());
    }

    /** @return whether the rule compares with a baseline model */
    public boolean comparesWithBaseline() {
        return spec.maxDrop() != null || spec.minGain() != null;
    }

    /** @return the metric looked up in the evaluation: the spec's metric, or {@code <metric>.<class>} */
    public String metricName() {
        if (spec.metric() == null) {
            return null;
        }
        return spec.label() == null ? spec.metric() : spec.metric() + "." + spec.label();
    }

    /** @return the rule as shown in reports, e.g. {@code >= 0.88} or {@code drop vs baseline <= 0.01} */
    public String rule() {
        if (check != null) {
            return checkRule();
        }
        String r;
        if (spec.maxDrop() != null) {
            r = "drop vs baseline <= " + amount(spec.maxDrop());
        } else if (spec.minGain() != null) {
            r = "gain vs baseline >= " + amount(spec.minGain());
        } else {
            r = bounds(spec.min(), spec.max());
        }
        return spec.confidence() != null ? r + " at " + Format.percent(spec.confidence()) + " confidence" : r;
    }

    /** @return the name shown in reports and as the test name, e.g. {@code f1.virginica >= 0.8} */
    public String name() {
        if (spec.name() != null) {
            return spec.name();
        }
        if (check != null) {
            return switch (check) {
                case PARITY -> "robustness: parity with the second runtime (" + checkRule() + ")";
                case LATENCY -> "robustness: latency " + checkRule();
                case ROWS -> "data: rows " + checkRule();
                case MISSING -> "data: missing share of " + (spec.column() == null ? "any column" : spec.column())
                        + " <= " + Format.number(spec.max());
                case RANGE -> "data: " + spec.column() + " within " + interval() + tolerated();
                case VALUES -> "data: " + spec.column() + " within " + shortList(spec.values()) + tolerated();
                case CLASS_BALANCE, LEAKAGE -> "data: " + checkRule();
                default -> "robustness: " + check.description();
            };
        }
        return metricName() + (spec.slice() != null ? " [" + spec.slice().describe() + "]" : "") + " " + rule();
    }

    private String checkRule() {
        return switch (check) {
            case PREDICTIONS -> "every row predicted";
            case KNOWN_LABELS -> "no unknown label";
            case PROBABILITIES -> "sum within " + Format.number(tolerance(DEFAULT_PROBABILITY_TOLERANCE));
            case SINGLE_RECORD -> "same as batch";
            case EXTREME_INPUTS -> "valid output, no error";
            case DETERMINISM -> "identical outputs";
            case PARITY -> "difference <= " + Format.number(tolerance(DEFAULT_PARITY_TOLERANCE));
            case LATENCY -> spec.max() == null ? "p50/p99 reported" : "p99 <= " + Format.number(spec.max()) + " ms";
            case ROWS -> bounds(spec.min(), spec.max());
            case MISSING -> "share <= " + Format.number(spec.max());
            case RANGE -> "outside " + interval() + " share <= " + Format.number(tolerance(0));
            case VALUES -> "outside " + shortList(spec.values()) + " share <= " + Format.number(tolerance(0));
            case CLASS_BALANCE -> "rarest class share >= " + Format.number(spec.min());
            case LEAKAGE -> spec.max() == null || spec.max() == 0 ? "no train/test duplicates"
                    : "train/test duplicates <= " + Format.number(spec.max());
        };
    }

    private String tolerated() {
        return spec.tolerance() == null || spec.tolerance() == 0 ? "" : " (tolerance " + Format.number(spec.tolerance()) + ")";
    }

    double tolerance(double fallback) {
        return spec.tolerance() == null ? fallback : spec.tolerance();
    }

    int minRowsOrDefault() {
        return spec.minRows() == null ? DEFAULT_MIN_ROWS : spec.minRows();
    }

    private String amount(double v) {
        return Boolean.TRUE.equals(spec.relative()) ? Format.percent(v) : Format.number(v);
    }

    private static String bounds(Double min, Double max) {
        if (min != null && max != null) {
            return "in [" + Format.number(min) + ", " + Format.number(max) + "]";
        }
        return min != null ? ">= " + Format.number(min) : "<= " + Format.number(max);
    }

    private String interval() {
        return "[" + (spec.min() == null ? "-inf" : Format.number(spec.min())) + ", "
                + (spec.max() == null ? "inf" : Format.number(spec.max())) + "]";
    }

    private static String shortList(List<String> values) {
        String joined = String.join(", ", values);
        return "{" + (joined.length() > 40 ? joined.substring(0, 37) + "..." : joined) + "}";
    }

    private void validateCheck() {
        List<String> allowed = switch (check) {
            case PREDICTIONS, KNOWN_LABELS, SINGLE_RECORD, EXTREME_INPUTS, DETERMINISM -> List.of();
            case PROBABILITIES, PARITY -> List.of("tolerance");
            case LATENCY, LEAKAGE -> List.of("max");
            case ROWS -> List.of("min", "max");
            case MISSING -> List.of("column", "max");
            case RANGE -> List.of("column", "min", "max", "tolerance");
            case VALUES -> List.of("column", "values", "tolerance");
            case CLASS_BALANCE -> List.of("min");
        };
        String[] keys = {"min", "max", "column", "values", "tolerance"};
        Object[] present = {spec.min(), spec.max(), spec.column(), spec.values(), spec.tolerance()};
        List<String> extra = new ArrayList<>();
        for (int i = 0; i < keys.length; i++) {
            if (present[i] != null && !allowed.contains(keys[i])) {
                extra.add(keys[i]);
            }
        }
        String what = "check '" + check.specName() + "'";
        if (!extra.isEmpty()) {
            throw new GateException(what + " does not take " + String.join(", ", extra)
                    + (allowed.isEmpty() ? "; it takes no parameters" : "; it takes " + String.join(", ", allowed)));
        }
        switch (check) {
            case ROWS -> require(spec.min() != null || spec.max() != null, what + " needs min and/or max (rows)");
            case MISSING -> require(spec.max() != null, what + " needs max: the largest acceptable share of missing values");
            case RANGE -> {
                require(spec.column() != null, what + " needs column");
                require(spec.min() != null || spec.max() != null, what + " needs min and/or max: the valid range");
            }
            case VALUES -> require(spec.column() != null && spec.values() != null && !spec.values().isEmpty(),
                    what + " needs column and values (the allowed values)");
            case CLASS_BALANCE -> require(spec.min() != null, what + " needs min: the smallest acceptable share of a class");
            default -> {
            }
        }
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new GateException(message);
        }
    }

    private Gate copy(Consumer<Mutable> change) {
        Mutable m = new Mutable(spec);
        change.accept(m);
        return m.toGate();
    }

    /** The fields of a {@link GateSpec}, to build a gate or derive a changed copy. */
    private static final class Mutable {
        String name;
        String severity;
        String metric;
        String label;
        SliceSpec slice;
        Integer minRows;
        Double min;
        Double max;
        Double maxDrop;
        Double minGain;
        Boolean relative;
        Double confidence;
        Integer resamples;
        Long seed;
        String checkName;
        String column;
        List<String> values;
        Double tolerance;

        Mutable() {
        }

        Mutable(GateSpec s) {
            name = s.name();
            severity = s.severity();
            metric = s.metric();
            label = s.label();
            slice = s.slice();
            minRows = s.minRows();
            min = s.min();
            max = s.max();
            maxDrop = s.maxDrop();
            minGain = s.minGain();
            relative = s.relative();
            confidence = s.confidence();
            resamples = s.resamples();
            seed = s.seed();
            checkName = s.check();
            column = s.column();
            values = s.values();
            tolerance = s.tolerance();
        }

        Gate toGate() {
            GateSpec changed;
            try {
                changed = new GateSpec(name, severity, metric, label, slice, minRows, min, max, maxDrop, minGain, relative,
                        confidence, resamples, seed, checkName, column, values, tolerance);
            } catch (IllegalArgumentException e) {
                throw new GateException(e.getMessage(), e);
            }
            return changed.check() == null ? metricGate(changed) : new Gate(changed, Check.fromSpec(changed.check()));
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Gate g && g.spec.equals(spec);
    }

    @Override
    public int hashCode() {
        return spec.hashCode();
    }

    @Override
    public String toString() {
        return "Gate[" + name() + ", " + severity().specName() + "]";
    }
}
