package dev.mlops.junit;

import dev.mlops.evaluate.Evaluation;
import dev.mlops.gate.Gate;
import dev.mlops.gate.GateEngine;
import dev.mlops.gate.GateException;
import dev.mlops.gate.GateResult;
import dev.mlops.gate.GateSubject;
import dev.mlops.gate.Verdict;
import dev.mlops.train.SliceSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.MultipleFailuresError;

/**
 * Fluent assertions that read like the gate they check and fail with its full explanation. Each
 * terminal call evaluates one gate with the same engine as the build's gates: a failure throws
 * {@link AssertionFailedError}, an inconclusive verdict aborts the test (reported as skipped), a
 * failure with {@link MetricAssert#warnOnly()} is logged. Inside a {@link ModelGate} class the
 * result is also added to the class's gate report.
 *
 * <pre>{@code
 * assertThatModel(model).metric("f1_weighted").isAtLeast(0.88);
 * assertThatModel(model).metric("f1").forClass("virginica").isAtLeast(0.8);
 * assertThatModel(model).metric("rmse").onSlice("ocean_proximity", "INLAND").minRows(30).isAtMost(90_000);
 * assertThatModel(model).metric("accuracy").withConfidence(0.95).isNotWorseThan(baseline).byMoreThan(0.01);
 * assertThatModel(model).passesRobustnessChecks();
 * }</pre>
 */
public final class ModelAssertions {

    /** Set by the extension around each test method so that assertions land in the class's report. */
    static final ThreadLocal<Consumer<GateResult>> RECORDER = new ThreadLocal<>();

    private ModelAssertions() {
    }

    /**
     * @param model the candidate (injected by {@link ModelGate}, or built with {@code GateSubject.of})
     * @return assertions on it
     */
    public static ModelAssert assertThatModel(GateSubject model) {
        return new ModelAssert(Objects.requireNonNull(model, "model"));
    }

    /**
     * @param evaluation an evaluation computed elsewhere (no slices, data or robustness checks)
     * @return assertions on it
     */
    public static ModelAssert assertThatModel(Evaluation evaluation) {
        return assertThatModel(GateSubject.of("model", evaluation));
    }

    /** Evaluates, records and translates one gate. */
    static GateResult check(Gate gate, GateSubject subject) {
        GateResult result = evaluate(gate, subject);
        Verdicts.apply(result);
        return result;
    }

    /** Evaluates and records one gate; misuse fails the test. */
    private static GateResult evaluate(Gate gate, GateSubject subject) {
        GateResult result;
        try {
            result = GateEngine.evaluate(gate, subject);
        } catch (GateException e) {
            throw new AssertionFailedError("Cannot check " + gate.name() + ": " + e.getMessage(), e);
        }
        Consumer<GateResult> recorder = RECORDER.get();
        if (recorder != null) {
            recorder.accept(result);
        }
        return result;
    }

    /** Assertions on one model. */
    public static final class ModelAssert {
        private final GateSubject subject;

        ModelAssert(GateSubject subject) {
            this.subject = subject;
        }

        /**
         * @param name a metric name as in the evaluation, e.g. {@code f1_weighted}, {@code rmse}, {@code f1}
         * @return assertions on the metric
         */
        public MetricAssert metric(String name) {
            return new MetricAssert(subject, name, UnaryOperator.identity());
        }

        /**
         * Checks gates: every gate is evaluated, then the test fails listing all blocking failures, or, when
         * none failed, is aborted (skipped) naming the inconclusive ones.
         *
         * @param gates the gates
         * @return the results
         */
        public List<GateResult> passes(List<Gate> gates) {
            return passes(gates, true);
        }

        private List<GateResult> passes(List<Gate> gates, boolean abortOnInconclusive) {
            List<GateResult> results = new ArrayList<>();
            List<Throwable> failures = new ArrayList<>();
            List<String> inconclusive = new ArrayList<>();
            for (Gate g : gates) {
                GateResult r = evaluate(g, subject);
                results.add(r);
                if (r.blocks()) {
                    failures.add(Verdicts.failure(r));
                } else if (r.verdict() == Verdict.INCONCLUSIVE) {
                    inconclusive.add(r.name() + ": " + r.explanation());
                } else {
                    Verdicts.apply(r);
                }
            }
            if (failures.size() == 1) {
                throw (AssertionFailedError) failures.get(0);
            }
            if (!failures.isEmpty()) {
                throw new MultipleFailuresError(failures.size() + " of " + gates.size() + " gates failed", failures);
            }
            if (!inconclusive.isEmpty() && abortOnInconclusive) {
                throw new org.opentest4j.TestAbortedException("INCONCLUSIVE " + String.join("; ", inconclusive));
            }
            return results;
        }

        /**
         * Checks every robustness check that applies: predictions for every row, known labels, valid
         * probabilities, single-record prediction, extreme inputs, determinism, parity (when a second
         * runtime is attached); latency is measured and reported. Checks that do not apply to the
         * model (inconclusive: parity without a second runtime, probabilities of a regression or
         * hinge-loss model) are reported as such but do not abort the test.
         *
         * @return the results
         */
        public List<GateResult> passesRobustnessChecks() {
            return passes(Gate.robustness(), false);
        }
    }

    /** Assertions on one metric; refine, then end with a rule. */
    public static final class MetricAssert {
        private final GateSubject subject;
        private final String metric;
        private final UnaryOperator<Gate> refinements;

        MetricAssert(GateSubject subject, String metric, UnaryOperator<Gate> refinements) {
            this.subject = subject;
            this.metric = metric;
            this.refinements = refinements;
        }

        private MetricAssert with(UnaryOperator<Gate> more) {
            return new MetricAssert(subject, metric, g -> more.apply(refinements.apply(g)));
        }

        /**
         * @param label a class; the metric must be per-class (precision, recall, f1, support)
         * @return these assertions on that class
         */
        public MetricAssert forClass(String label) {
            return with(g -> g.forClass(label));
        }

        /**
         * @param feature a feature column
         * @param value   the value of the slice's rows
         * @return these assertions on the slice
         */
        public MetricAssert onSlice(String feature, String value) {
            return onSlice(SliceSpec.equalTo(feature, value));
        }

        /**
         * @param slice rows selected by a feature value or range
         * @return these assertions on the slice
         */
        public MetricAssert onSlice(SliceSpec slice) {
            return with(g -> g.onSlice(slice));
        }

        /**
         * @param rows fewer rows than this make the verdict inconclusive (default 10)
         * @return the changed assertions
         */
        public MetricAssert minRows(int rows) {
            return with(g -> g.minRows(rows));
        }

        /**
         * @param level decide on a confidence interval at this level, e.g. 0.95
         * @return the changed assertions
         */
        public MetricAssert withConfidence(double level) {
            return with(g -> g.withConfidence(level));
        }

        /** @return these assertions with severity warn: a failure is logged and reported, not thrown */
        public MetricAssert warnOnly() {
            return with(Gate::warn);
        }

        /**
         * @param min the smallest acceptable value
         * @return the result
         */
        public GateResult isAtLeast(double min) {
            return check(refinements.apply(Gate.atLeast(metric, min)), subject);
        }

        /**
         * @param max the largest acceptable value
         * @return the result
         */
        public GateResult isAtMost(double max) {
            return check(refinements.apply(Gate.atMost(metric, max)), subject);
        }

        /**
         * @param min the smallest acceptable value
         * @param max the largest acceptable value
         * @return the result
         */
        public GateResult isBetween(double min, double max) {
            return check(refinements.apply(Gate.between(metric, min, max)), subject);
        }

        /**
         * Non-inferiority; end with {@link NotWorse#byMoreThan}, {@link NotWorse#byMoreThanRelative} or
         * {@link NotWorse#atAll}.
         *
         * @param baseline the baseline evaluated on the same rows (e.g. {@code @Baseline GateSubject})
         * @return the comparison
         */
        public NotWorse isNotWorseThan(GateSubject baseline) {
            return new NotWorse(this, subject.withBaseline(baseline));
        }

        /**
         * @param baseline the baseline's evaluation on exactly the same rows
         * @return the comparison
         */
        public NotWorse isNotWorseThan(Evaluation baseline) {
            return new NotWorse(this, subject.withBaselineEvaluation("baseline", baseline));
        }

        /**
         * Superiority; end with {@link Better#byAtLeast}, {@link Better#byAtLeastRelative} or {@link Better#atAll}.
         *
         * @param baseline the baseline evaluated on the same rows
         * @return the comparison
         */
        public Better isBetterThan(GateSubject baseline) {
            return new Better(this, subject.withBaseline(baseline));
        }

        /**
         * @param baseline the baseline's evaluation on exactly the same rows
         * @return the comparison
         */
        public Better isBetterThan(Evaluation baseline) {
            return new Better(this, subject.withBaselineEvaluation("baseline", baseline));
        }
    }

    /** A non-inferiority comparison waiting for its margin. */
    public static final class NotWorse {
        private final MetricAssert metric;
        private final GateSubject paired;

        NotWorse(MetricAssert metric, GateSubject paired) {
            this.metric = metric;
            this.paired = paired;
        }

        /**
         * @param drop the largest acceptable regression, in the metric's units
         * @return the result
         */
        public GateResult byMoreThan(double drop) {
            return check(metric.refinements.apply(Gate.maxDrop(metric.metric, drop)), paired);
        }

        /**
         * @param fraction the largest acceptable regression as a fraction of the baseline's value
         * @return the result
         */
        public GateResult byMoreThanRelative(double fraction) {
            return check(metric.refinements.apply(Gate.maxDrop(metric.metric, fraction).relative()), paired);
        }

        /** @return the result of requiring no regression at all */
        public GateResult atAll() {
            return byMoreThan(0);
        }
    }

    /** A superiority comparison waiting for its margin. */
    public static final class Better {
        private final MetricAssert metric;
        private final GateSubject paired;

        Better(MetricAssert metric, GateSubject paired) {
            this.metric = metric;
            this.paired = paired;
        }

        /**
         * @param gain the smallest acceptable improvement, in the metric's units
         * @return the result
         */
        public GateResult byAtLeast(double gain) {
            return check(metric.refinements.apply(Gate.minGain(metric.metric, gain)), paired);
        }

        /**
         * @param fraction the smallest acceptable improvement as a fraction of the baseline's value
         * @return the result
         */
        public GateResult byAtLeastRelative(double fraction) {
            return check(metric.refinements.apply(Gate.minGain(metric.metric, fraction).relative()), paired);
        }

        /** @return the result of requiring any improvement (a gain of at least 0) */
        public GateResult atAll() {
            return byAtLeast(0);
        }
    }
}
