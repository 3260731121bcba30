package dev.mlops.bench;

import dev.mlops.evaluate.ClassificationEvaluation;
import dev.mlops.gate.Gate;
import dev.mlops.gate.GateEngine;
import dev.mlops.gate.GateResult;
import dev.mlops.gate.GateSubject;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost of one gate on a classification evaluation with probabilities (3 classes): a point
 * decision, a bootstrap interval (1000 resamples, the default), a paired bootstrap against a
 * baseline, and McNemar's exact test for accuracy.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar GateBenchmark -f 1 -wi 2 -i 3}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class GateBenchmark {

    private static final List<String> LABELS = List.of("setosa", "versicolor", "virginica");

    @Param({"1000", "10000"})
    int rows;

    GateSubject subject;

    @Setup
    public void setUp() {
        SplittableRandom random = new SplittableRandom(42);
        int[] actual = new int[rows];
        int[] candidate = new int[rows];
        int[] baseline = new int[rows];
        double[][] probabilities = new double[rows][3];
        for (int i = 0; i < rows; i++) {
            actual[i] = random.nextInt(3);
            candidate[i] = random.nextDouble() < 0.9 ? actual[i] : random.nextInt(3);
            baseline[i] = random.nextDouble() < 0.88 ? actual[i] : random.nextInt(3);
            double[] w = {random.nextDouble(), random.nextDouble(), random.nextDouble()};
            w[candidate[i]] += 2;
            double sum = w[0] + w[1] + w[2];
            for (int c = 0; c < 3; c++) {
                probabilities[i][c] = w[c] / sum;
            }
        }
        subject = GateSubject.of("candidate", ClassificationEvaluation.of(LABELS, actual, candidate, probabilities))
                .withBaselineEvaluation("baseline", ClassificationEvaluation.of(LABELS, actual, baseline, null));
    }

    @Benchmark
    public GateResult pointDecision() {
        return GateEngine.evaluate(Gate.atLeast("f1_weighted", 0.85), subject);
    }

    @Benchmark
    public GateResult bootstrapF1Weighted() {
        return GateEngine.evaluate(Gate.atLeast("f1_weighted", 0.85).withConfidence(0.95), subject);
    }

    @Benchmark
    public GateResult bootstrapRocAuc() {
        return GateEngine.evaluate(Gate.atLeast("roc_auc_ovr", 0.85).withConfidence(0.95), subject);
    }

    @Benchmark
    public GateResult pairedBootstrapF1Weighted() {
        return GateEngine.evaluate(Gate.maxDrop("f1_weighted", 0.01).withConfidence(0.95), subject);
    }

    @Benchmark
    public GateResult mcnemarAccuracy() {
        return GateEngine.evaluate(Gate.maxDrop("accuracy", 0.01).withConfidence(0.95), subject);
    }
}
