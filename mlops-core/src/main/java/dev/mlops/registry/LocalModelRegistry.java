package dev.mlops.registry;

import dev.mlops.tracking.NotFoundException;
import dev.mlops.tracking.TrackingStore;
import dev.mlops.tracking.internal.FileLock;
import dev.mlops.tracking.internal.StoreFiles;
import dev.mlops.tracking.internal.YamlFields;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local registry: MLflow's registry file layout under {@code <root>/models} (see
 * {@code docs/tracking.md}), plus the registered bundle copied into
 * {@code models/<name>/version-<n>/bundle/} with its manifest in {@code bundle.sha256}. Every
 * change holds the lock {@code models/.mlops.lock}; a version directory is built completely in a
 * staging directory (bundle copied and hashed before the lock is taken) and renamed into place, so
 * version numbers never repeat or skip and a killed writer leaves no half-made version.
 */
final class LocalModelRegistry extends AbstractModelRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(LocalModelRegistry.class);
    private static final String META = "meta.yaml";
    private static final String LOCK = ".mlops.lock";
    private static final String MANIFEST = "bundle.sha256";
    private static final String DELETED_STAGE = "Deleted_Internal";
    private static final Pattern VERSION_DIR = Pattern.compile("version-(\\d+)");

    private final Path root;
    private final Path models;
    private final TrackingStore tracking;

    LocalModelRegistry(Path directory) throws IOException {
        this.tracking = TrackingStore.open(directory);
        this.root = directory.toAbsolutePath().normalize();
        this.models = root.resolve("models");
        Files.createDirectories(models);
    }

    @Override
    public String location() {
        return StoreFiles.fileUri(root);
    }

    @Override
    public String toString() {
        return "LocalModelRegistry[" + root + "]";
    }

    @Override
    <T> T locked(FileLock.Action<T> action) throws IOException {
        return FileLock.locked(models.resolve(LOCK), action);
    }

    // ---------------------------------------------------------------- registering

    @Override
    public ModelVersion register(String name, Path bundle, String sourceRunId, Map<String, String> tags)
            throws IOException {
        checkRegistration(name, bundle, tags);
        if (sourceRunId != null) {
            tracking.getRun(sourceRunId); // NotFoundException when the run is not in this store
        }
        String bundleName = bundle.toAbsolutePath().normalize().getFileName().toString();
        Path staged = StoreFiles.newStagingDir(root);
        try {
            // the slow part (copy and hash) happens before taking the lock
            Path copy = staged.resolve("bundle").resolve(bundleName);
            StoreFiles.copyTree(bundle, copy);
            BundleDigest digest = BundleDigest.of(copy);
            Files.writeString(staged.resolve(MANIFEST), digest.manifest(), StandardCharsets.UTF_8);
            makeReadOnly(copy);
            Map<String, String> allTags = new TreeMap<>(tags);
            allTags.put(ModelVersion.SHA256_TAG, digest.sha256());
            allTags.put(ModelVersion.BUNDLE_NAME_TAG, bundleName);
            for (Map.Entry<String, String> tag : allTags.entrySet()) {
                Path file = staged.resolve("tags").resolve(tag.getKey());
                Files.createDirectories(file.getParent());
                Files.writeString(file, tag.getValue(), StandardCharsets.UTF_8);
            }
            int version = locked(() -> {
                Path modelDir = models.resolve(name);
                if (!Files.isRegularFile(modelDir.resolve(META))) {
                    createModel(name);
                }
                int next = maxVersion(modelDir) + 1;
                Path target = modelDir.resolve("version-" + next);
                long now = System.currentTimeMillis();
                String location = StoreFiles.fileUri(target.resolve("bundle").resolve(bundleName));
                Map<String, Object> meta = new HashMap<>();
                meta.put("aliases", List.of());
                meta.put("creation_timestamp", now);
                meta.put("current_stage", Stage.NONE.mlflowName());
                meta.put("description", null);
                meta.put("last_updated_timestamp", now);
                meta.put("name", name);
                meta.put("run_id", sourceRunId);
                meta.put("run_link", null);
                meta.put("source", location);
                meta.put("status", "READY");
                meta.put("status_message", null);
                meta.put("storage_location", location);
                meta.put("user_id", null);
                meta.put("version", next);
                StoreFiles.writeYaml(staged.resolve(META), meta);
                StoreFiles.publish(staged, target);
                touchModel(name, now);
                return next;
            });
            LOG.debug("Registered {} as models:/{}/{}", bundle, name, version);
            return getVersion(name, version);
        } finally {
            StoreFiles.discard(staged);
        }
    }

    private static void makeReadOnly(Path copy) throws IOException {
        try (Stream<Path> walk = Files.walk(copy)) {
            walk.filter(Files::isRegularFile).forEach(f -> f.toFile().setWritable(false, false));
        }
    }

    private void createModel(String name) throws IOException {
        long now = System.currentTimeMillis();
        Map<String, Object> meta = new HashMap<>();
        meta.put("aliases", Map.of());
        meta.put("creation_timestamp", now);
        meta.put("description", null);
        meta.put("last_updated_timestamp", now);
        meta.put("name", name);
        Path staged = StoreFiles.newStagingDir(root);
        try {
            StoreFiles.writeYaml(staged.resolve(META), meta);
            StoreFiles.publish(staged, models.resolve(name));
        } finally {
            StoreFiles.discard(staged);
        }
    }

    /** The highest version number ever allocated (deleted versions keep their folder). */
    private static int maxVersion(Path modelDir) throws IOException {
        int max = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(modelDir, "version-*")) {
            for (Path entry : entries) {
                Matcher m = VERSION_DIR.matcher(entry.getFileName().toString());
                if (m.matches() && Files.isDirectory(entry)) {
                    max = Math.max(max, Integer.parseInt(m.group(1)));
                }
            }
        }
        return max;
    }

    /** Updates the model's last update time and the alias map MLflow mirrors into its meta.yaml. */
    private void touchModel(String name, long now) throws IOException {
        Path modelDir = models.resolve(name);
        YamlFields meta = StoreFiles.readYaml(modelDir.resolve(META));
        Map<String, Object> fields = new HashMap<>(meta.fields());
        fields.put("last_updated_timestamp", now);
        Map<String, String> mirrored = new TreeMap<>();
        aliases(modelDir).forEach((alias, version) -> mirrored.put(alias, String.valueOf(version)));
        fields.put("aliases", mirrored);
        StoreFiles.writeYaml(modelDir.resolve(META), fields);
    }

    // ---------------------------------------------------------------- reading

    @Override
    public RegisteredModel getModel(String name) throws IOException {
        validateName(name);
        Path dir = models.resolve(name);
        if (!Files.isRegularFile(dir.resolve(META))) {
            throw noSuchModel(name, modelNames());
        }
        YamlFields meta = StoreFiles.readYaml(dir.resolve(META));
        Long created = meta.optionalLong("creation_timestamp");
        Long updated = meta.optionalLong("last_updated_timestamp");
        return new RegisteredModel(meta.string("name"), created == null ? 0 : created, updated == null ? 0 : updated,
                meta.optionalString("description"), StoreFiles.readKeyFiles(dir.resolve("tags")), aliases(dir));
    }

    private static Map<String, Integer> aliases(Path modelDir) throws IOException {
        Map<String, Integer> result = new TreeMap<>();
        for (Map.Entry<String, String> e : StoreFiles.readKeyFiles(modelDir.resolve("aliases")).entrySet()) {
            try {
                result.put(e.getKey(), Integer.parseInt(e.getValue().strip()));
            } catch (NumberFormatException ex) {
                throw new IOException("Corrupted " + modelDir.resolve("aliases").resolve(e.getKey()) + ": '"
                        + e.getValue() + "' is not a version number", ex);
            }
        }
        return result;
    }

    private List<String> modelNames() throws IOException {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(models, Files::isDirectory)) {
            for (Path dir : entries) {
                String name = dir.getFileName().toString();
                if (!name.startsWith(".") && Files.isRegularFile(dir.resolve(META))) {
                    names.add(name);
                }
            }
        }
        names.sort(Comparator.naturalOrder());
        return names;
    }

    @Override
    public List<RegisteredModel> listModels() throws IOException {
        List<RegisteredModel> result = new ArrayList<>();
        for (String name : modelNames()) {
            try {
                result.add(getModel(name));
            } catch (IOException | IllegalArgumentException e) {
                LOG.warn("Skipping unreadable registered model {}: {}", models.resolve(name), e.getMessage());
            }
        }
        return result;
    }

    @Override
    public List<ModelVersion> listVersions(String name) throws IOException {
        RegisteredModel model = getModel(name);
        Path modelDir = models.resolve(name);
        List<ModelVersion> result = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(modelDir, "version-*")) {
            for (Path dir : entries) {
                if (!VERSION_DIR.matcher(dir.getFileName().toString()).matches()) {
                    continue;
                }
                try {
                    readVersion(dir, model.aliases()).ifPresent(result::add);
                } catch (IOException e) {
                    LOG.warn("Skipping unreadable model version {}: {}", dir, e.getMessage());
                }
            }
        }
        result.sort(Comparator.comparingInt(ModelVersion::version));
        return result;
    }

    @Override
    public ModelVersion getVersion(String name, int version) throws IOException {
        RegisteredModel model = getModel(name);
        Path dir = models.resolve(name).resolve("version-" + version);
        Optional<ModelVersion> found = version > 0 && Files.isRegularFile(dir.resolve(META))
                ? readVersion(dir, model.aliases()) : Optional.empty();
        if (found.isEmpty()) {
            throw noSuchVersion(name, version, listVersions(name));
        }
        return found.get();
    }

    /** Reads a version folder; empty for a version MLflow marked deleted. */
    private static Optional<ModelVersion> readVersion(Path dir, Map<String, Integer> modelAliases)
            throws IOException {
        YamlFields meta = StoreFiles.readYaml(dir.resolve(META));
        String stageName = meta.optionalString("current_stage");
        if (DELETED_STAGE.equals(stageName)) {
            return Optional.empty();
        }
        Stage stage = stageName == null ? Stage.NONE : Stage.find(stageName);
        if (stage == null) {
            throw new IOException("Corrupted " + meta.file() + ": current_stage '" + stageName + "' is not None,"
                    + " Staging, Production or Archived");
        }
        int version = (int) meta.requiredLong("version");
        List<String> aliases = modelAliases.entrySet().stream().filter(e -> e.getValue() == version)
                .map(Map.Entry::getKey).sorted().toList();
        Long created = meta.optionalLong("creation_timestamp");
        Long updated = meta.optionalLong("last_updated_timestamp");
        String status = meta.optionalString("status");
        return Optional.of(new ModelVersion(meta.string("name"), version, created == null ? 0 : created,
                updated == null ? 0 : updated, meta.optionalString("description"), meta.optionalString("user_id"),
                stage, meta.optionalString("source"), meta.optionalString("run_id"),
                status == null ? "READY" : status, StoreFiles.readKeyFiles(dir.resolve("tags")), aliases));
    }

    // ---------------------------------------------------------------- changing

    @Override
    void writeAlias(String name, String alias, int version) throws IOException {
        Path modelDir = models.resolve(name);
        StoreFiles.writeSmallFile(modelDir.resolve("aliases").resolve(alias), String.valueOf(version), modelDir);
        touchModel(name, System.currentTimeMillis());
    }

    @Override
    void removeAlias(String name, String alias) throws IOException {
        Files.deleteIfExists(models.resolve(name).resolve("aliases").resolve(alias));
        touchModel(name, System.currentTimeMillis());
    }

    @Override
    void writeModelTag(String name, String key, String value) throws IOException {
        Path modelDir = models.resolve(name);
        StoreFiles.writeSmallFile(modelDir.resolve("tags").resolve(key), value, modelDir);
    }

    @Override
    public ModelVersion transitionStage(String name, int version, Stage stage, boolean archiveExisting)
            throws IOException {
        validateName(name);
        checkArchive(stage, archiveExisting);
        return locked(() -> {
            getVersion(name, version);
            long now = System.currentTimeMillis();
            if (archiveExisting) {
                for (ModelVersion other : listVersions(name)) {
                    if (other.version() != version && other.stage() == stage) {
                        updateVersion(name, other.version(), meta -> {
                            meta.put("current_stage", Stage.ARCHIVED.mlflowName());
                            meta.put("last_updated_timestamp", now);
                        });
                    }
                }
            }
            updateVersion(name, version, meta -> {
                meta.put("current_stage", stage.mlflowName());
                meta.put("last_updated_timestamp", now);
            });
            touchModel(name, now);
            return getVersion(name, version);
        });
    }

    private void updateVersion(String name, int version, Consumer<Map<String, Object>> change) throws IOException {
        Path file = models.resolve(name).resolve("version-" + version).resolve(META);
        Map<String, Object> fields = new HashMap<>(StoreFiles.readYaml(file).fields());
        change.accept(fields);
        StoreFiles.writeYaml(file, fields);
    }

    @Override
    Path bundlePath(ModelVersion version) throws IOException {
        Path bundleDir = models.resolve(version.name()).resolve("version-" + version.version()).resolve("bundle");
        String bundleName = version.tags().get(ModelVersion.BUNDLE_NAME_TAG);
        if (bundleName != null) {
            return bundleDir.resolve(bundleName);
        }
        try (Stream<Path> entries = Files.list(bundleDir)) {
            return entries.findFirst().orElseThrow(() -> new NotFoundException(version.uri() + " has no bundle in "
                    + bundleDir));
        } catch (java.nio.file.NoSuchFileException e) {
            throw new NotFoundException(version.uri() + " has no bundle: " + bundleDir + " does not exist");
        }
    }

    @Override
    Optional<BundleDigest> registeredManifest(ModelVersion version) throws IOException {
        Path file = models.resolve(version.name()).resolve("version-" + version.version()).resolve(MANIFEST);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(BundleDigest.parseManifest(Files.readString(file, StandardCharsets.UTF_8),
                    Files.isDirectory(bundlePath(version))));
        } catch (IllegalArgumentException e) {
            LOG.warn("Ignoring unreadable manifest {}: {}", file, e.getMessage());
            return Optional.empty();
        }
    }

    @Override
    public void close() {
        tracking.close();
    }
}
