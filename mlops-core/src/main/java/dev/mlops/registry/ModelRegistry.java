package dev.mlops.registry;

import dev.mlops.tracking.NotFoundException;
import dev.mlops.tracking.RestOptions;
import dev.mlops.tracking.TrackingStore;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Registered models, their versions, aliases and stages. Thread-safe; the local registry is also
 * safe for several processes at once.
 *
 * <pre>{@code
 * try (ModelRegistry registry = ModelRegistry.open("mlruns")) {
 *     ModelVersion v = registry.register("iris", Path.of("target/iris.bundle"), run.runId());
 *     registry.setAlias("iris", "champion", v.version());        // promote
 *     LoadedModel model = registry.load("models:/iris@champion"); // checksum verified
 *     registry.rollbackAlias("iris", "champion");                 // back to the previous champion
 * }
 * }</pre>
 */
public interface ModelRegistry extends AutoCloseable {

    /**
     * Opens a registry with the default {@link RestOptions}.
     *
     * @param location a directory path, a {@code file:} URI, or an {@code http(s)://} server URI
     * @return the registry
     * @throws IOException when a local directory cannot be created or read
     */
    static ModelRegistry open(String location) throws IOException {
        return open(location, RestOptions.defaults());
    }

    /**
     * Opens a registry: {@code http(s)://} selects an MLflow server, anything else the local
     * registry under an {@code mlruns} root (the same root as the tracking store).
     *
     * @param location a directory path, a {@code file:} URI, or an {@code http(s)://} server URI
     * @param options  how to talk to a server, and where to cache downloaded bundles
     * @return the registry
     * @throws IOException when a local directory cannot be created or read
     */
    static ModelRegistry open(String location, RestOptions options) throws IOException {
        String lower = location.toLowerCase(Locale.ROOT);
        if (lower.startsWith("http://") || lower.startsWith("https://")) {
            return new RestModelRegistry(URI.create(location), options);
        }
        return open(TrackingStore.localPath(location));
    }

    /**
     * Opens (creating when missing) the local registry under an {@code mlruns} root.
     *
     * @param root the store root
     * @return the registry
     * @throws IOException when the directory cannot be created or read
     */
    static ModelRegistry open(Path root) throws IOException {
        return new LocalModelRegistry(root);
    }

    /**
     * Where this registry is, as a URI string.
     *
     * @return {@code file:///...} or {@code http(s)://...}
     */
    String location();

    /**
     * Registers a bundle as the next version of a model (created when missing). The bundle is
     * copied (uploaded to the run's artifacts for a server) and its SHA-256 recorded; versions are
     * numbered 1, 2, 3... without gaps or duplicates under concurrent registration.
     *
     * @param name        the model name: no '/', '\', '%', '@', ':', quotes or control characters,
     *                    not starting with '.'
     * @param bundle      the bundle file or directory
     * @param sourceRunId the run that produced it; may be null for the local registry only
     * @param tags        extra version tags
     * @return the new version
     * @throws IllegalArgumentException for an invalid name or a missing bundle
     * @throws NotFoundException        when the source run does not exist
     * @throws IOException              when copying or writing fails
     */
    ModelVersion register(String name, Path bundle, String sourceRunId, Map<String, String> tags) throws IOException;

    /**
     * Registers a bundle without extra tags.
     *
     * @param name        the model name
     * @param bundle      the bundle file or directory
     * @param sourceRunId the run that produced it, or null (local registry only)
     * @return the new version
     * @throws IOException when copying or writing fails
     * @see #register(String, Path, String, Map)
     */
    default ModelVersion register(String name, Path bundle, String sourceRunId) throws IOException {
        return register(name, bundle, sourceRunId, Map.of());
    }

    /**
     * A registered model.
     *
     * @param name the name
     * @return the model
     * @throws NotFoundException when there is no such model (the message suggests near names)
     * @throws IOException       when the registry cannot be read
     */
    RegisteredModel getModel(String name) throws IOException;

    /**
     * All registered models.
     *
     * @return models sorted by name
     * @throws IOException when the registry cannot be read
     */
    List<RegisteredModel> listModels() throws IOException;

    /**
     * The versions of a model.
     *
     * @param name the model name
     * @return versions in ascending order
     * @throws NotFoundException when there is no such model
     * @throws IOException       when the registry cannot be read
     */
    List<ModelVersion> listVersions(String name) throws IOException;

    /**
     * One version of a model.
     *
     * @param name    the model name
     * @param version the version number
     * @return the version
     * @throws NotFoundException when the model or version does not exist (the message lists the
     *                           existing versions)
     * @throws IOException       when the registry cannot be read
     */
    ModelVersion getVersion(String name, int version) throws IOException;

    /**
     * Points an alias at a version (promote), remembering where it pointed before.
     *
     * @param name    the model name
     * @param alias   letters, digits, '_' or '-'; not "latest" nor like "v3"
     * @param version the version
     * @return the version the alias now points at
     * @throws NotFoundException when the model or version does not exist
     * @throws IOException       when the registry cannot be written
     */
    ModelVersion setAlias(String name, String alias, int version) throws IOException;

    /**
     * Removes an alias (demote), remembering where it pointed.
     *
     * @param name  the model name
     * @param alias the alias
     * @throws NotFoundException when the model or alias does not exist
     * @throws IOException       when the registry cannot be written
     */
    void deleteAlias(String name, String alias) throws IOException;

    /**
     * Moves an alias back to the version it pointed at before its last change; repeated calls
     * walk further back. The rollback itself is recorded in the history.
     *
     * @param name  the model name
     * @param alias the alias
     * @return the version the alias now points at
     * @throws IllegalStateException when the alias has no earlier version to return to
     * @throws IOException           when the registry cannot be written
     */
    ModelVersion rollbackAlias(String name, String alias) throws IOException;

    /**
     * The recorded changes of an alias, oldest first (the most recent ones when very long).
     *
     * @param name  the model name
     * @param alias the alias
     * @return the events
     * @throws IOException when the registry cannot be read
     */
    List<AliasEvent> aliasHistory(String name, String alias) throws IOException;

    /**
     * Moves a version to an MLflow stage.
     *
     * @param name            the model name
     * @param version         the version
     * @param stage           the new stage
     * @param archiveExisting move other versions in the same stage to Archived (only for Staging
     *                        and Production, as in MLflow)
     * @return the updated version
     * @throws IOException when the registry cannot be written
     */
    ModelVersion transitionStage(String name, int version, Stage stage, boolean archiveExisting) throws IOException;

    /**
     * Resolves a {@code models:/} URI to a version.
     *
     * @param modelUri e.g. {@code models:/iris/3}, {@code models:/iris@champion},
     *                 {@code models:/iris/Production}, {@code models:/iris/latest}
     * @return the version
     * @throws IllegalArgumentException when the URI is malformed
     * @throws NotFoundException        when nothing matches
     * @throws IOException              when the registry cannot be read
     */
    ModelVersion resolve(String modelUri) throws IOException;

    /**
     * Resolves a {@code models:/} URI and returns its bundle after verifying its SHA-256.
     *
     * @param modelUri the URI
     * @return the version and the local bundle path
     * @throws BundleChecksumException when the bundle changed since registration
     * @throws IOException             when it cannot be read or downloaded
     */
    LoadedModel load(String modelUri) throws IOException;

    /** Releases resources. */
    @Override
    void close();
}
