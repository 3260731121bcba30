package dev.mlops.tracking;

/**
 * One entry of a run's artifact listing.
 *
 * @param path      the path relative to the run's artifact root, '/'-separated
 * @param directory whether it is a directory
 * @param size      the file size in bytes, or -1 for directories and unknown sizes
 */
public record ArtifactEntry(String path, boolean directory, long size) {
}
