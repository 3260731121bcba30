package dev.mlops.maven.image;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Test inputs made on the spot: a tiny HTTP server compiled from source (its main class in one
 * jar, a helper it calls in a "dependency" jar), and a one-layer docker-archive base image.
 */
final class TestApps {

    static final String MAIN_CLASS = "demo.server.Main";
    private static final java.util.Date FIXED_TIME = new java.util.Date(1_577_836_800_000L);

    private static final String MAIN = """
            package demo.server;

            import com.sun.net.httpserver.HttpExchange;
            import com.sun.net.httpserver.HttpServer;
            import java.io.IOException;
            import java.io.OutputStream;
            import java.net.InetSocketAddress;
            import java.nio.charset.StandardCharsets;
            import java.nio.file.Files;
            import java.nio.file.Path;

            /** Answers GET /health, /info and /bundle/<file> (a file from the bundle directory). */
            public final class Main {
                public static void main(String[] args) throws IOException {
                    int port = Integer.parseInt(System.getenv().getOrDefault("MLOPS_PORT", "8080"));
                    Path bundle = Path.of(args.length > 0 ? args[0] : System.getenv("MLOPS_BUNDLE_DIR")).toAbsolutePath();
                    HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
                    server.createContext("/health", ex -> send(ex, 200, "ok\\n".getBytes(StandardCharsets.UTF_8)));
                    server.createContext("/info", ex -> send(ex, 200, demo.lib.Info.describe().getBytes(StandardCharsets.UTF_8)));
                    server.createContext("/bundle/", ex -> {
                        Path file = bundle.resolve(ex.getRequestURI().getPath().substring("/bundle/".length())).normalize();
                        if (file.startsWith(bundle) && Files.isRegularFile(file)) {
                            send(ex, 200, Files.readAllBytes(file));
                        } else {
                            send(ex, 404, "no such bundle file\\n".getBytes(StandardCharsets.UTF_8));
                        }
                    });
                    server.start();
                    System.out.println("listening on " + port + ", bundle " + bundle);
                }

                private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
                    exchange.sendResponseHeaders(status, body.length);
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(body);
                    }
                }
            }
            """;

    private static final String INFO = """
            package demo.lib;

            import java.lang.management.ManagementFactory;
            import java.nio.file.Files;
            import java.nio.file.Path;

            /** Facts about the running process, one key=value per line. */
            public final class Info {
                public static String describe() {
                    StringBuilder out = new StringBuilder();
                    out.append("java.version=").append(System.getProperty("java.version")).append('\\n');
                    out.append("jvm.args=").append(String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments())).append('\\n');
                    out.append("cwd=").append(Path.of("").toAbsolutePath()).append('\\n');
                    try {
                        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                            if (line.startsWith("Uid:") || line.startsWith("Gid:")) {
                                out.append(line.substring(0, 3).toLowerCase()).append('=').append(line.substring(4).trim().split("\\\\s+")[0]).append('\\n');
                            }
                        }
                    } catch (Exception e) {
                        out.append("uid=unknown\\n");
                    }
                    try {
                        Class<?> env = Class.forName("ai.onnxruntime.OrtEnvironment");
                        Object instance = env.getMethod("getEnvironment").invoke(null);
                        out.append("onnxruntime=").append(env.getMethod("getVersion").invoke(instance)).append('\\n');
                    } catch (ClassNotFoundException e) {
                        out.append("onnxruntime=absent\\n");
                    } catch (Throwable e) {
                        out.append("onnxruntime=failed ").append(e.getCause() != null ? e.getCause() : e).append('\\n');
                    }
                    return out.toString();
                }
            }
            """;

    private TestApps() {
    }

    /** The compiled server: its own jar, its class directory, and the helper library jar. */
    record App(Path serverJar, Path serverClasses, Path libJar) {
    }

    static App compile(Path dir) throws IOException {
        Path sources = dir.resolve("src");
        write(sources.resolve("demo/server/Main.java"), MAIN);
        write(sources.resolve("demo/lib/Info.java"), INFO);
        Path libClasses = dir.resolve("lib-classes");
        Path serverClasses = dir.resolve("server-classes");
        javac(libClasses, List.of(), sources.resolve("demo/lib/Info.java"));
        javac(serverClasses, List.of(libClasses), sources.resolve("demo/server/Main.java"));
        Path libJar = jar(libClasses, dir.resolve("jars/demo-lib-1.0.jar"));
        Path serverJar = jar(serverClasses, dir.resolve("jars/demo-server-1.0.jar"));
        return new App(serverJar, serverClasses, libJar);
    }

    static void javac(Path out, List<Path> classpath, Path... sources) throws IOException {
        Files.createDirectories(out);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        List<String> args = new ArrayList<>(List.of("--release", "17", "-d", out.toString()));
        if (!classpath.isEmpty()) {
            args.add("-cp");
            args.add(String.join(java.io.File.pathSeparator, classpath.stream().map(Path::toString).toList()));
        }
        for (Path source : sources) {
            args.add(source.toString());
        }
        int status = javac.run(null, null, null, args.toArray(String[]::new));
        if (status != 0) {
            throw new IllegalStateException("javac failed for " + List.of(sources));
        }
    }

    /** A jar with fixed entry times, sorted entries: the same classes give the same bytes. */
    static Path jar(Path classes, Path jar) throws IOException {
        Files.createDirectories(jar.getParent());
        try (Stream<Path> walk = Files.walk(classes);
             JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            for (Path file : walk.filter(Files::isRegularFile).sorted().toList()) {
                JarEntry entry = new JarEntry(classes.relativize(file).toString().replace('\\', '/'));
                entry.setTime(315532800000L);
                out.putNextEntry(entry);
                out.write(Files.readAllBytes(file));
                out.closeEntry();
            }
        }
        return jar;
    }

    /** A jar holding the named entries, each with its name as content. */
    static Path jarWith(Path jar, List<String> entries) throws IOException {
        Files.createDirectories(jar.getParent());
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            for (String name : entries) {
                JarEntry entry = new JarEntry(name);
                entry.setTime(315532800000L);
                out.putNextEntry(entry);
                if (!name.endsWith("/")) {
                    out.write(("content of " + name).repeat(50).getBytes(StandardCharsets.UTF_8));
                }
                out.closeEntry();
            }
        }
        return jar;
    }

    /**
     * A docker-archive base image with one layer holding {@code etc/base-release} and an empty
     * {@code tmp/}; its configuration sets PATH and a label, as a real base would.
     */
    static Path tinyBase(Path tar) throws IOException {
        Files.createDirectories(tar.getParent());
        java.io.ByteArrayOutputStream layer = new java.io.ByteArrayOutputStream();
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(layer)) {
            TarArchiveEntry dir = new TarArchiveEntry("tmp/");
            dir.setMode(01777);
            dir.setModTime(FIXED_TIME);
            out.putArchiveEntry(dir);
            out.closeArchiveEntry();
            byte[] release = "tiny base 1\n".getBytes(StandardCharsets.UTF_8);
            TarArchiveEntry file = new TarArchiveEntry("etc/base-release");
            file.setSize(release.length);
            file.setMode(0644);
            file.setModTime(FIXED_TIME);
            out.putArchiveEntry(file);
            out.write(release);
            out.closeArchiveEntry();
        }
        byte[] layerBytes = layer.toByteArray();
        String diffId = "sha256:" + sha256(layerBytes);
        String config = """
                {"architecture":"amd64","os":"linux",
                 "config":{"Env":["PATH=/usr/local/bin:/usr/bin:/bin"],"Labels":{"base.label":"from-base"}},
                 "rootfs":{"type":"layers","diff_ids":["%s"]},
                 "history":[{"created":"2020-01-01T00:00:00Z","created_by":"test"}]}
                """.formatted(diffId);
        String manifest = "[{\"Config\":\"config.json\",\"RepoTags\":[\"localhost/tiny-base:1\"],\"Layers\":[\"layer.tar\"]}]";
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(Files.newOutputStream(tar))) {
            for (Map.Entry<String, byte[]> e : new java.util.TreeMap<>(Map.of("layer.tar", layerBytes,
                    "config.json", config.getBytes(StandardCharsets.UTF_8),
                    "manifest.json", manifest.getBytes(StandardCharsets.UTF_8))).entrySet()) {
                TarArchiveEntry entry = new TarArchiveEntry(e.getKey());
                entry.setSize(e.getValue().length);
                entry.setModTime(FIXED_TIME);
                out.putArchiveEntry(entry);
                out.write(e.getValue());
                out.closeArchiveEntry();
            }
        }
        return tar;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
