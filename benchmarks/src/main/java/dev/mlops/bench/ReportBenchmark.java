package dev.mlops.bench;

import dev.mlops.evaluate.ClassificationEvaluation;
import dev.mlops.evaluate.RegressionEvaluation;
import dev.mlops.report.ModelReport;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
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
 * Cost of rendering report.html for a large evaluation: 1,000,000 rows of 3 classes with
 * continuous probabilities (every row its own threshold: three ROC, precision-recall and
 * calibration curves over a million points each), and 1,000,000 regression rows (residual
 * sample and histogram). The evaluations exist beforehand, as they do after training.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar ReportBenchmark -f 1 -wi 3 -i 5};
 * {@code java -cp benchmarks/target/benchmarks.jar dev.mlops.bench.ReportBenchmark} prints the
 * thread CPU time and the page sizes instead.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g"})
public class ReportBenchmark {

    private static final List<String> LABELS = List.of("setosa", "versicolor", "virginica");

    @Param("1000000")
    int rows;

    ClassificationEvaluation classification;
    RegressionEvaluation regression;

    /** Builds both evaluations once. */
    @Setup
    public void setUp() {
        SplittableRandom random = new SplittableRandom(42);
        int k = LABELS.size();
        int[] actual = new int[rows];
        int[] predicted = new int[rows];
        double[][] probabilities = new double[rows][k];
        double[] values = new double[rows];
        double[] estimates = new double[rows];
        for (int i = 0; i < rows; i++) {
            actual[i] = random.nextInt(k);
            double[] w = new double[k];
            double sum = 0;
            for (int c = 0; c < k; c++) {
                w[c] = random.nextDouble() + (c == actual[i] ? random.nextDouble() * 0.8 : 0);
                sum += w[c];
            }
            int best = 0;
            for (int c = 0; c < k; c++) {
                probabilities[i][c] = w[c] / sum;
                best = w[c] > w[best] ? c : best;
            }
            predicted[i] = best;
            values[i] = random.nextDouble() * 500_000;
            estimates[i] = values[i] + random.nextGaussian() * 20_000;
        }
        classification = ClassificationEvaluation.of(LABELS, actual, predicted, probabilities);
        regression = RegressionEvaluation.of(values, estimates);
    }

    /** The classification page: metrics, confusion matrix, three curves of each kind. */
    @Benchmark
    public String classificationReport() {
        return ModelReport.builder("bench").evaluation(classification).build().toHtml();
    }

    /** The regression page: metrics, residual scatter (2,500 sampled rows) and histogram. */
    @Benchmark
    public String regressionReport() {
        return ModelReport.builder("bench").evaluation(regression).build().toHtml();
    }

    /**
     * Prints the median and minimum thread CPU time of each page over 10 runs after 5 warm-up
     * runs, and the page sizes.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        ReportBenchmark b = new ReportBenchmark();
        b.rows = 1_000_000;
        b.setUp();
        Map<String, Supplier<String>> pages = new LinkedHashMap<>();
        pages.put("classificationReport", b::classificationReport);
        pages.put("regressionReport", b::regressionReport);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        pages.forEach((name, page) -> {
            long[] cpu = new long[10];
            int size = 0;
            for (int i = -5; i < cpu.length; i++) {
                long start = threads.getCurrentThreadCpuTime();
                size = page.get().length();
                if (i >= 0) {
                    cpu[i] = threads.getCurrentThreadCpuTime() - start;
                }
            }
            Arrays.sort(cpu);
            System.out.printf(Locale.ROOT, "%-22s CPU median %7.1f ms, min %7.1f ms; page %,d characters%n", name,
                    cpu[cpu.length / 2] / 1e6, cpu[0] / 1e6, size);
        });
    }
}
