package dev.mlops.maven.image;

/** The manifest and configuration format of the built image. */
public enum ManifestFormat {
    /**
     * Docker image manifest v2 schema 2; a tarball is a docker-archive that {@code docker load} and
     * {@code podman load} read and that can serve as a {@code tar://} base image. The default.
     */
    DOCKER,
    /** OCI image manifest; a tarball is an OCI image layout ({@code oci-layout}, {@code index.json}, {@code blobs/}). */
    OCI
}
