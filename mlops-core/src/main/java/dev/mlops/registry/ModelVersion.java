package dev.mlops.registry;

import java.util.List;
import java.util.Map;

/**
 * One registered version of a model.
 *
 * @param name                 the registered model name
 * @param version              the version number, from 1
 * @param creationTimestamp    registration time in epoch milliseconds
 * @param lastUpdatedTimestamp last change (stage, tags) in epoch milliseconds
 * @param description          a description, or null
 * @param userId               who registered it, or null
 * @param stage                the MLflow stage
 * @param source               where the registered bundle is stored (a URI)
 * @param runId                the run that produced it, or null
 * @param status               MLflow's status, "READY" once registered
 * @param tags                 version tags, including {@value #SHA256_TAG}
 * @param aliases              the aliases pointing at this version
 */
public record ModelVersion(String name, int version, long creationTimestamp, long lastUpdatedTimestamp,
                           String description, String userId, Stage stage, String source, String runId,
                           String status, Map<String, String> tags, List<String> aliases) {

    /** Version tag holding the SHA-256 of the bundle (see {@link BundleDigest}). */
    public static final String SHA256_TAG = "mlops.bundle.sha256";
    /** Version tag holding the file or directory name of the bundle. */
    public static final String BUNDLE_NAME_TAG = "mlops.bundle.name";

    /**
     * Copies the collections.
     *
     * @param name the registered model name
     * @param version the version number, from 1
     * @param creationTimestamp registration time in epoch milliseconds
     * @param lastUpdatedTimestamp last change (stage, tags) in epoch milliseconds
     * @param description a description, or null
     * @param userId who registered it, or null
     * @param stage the MLflow stage
     * @param source where the registered bundle is stored (a URI)
     * @param runId the run that produced it, or null
     * @param status MLflow's status, "READY" once registered
     * @param tags version tags, including {@value #SHA256_TAG}
     * @param aliases the aliases pointing at this version
     */
    public ModelVersion {
        tags = Map.copyOf(tags);
        aliases = List.copyOf(aliases);
    }

    /**
     * The SHA-256 recorded at registration.
     *
     * @return the hex digest, or null for versions not registered by this library
     */
    public String bundleSha256() {
        return tags.get(SHA256_TAG);
    }

    /**
     * The URI of this version by number.
     *
     * @return {@code models:/<name>/<version>}
     */
    public String uri() {
        return "models:/" + name + "/" + version;
    }
}
