package dev.mlops.tracking;

import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.ModelVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A writer process for the concurrency and kill tests. Prints one line per committed write, after
 * the call returned, so the parent knows what must survive a kill.
 *
 * <ul>
 *   <li>{@code track <root> <writer> <points> <sharedRunId> <experiment>}: one own run plus appends to a
 *       shared run, {@code points} metrics each, then ends.</li>
 *   <li>{@code register <root> <writer> <count> <workDir>}: registers {@code count} bundles of model
 *       "concurrent".</li>
 *   <li>{@code track-forever <root> <runId>}: logs metric m and param p{i} for i = 0, 1, ... until
 *       killed; prints "committed i".</li>
 *   <li>{@code register-forever <root> <workDir>}: registers bundles until killed; prints
 *       "committed version".</li>
 * </ul>
 */
public final class StoreWriterMain {

    private StoreWriterMain() {
    }

    /**
     * Entry point.
     *
     * @param args see the class comment
     * @throws Exception on any failure (the exit code tells the parent)
     */
    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[1]);
        switch (args[0]) {
            case "track" -> track(root, Integer.parseInt(args[2]), Integer.parseInt(args[3]), args[4], args[5]);
            case "register" -> register(root, Integer.parseInt(args[2]), Integer.parseInt(args[3]), Path.of(args[4]));
            case "track-forever" -> trackForever(root, args[2]);
            case "register-forever" -> registerForever(root, Path.of(args[2]));
            default -> throw new IllegalArgumentException("unknown mode " + Arrays.toString(args));
        }
        System.out.flush();
    }

    private static void track(Path root, int writer, int points, String sharedRunId, String experiment)
            throws Exception {
        try (TrackingStore store = TrackingStore.open(root)) {
            store.getOrCreateExperiment(experiment);
            RunHandle shared = store.resumeRun(sharedRunId);
            try (RunHandle own = store.startRun(experiment, "writer-" + writer)) {
                own.logParam("writer", String.valueOf(writer));
                for (int i = 0; i < points; i++) {
                    own.logMetric("m", i, i);
                    shared.logMetrics(java.util.List.of(Metric.now("shared", writer * 1_000_000 + i, i)));
                    if (i % 10 == 0) {
                        shared.setTag("last-writer", String.valueOf(writer));
                    }
                }
            }
            System.out.println("done " + writer);
        }
    }

    private static void register(Path root, int writer, int count, Path workDir) throws Exception {
        try (ModelRegistry registry = ModelRegistry.open(root)) {
            for (int j = 0; j < count; j++) {
                Path bundle = Files.writeString(workDir.resolve("bundle-" + writer + "-" + j + ".bin"),
                        "writer-" + writer + "-" + j);
                ModelVersion v = registry.register("concurrent", bundle, null);
                System.out.println("registered " + v.version());
            }
        }
    }

    private static void trackForever(Path root, String runId) throws Exception {
        try (TrackingStore store = TrackingStore.open(root)) {
            RunHandle run = store.resumeRun(runId);
            for (int i = 0; ; i++) {
                run.logMetric("m", i, i);
                run.logParam("p" + i, String.valueOf(i));
                System.out.println("committed " + i);
                System.out.flush();
            }
        }
    }

    private static void registerForever(Path root, Path workDir) throws Exception {
        byte[] payload = new byte[256 * 1024];
        try (ModelRegistry registry = ModelRegistry.open(root)) {
            for (int i = 0; ; i++) {
                Path bundle = workDir.resolve("bundle-" + i);
                Files.createDirectories(bundle);
                payload[0] = (byte) i;
                Files.write(bundle.resolve("weights.bin"), payload);
                Files.writeString(bundle.resolve("index.txt"), String.valueOf(i));
                ModelVersion v = registry.register("killed", bundle, null);
                System.out.println("committed " + v.version());
                System.out.flush();
            }
        }
    }
}
