package dev.mlops.registry;

import java.nio.file.Path;

/**
 * A model version whose bundle was found and passed its checksum.
 *
 * @param version the version
 * @param bundle  the local bundle file or directory (inside the local registry, which must not be
 *                modified, or in the download cache of a remote one)
 */
public record LoadedModel(ModelVersion version, Path bundle) {
}
