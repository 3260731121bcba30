package dev.mlops.bench;

import dev.mlops.drift.DataColumns;
import dev.mlops.drift.DriftDetector;
import dev.mlops.drift.DriftReport;
import dev.mlops.drift.DriftSpec;
import dev.mlops.drift.ReferenceProfile;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A drift report over 1,000,000 current rows x 20 numeric features against a profile of
 * 100,000 reference rows: with KS on every feature, and with the default choice (Wasserstein).
 * Run: {@code java -jar benchmarks/target/benchmarks.jar DriftBenchmark -f 1 -wi 3 -i 5}.
 * {@link DriftVsScipy} runs the same KS tests beside scipy and prints the ratio.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx8g"})
@Warmup(iterations = 3)
@Measurement(iterations = 5)
public class DriftBenchmark {

    private ReferenceProfile profile;
    private DataColumns current;
    private DriftSpec ks;

    /** Builds the data and the profile once. */
    @Setup(Level.Trial)
    public void setUp() {
        DriftData data = new DriftData(DriftData.REFERENCE_ROWS, DriftData.CURRENT_ROWS);
        profile = data.profile();
        current = data.currentColumns();
        ks = DriftData.ksSpec();
    }

    /**
     * The report with two-sample KS tests on all 20 features.
     *
     * @return the report
     */
    @Benchmark
    public DriftReport reportKs() {
        return DriftDetector.detect(profile, current, ks);
    }

    /**
     * The report with Evidently's default choice (normalised Wasserstein for a large reference).
     *
     * @return the report
     */
    @Benchmark
    public DriftReport reportDefault() {
        return DriftDetector.detect(profile, current, DriftSpec.defaults());
    }
}
