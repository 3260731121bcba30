package dev.mlops.gate;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evaluates gates on a {@link GateSubject}. The one place where gate logic lives: the JUnit
 * extension and the Maven goal only adapt its inputs and translate its results.
 *
 * <pre>{@code
 * GateReport report = GateEngine.evaluate(Gate.fromSpecs(spec.gates()), GateSubject.of(model, data));
 * report.write(Path.of("target/mlops", spec.name()));
 * if (!report.passed()) {
 *     throw new IllegalStateException(report.failureMessage());
 * }
 * }</pre>
 */
public final class GateEngine {

    private static final Logger LOG = LoggerFactory.getLogger(GateEngine.class);

    private GateEngine() {
    }

    /**
     * Evaluates one gate. A model that misses the rule is a result with verdict {@link Verdict#FAIL},
     * not an exception.
     *
     * @param gate    the gate
     * @param subject the model and its evaluation
     * @return the verdict with observed value, rule and explanation
     * @throws GateException when the gate cannot be evaluated as written: unknown metric, class,
     *                       column or slice value, a comparison without a baseline, a check without
     *                       the model or data it needs
     */
    public static GateResult evaluate(Gate gate, GateSubject subject) {
        GateResult result = gate.check() == null ? MetricGates.evaluate(gate, subject) : Checks.evaluate(gate, subject);
        LOG.debug("{}", result.summary());
        return result;
    }

    /**
     * Evaluates every gate, in order.
     *
     * @param gates   the gates
     * @param subject the model and its evaluation
     * @return the report
     * @throws GateException on the first gate that cannot be evaluated as written (see {@link #evaluate(Gate, GateSubject)})
     */
    public static GateReport evaluate(List<Gate> gates, GateSubject subject) {
        List<GateResult> results = new ArrayList<>(gates.size());
        for (Gate gate : gates) {
            results.add(evaluate(gate, subject));
        }
        GateReport report = new GateReport(subject.name(), results);
        LOG.info("{}", report.summary());
        return report;
    }
}
