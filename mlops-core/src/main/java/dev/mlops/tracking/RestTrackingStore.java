package dev.mlops.tracking;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.tracking.internal.MlflowRestClient;
import dev.mlops.tracking.internal.StoreFiles;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The store backed by an MLflow tracking server's REST API. Logging goes through
 * {@code runs/log-batch}, split to respect MLflow's limits (1000 metrics, 100 params, 100 tags,
 * 1000 entities and 1 MB per call); artifacts go through the server's artifact proxy.
 */
final class RestTrackingStore implements TrackingStore {

    /** Largest page MLflow serves for {@code metrics/get-history}. */
    static final int HISTORY_PAGE = 25000;
    /** Slack for the JSON around the entities of a log-batch body. */
    private static final int BATCH_OVERHEAD = 200;

    private final MlflowRestClient client;

    RestTrackingStore(URI server, RestOptions options) {
        this.client = new MlflowRestClient(server, options);
    }


    @Override
    public String location() {
        return client.server().toString();
    }

    @Override
    public String toString() {
        return "RestTrackingStore[" + client.server() + "]";
    }

    // ---------------------------------------------------------------- experiments

    @Override
    public Experiment getOrCreateExperiment(String name) throws IOException {
        Optional<Experiment> existing = findExperiment(name);
        if (existing.isPresent()) {
            return existing.get();
        }
        ObjectNode body = MlflowRestClient.object().put("name", name);
        try {
            String id = client.post("experiments/create", body).path("experiment_id").asText();
            return getExperiment(id);
        } catch (TrackingServerException e) {
            if ("RESOURCE_ALREADY_EXISTS".equals(e.errorCode())) { // created concurrently by another client
                return findExperiment(name).orElseThrow(() -> e);
            }
            throw e;
        }
    }

    @Override
    public Optional<Experiment> findExperiment(String name) throws IOException {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("experiment name must not be empty");
        }
        try {
            Experiment e = parseExperiment(client.get("experiments/get-by-name", Map.of("experiment_name", name))
                    .path("experiment"));
            return "active".equals(e.lifecycleStage()) ? Optional.of(e) : Optional.empty();
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }

    @Override
    public Experiment getExperiment(String experimentId) throws IOException {
        return parseExperiment(client.get("experiments/get", Map.of("experiment_id", experimentId))
                .path("experiment"));
    }

    @Override
    public List<Experiment> listExperiments() throws IOException {
        List<Experiment> result = new ArrayList<>();
        String token = null;
        do {
            ObjectNode body = MlflowRestClient.object().put("max_results", 1000).put("view_type", "ACTIVE_ONLY");
            if (token != null) {
                body.put("page_token", token);
            }
            JsonNode answer = client.post("experiments/search", body);
            for (JsonNode e : answer.path("experiments")) {
                result.add(parseExperiment(e));
            }
            token = MlflowRestClient.text(answer, "next_page_token");
        } while (token != null && !token.isEmpty());
        result.sort(Comparator.comparing((Experiment e) -> e.id().length()).thenComparing(Experiment::id));
        return result;
    }

    private static Experiment parseExperiment(JsonNode e) {
        Long created = MlflowRestClient.asLong(e.get("creation_time"));
        Long updated = MlflowRestClient.asLong(e.get("last_update_time"));
        return new Experiment(e.path("experiment_id").asText(), e.path("name").asText(),
                MlflowRestClient.text(e, "artifact_location"), e.path("lifecycle_stage").asText("active"),
                created == null ? 0 : created, updated == null ? 0 : updated,
                MlflowRestClient.keyValues(e.get("tags")));
    }

    // ---------------------------------------------------------------- runs

    @Override
    public RunHandle startRun(String experimentName, String runName, Map<String, String> tags) throws IOException {
        return startRunIn(getOrCreateExperiment(experimentName).id(), runName, tags);
    }

    private RunHandle startRunIn(String experimentId, String runName, Map<String, String> tags) throws IOException {
        Limits.checkTags(tags);
        Map<String, String> allTags = new TreeMap<>(tags);
        String name = runName != null ? runName : allTags.get(StandardTags.RUN_NAME);
        if (name != null) {
            allTags.put(StandardTags.RUN_NAME, name);
        }
        allTags.putIfAbsent(StandardTags.USER, System.getProperty("user.name", ""));
        ObjectNode body = MlflowRestClient.object()
                .put("experiment_id", experimentId)
                .put("user_id", System.getProperty("user.name", ""))
                .put("start_time", System.currentTimeMillis());
        if (name != null) {
            body.put("run_name", name);
        }
        body.set("tags", MlflowRestClient.keyValueArray(allTags));
        RunInfo info = parseRun(client.post("runs/create", body).path("run")).info();
        return new RestRun(info);
    }

    @Override
    public RunHandle resumeRun(String runId) throws IOException {
        return new RestRun(getRun(runId).info());
    }

    @Override
    public Run getRun(String runId) throws IOException {
        return parseRun(client.get("runs/get", Map.of("run_id", runId)).path("run"));
    }

    static Run parseRun(JsonNode run) {
        JsonNode info = run.path("info");
        String runId = MlflowRestClient.text(info, "run_id");
        if (runId == null) {
            runId = info.path("run_uuid").asText();
        }
        Long start = MlflowRestClient.asLong(info.get("start_time"));
        RunInfo runInfo = new RunInfo(runId, info.path("experiment_id").asText(),
                MlflowRestClient.text(info, "run_name"), MlflowRestClient.text(info, "user_id"),
                RunStatus.fromName(info.path("status").asText("RUNNING")), start == null ? 0 : start,
                MlflowRestClient.asLong(info.get("end_time")), MlflowRestClient.text(info, "artifact_uri"),
                info.path("lifecycle_stage").asText("active"));
        JsonNode data = run.path("data");
        Map<String, Metric> metrics = new TreeMap<>();
        for (JsonNode m : data.path("metrics")) {
            Metric metric = parseMetric(m);
            metrics.put(metric.key(), metric);
        }
        Map<String, String> tags = MlflowRestClient.keyValues(data.get("tags"));
        if (runInfo.runName() == null && tags.containsKey(StandardTags.RUN_NAME)) {
            runInfo = new RunInfo(runInfo.runId(), runInfo.experimentId(), tags.get(StandardTags.RUN_NAME),
                    runInfo.userId(), runInfo.status(), runInfo.startTime(), runInfo.endTime(),
                    runInfo.artifactUri(), runInfo.lifecycleStage());
        }
        return new Run(runInfo, MlflowRestClient.keyValues(data.get("params")), metrics, tags);
    }

    private static Metric parseMetric(JsonNode m) {
        Long timestamp = MlflowRestClient.asLong(m.get("timestamp"));
        Long step = MlflowRestClient.asLong(m.get("step"));
        JsonNode value = m.path("value");
        double v = value.isNumber() ? value.asDouble() : PythonFloat.parse(value.asText());
        return new Metric(m.path("key").asText(), v, timestamp == null ? 0 : timestamp, step == null ? 0 : step);
    }

    @Override
    public List<Metric> metricHistory(String runId, String key) throws IOException {
        StoreFiles.validateKey("metric", key);
        List<Metric> points = new ArrayList<>();
        String token = null;
        do {
            Map<String, Object> query = new LinkedHashMap<>();
            query.put("run_id", runId);
            query.put("metric_key", key);
            query.put("max_results", HISTORY_PAGE);
            query.put("page_token", token);
            JsonNode answer = client.get("metrics/get-history", query);
            for (JsonNode m : answer.path("metrics")) {
                points.add(parseMetric(m));
            }
            token = MlflowRestClient.text(answer, "next_page_token");
        } while (token != null && !token.isEmpty());
        return points;
    }

    @Override
    public List<Run> searchRuns(RunQuery query) throws IOException {
        SearchFilter.parse(query.filter()); // fail early, with the position, on a malformed filter
        SearchFilter.comparator(query.orderBy());
        for (String id : query.experimentIds()) {
            getExperiment(id);
        }
        List<Run> runs = new ArrayList<>();
        String token = null;
        do {
            ObjectNode body = MlflowRestClient.object();
            ArrayNode ids = body.putArray("experiment_ids");
            query.experimentIds().forEach(ids::add);
            body.put("filter", query.filter());
            body.put("run_view_type", "ACTIVE_ONLY");
            body.put("max_results", query.maxResults() - runs.size());
            ArrayNode order = body.putArray("order_by");
            query.orderBy().forEach(order::add);
            if (token != null) {
                body.put("page_token", token);
            }
            JsonNode answer = client.post("runs/search", body);
            for (JsonNode r : answer.path("runs")) {
                runs.add(parseRun(r));
            }
            token = MlflowRestClient.text(answer, "next_page_token");
        } while (token != null && !token.isEmpty() && runs.size() < query.maxResults());
        return List.copyOf(runs);
    }

    // ---------------------------------------------------------------- artifacts

    /** The artifact proxy path of a run's artifact root, e.g. "1/0a1b.../artifacts". */
    private String artifactRoot(RunInfo info) throws IOException {
        String uri = info.artifactUri();
        if (uri != null) {
            String lower = uri.toLowerCase(Locale.ROOT);
            if (lower.startsWith("mlflow-artifacts:")) {
                String path = URI.create(uri).getPath();
                return stripSlashes(path == null ? "" : path);
            }
            int proxy = uri.indexOf(MlflowRestClient.ARTIFACTS);
            if ((lower.startsWith("http://") || lower.startsWith("https://")) && proxy >= 0) {
                return stripSlashes(uri.substring(proxy + MlflowRestClient.ARTIFACTS.length()));
            }
        }
        throw new IOException("Run " + info.runId() + " stores artifacts at '" + uri + "', which the MLflow server "
                + client.server() + " does not proxy; start the server with --serve-artifacts (the default since"
                + " MLflow 2.0) so artifacts can be uploaded through it");
    }

    private static String stripSlashes(String path) {
        String p = path;
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }

    private static String join(String a, String b) {
        return a.isEmpty() ? b : b.isEmpty() ? a : a + "/" + b;
    }

    @Override
    public List<ArtifactEntry> listArtifacts(String runId, String path) throws IOException {
        String relative = StoreFiles.validateRelativePath("artifact path", path);
        String rootPath = artifactRoot(getRun(runId).info());
        List<ArtifactEntry> entries = new ArrayList<>();
        for (JsonNode f : client.listArtifacts(join(rootPath, relative)).path("files")) {
            String name = f.path("path").asText();
            int slash = name.lastIndexOf('/');
            name = slash >= 0 ? name.substring(slash + 1) : name; // servers answer base names
            boolean dir = f.path("is_dir").asBoolean(false);
            Long size = MlflowRestClient.asLong(f.get("file_size"));
            entries.add(new ArtifactEntry(join(relative, name), dir, dir || size == null ? -1 : size));
        }
        entries.sort(Comparator.comparing(ArtifactEntry::path));
        return entries;
    }

    @Override
    public Path downloadArtifacts(String runId, String path, Path targetDir) throws IOException {
        String relative = StoreFiles.validateRelativePath("artifact path", path);
        String rootPath = artifactRoot(getRun(runId).info());
        String name = relative.isEmpty() ? "artifacts" : relative.substring(relative.lastIndexOf('/') + 1);
        Path target = targetDir.resolve(name);
        download(runId, rootPath, relative, target);
        return target;
    }

    /** As MLflow's clients do: a path with entries is a directory, otherwise a file. */
    private void download(String runId, String rootPath, String relative, Path target) throws IOException {
        List<ArtifactEntry> entries = listArtifacts(runId, relative);
        if (entries.isEmpty()) {
            try {
                client.download(join(rootPath, relative), target);
            } catch (NotFoundException e) {
                throw new NotFoundException("Run " + runId + " has no artifact '" + relative + "' (" + e.getMessage()
                        + ")");
            }
            return;
        }
        Files.createDirectories(target);
        for (ArtifactEntry entry : entries) {
            String child = entry.path().substring(entry.path().lastIndexOf('/') + 1);
            download(runId, rootPath, entry.path(), target.resolve(child));
        }
    }

    @Override
    public void close() {
        // java.net.http.HttpClient of Java 17 has no close; its connections time out on their own
    }

    // ---------------------------------------------------------------- writing to a run

    /** A handle to one run on the server. */
    private final class RestRun implements RunHandle {
        private final RunInfo info;
        private volatile boolean ended;

        RestRun(RunInfo info) {
            this.info = info;
        }

        @Override
        public String runId() {
            return info.runId();
        }

        @Override
        public String experimentId() {
            return info.experimentId();
        }

        @Override
        public RunHandle logBatch(Collection<Metric> metrics, Map<String, String> params, Map<String, String> tags)
                throws IOException {
            Limits.checkParams(params);
            Limits.checkTags(tags);
            for (ObjectNode body : batches(info.runId(), metrics, params, tags)) {
                client.post("runs/log-batch", body);
            }
            return this;
        }

        @Override
        public RunHandle logArtifact(Path fileOrDirectory, String artifactDir) throws IOException {
            String relative = StoreFiles.validateRelativePath("artifact directory", artifactDir);
            if (!Files.exists(fileOrDirectory)) {
                throw new IllegalArgumentException("Artifact " + fileOrDirectory + " does not exist");
            }
            Path source = fileOrDirectory.toAbsolutePath().normalize();
            String target = join(join(artifactRoot(info), relative), source.getFileName().toString());
            List<Path> files;
            if (Files.isDirectory(source)) {
                try (Stream<Path> walk = Files.walk(source)) {
                    files = walk.filter(Files::isRegularFile).sorted().toList();
                }
            } else {
                files = List.of(source);
            }
            for (Path file : files) {
                String rel = source.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
                client.upload(join(target, rel), file);
            }
            return this;
        }

        @Override
        public RunHandle startChild(String runName) throws IOException {
            return startRunIn(info.experimentId(), runName, Map.of(StandardTags.PARENT_RUN_ID, info.runId()));
        }

        @Override
        public Run snapshot() throws IOException {
            return getRun(info.runId());
        }

        @Override
        public void end(RunStatus status) throws IOException {
            if (!status.isTerminal()) {
                throw new IllegalArgumentException("a run ends as FINISHED, FAILED or KILLED, not " + status);
            }
            ObjectNode body = MlflowRestClient.object().put("run_id", info.runId()).put("status", status.name())
                    .put("end_time", System.currentTimeMillis());
            client.post("runs/update", body);
            ended = true;
        }

        @Override
        public void close() throws IOException {
            if (!ended && getRun(info.runId()).info().status() == RunStatus.RUNNING) {
                end(RunStatus.FINISHED);
            }
            ended = true;
        }

        @Override
        public String toString() {
            return "run " + info.runId() + " on " + client.server();
        }
    }

    /**
     * Splits a batch into {@code runs/log-batch} bodies within MLflow's limits: at most 100 params,
     * 100 tags, 1000 metrics and 1000 entities per body, and under 1 MB of JSON. Params come first,
     * then tags, then metrics, each in the given order.
     */
    static List<ObjectNode> batches(String runId, Collection<Metric> metrics, Map<String, String> params,
                                    Map<String, String> tags) throws IOException {
        Deque<ObjectNode> paramQueue = new ArrayDeque<>();
        params.forEach((k, v) -> paramQueue.add(MlflowRestClient.object().put("key", k).put("value", v)));
        Deque<ObjectNode> tagQueue = new ArrayDeque<>();
        tags.forEach((k, v) -> tagQueue.add(MlflowRestClient.object().put("key", k).put("value", v)));
        Deque<ObjectNode> metricQueue = new ArrayDeque<>();
        for (Metric m : metrics) {
            metricQueue.add(MlflowRestClient.object().put("key", m.key()).put("value", m.value())
                    .put("timestamp", m.timestamp()).put("step", m.step()));
        }
        List<ObjectNode> bodies = new ArrayList<>();
        while (!paramQueue.isEmpty() || !tagQueue.isEmpty() || !metricQueue.isEmpty()) {
            ObjectNode body = MlflowRestClient.object().put("run_id", runId);
            ArrayNode p = body.putArray("params");
            ArrayNode t = body.putArray("tags");
            ArrayNode m = body.putArray("metrics");
            int[] budget = {Limits.MAX_BATCH_BYTES - BATCH_OVERHEAD - runId.length(), Limits.MAX_ENTITIES_PER_BATCH};
            take(paramQueue, p, Limits.MAX_PARAMS_TAGS_PER_BATCH, budget);
            take(tagQueue, t, Limits.MAX_PARAMS_TAGS_PER_BATCH, budget);
            take(metricQueue, m, Limits.MAX_METRICS_PER_BATCH, budget);
            if (p.isEmpty() && t.isEmpty() && m.isEmpty()) { // cannot happen within the value limits
                throw new IllegalStateException("an entity of run " + runId + " does not fit in one log-batch call");
            }
            bodies.add(body);
        }
        return bodies;
    }

    /** Moves entities from the queue into the array while the count and byte budgets allow. */
    private static void take(Deque<ObjectNode> queue, ArrayNode into, int maxCount, int[] budget) throws IOException {
        while (!queue.isEmpty() && into.size() < maxCount && budget[1] > 0) {
            int size = MlflowRestClient.json().writeValueAsBytes(queue.peek()).length + 1;
            if (size > budget[0]) {
                return;
            }
            budget[0] -= size;
            budget[1]--;
            into.add(queue.poll());
        }
    }
}
