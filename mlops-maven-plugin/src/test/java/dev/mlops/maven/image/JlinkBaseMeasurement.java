package dev.mlops.maven.image;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Measures the {@value ImageRequest#JLINK_BASE} base against the Debian JRE base for
 * docs/benchmarks/image-base.md (not a test): the tiny server, ONNX Runtime and a small bundle on
 * each base; per layer the compressed and uncompressed size; build time cold (empty cache: for
 * jlink that includes linking the runtime) and warm (same cache). Run from the module directory:
 * {@code java -cp target/test-classes:target/classes:$(cat target/cp.txt) dev.mlops.maven.image.JlinkBaseMeasurement BASE_TAR WARM}
 */
public final class JlinkBaseMeasurement {

    private JlinkBaseMeasurement() {
    }

    public static void main(String[] args) throws Exception {
        Path jreBase = Path.of(args[0]);
        int warm = Integer.parseInt(args[1]);
        Path dir = Files.createTempDirectory("jlink-measure");
        TestApps.App app = TestApps.compile(dir.resolve("app"));
        Path bundle = dir.resolve("bundle");
        TestApps.write(bundle.resolve("model.json"), "{\"name\":\"iris\"}\n".repeat(100));
        Path ort = NativeJarFilterTest.onnxRuntimeJar();
        for (String base : List.of("tar://" + jreBase, ImageRequest.JLINK_BASE)) {
            Path cache = dir.resolve("cache-" + base.hashCode());
            List<Long> millis = new ArrayList<>();
            ImageResult last = null;
            for (int i = 0; i <= warm; i++) {
                last = ImagePackager.build(ImageRequest.builder().baseImage(base)
                        .target(ImageTarget.tarball(dir.resolve("iris-image.tar"), "localhost/iris:1.0.0"))
                        .dependencyJars(List.of(app.libJar(), ort)).applicationEntries(List.of(app.serverJar()))
                        .bundleDirectory(bundle).mainClass(TestApps.MAIN_CLASS)
                        .labels(ImageLabels.forModel("iris", "1.0.0", "run-1", Map.of("accuracy", 0.96)))
                        .cacheDirectory(cache).build());
                millis.add(last.buildTime().toMillis());
            }
            System.out.printf("base %s: cold ms %d, warm ms %s, tar bytes %,d, digest %s%n", base, millis.get(0),
                    millis.subList(1, millis.size()), Files.size(last.tarball().get()), last.digest());
            ImageArchive archive = ImageArchive.read(last.tarball().get());
            for (int i = 0; i < last.layers().size(); i++) {
                ImageResult.Layer layer = last.layers().get(i);
                long uncompressed = archive.entries(i).stream().mapToLong(ImageArchive.Entry::size).sum();
                System.out.printf("  layer %-13s %,14d bytes compressed %,14d bytes of files%n",
                        layer.name().isEmpty() ? "(base)" : layer.name(), layer.size(), uncompressed);
            }
        }
    }
}
