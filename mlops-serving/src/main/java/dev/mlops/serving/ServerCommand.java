package dev.mlops.serving;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The command line of {@link ModelServer#main}: flags, each with an environment variable (a flag
 * wins), checked up front with messages that name the flag or variable and the bad value.
 */
final class ServerCommand {

    private static final Logger LOG = LoggerFactory.getLogger(ServerCommand.class);

    /** Held so that its level survives: java.util.logging keeps loggers weakly. */
    private static final java.util.logging.Logger TRIBUO_LOG = java.util.logging.Logger.getLogger("org.tribuo");

    /** A flag, its variable and its help. */
    private record Option(String flag, String env, String arg, String help) {
    }

    private static final List<Option> OPTIONS = List.of(
            new Option("--bundle", "MLOPS_BUNDLE", "PATH|URI", "the model bundle to serve: a directory, an .mlbundle zip, or models:/NAME@ALIAS"),
            new Option("--registry", "MLOPS_REGISTRY", "LOCATION", "model registry for models:/ URIs: an mlruns folder or MLflow URL (default MLFLOW_TRACKING_URI)"),
            new Option("--port", "MLOPS_PORT", "N", "TCP port, 0 for an ephemeral one (default 8080)"),
            new Option("--bind", "MLOPS_BIND", "ADDRESS", "address to listen on (default 127.0.0.1; 0.0.0.0 in a container)"),
            new Option("--batch-limit", "MLOPS_BATCH_LIMIT", "N", "most records per batch request (default 1000)"),
            new Option("--threads", "MLOPS_THREADS", "N", "worker threads (default 4 per core)"),
            new Option("--body-limit", "MLOPS_BODY_LIMIT", "BYTES", "largest request body, e.g. 4194304, 512k, 4m (default 4m)"),
            new Option("--window", "MLOPS_WINDOW", "N", "records in the monitoring window (default 1000)"),
            new Option("--watch", "MLOPS_WATCH", "DIR", "folder whose newest model is swapped in when it changes"),
            new Option("--watch-interval", "MLOPS_WATCH_INTERVAL", "SECONDS", "how often the folder is checked (default 2)"),
            new Option("--drain-delay", "MLOPS_DRAIN_DELAY", "SECONDS", "keep serving this long after SIGTERM with /ready at 503 (default 0)"),
            new Option("--drain-timeout", "MLOPS_DRAIN_TIMEOUT", "SECONDS", "longest wait for in-flight requests at shutdown (default 30)"),
            new Option("--admin-token-file", "MLOPS_ADMIN_TOKEN_FILE", "PATH", "file holding the token that enables /admin/* (or set MLOPS_ADMIN_TOKEN)"));

    private ServerCommand() {
    }

    /** A command-line mistake: exit code 2 with the message. */
    static final class UsageException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    /**
     * Runs the server until a termination signal.
     *
     * @return the exit code: 0 after a drain, 1 when the server could not start, 2 for a usage error
     */
    static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        ModelServer.Builder builder;
        try {
            if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
                out.print(usage());
                return 0;
            }
            builder = configure(args, env);
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            err.println("run with --help for the flags");
            return 2;
        }
        routeJavaLogging();
        ModelServer server = builder.build();
        CountDownLatch stopped = new CountDownLatch(1);
        Runnable drain = () -> {
            server.close();
            stopped.countDown();
        };
        // installed before start, so that a SIGTERM right after "Ready" drains; restored if start fails
        Map<String, sun.misc.SignalHandler> previous = installSignalHandlers(drain);
        try {
            server.start();
        } catch (IOException | RuntimeException e) {
            LOG.error("The server could not start: {}", e.getMessage());
            LOG.debug("Start failure", e);
            server.close();
            previous.forEach((name, handler) -> sun.misc.Signal.handle(new sun.misc.Signal(name), handler));
            return 1;
        }
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    /** Tribuo logs through java.util.logging: send it to SLF4J, and keep its per-tree progress out. */
    private static void routeJavaLogging() {
        org.slf4j.bridge.SLF4JBridgeHandler.removeHandlersForRootLogger();
        org.slf4j.bridge.SLF4JBridgeHandler.install();
        TRIBUO_LOG.setLevel(java.util.logging.Level.WARNING);
    }

    /**
     * SIGTERM and SIGINT drain the server and let main exit 0. Uses {@code sun.misc.Signal}
     * (module jdk.unsupported): a shutdown hook alone would make the JVM exit 143 while draining.
     */
    private static Map<String, sun.misc.SignalHandler> installSignalHandlers(Runnable drain) {
        Map<String, sun.misc.SignalHandler> previous = new LinkedHashMap<>();
        for (String name : List.of("TERM", "INT")) {
            try {
                previous.put(name, sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> {
                    LOG.info("Received SIG{}", name);
                    new Thread(drain, "mlops-drain").start();
                }));
            } catch (IllegalArgumentException e) {
                LOG.warn("Cannot handle SIG{} ({}); falling back to a shutdown hook", name, e.getMessage());
                Runtime.getRuntime().addShutdownHook(new Thread(drain, "mlops-drain"));
            }
        }
        return previous;
    }

    /**
     * Builds the server settings from flags and environment.
     *
     * @param args flags: {@code --name value} or {@code --name=value}
     * @param env  environment variables
     * @return the builder
     * @throws UsageException for an unknown flag, a missing or bad value
     */
    static ModelServer.Builder configure(String[] args, Map<String, String> env) {
        Map<String, String> values = new LinkedHashMap<>();
        for (Option o : OPTIONS) {
            String v = env.get(o.env());
            if (v != null && !v.isBlank()) {
                values.put(o.flag(), v.strip());
            }
        }
        Map<String, String> origin = new LinkedHashMap<>();
        List<String> flags = OPTIONS.stream().map(Option::flag).toList();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String flag = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            if (!flags.contains(flag)) {
                throw new UsageException("unknown " + (arg.startsWith("-") ? "flag '" + flag + "'" : "argument '" + arg + "'")
                        + Requests.hint(flag, flags, "flags"));
            }
            String value;
            if (arg.contains("=")) {
                value = arg.substring(arg.indexOf('=') + 1);
            } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                value = args[++i];
            } else {
                throw new UsageException(flag + " needs a value: " + flag + " " + option(flag).arg());
            }
            values.put(flag, value);
            origin.put(flag, "flag");
        }
        ModelServer.Builder b = ModelServer.builder();
        // the registry also serves models:/ URIs given to /admin/swap later
        String registry = values.getOrDefault("--registry", blankToNull(env.get("MLFLOW_TRACKING_URI")));
        set(values, origin, "--registry", b::registry);
        if (!values.containsKey("--registry") && registry != null) {
            b.registry(registry);
        }
        String model = values.get("--bundle");
        if (model != null) {
            if (model.startsWith(ModelLoader.REGISTRY_SCHEME)) {
                try {
                    dev.mlops.registry.ModelUri.parse(model);
                } catch (IllegalArgumentException e) {
                    throw new UsageException(name("--bundle", origin) + ": " + e.getMessage());
                }
                if (registry == null) {
                    throw new UsageException(name("--bundle", origin) + " '" + model + "' is a registry URI: set --registry"
                            + " (MLOPS_REGISTRY) or MLFLOW_TRACKING_URI to the registry that holds it");
                }
            } else if (model.matches("[a-zA-Z][a-zA-Z0-9+.-]+:/.*") && !model.startsWith("file:")) {
                throw new UsageException(name("--bundle", origin) + " '" + model + "': give a bundle path, a file: URI"
                        + " or a models:/ URI");
            }
            b.model(model);
        }
        if (model == null && !values.containsKey("--watch")) {
            throw new UsageException("no model given: set --bundle PATH (or MLOPS_BUNDLE), or --watch DIR");
        }
        set(values, origin, "--port", v -> b.port(integer("--port", v, origin)));
        set(values, origin, "--bind", b::bind);
        set(values, origin, "--batch-limit", v -> b.batchLimit(integer("--batch-limit", v, origin)));
        set(values, origin, "--threads", v -> b.threads(integer("--threads", v, origin)));
        set(values, origin, "--body-limit", v -> b.bodyLimit(bytes(v, origin)));
        set(values, origin, "--window", v -> b.window(integer("--window", v, origin)));
        set(values, origin, "--drain-delay", v -> b.drainDelay(seconds("--drain-delay", v, origin)));
        set(values, origin, "--drain-timeout", v -> b.drainTimeout(seconds("--drain-timeout", v, origin)));
        if (values.containsKey("--watch")) {
            Duration interval = values.containsKey("--watch-interval")
                    ? seconds("--watch-interval", values.get("--watch-interval"), origin) : Duration.ofSeconds(2);
            b.watch(Path.of(values.get("--watch")), interval);
        }
        String token = env.get("MLOPS_ADMIN_TOKEN");
        if (values.containsKey("--admin-token-file")) {
            Path file = Path.of(values.get("--admin-token-file"));
            try {
                token = Files.readString(file, StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                throw new UsageException(name("--admin-token-file", origin) + ": cannot read '" + file + "': " + e);
            }
        }
        if (token != null && !token.isBlank()) {
            b.adminToken(token.strip());
        }
        return b;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private interface Setter {
        void set(String value);
    }

    private static void set(Map<String, String> values, Map<String, String> origin, String flag, Setter setter) {
        String v = values.get(flag);
        if (v == null) {
            return;
        }
        try {
            setter.set(v);
        } catch (UsageException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new UsageException(name(flag, origin) + ": " + e.getMessage());
        }
    }

    private static int integer(String flag, String v, Map<String, String> origin) {
        try {
            return Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            throw new UsageException(name(flag, origin) + " must be a whole number, got '" + v + "'");
        }
    }

    private static Duration seconds(String flag, String v, Map<String, String> origin) {
        try {
            double s = Double.parseDouble(v.strip());
            if (!(s >= 0) || Double.isInfinite(s)) {
                throw new NumberFormatException();
            }
            return Duration.ofMillis(Math.round(s * 1000));
        } catch (NumberFormatException e) {
            throw new UsageException(name(flag, origin) + " must be a number of seconds >= 0, got '" + v + "'");
        }
    }

    private static long bytes(String v, Map<String, String> origin) {
        String s = v.strip().toLowerCase(Locale.ROOT);
        long unit = 1;
        if (s.endsWith("k") || s.endsWith("m")) {
            unit = s.endsWith("k") ? 1024 : 1024 * 1024;
            s = s.substring(0, s.length() - 1);
        }
        try {
            return Math.multiplyExact(Long.parseLong(s), unit);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new UsageException(name("--body-limit", origin) + " must be bytes like 4194304, 512k or 4m, got '" + v + "'");
        }
    }

    private static String name(String flag, Map<String, String> origin) {
        return origin.containsKey(flag) ? flag : option(flag).env();
    }

    private static Option option(String flag) {
        return OPTIONS.stream().filter(o -> o.flag().equals(flag)).findFirst().orElseThrow();
    }

    static String usage() {
        StringBuilder sb = new StringBuilder("Usage: java -cp ... dev.mlops.serving.ModelServer [flags]\n\n"
                + "Serves one model over HTTP (see /openapi.json). Each flag can also be set by its environment\n"
                + "variable; a flag wins. MLOPS_ADMIN_TOKEN enables /admin/swap and /admin/rollback.\n\n");
        List<String> lines = new ArrayList<>();
        for (Option o : OPTIONS) {
            lines.add(String.format(Locale.ROOT, "  %-34s %-24s %s%n", o.flag() + " " + o.arg(), o.env(), o.help()));
        }
        lines.forEach(sb::append);
        return sb.toString();
    }
}
