package dev.mlops.maven.image;

import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/** Where a built image goes: a tarball file, a registry, or a local Docker daemon. */
public sealed interface ImageTarget {

    /** @return the image reference the image is named or pushed as, e.g. {@code localhost/iris:1.0} */
    String reference();

    /** @return which kind of target this is */
    Kind kind();

    /** The kinds of target, by the names the image goal's {@code target} parameter uses. */
    enum Kind {
        /** {@link Tarball}. */
        TARBALL,
        /** {@link Registry}. */
        REGISTRY,
        /** {@link DockerDaemon}. */
        DOCKER;

        /** @return {@code tarball}, {@code registry} or {@code docker} */
        public String specName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * A tarball on disk; needs no daemon and no network.
     *
     * @param file      the tar file to write
     * @param reference the name recorded in the tarball, used by {@code podman load}
     */
    record Tarball(Path file, String reference) implements ImageTarget {
        /** Checks the reference. */
        public Tarball {
            Objects.requireNonNull(file, "file");
            checkReference("tarball image name", reference);
        }

        @Override
        public Kind kind() {
            return Kind.TARBALL;
        }
    }

    /**
     * A registry push.
     *
     * @param reference     the image to push, e.g. {@code registry.example.com/team/iris:1.0}
     * @param credential    credentials for the registry, when it needs them
     * @param allowInsecure whether plain HTTP or an unverified certificate is acceptable (for a
     *                      registry on localhost); applies to the base image's registry as well
     */
    record Registry(String reference, Optional<RegistryCredential> credential, boolean allowInsecure)
            implements ImageTarget {
        /** Checks the reference. */
        public Registry {
            checkReference("registry image", reference);
            Objects.requireNonNull(credential, "credential");
        }

        @Override
        public Kind kind() {
            return Kind.REGISTRY;
        }
    }

    /**
     * A load into a Docker daemon through the {@code docker} command line client.
     *
     * @param reference         the image name in the daemon
     * @param dockerExecutable  the {@code docker} client to run; empty for the one on the PATH
     * @param dockerEnvironment extra environment for the client, e.g. {@code DOCKER_HOST}
     */
    record DockerDaemon(String reference, Optional<Path> dockerExecutable, Map<String, String> dockerEnvironment)
            implements ImageTarget {
        /** Checks the reference; copies the environment. */
        public DockerDaemon {
            checkReference("docker daemon image", reference);
            Objects.requireNonNull(dockerExecutable, "dockerExecutable");
            dockerEnvironment = Map.copyOf(new TreeMap<>(dockerEnvironment));
        }

        @Override
        public Kind kind() {
            return Kind.DOCKER;
        }
    }

    /**
     * @param file      the tar file to write
     * @param reference the name recorded in the tarball
     * @return a tarball target
     */
    static ImageTarget tarball(Path file, String reference) {
        return new Tarball(file, reference);
    }

    /**
     * @param reference     the image to push
     * @param credential    registry credentials, or {@code null} for none
     * @param allowInsecure whether plain HTTP is acceptable
     * @return a registry target
     */
    static ImageTarget registry(String reference, RegistryCredential credential, boolean allowInsecure) {
        return new Registry(reference, Optional.ofNullable(credential), allowInsecure);
    }

    /**
     * @param reference the image name in the daemon
     * @return a Docker daemon target using {@code docker} from the PATH
     */
    static ImageTarget dockerDaemon(String reference) {
        return new DockerDaemon(reference, Optional.empty(), Map.of());
    }

    private static void checkReference(String field, String reference) {
        Objects.requireNonNull(reference, field);
        try {
            ImageReference.parse(reference);
        } catch (InvalidImageReferenceException e) {
            throw new IllegalArgumentException(field + " '" + reference
                    + "' is not a valid image reference (expected [registry/]repository[:tag][@sha256:digest],"
                    + " lower-case repository)", e);
        }
    }
}
