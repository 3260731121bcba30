package dev.mlops.model;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What the caller records about a bundle being made. Only these values and the build's inputs go
 * into the bundle, so the same spec, data and metadata give a byte-identical bundle.
 *
 * @param version   the model version, e.g. the project version {@code 1.2.0}
 * @param created   the creation time recorded in the bundle: pass the build's fixed
 *                  {@code project.build.outputTimestamp} for reproducible bundles
 * @param gitCommit the source commit, or {@code null} when unknown
 */
public record BundleMetadata(String version, Instant created, String gitCommit) {

    private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]{0,127}");
    private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{40}([0-9a-f]{24})?");

    /** Validates the version and commit. */
    public BundleMetadata {
        if (version == null || !VERSION.matcher(version).matches()) {
            throw new IllegalArgumentException("bundle version must be 1 to 128 letters, digits, '.', '_', '+' or '-'"
                    + " starting with a letter or digit, was " + (version == null ? "missing" : "'" + version + "'"));
        }
        Objects.requireNonNull(created, "created");
        if (gitCommit != null && !COMMIT.matcher(gitCommit).matches()) {
            throw new IllegalArgumentException("gitCommit must be a full lower-case hex commit id, was '" + gitCommit + "'");
        }
    }

    /**
     * @param version the model version
     * @param created the recorded creation time
     * @return metadata without a commit
     */
    public static BundleMetadata of(String version, Instant created) {
        return new BundleMetadata(version, created, null);
    }

    /**
     * @param dir a folder inside a git work tree, e.g. the project's base directory
     * @return this metadata with the commit checked out there, unchanged when there is none
     */
    public BundleMetadata withGitCommitFrom(Path dir) {
        String commit = dev.mlops.tracking.StandardTags.git(dir).get(dev.mlops.tracking.StandardTags.GIT_COMMIT);
        return commit == null ? this : new BundleMetadata(version, created, commit);
    }
}
