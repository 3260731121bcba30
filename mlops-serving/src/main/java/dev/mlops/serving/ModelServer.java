package dev.mlops.serving;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP model server: JSON prediction endpoints, the Open Inference Protocol v2, MLflow scoring
 * compatibility, health and readiness, Prometheus metrics and a monitoring window, with blue/green
 * model swaps in one process and a graceful drain on close. The endpoints are documented in
 * {@code docs/serving.md} and served at {@code /openapi.json}.
 *
 * <pre>{@code
 * try (ModelServer server = ModelServer.builder().model(Path.of("target/mlops/iris/bundle")).port(0).build().start()) {
 *     System.out.println("http://127.0.0.1:" + server.port() + "/predict");
 * }
 * }</pre>
 *
 * <p>Built on the JDK's {@code com.sun.net.httpserver} with a bounded worker pool. Its TCP_NODELAY
 * switch ({@code sun.net.httpserver.nodelay}) is read once per JVM; this class turns it on unless it
 * was set explicitly, because without it every keep-alive response waits about 40 ms for a delayed ACK.
 */
public final class ModelServer implements AutoCloseable {

    /** The server's version, reported at {@code GET /v2}. */
    public static final String VERSION = Optional.ofNullable(ModelServer.class.getPackage().getImplementationVersion())
            .orElse("dev");

    private static final Logger LOG = LoggerFactory.getLogger(ModelServer.class);

    static {
        // Must happen before the JDK server's configuration class loads; explicit settings win.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
        // A client that stops sending a request, or stops reading its response, cannot hold a worker for ever.
        for (String limit : new String[] {"sun.net.httpserver.maxReqTime", "sun.net.httpserver.maxRspTime"}) {
            if (System.getProperty(limit) == null) {
                System.setProperty(limit, "60");
            }
        }
    }

    private final Builder settings;
    private final Metrics metrics = new Metrics();
    private final ModelSlot slot;
    private final Api api;
    private final Object lifecycle = new Object();
    private final long created = System.nanoTime();
    private HttpServer http;
    private ThreadPoolExecutor workers;
    private DirectoryWatcher watcher;
    private volatile boolean draining;
    private volatile boolean closed;

    private ModelServer(Builder b) {
        this.settings = b;
        this.slot = new ModelSlot(b.window, b.warmupRounds, metrics);
        this.api = new Api(this, slot, metrics, b.batchLimit, b.bodyLimit, b.adminToken);
    }

    /** @return a builder with the defaults: port 8080 on 127.0.0.1, 1,000 records per batch */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Binds the port, starts answering (liveness at once, readiness once a model is live), then
     * loads, warms up and checks the configured model.
     *
     * @return this server
     * @throws IOException           when the port cannot be bound or the model cannot be read
     * @throws IllegalStateException when the server was started before, or the model fails its checks
     */
    public ModelServer start() throws IOException {
        synchronized (lifecycle) {
            if (http != null || closed) {
                throw new IllegalStateException("a ModelServer starts once; build a new one");
            }
            InetSocketAddress address = new InetSocketAddress(InetAddress.getByName(settings.bind), settings.port);
            http = HttpServer.create(address, 1024);
            AtomicInteger n = new AtomicInteger();
            workers = new ThreadPoolExecutor(settings.threads, settings.threads, 60, TimeUnit.SECONDS,
                    new ArrayBlockingQueue<>(settings.threads * 256), r -> {
                        Thread t = new Thread(r, "mlops-http-" + n.incrementAndGet());
                        t.setDaemon(true);
                        return t;
                    }, new ThreadPoolExecutor.CallerRunsPolicy()); // a full queue slows the acceptor: back-pressure
            http.createContext("/", api);
            http.setExecutor(workers);
            http.start();
            LOG.info("Listening on http://{}:{} with {} worker threads (batch limit {}, body limit {} bytes, admin {})"
                    + " after {} ms", settings.bind, port(), settings.threads, settings.batchLimit, settings.bodyLimit,
                    settings.adminToken == null ? "disabled" : "enabled", (System.nanoTime() - created) / 1_000_000);
        }
        try {
            if (settings.model != null) {
                install(settings.model, "in-process");
            } else if (settings.source != null) {
                swap(settings.source);
            }
            if (settings.watch != null) {
                watcher = new DirectoryWatcher(settings.watch, settings.watchInterval, this::swap);
                watcher.start();
            }
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
        model().ifPresent(m -> LOG.info("Ready: serving {} version {} on http://{}:{} ({} ms after start)", m.name(),
                m.version(), settings.bind, port(), (System.nanoTime() - created) / 1_000_000));
        return this;
    }

    /** @return the bound port (the actual one when built with port 0) */
    public int port() {
        HttpServer s = http;
        if (s == null) {
            throw new IllegalStateException("the server is not started");
        }
        return s.getAddress().getPort();
    }

    /** @return the model taking traffic, if one is loaded */
    public Optional<ModelInfo> model() {
        Deployment d = slot.peekActive();
        return d == null ? Optional.empty() : Optional.of(d.info());
    }

    /** @return the model kept for rollback, if any */
    public Optional<ModelInfo> previousModel() {
        Deployment d = slot.peekPrevious();
        return d == null ? Optional.empty() : Optional.of(d.info());
    }

    /** @return whether a model is live and the server is not draining */
    public boolean isReady() {
        return !draining && slot.peekActive() != null;
    }

    /**
     * Loads a model bundle, warms it up on its probe records, checks their outputs, and switches to
     * it atomically; the model served until now is kept for {@link #rollback()}. Requests in flight
     * finish on the model they started with.
     *
     * @param bundle a bundle directory or {@code .mlbundle} zip
     * @return the new model
     * @throws IOException              when it cannot be read
     * @throws dev.mlops.model.BundleException when it is not a valid, unaltered bundle
     * @throws IllegalStateException    when it fails its probe-record checks; the current model stays
     */
    public ModelInfo swap(Path bundle) throws IOException {
        return swap(Objects.requireNonNull(bundle, "bundle").toString());
    }

    /**
     * Like {@link #swap(Path)}, for a path or a registry URI.
     *
     * @param source a bundle directory or {@code .mlbundle} zip, or a {@code models:/} URI such as
     *               {@code models:/iris@champion}, resolved in the {@link Builder#registry registry}
     * @return the new model
     * @throws IOException              when it cannot be read
     * @throws dev.mlops.model.BundleException when it is not a valid, unaltered bundle
     * @throws IllegalArgumentException when a {@code models:/} URI is malformed or no registry is configured
     * @throws IllegalStateException    when it fails its probe-record checks; the current model stays
     */
    public ModelInfo swap(String source) throws IOException {
        Objects.requireNonNull(source, "source");
        ensureOpen();
        long start = System.nanoTime();
        ModelLoader.Loaded loaded;
        try {
            loaded = ModelLoader.load(source, settings.registry);
        } catch (IOException | RuntimeException e) {
            metrics.swapped(false);
            LOG.warn("Could not load a model from {}: {}", source, e.getMessage());
            throw e;
        }
        ServedModel model = loaded.model();
        LOG.info("Loaded {} version {} from {} in {} ms ({})", model.name(), model.version(), loaded.source(),
                (System.nanoTime() - start) / 1_000_000, model.platform());
        return install(model, loaded.source());
    }

    /** Swaps to a model built in code (tests, embedding). */
    ModelInfo install(ServedModel model, String source) {
        ensureOpen();
        return slot.swap(model, source);
    }

    /**
     * Makes the previous model active again; the current one becomes the rollback target.
     *
     * @return the model now taking traffic
     * @throws IllegalStateException when there is no previous model
     */
    public ModelInfo rollback() {
        ensureOpen();
        return slot.rollback();
    }

    /**
     * Drains and stops: readiness turns 503 at once, requests keep being served until none is in
     * flight (at least the drain delay, at most the drain timeout), then the port closes and the
     * models are released. Idempotent.
     */
    @Override
    public void close() {
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            closed = true;
            draining = true;
            long start = System.nanoTime();
            if (watcher != null) {
                watcher.stop();
            }
            if (http != null) {
                LOG.info("Draining: readiness is now 503; waiting for {} in-flight request(s)", api.inFlight());
                long delayEnd = start + settings.drainDelay.toNanos();
                long deadline = start + settings.drainTimeout.toNanos();
                while (System.nanoTime() < deadline && (api.inFlight() > 0 || System.nanoTime() < delayEnd)) {
                    sleep(5);
                }
                int left = api.inFlight();
                http.stop(0);
                workers.shutdown();
                try {
                    if (!workers.awaitTermination(5, TimeUnit.SECONDS)) {
                        workers.shutdownNow();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                LOG.info("Stopped after draining for {} ms{}", (System.nanoTime() - start) / 1_000_000,
                        left > 0 ? "; " + left + " request(s) were still running at the drain timeout" : "");
            }
            slot.clear();
        }
    }

    boolean isDraining() {
        return draining;
    }

    String renderMetrics() {
        List<Metrics.Live> live = new ArrayList<>();
        Deployment active = slot.acquire();
        Deployment previous = slot.peekPrevious();
        try {
            if (active != null) {
                live.add(new Metrics.Live(active, true, active.window().snapshot()));
            }
            if (previous != null && previous != active) {
                live.add(new Metrics.Live(previous, false, previous.window().snapshot()));
            }
            return metrics.render(live, isReady(), api.inFlight());
        } finally {
            if (active != null) {
                active.release();
            }
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the server is closed");
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while draining", e);
        }
    }

    /**
     * Runs the server from the command line until SIGTERM or SIGINT, which drain it and exit 0.
     * Flags and environment variables are listed by {@code --help}.
     *
     * @param args the flags
     */
    public static void main(String[] args) {
        System.exit(ServerCommand.run(args, System.getenv(), System.out, System.err));
    }

    /**
     * Settings of a {@link ModelServer}. Every setter checks its value and names it when it is wrong.
     */
    public static final class Builder {

        // package-private: read by the server and by the command-line tests

        int port = 8080;
        String bind = "127.0.0.1";
        int batchLimit = 1000;
        int threads = Math.max(4, 4 * Runtime.getRuntime().availableProcessors());
        long bodyLimit = 4L << 20;
        String adminToken;
        int window = 1000;
        int warmupRounds = 50;
        Duration drainTimeout = Duration.ofSeconds(30);
        Duration drainDelay = Duration.ZERO;
        String source;
        String registry;
        ServedModel model;
        Path watch;
        Duration watchInterval = Duration.ofSeconds(2);

        private Builder() {
        }

        /**
         * @param bundle the model bundle to serve: a directory or {@code .mlbundle} zip
         * @return this builder
         */
        public Builder model(Path bundle) {
            return model(Objects.requireNonNull(bundle, "bundle").toString());
        }

        /**
         * @param source the model to serve: a bundle path, or a {@code models:/} URI such as
         *               {@code models:/iris@champion} (needs {@link #registry(String)})
         * @return this builder
         */
        public Builder model(String source) {
            if (Objects.requireNonNull(source, "source").isBlank()) {
                throw new IllegalArgumentException("the model source is blank; give a bundle path or a models:/ URI");
            }
            this.source = source;
            return this;
        }

        /**
         * @param location the model registry that {@code models:/} URIs are resolved in: an {@code mlruns}
         *                 directory, a {@code file:} URI or an MLflow server URL; {@code null} for none (default)
         * @return this builder
         */
        public Builder registry(String location) {
            if (location != null && location.isBlank()) {
                throw new IllegalArgumentException("the registry location is blank; leave it unset for none");
            }
            this.registry = location;
            return this;
        }

        Builder model(ServedModel served) {
            this.model = served;
            return this;
        }

        /**
         * @param port the TCP port, 0 for an ephemeral one (default 8080)
         * @return this builder
         */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0 (ephemeral) to 65535, got " + port);
            }
            this.port = port;
            return this;
        }

        /**
         * @param address the address to bind, e.g. {@code 0.0.0.0} in a container (default {@code 127.0.0.1})
         * @return this builder
         */
        public Builder bind(String address) {
            this.bind = Objects.requireNonNull(address, "address");
            return this;
        }

        /**
         * @param limit the most records in one batch request (default 1,000)
         * @return this builder
         */
        public Builder batchLimit(int limit) {
            this.batchLimit = positive("batch limit", limit);
            return this;
        }

        /**
         * @param count worker threads handling requests (default 4 per core)
         * @return this builder
         */
        public Builder threads(int count) {
            this.threads = positive("threads", count);
            return this;
        }

        /**
         * @param bytes the largest request body accepted (default 4 MiB)
         * @return this builder
         */
        public Builder bodyLimit(long bytes) {
            if (bytes < 1 || bytes > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("body limit must be 1 to " + (Integer.MAX_VALUE - 8) + " bytes, got "
                        + bytes);
            }
            this.bodyLimit = bytes;
            return this;
        }

        /**
         * @param token the bearer token enabling {@code /admin/*}; {@code null} (default) disables them
         * @return this builder
         */
        public Builder adminToken(String token) {
            if (token != null && token.isBlank()) {
                throw new IllegalArgumentException("the admin token is blank; leave it unset to disable admin endpoints");
            }
            this.adminToken = token;
            return this;
        }

        /**
         * @param records how many recent records the monitoring window holds (default 1,000)
         * @return this builder
         */
        public Builder window(int records) {
            this.window = positive("monitoring window", records);
            return this;
        }

        /**
         * @param rounds how often the probe records are scored before a model goes live (default 50)
         * @return this builder
         */
        public Builder warmupRounds(int rounds) {
            this.warmupRounds = positive("warm-up rounds", rounds);
            return this;
        }

        /**
         * @param timeout the longest a close waits for in-flight requests (default 30 s)
         * @return this builder
         */
        public Builder drainTimeout(Duration timeout) {
            this.drainTimeout = nonNegative("drain timeout", timeout);
            return this;
        }

        /**
         * @param delay how long a close keeps serving with readiness at 503, so that load balancers
         *              notice before the port closes (default 0)
         * @return this builder
         */
        public Builder drainDelay(Duration delay) {
            this.drainDelay = nonNegative("drain delay", delay);
            return this;
        }

        /**
         * @param dir      a folder to watch: its newest model is loaded and swapped in when it changes
         * @param interval how often to look
         * @return this builder
         */
        public Builder watch(Path dir, Duration interval) {
            this.watch = Objects.requireNonNull(dir, "dir");
            if (interval.isNegative() || interval.isZero()) {
                throw new IllegalArgumentException("watch interval must be positive, got " + interval);
            }
            this.watchInterval = interval;
            return this;
        }

        /** @return the server, not started */
        public ModelServer build() {
            return new ModelServer(this);
        }

        private static int positive(String what, int v) {
            if (v < 1) {
                throw new IllegalArgumentException(what + " must be at least 1, got " + v);
            }
            return v;
        }

        private static Duration nonNegative(String what, Duration d) {
            if (d.isNegative()) {
                throw new IllegalArgumentException(what + " must not be negative, got " + d);
            }
            return d;
        }
    }
}
