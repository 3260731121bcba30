package dev.mlops.maven.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.util.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * What the image goal built, recorded next to the model's other outputs ({@value #FILE_NAME}) so
 * that later goals (the Kubernetes manifests) name the same image, user and port without repeating
 * the image's configuration.
 *
 * @param model     the model's name
 * @param version   the model's version in the image
 * @param runId     the run id label, or empty
 * @param reference the image reference (the tarball's or daemon's name, or the pushed reference)
 * @param digest    the manifest digest, {@code sha256:...}
 * @param target    where it went
 * @param tarball   the tarball file (target {@code tarball}), or empty
 * @param user      the container's user, {@code uid[:gid]} or a name
 * @param port      the port the server listens on
 */
public record BuiltImage(String model, String version, Optional<String> runId, String reference, String digest,
                         ImageTarget.Kind target, Optional<Path> tarball, String user, int port) {

    /** The file name, in {@code target/mlops/<model>/}. */
    public static final String FILE_NAME = "image.json";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Checks that nothing is missing. */
    public BuiltImage {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(tarball, "tarball");
        Objects.requireNonNull(user, "user");
    }

    /**
     * The reference a cluster should pull: pinned to the digest for a pushed image (what the registry
     * serves under the tag may change), the plain name otherwise (a loaded tarball keeps its name,
     * but a push by another tool may give it another digest).
     *
     * @return e.g. {@code registry.example.com/team/iris:1.0.0@sha256:...} or {@code iris:1.0.0}
     */
    public String pullReference() {
        return target == ImageTarget.Kind.REGISTRY && !reference.contains("@") ? reference + "@" + digest : reference;
    }

    /**
     * Writes this record as JSON, atomically.
     *
     * @param file the file, normally {@code target/mlops/<model>/image.json}
     * @throws IOException when it cannot be written
     */
    public void write(Path file) throws IOException {
        ObjectNode node = JSON.createObjectNode();
        node.put("model", model);
        node.put("version", version);
        runId.ifPresent(r -> node.put("runId", r));
        node.put("reference", reference);
        node.put("digest", digest);
        node.put("target", target.specName());
        tarball.ifPresent(t -> node.put("tarball", t.toAbsolutePath().toString()));
        node.put("user", user);
        node.put("port", port);
        AtomicFiles.write(file, JSON.writeValueAsBytes(node));
    }

    /**
     * Reads a record written by {@link #write}.
     *
     * @param file the file
     * @return the record, or empty when the file does not exist
     * @throws IOException when it cannot be read or is not such a record (the message names the file)
     */
    public static Optional<BuiltImage> read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        JsonNode node = JSON.readTree(file.toFile());
        try {
            return Optional.of(new BuiltImage(text(node, "model"), text(node, "version"),
                    Optional.ofNullable(node.path("runId").textValue()), text(node, "reference"), text(node, "digest"),
                    ImageTarget.Kind.valueOf(text(node, "target").toUpperCase(java.util.Locale.ROOT)), Optional.ofNullable(node.path("tarball").textValue()).map(Path::of),
                    text(node, "user"), node.path("port").asInt(ImageRequest.DEFAULT_PORT)));
        } catch (NullPointerException | IllegalArgumentException e) {
            throw new IOException(file + " is not an image record written by mlops:image (" + e.getMessage()
                    + "); delete it and run mlops:image again");
        }
    }

    private static String text(JsonNode node, String field) {
        return Objects.requireNonNull(node.path(field).textValue(), field);
    }
}
