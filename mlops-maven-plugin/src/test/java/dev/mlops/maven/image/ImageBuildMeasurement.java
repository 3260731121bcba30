package dev.mlops.maven.image;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Measures image builds for docs/benchmarks/image.md (not a test): the real JRE base, the tiny
 * server, ONNX Runtime and a small bundle; cold (empty layer cache) and warm builds, tar size and
 * size per layer, with and without stripping foreign natives. Run from the module directory:
 * {@code java -cp target/test-classes:target/classes:$(cat target/cp.txt) dev.mlops.maven.image.ImageBuildMeasurement BASE_TAR COLD WARM}
 */
public final class ImageBuildMeasurement {

    private ImageBuildMeasurement() {
    }

    public static void main(String[] args) throws Exception {
        Path base = Path.of(args[0]);
        int cold = Integer.parseInt(args[1]);
        int warm = Integer.parseInt(args[2]);
        Path dir = Files.createTempDirectory("image-measure");
        TestApps.App app = TestApps.compile(dir.resolve("app"));
        Path bundle = dir.resolve("bundle");
        TestApps.write(bundle.resolve("model.json"), "{\"name\":\"iris\"}\n".repeat(100));
        Path ort = NativeJarFilterTest.onnxRuntimeJar();
        for (boolean strip : new boolean[] {true, false}) {
            List<Long> coldMillis = new ArrayList<>();
            List<Long> warmMillis = new ArrayList<>();
            ImageResult last = null;
            for (int i = 0; i < cold + warm; i++) {
                Path cache = dir.resolve(i < cold ? "cold-cache-" + strip + "-" + i : "warm-cache-" + strip);
                last = ImagePackager.build(ImageRequest.builder().baseImage("tar://" + base)
                        .target(ImageTarget.tarball(dir.resolve("iris-image.tar"), "localhost/iris:1.0.0"))
                        .dependencyJars(List.of(app.libJar(), ort)).applicationEntries(List.of(app.serverJar()))
                        .bundleDirectory(bundle).mainClass(TestApps.MAIN_CLASS).stripForeignNatives(strip)
                        .labels(ImageLabels.forModel("iris", "1.0.0", "run-1", Map.of("accuracy", 0.96)))
                        .cacheDirectory(cache).build());
                (i < cold ? coldMillis : warmMillis).add(last.buildTime().toMillis());
            }
            if (warm > 0) {
                warmMillis.remove(0); // the first warm build fills the warm cache
            }
            System.out.printf("stripForeignNatives=%s cold ms %s (median %d) warm ms %s (median %d) tar bytes %d%n",
                    strip, coldMillis, median(coldMillis), warmMillis, median(warmMillis),
                    Files.size(last.tarball().get()));
            for (ImageResult.Layer layer : last.layers()) {
                System.out.printf("  layer %-13s %,14d bytes compressed  %s%n",
                        layer.name().isEmpty() ? "(base)" : layer.name(), layer.size(), layer.digest().substring(0, 19));
            }
            last.filteredJars().forEach(f -> System.out.printf("  filtered %s: %,d -> %,d bytes (%d entries removed)%n",
                    f.source().getFileName(), f.sourceSize(), f.outputSize(), f.removedEntries().size()));
        }
    }

    private static long median(List<Long> values) {
        if (values.isEmpty()) {
            return -1;
        }
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
