package dev.mlops.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerCommandTest {

    static ModelServer.Builder configure(Map<String, String> env, String... args) {
        return ServerCommand.configure(args, env);
    }

    static String usageError(Map<String, String> env, String... args) {
        return assertThrows(ServerCommand.UsageException.class, () -> configure(env, args)).getMessage();
    }

    @Test
    void defaults() {
        ModelServer.Builder b = configure(Map.of(), "--bundle", "target/mlops/iris/bundle");
        assertEquals("target/mlops/iris/bundle", b.source);
        assertNull(b.registry);
        assertEquals(8080, b.port);
        assertEquals("127.0.0.1", b.bind);
        assertEquals(1000, b.batchLimit);
        assertEquals(4L << 20, b.bodyLimit);
        assertNull(b.adminToken);
        assertEquals(Duration.ofSeconds(30), b.drainTimeout);
    }

    @Test
    void flagsAndEnvironment_flagWins(@TempDir Path dir) throws Exception {
        Map<String, String> env = Map.of("MLOPS_BUNDLE", "iris-1.0.0.mlbundle", "MLOPS_PORT", "9000", "MLOPS_BIND", "0.0.0.0",
                "MLOPS_BATCH_LIMIT", "50", "MLOPS_THREADS", "3", "MLOPS_BODY_LIMIT", "512k", "MLOPS_ADMIN_TOKEN", "t0k");
        ModelServer.Builder b = configure(env, "--port=9001", "--batch-limit", "20", "--drain-delay", "1.5",
                "--window", "10");
        assertEquals("iris-1.0.0.mlbundle", b.source);
        assertEquals(9001, b.port);
        assertEquals("0.0.0.0", b.bind);
        assertEquals(20, b.batchLimit);
        assertEquals(3, b.threads);
        assertEquals(512 * 1024, b.bodyLimit);
        assertEquals("t0k", b.adminToken);
        assertEquals(Duration.ofMillis(1500), b.drainDelay);
        assertEquals(10, b.window);

        Path token = Files.writeString(dir.resolve("token"), "from-file\n");
        assertEquals("from-file", configure(env, "--admin-token-file", token.toString()).adminToken);
        ModelServer.Builder w = configure(Map.of(), "--watch", dir.toString(), "--watch-interval", "0.25");
        assertEquals(dir, w.watch);
        assertEquals(Duration.ofMillis(250), w.watchInterval);
        assertEquals("/srv/iris-1.0.0.mlbundle", configure(Map.of(), "--bundle", "/srv/iris-1.0.0.mlbundle").source);
        assertEquals("file:///srv/iris", configure(Map.of(), "--bundle", "file:///srv/iris").source);

        ModelServer.Builder r = configure(Map.of("MLFLOW_TRACKING_URI", "/srv/mlruns"), "--bundle", "models:/iris@champion");
        assertEquals("models:/iris@champion", r.source);
        assertEquals("/srv/mlruns", r.registry);
        assertEquals("http://mlflow:5000", configure(Map.of("MLFLOW_TRACKING_URI", "/srv/mlruns",
                "MLOPS_REGISTRY", "http://mlflow:5000"), "--bundle", "models:/iris/3").registry);
    }

    @Test
    void mistakes_nameTheFlagOrVariableAndTheValue() {
        assertEquals("unknown flag '--prot'; did you mean '--port'? valid flags: --bundle, --registry, --port, --bind,"
                + " --batch-limit, --threads, --body-limit, --window, --watch, --watch-interval, --drain-delay,"
                + " --drain-timeout, --admin-token-file", usageError(Map.of(), "--prot", "1"));
        assertEquals("--port must be a whole number, got 'eighty'", usageError(Map.of(), "--bundle", "m.mlbundle",
                "--port", "eighty"));
        assertEquals("MLOPS_PORT: port must be 0 (ephemeral) to 65535, got 70000",
                usageError(Map.of("MLOPS_PORT", "70000"), "--bundle", "m.mlbundle"));
        assertEquals("MLOPS_BODY_LIMIT must be bytes like 4194304, 512k or 4m, got 'lots'",
                usageError(Map.of("MLOPS_BODY_LIMIT", "lots"), "--bundle", "m.mlbundle"));
        assertEquals("--batch-limit: batch limit must be at least 1, got 0",
                usageError(Map.of(), "--bundle", "m.mlbundle", "--batch-limit", "0"));
        assertEquals("--drain-timeout must be a number of seconds >= 0, got '-1'",
                usageError(Map.of(), "--bundle", "m.mlbundle", "--drain-timeout", "-1"));
        assertEquals("--port needs a value: --port N", usageError(Map.of(), "--bundle", "m.mlbundle", "--port"));
        assertEquals("no model given: set --bundle PATH (or MLOPS_BUNDLE), or --watch DIR", usageError(Map.of()));
        assertEquals("--bundle 'models:/iris@champion' is a registry URI: set --registry (MLOPS_REGISTRY) or"
                + " MLFLOW_TRACKING_URI to the registry that holds it", usageError(Map.of(), "--bundle", "models:/iris@champion"));
        assertEquals("MLOPS_BUNDLE: Malformed models URI 'models:/iris'; valid forms: models:/<name>/<version>,"
                + " models:/<name>@<alias>, models:/<name>/<stage>, models:/<name>/latest",
                usageError(Map.of("MLOPS_BUNDLE", "models:/iris", "MLOPS_REGISTRY", "mlruns")));
        assertEquals("--bundle 'https://example.com/iris.mlbundle': give a bundle path, a file: URI or a models:/ URI",
                usageError(Map.of(), "--bundle", "https://example.com/iris.mlbundle"));
        assertEquals("unknown flag '--spec'; valid flags: --bundle, --registry, --port, --bind,"
                + " --batch-limit, --threads, --body-limit, --window, --watch, --watch-interval, --drain-delay,"
                + " --drain-timeout, --admin-token-file", usageError(Map.of(), "--spec", "iris.yaml"));
    }

    @Test
    void run_usageErrorExits2_helpExits0() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(2, ServerCommand.run(new String[] {"--nope"}, Map.of(), new PrintStream(out), new PrintStream(err)));
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("error: unknown flag '--nope'"));
        assertEquals(0, ServerCommand.run(new String[] {"--help"}, Map.of(), new PrintStream(out), new PrintStream(err)));
        String help = out.toString(StandardCharsets.UTF_8);
        assertTrue(help.contains("--batch-limit N") && help.contains("MLOPS_BATCH_LIMIT"), help);
    }

    @Test
    void run_modelThatCannotLoad_exits1() {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        assertEquals(1, ServerCommand.run(new String[] {"--bundle", "/no/such/bundle", "--port", "0"}, Map.of(),
                new PrintStream(sink), new PrintStream(sink)));
    }
}
