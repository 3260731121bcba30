package dev.mlops.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.util.AtomicFiles;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A headless Chromium driven over the DevTools protocol (a WebSocket, JSON messages): opens
 * pages, records script exceptions, console and log errors and every network request, evaluates
 * expressions in the page and takes screenshots. Test code; one browser serves many pages.
 */
final class Chromium implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final Path profile;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final List<JsonNode> events = new ArrayList<>();

    private Chromium(Process process, Path profile, WebSocket socket) {
        this.process = process;
        this.profile = profile;
        this.socket = socket;
    }

    /**
     * Finds the browser: {@code $MLOPS_CHROMIUM} (which must then be executable), else chromium,
     * chromium-browser or google-chrome on the PATH.
     */
    static Optional<Path> find() {
        String configured = System.getenv("MLOPS_CHROMIUM");
        if (configured != null && !configured.isBlank()) {
            if (!Files.isExecutable(Path.of(configured))) {
                throw new IllegalStateException("MLOPS_CHROMIUM=" + configured + " is not an executable file;"
                        + " point it at a Chromium binary or unset it to look for chromium on the PATH");
            }
            return Optional.of(Path.of(configured));
        }
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
            for (String dir : path.split(java.io.File.pathSeparator)) {
                Path candidate = Path.of(dir, name);
                if (Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    /** Starts the browser with a fresh profile and connects to it. */
    static Chromium start(Path executable) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("mlops-chromium");
        // The flags keep Chromium off the network (this machine has none) and away from GPU and sandbox
        // set-up that containers lack; port 0 lets it pick a free port, which it writes to DevToolsActivePort.
        Process process = new ProcessBuilder(executable.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-extensions", "--hide-scrollbars", "--mute-audio",
                "--remote-debugging-port=0", "--user-data-dir=" + profile, "about:blank")
                .redirectErrorStream(true)
                .redirectOutput(profile.resolve("chromium.log").toFile())
                .start();
        Path portFile = profile.resolve("DevToolsActivePort");
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!Files.exists(portFile) || Files.readAllLines(portFile).size() < 2) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                process.destroyForcibly();
                throw new IOException("Chromium did not start (exit " + (process.isAlive() ? "none" : process.exitValue())
                        + "); its log:\n" + Files.readString(profile.resolve("chromium.log")));
            }
            Thread.sleep(50);
        }
        List<String> lines = Files.readAllLines(portFile);
        URI uri = URI.create("ws://127.0.0.1:" + lines.get(0).strip() + lines.get(1).strip());
        Chromium[] self = new Chromium[1];
        WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(TIMEOUT)
                .buildAsync(uri, new WebSocket.Listener() {
                    private final StringBuilder text = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                        text.append(data);
                        if (last) {
                            String message = text.toString();
                            text.setLength(0);
                            self[0].receive(message);
                        }
                        ws.request(1);
                        return null;
                    }
                }).join();
        self[0] = new Chromium(process, profile, socket);
        return self[0];
    }

    private void receive(String message) {
        try {
            JsonNode node = JSON.readTree(message);
            if (node.has("id")) {
                CompletableFuture<JsonNode> f = pending.remove(node.get("id").asInt());
                if (f != null) {
                    f.complete(node);
                }
            } else {
                synchronized (events) {
                    events.add(node);
                    events.notifyAll();
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("unreadable DevTools message: " + message, e);
        }
    }

    private JsonNode send(String session, String method, Map<String, ?> params) {
        int id = ids.incrementAndGet();
        ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
        message.set("params", JSON.valueToTree(params));
        if (session != null) {
            message.put("sessionId", session);
        }
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        pending.put(id, reply);
        socket.sendText(message.toString(), true).join();
        try {
            JsonNode answer = reply.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            if (answer.has("error")) {
                throw new IllegalStateException(method + " failed: " + answer.get("error"));
            }
            return answer.get("result");
        } catch (Exception e) {
            throw new IllegalStateException(method + ": " + e.getMessage(), e);
        }
    }

    /**
     * Opens a file in a new tab of the given width and waits for its load event.
     *
     * @param file  the page
     * @param width the viewport width in CSS pixels
     * @return the tab
     */
    Page open(Path file, int width) throws InterruptedException {
        String target = send(null, "Target.createTarget", Map.of("url", "about:blank")).get("targetId").asText();
        String session = send(null, "Target.attachToTarget", Map.of("targetId", target, "flatten", true))
                .get("sessionId").asText();
        for (String domain : List.of("Runtime", "Log", "Network", "Page")) {
            send(session, domain + ".enable", Map.of());
        }
        send(session, "Emulation.setDeviceMetricsOverride",
                Map.of("width", width, "height", 900, "deviceScaleFactor", 1, "mobile", false));
        String url = file.toAbsolutePath().toUri().toString();
        JsonNode navigation = send(session, "Page.navigate", Map.of("url", url));
        if (navigation.has("errorText")) {
            throw new IllegalStateException("cannot open " + url + ": " + navigation.get("errorText").asText());
        }
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        synchronized (events) {
            while (events.stream().noneMatch(e -> session.equals(e.path("sessionId").asText())
                    && "Page.loadEventFired".equals(e.path("method").asText()))) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new IllegalStateException("no load event from " + url);
                }
                events.wait(Math.max(1, left / 1_000_000));
            }
        }
        return new Page(target, session, url);
    }

    /** A loaded tab. */
    final class Page {
        private final String target;
        private final String session;
        private final String url;

        private Page(String target, String session, String url) {
            this.target = target;
            this.session = session;
            this.url = url;
        }

        /**
         * Evaluates a JavaScript expression in the page.
         *
         * @return its value, as JSON
         */
        JsonNode eval(String expression) {
            JsonNode result = send(session, "Runtime.evaluate", Map.of("expression", expression, "returnByValue", true));
            if (result.has("exceptionDetails")) {
                throw new IllegalStateException("evaluating " + expression + ": " + result.get("exceptionDetails"));
            }
            return result.path("result").path("value");
        }

        /**
         * Everything that went wrong on the page so far: uncaught exceptions, console errors and
         * warnings, browser log errors and warnings (such as blocked content) and requests for any
         * resource other than the page itself.
         *
         * @return one line per problem
         */
        List<String> problems() {
            List<String> problems = new ArrayList<>();
            synchronized (events) {
                for (JsonNode e : events) {
                    if (!session.equals(e.path("sessionId").asText())) {
                        continue;
                    }
                    JsonNode p = e.path("params");
                    switch (e.path("method").asText()) {
                        case "Runtime.exceptionThrown" -> problems.add("exception: " + p.path("exceptionDetails"));
                        case "Runtime.consoleAPICalled" -> {
                            String type = p.path("type").asText();
                            if (type.equals("error") || type.equals("warning") || type.equals("assert")) {
                                problems.add("console." + type + ": " + p.path("args"));
                            }
                        }
                        case "Log.entryAdded" -> {
                            String level = p.path("entry").path("level").asText();
                            if (level.equals("error") || level.equals("warning")) {
                                problems.add("log " + level + ": " + p.path("entry").path("text").asText());
                            }
                        }
                        case "Network.requestWillBeSent" -> {
                            String requested = p.path("request").path("url").asText();
                            if (!requested.equals(url)) {
                                problems.add("request: " + requested);
                            }
                        }
                        default -> { }
                    }
                }
            }
            return problems;
        }

        /** Saves a PNG of the whole page at the tab's width. */
        void screenshot(Path png, int width) throws IOException {
            int height = eval("Math.ceil(document.documentElement.scrollHeight)").asInt();
            send(session, "Emulation.setDeviceMetricsOverride",
                    Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", false));
            String data = send(session, "Page.captureScreenshot", Map.of("format", "png")).get("data").asText();
            AtomicFiles.write(png, Base64.getDecoder().decode(data));
        }

        /** Closes the tab. */
        void close() {
            send(null, "Target.closeTarget", Map.of("targetId", target));
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        try {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            // the browser is stopped below either way
        }
        // the browser's helper processes (renderer, GPU, zygote) are ours too: wait for them to go
        List<ProcessHandle> helpers = process.descendants().toList();
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
        for (ProcessHandle helper : helpers) {
            try {
                helper.onExit().get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                helper.destroyForcibly();
            }
        }
        try (Stream<Path> files = Files.walk(profile)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // Chromium's helpers may still be removing files; a leftover temp folder is harmless
        }
    }
}
