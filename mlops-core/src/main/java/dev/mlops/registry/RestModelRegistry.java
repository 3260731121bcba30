package dev.mlops.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.tracking.NotFoundException;
import dev.mlops.tracking.RestOptions;
import dev.mlops.tracking.Run;
import dev.mlops.tracking.RunHandle;
import dev.mlops.tracking.TrackingServerException;
import dev.mlops.tracking.TrackingStore;
import dev.mlops.tracking.internal.FileLock;
import dev.mlops.tracking.internal.MlflowRestClient;
import dev.mlops.util.FileTrees;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The registry of an MLflow server ({@code registered-models}, {@code model-versions} and alias
 * endpoints). The bundle and its manifest are uploaded as artifacts of the source run under
 * {@code mlops-bundles/<first 16 hex digits of its SHA-256>/}; the version's {@code source} points
 * there. Loading downloads into the cache directory of {@link RestOptions} and verifies the
 * checksum. The server numbers versions; alias history updates are not atomic across clients.
 */
final class RestModelRegistry extends AbstractModelRegistry {

    private static final String MANIFEST = "bundle.sha256";
    private static final int PAGE = 1000;

    private final MlflowRestClient client;
    private final TrackingStore tracking;
    private final Path cache;

    RestModelRegistry(URI server, RestOptions options) throws IOException {
        this.client = new MlflowRestClient(server, options);
        this.tracking = TrackingStore.open(server.toString(), options);
        String hostPort = server.getHost() + (server.getPort() < 0 ? "" : "_" + server.getPort());
        this.cache = options.cacheDirectory().resolve(hostPort.replaceAll("[^A-Za-z0-9._-]", "_"));
    }

    @Override
    public String location() {
        return client.server().toString();
    }

    @Override
    public String toString() {
        return "RestModelRegistry[" + client.server() + "]";
    }

    @Override
    <T> T locked(FileLock.Action<T> action) throws IOException {
        return action.run(); // the server serializes each call; nothing spans calls
    }

    @Override
    public ModelVersion register(String name, Path bundle, String sourceRunId, Map<String, String> tags)
            throws IOException {
        checkRegistration(name, bundle, tags);
        if (sourceRunId == null) {
            throw new IllegalArgumentException("Registering in the MLflow server " + client.server() + " needs the"
                    + " source run: the bundle is stored as an artifact of that run");
        }
        Run run = tracking.getRun(sourceRunId);
        BundleDigest digest = BundleDigest.of(bundle);
        String bundleName = bundle.toAbsolutePath().normalize().getFileName().toString();
        String artifactDir = "mlops-bundles/" + digest.sha256().substring(0, 16);
        Path manifestDir = Files.createTempDirectory("mlops-manifest");
        try {
            Path manifest = Files.writeString(manifestDir.resolve(MANIFEST), digest.manifest(), StandardCharsets.UTF_8);
            // not closed on purpose: closing a handle would end the source run
            RunHandle handle = tracking.resumeRun(sourceRunId);
            handle.logArtifact(bundle, artifactDir);
            handle.logArtifact(manifest, artifactDir);
        } finally {
            FileTrees.delete(manifestDir);
        }
        ensureModel(name);
        Map<String, String> allTags = new TreeMap<>(tags);
        allTags.put(ModelVersion.SHA256_TAG, digest.sha256());
        allTags.put(ModelVersion.BUNDLE_NAME_TAG, bundleName);
        ObjectNode body = MlflowRestClient.object().put("name", name)
                .put("source", run.info().artifactUri() + "/" + artifactDir + "/" + bundleName)
                .put("run_id", sourceRunId);
        body.set("tags", MlflowRestClient.keyValueArray(allTags));
        return parseVersion(client.post("model-versions/create", body).path("model_version"));
    }

    private void ensureModel(String name) throws IOException {
        try {
            client.get("registered-models/get", Map.of("name", name));
        } catch (NotFoundException e) {
            try {
                client.post("registered-models/create", MlflowRestClient.object().put("name", name));
            } catch (TrackingServerException ex) {
                if (!"RESOURCE_ALREADY_EXISTS".equals(ex.errorCode())) { // another client created it meanwhile
                    throw ex;
                }
            }
        }
    }

    @Override
    public RegisteredModel getModel(String name) throws IOException {
        validateName(name);
        try {
            return parseModel(client.get("registered-models/get", Map.of("name", name)).path("registered_model"));
        } catch (NotFoundException e) {
            List<String> names = listModels().stream().map(RegisteredModel::name).toList();
            throw noSuchModel(name, names);
        }
    }

    @Override
    public List<RegisteredModel> listModels() throws IOException {
        List<RegisteredModel> result = new ArrayList<>();
        String token = null;
        do {
            Map<String, Object> query = new LinkedHashMap<>();
            query.put("max_results", PAGE);
            query.put("page_token", token);
            JsonNode answer = client.get("registered-models/search", query);
            for (JsonNode m : answer.path("registered_models")) {
                result.add(parseModel(m));
            }
            token = MlflowRestClient.text(answer, "next_page_token");
        } while (token != null && !token.isEmpty());
        result.sort(Comparator.comparing(RegisteredModel::name));
        return result;
    }

    @Override
    public List<ModelVersion> listVersions(String name) throws IOException {
        getModel(name);
        List<ModelVersion> result = new ArrayList<>();
        String token = null;
        do {
            Map<String, Object> query = new LinkedHashMap<>();
            query.put("filter", "name='" + name + "'");
            query.put("max_results", PAGE);
            query.put("page_token", token);
            JsonNode answer = client.get("model-versions/search", query);
            for (JsonNode v : answer.path("model_versions")) {
                result.add(parseVersion(v));
            }
            token = MlflowRestClient.text(answer, "next_page_token");
        } while (token != null && !token.isEmpty());
        result.sort(Comparator.comparingInt(ModelVersion::version));
        return result;
    }

    @Override
    public ModelVersion getVersion(String name, int version) throws IOException {
        validateName(name);
        try {
            return parseVersion(client.get("model-versions/get", Map.of("name", name, "version", version))
                    .path("model_version"));
        } catch (NotFoundException e) {
            throw noSuchVersion(name, version, listVersions(name));
        }
    }

    @Override
    void writeAlias(String name, String alias, int version) throws IOException {
        client.post("registered-models/alias", MlflowRestClient.object().put("name", name).put("alias", alias)
                .put("version", String.valueOf(version)));
    }

    @Override
    void removeAlias(String name, String alias) throws IOException {
        client.delete("registered-models/alias", MlflowRestClient.object().put("name", name).put("alias", alias));
    }

    @Override
    void writeModelTag(String name, String key, String value) throws IOException {
        client.post("registered-models/set-tag", MlflowRestClient.object().put("name", name).put("key", key)
                .put("value", value));
    }

    @Override
    public ModelVersion transitionStage(String name, int version, Stage stage, boolean archiveExisting)
            throws IOException {
        validateName(name);
        checkArchive(stage, archiveExisting);
        getVersion(name, version);
        ObjectNode body = MlflowRestClient.object().put("name", name).put("version", String.valueOf(version))
                .put("stage", stage.mlflowName()).put("archive_existing_versions", archiveExisting);
        return parseVersion(client.post("model-versions/transition-stage", body).path("model_version"));
    }

    /** The artifact path of the bundle inside its run, from the version's source URI. */
    private String bundleArtifactPath(ModelVersion version) throws IOException {
        if (version.runId() == null) {
            throw new IOException(version.uri() + " has no source run; its bundle cannot be downloaded");
        }
        String root = tracking.getRun(version.runId()).info().artifactUri();
        String source = version.source();
        if (root == null || source == null || !source.startsWith(root + "/")) {
            throw new IOException(version.uri() + " has source '" + source + "', which is not inside the artifacts ("
                    + root + ") of its run " + version.runId());
        }
        return source.substring(root.length() + 1);
    }

    @Override
    Path bundlePath(ModelVersion version) throws IOException {
        Path dir = cache.resolve(version.name()).resolve(String.valueOf(version.version()));
        String artifact = bundleArtifactPath(version);
        Path cached = dir.resolve(artifact.substring(artifact.lastIndexOf('/') + 1));
        if (Files.exists(cached) && BundleDigest.of(cached).sha256().equals(version.bundleSha256())) {
            return cached; // verified copy from an earlier load
        }
        Files.createDirectories(dir);
        Path staging = Files.createTempDirectory(dir, ".download-");
        try {
            Path downloaded = tracking.downloadArtifacts(version.runId(), artifact, staging);
            FileTrees.delete(cached);
            Files.move(downloaded, cached, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } finally {
            FileTrees.delete(staging);
        }
        return cached;
    }

    @Override
    Optional<BundleDigest> registeredManifest(ModelVersion version) throws IOException {
        String artifact = bundleArtifactPath(version);
        String manifestPath = artifact.substring(0, artifact.lastIndexOf('/') + 1) + MANIFEST;
        Path staging = Files.createTempDirectory("mlops-manifest");
        try {
            Path file = tracking.downloadArtifacts(version.runId(), manifestPath, staging);
            return Optional.of(BundleDigest.parseManifest(Files.readString(file, StandardCharsets.UTF_8),
                    Files.isDirectory(bundlePath(version))));
        } catch (NotFoundException | IllegalArgumentException e) {
            return Optional.empty();
        } finally {
            FileTrees.delete(staging);
        }
    }

    private static RegisteredModel parseModel(JsonNode m) {
        Map<String, Integer> aliases = new TreeMap<>();
        for (JsonNode a : m.path("aliases")) {
            aliases.put(a.path("alias").asText(), Integer.parseInt(a.path("version").asText()));
        }
        Long created = MlflowRestClient.asLong(m.get("creation_timestamp"));
        Long updated = MlflowRestClient.asLong(m.get("last_updated_timestamp"));
        return new RegisteredModel(m.path("name").asText(), created == null ? 0 : created,
                updated == null ? 0 : updated, MlflowRestClient.text(m, "description"),
                MlflowRestClient.keyValues(m.get("tags")), aliases);
    }

    private static ModelVersion parseVersion(JsonNode v) {
        List<String> aliases = new ArrayList<>();
        v.path("aliases").forEach(a -> aliases.add(a.asText()));
        aliases.sort(Comparator.naturalOrder());
        Long created = MlflowRestClient.asLong(v.get("creation_timestamp"));
        Long updated = MlflowRestClient.asLong(v.get("last_updated_timestamp"));
        Stage stage = Stage.find(v.path("current_stage").asText("None"));
        return new ModelVersion(v.path("name").asText(), Integer.parseInt(v.path("version").asText()),
                created == null ? 0 : created, updated == null ? 0 : updated, MlflowRestClient.text(v, "description"),
                MlflowRestClient.text(v, "user_id"), stage == null ? Stage.NONE : stage,
                MlflowRestClient.text(v, "source"), MlflowRestClient.text(v, "run_id"),
                v.path("status").asText("READY"), MlflowRestClient.keyValues(v.get("tags")), aliases);
    }

    @Override
    public void close() {
        tracking.close();
    }
}
