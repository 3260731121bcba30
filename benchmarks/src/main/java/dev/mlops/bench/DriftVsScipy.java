package dev.mlops.bench;

import dev.mlops.drift.DataColumns;
import dev.mlops.drift.DriftDetector;
import dev.mlops.drift.DriftReport;
import dev.mlops.drift.DriftSpec;
import dev.mlops.drift.FeatureDrift;
import dev.mlops.drift.ReferenceProfile;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Command-line benchmark: the same 20 two-sample KS tests (1,000,000 current values against
 * 100,000 reference values each) by mlops-java's drift report and by
 * {@code scipy.stats.ks_2samp(method="auto")}, on identical data, in one run; prints both times,
 * the ratio, and the largest relative difference between the p-values.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar dev.mlops.bench.DriftVsScipy [python3] [rounds]}
 */
public final class DriftVsScipy {

    private DriftVsScipy() {
    }

    /**
     * Runs the comparison.
     *
     * @param args optional python executable (default python3) and number of timed rounds (default 5)
     * @throws Exception when the data cannot be written or python fails
     */
    public static void main(String[] args) throws Exception {
        String python = args.length > 0 ? args[0] : "python3";
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        DriftData data = new DriftData(DriftData.REFERENCE_ROWS, DriftData.CURRENT_ROWS);
        Path dir = Files.createTempDirectory("drift-bench");
        try {
            write(dir.resolve("reference.f64"), data.reference);
            write(dir.resolve("current.f64"), data.current);
            Path script = dir.resolve("DriftScipy.py");
            try (InputStream in = DriftVsScipy.class.getResourceAsStream("DriftScipy.py")) {
                Files.copy(in, script);
            }

            ReferenceProfile profile = data.profile();
            DataColumns current = data.currentColumns();
            DriftSpec spec = DriftData.ksSpec();
            DriftReport report = null;
            for (int i = 0; i < 3; i++) {
                report = DriftDetector.detect(profile, current, spec);
            }
            double[] javaTimes = new double[rounds];
            for (int i = 0; i < rounds; i++) {
                long t0 = System.nanoTime();
                report = DriftDetector.detect(profile, current, spec);
                javaTimes[i] = (System.nanoTime() - t0) / 1e9;
            }

            Process p = new ProcessBuilder(python, script.toString(), dir.toString(),
                String.valueOf(DriftData.FEATURES), String.valueOf(rounds)).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new IllegalStateException("python failed:\n" + out);
            }
            List<Double> scipyTimes = new ArrayList<>();
            double[] scipyP = new double[DriftData.FEATURES];
            String scipyVersion = "?";
            for (String line : out.split("\n")) {
                String[] parts = line.trim().split(" ");
                switch (parts[0]) {
                    case "time" -> scipyTimes.add(Double.parseDouble(parts[1]));
                    case "p" -> scipyP[Integer.parseInt(parts[1])] = Double.parseDouble(parts[2]);
                    case "version" -> scipyVersion = line.substring("version ".length());
                    default -> { }
                }
            }
            double maxRel = 0;
            for (int f = 0; f < DriftData.FEATURES; f++) {
                FeatureDrift fd = report.features().get(f);
                double a = fd.pValue();
                double b = scipyP[f];
                double rel = a == b ? 0 : Math.abs(a - b) / Math.max(Math.abs(b), Double.MIN_NORMAL);
                maxRel = Math.max(maxRel, rel);
                System.out.printf(Locale.ROOT, "  %s D=%.6f p(java)=%.10g p(scipy)=%.10g drifted=%s%n", fd.feature(),
                    fd.statistic(), a, b, fd.drifted());
            }
            double javaMedian = median(javaTimes);
            double scipyMedian = median(scipyTimes.stream().mapToDouble(Double::doubleValue).toArray());
            System.out.printf(Locale.ROOT, "java  drift report (20 x KS, 1,000,000 vs 100,000): median %.3f s, best %.3f s%n",
                javaMedian, Arrays.stream(javaTimes).min().orElseThrow());
            System.out.printf(Locale.ROOT, "scipy ks_2samp x 20 (%s): median %.3f s, best %.3f s%n", scipyVersion,
                scipyMedian, scipyTimes.stream().mapToDouble(Double::doubleValue).min().orElseThrow());
            System.out.printf(Locale.ROOT, "ratio scipy / java (median): %.2fx; max relative p-value difference %.2e%n",
                scipyMedian / javaMedian, maxRel);
        } finally {
            try (var files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.delete(f);
                }
            }
            Files.delete(dir);
        }
    }

    private static double median(double[] x) {
        double[] s = x.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    /** Little-endian float64, feature after feature: numpy.fromfile(..., "<f8") reads it back. */
    private static void write(Path file, double[][] columns) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            for (double[] col : columns) {
                ByteBuffer buf = ByteBuffer.allocate(col.length * 8).order(ByteOrder.LITTLE_ENDIAN);
                buf.asDoubleBuffer().put(col);
                out.write(buf.array());
            }
        }
    }
}
