package dev.mlops.maven.image;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link ImagePackager#build(ImageRequest)} produced.
 *
 * @param reference    the image's name, e.g. {@code localhost/iris:1.0}
 * @param digest       the manifest digest, {@code sha256:...}; equal for equal inputs
 * @param imageId      the configuration digest, {@code sha256:...}, which {@code podman images} shows
 * @param tarball      the tar file, for a tarball target
 * @param layers       the image's layers, base layers first; listed for a tarball target only
 *                     (a registry or daemon keeps them)
 * @param filteredJars dependency jars that lost other platforms' native libraries
 * @param buildTime    wall-clock time of the build
 */
public record ImageResult(String reference, String digest, String imageId, Optional<Path> tarball,
                          List<Layer> layers, List<NativeJarFilter.Result> filteredJars, Duration buildTime) {

    /** Copies the lists; checks for nulls. */
    public ImageResult {
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(imageId, "imageId");
        Objects.requireNonNull(tarball, "tarball");
        layers = List.copyOf(layers);
        filteredJars = List.copyOf(filteredJars);
        Objects.requireNonNull(buildTime, "buildTime");
    }

    /**
     * One layer of the image.
     *
     * @param name   {@code dependencies}, {@code application} or {@code bundle} for the layers the
     *               packager adds; the base image's history comment (often empty) for base layers
     * @param digest the digest of the compressed layer blob, {@code sha256:...}
     * @param diffId the digest of the uncompressed layer tar, {@code sha256:...}
     * @param size   the compressed size in bytes
     */
    public record Layer(String name, String digest, String diffId, long size) {
        /** Checks for nulls. */
        public Layer {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(digest, "digest");
            Objects.requireNonNull(diffId, "diffId");
        }
    }

    /**
     * @param name a layer name, e.g. {@code bundle}
     * @return the last layer with that name
     * @throws IllegalArgumentException when there is none, listing the layer names
     */
    public Layer layer(String name) {
        for (int i = layers.size() - 1; i >= 0; i--) {
            if (layers.get(i).name().equals(name)) {
                return layers.get(i);
            }
        }
        throw new IllegalArgumentException("image has no layer '" + name + "'; layers: "
                + layers.stream().map(Layer::name).toList());
    }
}
