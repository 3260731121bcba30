package dev.mlops.bench;

import dev.mlops.tracking.Metric;
import dev.mlops.tracking.RestOptions;
import dev.mlops.tracking.RunHandle;
import dev.mlops.tracking.TrackingStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Logging 10,000 metric points to a run: into the local mlruns store one call per point and in one
 * batch, and to a loopback MLflow REST server in one batch (split into 10 log-batch calls) and,
 * for contrast, 1,000 points one call each. Each operation starts a fresh run and logs all points.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(1)
public class TrackingBenchmark {

    static final int POINTS = 10_000;
    static final int INDIVIDUAL_REST_POINTS = 1_000;

    Path dir;
    TrackingStore local;
    TrackingLoopbackServer server;
    TrackingStore rest;
    List<Metric> points;

    /**
     * Opens a local store in a temporary directory and a REST store on a loopback server.
     *
     * @throws IOException when the directory or server cannot be created
     */
    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("tracking-bench");
        local = TrackingStore.open(dir);
        server = new TrackingLoopbackServer();
        rest = TrackingStore.open(server.uri(), RestOptions.defaults().withToken(() -> null));
        points = new ArrayList<>(POINTS);
        long t0 = System.currentTimeMillis();
        for (int i = 0; i < POINTS; i++) {
            points.add(new Metric("loss", 1.0 / (i + 1), t0 + i, i));
        }
    }

    /**
     * Stops the server and deletes the directory.
     *
     * @throws IOException when deleting fails
     */
    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        rest.close();
        server.close();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** 10,000 logMetric calls: each takes the run lock and appends one line. */
    @Benchmark
    public String local10kOneCallPerPoint() throws IOException {
        try (RunHandle run = local.startRun("bench", "individual")) {
            for (Metric m : points) {
                run.logMetrics(List.of(m));
            }
            return run.runId();
        }
    }

    /** One logMetrics call with 10,000 points: one lock, one append. */
    @Benchmark
    public String local10kOneBatch() throws IOException {
        try (RunHandle run = local.startRun("bench", "batched")) {
            run.logMetrics(points);
            return run.runId();
        }
    }

    /** One logMetrics call with 10,000 points: 10 runs/log-batch calls of 1,000 metrics. */
    @Benchmark
    public String rest10kOneBatch() throws IOException {
        try (RunHandle run = rest.startRun("bench", "batched")) {
            run.logMetrics(points);
            return run.runId();
        }
    }

    /** 1,000 logMetric calls, one HTTP request each: why batching matters. */
    @Benchmark
    public String rest1kOneCallPerPoint() throws IOException {
        try (RunHandle run = rest.startRun("bench", "individual")) {
            for (Metric m : points.subList(0, INDIVIDUAL_REST_POINTS)) {
                run.logMetrics(List.of(m));
            }
            return run.runId();
        }
    }
}
