package dev.mlops.maven.image;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * This package's test helpers for the goal tests in {@code dev.mlops.maven}: a tiny base image, a
 * look inside image tarballs, and podman.
 */
public final class ImageTestSupport {

    private ImageTestSupport() {
    }

    /** @see TestApps#tinyBase(Path) */
    public static Path tinyBase(Path tar) throws IOException {
        return TestApps.tinyBase(tar);
    }

    /** @return the image configuration of a tarball */
    public static JsonNode config(Path tar) throws IOException {
        return ImageArchive.read(tar).config();
    }

    /** @return the names a docker-archive tarball tags its image with */
    public static List<String> repoTags(Path tar) throws IOException {
        return ImageArchive.read(tar).repoTags();
    }

    /**
     * A file in a layer.
     *
     * @param size    its size
     * @param mode    its permission bits
     * @param content its bytes, or {@code null} for a large file
     */
    public record LayerFile(long size, int mode, byte[] content) {
    }

    /** @return the files of a layer (by index), by name */
    public static Map<String, LayerFile> files(Path tar, int layer) throws IOException {
        Map<String, LayerFile> files = new LinkedHashMap<>();
        for (ImageArchive.Entry e : ImageArchive.read(tar).entries(layer)) {
            if (!e.directory()) {
                files.put(e.name(), new LayerFile(e.size(), e.mode(), e.content()));
            }
        }
        return files;
    }

    /** @see ImageEndToEndTest#onPath(String) */
    public static boolean onPath(String command) {
        return ImageEndToEndTest.onPath(command);
    }

    /** @see ImageEndToEndTest#run(Duration, String...) */
    public static String run(Duration timeout, String... command) throws IOException, InterruptedException {
        return ImageEndToEndTest.run(timeout, command);
    }

    /** @see ImageEndToEndTest#runQuietly(String...) */
    public static String runQuietly(String... command) {
        return ImageEndToEndTest.runQuietly(command);
    }

    /** @see ImageEndToEndTest#cacheDirectory() */
    public static Path cacheDirectory() {
        return ImageEndToEndTest.cacheDirectory();
    }

    /** @see ImageEndToEndTest#awaitOk(HttpClient, int, String, String, Duration) */
    public static HttpResponse<String> awaitOk(HttpClient http, int port, String path, String container,
                                               Duration within) throws Exception {
        return ImageEndToEndTest.awaitOk(http, port, path, container, within);
    }

    /** @see ImageEndToEndTest#freePort() */
    public static int freePort() throws IOException {
        return ImageEndToEndTest.freePort();
    }
}
