package dev.mlops.tracking;

import dev.mlops.tracking.internal.FileLock;
import dev.mlops.tracking.internal.StoreFiles;
import dev.mlops.tracking.internal.YamlFields;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local store: a directory in MLflow's {@code mlruns} layout (see {@code docs/tracking.md}).
 * Experiment ids are allocated under a lock on {@code <root>/.mlops.lock}; each run's writes are
 * serialized by a lock on {@code <run>/.mlops.lock}, so processes writing the same run never
 * interleave partial lines. Directories appear complete (staged, then renamed) and small files
 * are replaced atomically, so a killed writer leaves everything committed before readable.
 */
final class LocalTrackingStore implements TrackingStore {

    private static final Logger LOG = LoggerFactory.getLogger(LocalTrackingStore.class);

    static final String DEFAULT_EXPERIMENT_ID = "0";
    static final String DEFAULT_EXPERIMENT_NAME = "Default";
    static final String TRASH = StoreFiles.TRASH;
    static final String MODELS = "models";
    static final String META = "meta.yaml";
    static final String LOCK = ".mlops.lock";
    static final int SOURCE_TYPE_LOCAL = 4;
    private static final int MAX_EXPERIMENT_NAME = 500;
    private static final Set<String> RESERVED_EXPERIMENT_FOLDERS = Set.of("tags", "datasets", "traces");
    private static final Pattern RUN_ID = Pattern.compile("[a-zA-Z0-9][\\w\\-]{0,255}");
    private static final Pattern EXPERIMENT_ID = Pattern.compile("[a-zA-Z0-9][\\w\\-]{0,63}");
    private static final Pattern NUMERIC = Pattern.compile("\\d+");

    private final Path root;

    LocalTrackingStore(Path directory) throws IOException {
        this.root = directory.toAbsolutePath().normalize();
        if (Files.exists(root) && !Files.isDirectory(root)) {
            throw new IOException("Tracking store location " + root + " is a file, not a directory");
        }
        Files.createDirectories(root.resolve(TRASH));
        if (!Files.exists(root.resolve(DEFAULT_EXPERIMENT_ID)) && !Files.exists(root.resolve(TRASH).resolve("0"))) {
            FileLock.locked(root.resolve(LOCK), () -> {
                if (!Files.exists(root.resolve(DEFAULT_EXPERIMENT_ID))) {
                    createExperiment(DEFAULT_EXPERIMENT_ID, DEFAULT_EXPERIMENT_NAME);
                }
                return null;
            });
        }
        StoreFiles.sweepStaleStaging(root);
    }

    @Override
    public String location() {
        return StoreFiles.fileUri(root);
    }

    @Override
    public String toString() {
        return "LocalTrackingStore[" + root + "]";
    }

    // ---------------------------------------------------------------- experiments

    @Override
    public Experiment getOrCreateExperiment(String name) throws IOException {
        checkExperimentName(name);
        Optional<Experiment> existing = findExperiment(name);
        if (existing.isPresent()) {
            return existing.get();
        }
        return FileLock.locked(root.resolve(LOCK), () -> {
            Optional<Experiment> created = findExperiment(name); // another process may have created it meanwhile
            if (created.isPresent()) {
                return created.get();
            }
            String id = nextExperimentId();
            createExperiment(id, name);
            LOG.debug("Created experiment {} '{}' in {}", id, name, root);
            return getExperiment(id);
        });
    }

    private static void checkExperimentName(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("experiment name must not be empty");
        }
        if (name.length() > MAX_EXPERIMENT_NAME) {
            throw new IllegalArgumentException("experiment name has " + name.length() + " characters; at most "
                    + MAX_EXPERIMENT_NAME + " are allowed");
        }
    }

    private String nextExperimentId() throws IOException {
        BigInteger max = BigInteger.valueOf(-1);
        for (Path parent : List.of(root, root.resolve(TRASH))) {
            for (Path dir : subdirectories(parent)) {
                String name = dir.getFileName().toString();
                if (NUMERIC.matcher(name).matches()) {
                    max = max.max(new BigInteger(name));
                }
            }
        }
        return max.add(BigInteger.ONE).toString();
    }

    private void createExperiment(String id, String name) throws IOException {
        long now = System.currentTimeMillis();
        Map<String, Object> meta = new HashMap<>();
        meta.put("artifact_location", StoreFiles.fileUri(root.resolve(id)));
        meta.put("creation_time", now);
        meta.put("experiment_id", id);
        meta.put("last_update_time", now);
        meta.put("lifecycle_stage", "active");
        meta.put("name", name);
        Path staged = StoreFiles.newStagingDir(root);
        try {
            StoreFiles.writeYaml(staged.resolve(META), meta);
            StoreFiles.publish(staged, root.resolve(id));
        } finally {
            StoreFiles.discard(staged);
        }
    }

    @Override
    public Optional<Experiment> findExperiment(String name) throws IOException {
        for (Experiment e : listExperiments()) {
            if (e.name().equals(name)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    @Override
    public Experiment getExperiment(String experimentId) throws IOException {
        Path dir = experimentDir(experimentId);
        if (dir == null) {
            List<String> ids = new ArrayList<>();
            for (Experiment e : listExperiments()) {
                ids.add(e.id() + " (" + e.name() + ")");
            }
            throw new NotFoundException("No experiment with id '" + experimentId + "' in " + root + "; experiments: "
                    + (ids.isEmpty() ? "none" : String.join(", ", ids)));
        }
        return readExperiment(dir);
    }

    @Override
    public List<Experiment> listExperiments() throws IOException {
        List<Experiment> result = new ArrayList<>();
        for (Path dir : experimentDirs(false)) {
            try {
                Experiment e = readExperiment(dir);
                if ("active".equals(e.lifecycleStage())) {
                    result.add(e);
                }
            } catch (IOException e) {
                LOG.warn("Skipping malformed experiment {}: {}", dir, e.getMessage());
            }
        }
        result.sort(Comparator.comparing((Experiment e) -> e.id().length()).thenComparing(Experiment::id));
        return result;
    }

    private Experiment readExperiment(Path dir) throws IOException {
        YamlFields meta = StoreFiles.readYaml(dir.resolve(META));
        String id = meta.string("experiment_id");
        if (!id.equals(dir.getFileName().toString())) {
            throw new IOException("Corrupted " + meta.file() + ": experiment_id '" + id + "' does not match its folder '"
                    + dir.getFileName() + "'");
        }
        Long created = meta.optionalLong("creation_time");
        Long updated = meta.optionalLong("last_update_time");
        String stage = meta.optionalString("lifecycle_stage");
        return new Experiment(id, meta.string("name"), meta.optionalString("artifact_location"),
                stage == null ? "active" : stage, created == null ? 0 : created, updated == null ? 0 : updated,
                StoreFiles.readKeyFiles(dir.resolve("tags")));
    }

    /** The folder of an experiment (active or in the trash), or null. */
    private Path experimentDir(String experimentId) {
        if (experimentId == null || !EXPERIMENT_ID.matcher(experimentId).matches()) {
            throw new IllegalArgumentException("Invalid experiment id '" + experimentId
                    + "': ids are 1-64 letters, digits, '_' or '-', starting with a letter or digit");
        }
        for (Path parent : List.of(root, root.resolve(TRASH))) {
            Path dir = parent.resolve(experimentId);
            if (Files.isRegularFile(dir.resolve(META))) {
                return dir;
            }
        }
        return null;
    }

    private List<Path> experimentDirs(boolean includeDeleted) throws IOException {
        List<Path> dirs = new ArrayList<>();
        for (Path dir : subdirectories(root)) {
            String name = dir.getFileName().toString();
            if (!name.startsWith(".") && !name.equals(MODELS)) {
                dirs.add(dir);
            }
        }
        if (includeDeleted) {
            dirs.addAll(subdirectories(root.resolve(TRASH)));
        }
        return dirs;
    }

    private static List<Path> subdirectories(Path dir) throws IOException {
        List<Path> result = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return result;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, Files::isDirectory)) {
            entries.forEach(result::add);
        }
        result.sort(Comparator.naturalOrder());
        return result;
    }

    // ---------------------------------------------------------------- runs

    @Override
    public RunHandle startRun(String experimentName, String runName, Map<String, String> tags) throws IOException {
        return startRunIn(getOrCreateExperiment(experimentName).id(), runName, tags);
    }

    private RunHandle startRunIn(String experimentId, String runName, Map<String, String> tags) throws IOException {
        Limits.checkTags(tags);
        String tagName = tags.get(StandardTags.RUN_NAME);
        if (runName != null && tagName != null && !runName.equals(tagName)) {
            throw new IllegalArgumentException("run name '" + runName + "' and tag " + StandardTags.RUN_NAME + "='"
                    + tagName + "' differ; give one of them");
        }
        String runId = UUID.randomUUID().toString().replace("-", "");
        String name = runName != null ? runName : tagName != null ? tagName : "run-" + runId.substring(0, 8);
        Path experimentDir = root.resolve(experimentId);
        if (!Files.isRegularFile(experimentDir.resolve(META))) {
            getExperiment(experimentId); // throws NotFoundException listing the experiments
            throw new IllegalArgumentException("experiment " + experimentId + " is deleted; runs cannot start in it");
        }
        Path runDir = experimentDir.resolve(runId);
        Map<String, String> allTags = new TreeMap<>(tags);
        allTags.put(StandardTags.RUN_NAME, name);
        allTags.putIfAbsent(StandardTags.USER, System.getProperty("user.name", ""));
        Map<String, Object> meta = new HashMap<>();
        meta.put("artifact_uri", StoreFiles.fileUri(runDir.resolve("artifacts")));
        meta.put("end_time", null);
        meta.put("entry_point_name", "");
        meta.put("experiment_id", experimentId);
        meta.put("lifecycle_stage", "active");
        meta.put("run_id", runId);
        meta.put("run_name", name);
        meta.put("run_uuid", runId);
        meta.put("source_name", "");
        meta.put("source_type", SOURCE_TYPE_LOCAL);
        meta.put("source_version", "");
        meta.put("start_time", System.currentTimeMillis());
        meta.put("status", RunStatus.RUNNING.code());
        meta.put("tags", List.of());
        meta.put("user_id", System.getProperty("user.name", ""));
        meta.put("deleted_time", null);
        Path staged = StoreFiles.newStagingDir(root);
        try {
            StoreFiles.writeYaml(staged.resolve(META), meta);
            for (String folder : List.of("metrics", "params", "artifacts", "tags")) {
                Files.createDirectories(staged.resolve(folder));
            }
            for (Map.Entry<String, String> tag : allTags.entrySet()) {
                Path file = staged.resolve("tags").resolve(tag.getKey());
                Files.createDirectories(file.getParent());
                Files.writeString(file, tag.getValue(), StandardCharsets.UTF_8);
            }
            StoreFiles.publish(staged, runDir);
        } finally {
            StoreFiles.discard(staged);
        }
        return new LocalRun(experimentId, runId, runDir);
    }

    @Override
    public RunHandle resumeRun(String runId) throws IOException {
        Path dir = runDir(runId);
        RunInfo info = readRunInfo(dir);
        return new LocalRun(info.experimentId(), runId, dir);
    }

    @Override
    public Run getRun(String runId) throws IOException {
        return readRun(runDir(runId));
    }

    @Override
    public List<Metric> metricHistory(String runId, String key) throws IOException {
        StoreFiles.validateKey("metric", key);
        Path file = runDir(runId).resolve("metrics").resolve(key);
        return Files.isRegularFile(file) ? readMetricFile(file, key) : List.of();
    }

    @Override
    public List<Run> searchRuns(RunQuery query) throws IOException {
        SearchFilter filter = SearchFilter.parse(query.filter());
        Comparator<Run> order = SearchFilter.comparator(query.orderBy());
        List<Run> matches = new ArrayList<>();
        for (String experimentId : query.experimentIds()) {
            getExperiment(experimentId);
            for (Path dir : subdirectories(experimentDir(experimentId))) {
                String name = dir.getFileName().toString();
                if (name.startsWith(".") || RESERVED_EXPERIMENT_FOLDERS.contains(name)
                        || !Files.exists(dir.resolve(META))) {
                    continue;
                }
                Run run;
                try {
                    run = readRun(dir);
                } catch (IOException e) {
                    LOG.warn("Skipping unreadable run {}: {}", dir, e.getMessage());
                    continue;
                }
                if ("active".equals(run.info().lifecycleStage()) && filter.matches(run)) {
                    matches.add(run);
                }
            }
        }
        matches.sort(order);
        return List.copyOf(matches.subList(0, Math.min(query.maxResults(), matches.size())));
    }

    /** The folder of a run, searched in every experiment (active or deleted). */
    private Path runDir(String runId) throws IOException {
        if (runId == null || !RUN_ID.matcher(runId).matches()) {
            throw new IllegalArgumentException("Invalid run id '" + runId
                    + "': run ids are 1-256 letters, digits, '_' or '-', starting with a letter or digit");
        }
        for (Path experiment : experimentDirs(true)) {
            Path dir = experiment.resolve(runId);
            if (Files.isRegularFile(dir.resolve(META))) {
                return dir;
            }
        }
        throw new NotFoundException("No run '" + runId + "' in " + root);
    }

    private Run readRun(Path dir) throws IOException {
        RunInfo info = readRunInfo(dir);
        Map<String, String> tags = StoreFiles.readKeyFiles(dir.resolve("tags"));
        if (info.runName() == null && tags.containsKey(StandardTags.RUN_NAME)) {
            info = new RunInfo(info.runId(), info.experimentId(), tags.get(StandardTags.RUN_NAME), info.userId(),
                    info.status(), info.startTime(), info.endTime(), info.artifactUri(), info.lifecycleStage());
        }
        Map<String, Metric> latest = new TreeMap<>();
        Path metricsDir = dir.resolve("metrics");
        if (Files.isDirectory(metricsDir)) {
            List<Path> files;
            try (Stream<Path> walk = Files.walk(metricsDir)) {
                files = walk.filter(Files::isRegularFile).toList();
            }
            Comparator<Metric> newest = Comparator.comparingLong(Metric::step).thenComparingLong(Metric::timestamp)
                    .thenComparingDouble(Metric::value);
            for (Path file : files) {
                String key = metricsDir.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
                readMetricFile(file, key).stream().max(newest).ifPresent(m -> latest.put(key, m));
            }
        }
        return new Run(info, StoreFiles.readKeyFiles(dir.resolve("params")), latest, tags);
    }

    private RunInfo readRunInfo(Path dir) throws IOException {
        YamlFields meta = StoreFiles.readYaml(dir.resolve(META));
        String runId = meta.optionalString("run_id");
        if (runId == null) {
            runId = meta.string("run_uuid");
        }
        if (!runId.equals(dir.getFileName().toString())) {
            throw new IOException("Corrupted " + meta.file() + ": run_id '" + runId + "' does not match its folder");
        }
        String statusText = meta.optionalString("status");
        RunStatus status;
        try {
            status = statusText == null ? RunStatus.RUNNING
                    : statusText.matches("\\d+") ? RunStatus.fromCode(Integer.parseInt(statusText))
                    : RunStatus.fromName(statusText);
        } catch (IllegalArgumentException e) {
            throw new IOException("Corrupted " + meta.file() + ": field 'status' is '" + statusText + "': "
                    + e.getMessage(), e);
        }
        String stage = meta.optionalString("lifecycle_stage");
        return new RunInfo(runId, meta.string("experiment_id"), meta.optionalString("run_name"),
                meta.optionalString("user_id"), status, meta.requiredLong("start_time"), meta.optionalLong("end_time"),
                meta.optionalString("artifact_uri"), stage == null ? "active" : stage);
    }

    /**
     * Reads the lines {@code <timestamp> <value> [<step>]} of a metric file. A last line without
     * its newline is the trace of a writer killed mid-append and is ignored.
     */
    private static List<Metric> readMetricFile(Path file, String key) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        int end = text.lastIndexOf('\n') + 1;
        List<Metric> points = new ArrayList<>();
        int lineNo = 0;
        for (String line : text.substring(0, end).split("\n")) {
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            String[] parts = line.strip().split(" ");
            try {
                if (parts.length != 2 && parts.length != 3) {
                    throw new NumberFormatException(parts.length + " fields");
                }
                long step = parts.length == 3 ? Long.parseLong(parts[2]) : 0;
                points.add(new Metric(key, PythonFloat.parse(parts[1]), Long.parseLong(parts[0]), step));
            } catch (IllegalArgumentException e) {
                throw new IOException("Corrupted " + file + " line " + lineNo + ": '" + line
                        + "'; expected '<timestamp_ms> <value> <step>'", e);
            }
        }
        return points;
    }

    // ---------------------------------------------------------------- artifacts

    @Override
    public List<ArtifactEntry> listArtifacts(String runId, String path) throws IOException {
        String relative = StoreFiles.validateRelativePath("artifact path", path);
        Path base = runDir(runId).resolve("artifacts");
        Path dir = relative.isEmpty() ? base : base.resolve(relative);
        List<ArtifactEntry> entries = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return entries;
        }
        try (DirectoryStream<Path> children = Files.newDirectoryStream(dir)) {
            for (Path child : children) {
                String name = child.getFileName().toString();
                if (name.startsWith(".") && name.endsWith(".tmp")) {
                    continue; // an atomic write in progress
                }
                String childPath = relative.isEmpty() ? name : relative + "/" + name;
                boolean isDir = Files.isDirectory(child);
                entries.add(new ArtifactEntry(childPath, isDir, isDir ? -1 : Files.size(child)));
            }
        }
        entries.sort(Comparator.comparing(ArtifactEntry::path));
        return entries;
    }

    @Override
    public Path downloadArtifacts(String runId, String path, Path targetDir) throws IOException {
        String relative = StoreFiles.validateRelativePath("artifact path", path);
        Path base = runDir(runId).resolve("artifacts");
        Path source = relative.isEmpty() ? base : base.resolve(relative);
        if (!Files.exists(source)) {
            throw new NotFoundException("Run " + runId + " has no artifact '" + relative + "'");
        }
        Path target = targetDir.resolve(relative.isEmpty() ? "artifacts" : source.getFileName().toString());
        StoreFiles.copyTree(source, target);
        return target;
    }

    @Override
    public void close() {
        // nothing held between calls
    }

    // ---------------------------------------------------------------- writing to a run

    /** A handle to one run of this store. */
    private final class LocalRun implements RunHandle {
        private final String experimentId;
        private final String runId;
        private final Path dir;
        private volatile boolean ended;

        LocalRun(String experimentId, String runId, Path dir) {
            this.experimentId = experimentId;
            this.runId = runId;
            this.dir = dir;
        }

        @Override
        public String runId() {
            return runId;
        }

        @Override
        public String experimentId() {
            return experimentId;
        }

        @Override
        public RunHandle logBatch(Collection<Metric> metrics, Map<String, String> params, Map<String, String> tags)
                throws IOException {
            Limits.checkParams(params);
            Limits.checkTags(tags);
            Map<String, List<Metric>> byKey = new LinkedHashMap<>();
            for (Metric m : metrics) {
                byKey.computeIfAbsent(m.key(), k -> new ArrayList<>()).add(m);
            }
            FileLock.locked(dir.resolve(LOCK), () -> {
                if (!Files.isRegularFile(dir.resolve(META))) {
                    throw new NotFoundException("Run " + runId + " no longer exists at " + dir);
                }
                for (Map.Entry<String, String> p : new TreeMap<>(params).entrySet()) {
                    writeParam(p.getKey(), p.getValue());
                }
                for (Map.Entry<String, String> t : new TreeMap<>(tags).entrySet()) {
                    StoreFiles.writeSmallFile(dir.resolve("tags").resolve(t.getKey()), t.getValue(), dir);
                    if (t.getKey().equals(StandardTags.RUN_NAME)) {
                        updateMeta(meta -> meta.put("run_name", t.getValue()));
                    }
                }
                for (Map.Entry<String, List<Metric>> e : byKey.entrySet()) {
                    appendMetric(e.getKey(), e.getValue());
                }
                return null;
            });
            return this;
        }

        private void writeParam(String key, String value) throws IOException {
            Path file = dir.resolve("params").resolve(key);
            if (Files.exists(file)) {
                String existing = Files.readString(file, StandardCharsets.UTF_8);
                if (!existing.equals(value)) {
                    throw new IllegalArgumentException("Param '" + key + "' of run " + runId + " was already logged"
                            + " with value '" + existing + "'; params are write-once, cannot change it to '" + value
                            + "' (start a child run per configuration instead)");
                }
                return;
            }
            StoreFiles.writeSmallFile(file, value, dir);
        }

        /**
         * Appends lines to a metric file under the run lock. A new file is created complete (so no
         * reader ever sees an empty metric file, which MLflow rejects); an existing file first loses
         * any partial last line left by a killed writer, then gets all lines in one write.
         */
        private void appendMetric(String key, List<Metric> points) throws IOException {
            StringBuilder sb = new StringBuilder(points.size() * 32);
            for (Metric m : points) {
                sb.append(m.timestamp()).append(' ').append(PythonFloat.repr(m.value())).append(' ')
                        .append(m.step()).append('\n');
            }
            byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
            Path file = dir.resolve("metrics").resolve(key);
            if (!Files.exists(file)) {
                StoreFiles.writeSmallFile(file, bytes, dir);
                return;
            }
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                long size = channel.size();
                long complete = completeLength(channel, size);
                if (complete < size) {
                    LOG.warn("Dropping {} bytes of an interrupted append at the end of {}", size - complete, file);
                    channel.truncate(complete);
                }
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                long position = complete;
                while (buffer.hasRemaining()) {
                    position += channel.write(buffer, position);
                }
                // no fsync: the page cache outlives a killed process, and readers ignore a torn
                // last line should the machine itself fail
            }
        }

        private void updateMeta(java.util.function.Consumer<Map<String, Object>> change) throws IOException {
            YamlFields meta = StoreFiles.readYaml(dir.resolve(META));
            Map<String, Object> fields = new HashMap<>(meta.fields());
            change.accept(fields);
            StoreFiles.writeYaml(dir.resolve(META), fields);
        }

        @Override
        public RunHandle logArtifact(Path fileOrDirectory, String artifactDir) throws IOException {
            String relative = StoreFiles.validateRelativePath("artifact directory", artifactDir);
            if (!Files.exists(fileOrDirectory)) {
                throw new IllegalArgumentException("Artifact " + fileOrDirectory + " does not exist");
            }
            Path base = dir.resolve("artifacts");
            Path target = (relative.isEmpty() ? base : base.resolve(relative))
                    .resolve(fileOrDirectory.toAbsolutePath().normalize().getFileName().toString());
            StoreFiles.copyTree(fileOrDirectory, target);
            return this;
        }

        @Override
        public RunHandle startChild(String runName) throws IOException {
            return startRunIn(experimentId, runName, Map.of(StandardTags.PARENT_RUN_ID, runId));
        }

        @Override
        public Run snapshot() throws IOException {
            return readRun(dir);
        }

        @Override
        public void end(RunStatus status) throws IOException {
            if (!status.isTerminal()) {
                throw new IllegalArgumentException("a run ends as FINISHED, FAILED or KILLED, not " + status);
            }
            FileLock.locked(dir.resolve(LOCK), () -> {
                updateMeta(meta -> {
                    meta.put("status", status.code());
                    meta.put("end_time", System.currentTimeMillis());
                });
                return null;
            });
            ended = true;
        }

        @Override
        public void close() throws IOException {
            if (ended) {
                return;
            }
            FileLock.locked(dir.resolve(LOCK), () -> {
                if (readRunInfo(dir).status() == RunStatus.RUNNING) {
                    updateMeta(meta -> {
                        meta.put("status", RunStatus.FINISHED.code());
                        meta.put("end_time", System.currentTimeMillis());
                    });
                }
                return null;
            });
            ended = true;
        }

        @Override
        public String toString() {
            return "run " + runId + " in " + root;
        }
    }

    /** The length of the file up to and including its last newline. */
    private static long completeLength(FileChannel channel, long size) throws IOException {
        if (size == 0) {
            return 0;
        }
        ByteBuffer buffer = ByteBuffer.allocate(4096);
        buffer.limit(1);
        channel.read(buffer, size - 1);
        if (buffer.get(0) == '\n') {
            return size; // the usual case: nothing torn
        }
        long end = size;
        while (end > 0) {
            long start = Math.max(0, end - buffer.capacity());
            buffer.clear().limit((int) (end - start));
            while (buffer.hasRemaining()) {
                if (channel.read(buffer, start + buffer.position()) < 0) {
                    break;
                }
            }
            for (int i = buffer.position() - 1; i >= 0; i--) {
                if (buffer.get(i) == '\n') {
                    return start + i + 1;
                }
            }
            end = start;
        }
        return 0;
    }
}
