package dev.mlops.bench;

import dev.mlops.evaluate.ClassificationEvaluation;
import dev.mlops.evaluate.RegressionEvaluation;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * Cost of evaluating a large prediction set: 3 classes with probabilities, every metric
 * including log_loss and the one-vs-rest ROC AUC (three sorts of the scores), plus a bootstrap
 * resample through {@code restrictTo} and a regression for comparison.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar EvaluationBenchmark -f 1 -wi 3 -i 5}.
 * On a machine whose cores are busy with other work, wall-clock times mostly measure waiting;
 * {@code java -cp benchmarks/target/benchmarks.jar dev.mlops.bench.EvaluationBenchmark} runs the
 * same operations and prints the CPU time of the measuring thread instead.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class EvaluationBenchmark {

    private static final List<String> LABELS = List.of("setosa", "versicolor", "virginica");

    @Param("1000000")
    int rows;

    int[] actual;
    int[] predicted;
    double[][] probabilities;
    double[] regressionActual;
    double[] regressionPredicted;
    ClassificationEvaluation evaluation;
    int[] bootstrap;

    @Setup
    public void setUp() {
        SplittableRandom random = new SplittableRandom(42);
        int k = LABELS.size();
        actual = new int[rows];
        predicted = new int[rows];
        probabilities = new double[rows][k];
        regressionActual = new double[rows];
        regressionPredicted = new double[rows];
        for (int i = 0; i < rows; i++) {
            actual[i] = random.nextInt(k);
            // an informative model: extra weight on the actual class, scores in thousandths (ties)
            double[] w = new double[k];
            double sum = 0;
            for (int c = 0; c < k; c++) {
                w[c] = 1 + random.nextInt(1000) + (c == actual[i] ? random.nextInt(800) : 0);
                sum += w[c];
            }
            int best = 0;
            for (int c = 0; c < k; c++) {
                probabilities[i][c] = w[c] / sum;
                if (w[c] > w[best]) {
                    best = c;
                }
            }
            predicted[i] = best;
            regressionActual[i] = random.nextDouble() * 500_000;
            regressionPredicted[i] = regressionActual[i] + random.nextGaussian() * 20_000;
        }
        evaluation = ClassificationEvaluation.of(LABELS, actual, predicted, probabilities);
        bootstrap = new int[rows];
        for (int i = 0; i < rows; i++) {
            bootstrap[i] = random.nextInt(rows);
        }
    }

    /** Validation, copying and every classification metric, as a caller with plain arrays pays it. */
    @Benchmark
    public Map<String, Double> classificationAllMetrics() {
        return ClassificationEvaluation.of(LABELS, actual, predicted, probabilities).asMap();
    }

    /** One bootstrap resample of all rows, all metrics (what a confidence interval repeats). */
    @Benchmark
    public Map<String, Double> bootstrapResampleAllMetrics() {
        return evaluation.restrictTo(bootstrap).asMap();
    }

    /** One bootstrap resample, accuracy only: no probability metric is computed. */
    @Benchmark
    public double bootstrapResampleAccuracy() {
        return evaluation.restrictTo(bootstrap).metric("accuracy");
    }

    /** Validation, copying and every regression metric. */
    @Benchmark
    public Map<String, Double> regressionAllMetrics() {
        return RegressionEvaluation.of(regressionActual, regressionPredicted).asMap();
    }

    /**
     * Prints the median and minimum thread CPU time of each operation over 20 runs after 10
     * warm-up runs.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        EvaluationBenchmark b = new EvaluationBenchmark();
        b.rows = 1_000_000;
        b.setUp();
        Map<String, Runnable> operations = new LinkedHashMap<>();
        operations.put("classificationAllMetrics", b::classificationAllMetrics);
        operations.put("bootstrapResampleAllMetrics", b::bootstrapResampleAllMetrics);
        operations.put("bootstrapResampleAccuracy", b::bootstrapResampleAccuracy);
        operations.put("regressionAllMetrics", b::regressionAllMetrics);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        operations.forEach((name, operation) -> {
            long[] cpu = new long[20];
            for (int i = -10; i < cpu.length; i++) {
                long start = threads.getCurrentThreadCpuTime();
                operation.run();
                if (i >= 0) {
                    cpu[i] = threads.getCurrentThreadCpuTime() - start;
                }
            }
            Arrays.sort(cpu);
            System.out.printf("%-28s cpu median %6.1f ms, min %6.1f ms%n", name, cpu[cpu.length / 2] / 1e6, cpu[0] / 1e6);
        });
    }
}
