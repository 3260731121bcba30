package dev.mlops.maven.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Reads an image tarball as Jib writes it: a docker-archive ({@code manifest.json},
 * {@code config.json}, one file per layer) or an OCI image layout ({@code index.json},
 * {@code blobs/sha256/...}). Used to report layers after a build, and by tests to look inside.
 */
final class ImageArchive {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Entries up to this size are kept in memory: manifests and configurations, never layers. */
    private static final long SMALL = 4L << 20;

    private final Path file;
    private final ManifestFormat format;
    private final JsonNode config;
    private final List<String> repoTags;
    private final List<String> layerFiles;
    private final List<ImageResult.Layer> layers;

    private ImageArchive(Path file, ManifestFormat format, JsonNode config, List<String> repoTags,
                         List<String> layerFiles, List<ImageResult.Layer> layers) {
        this.file = file;
        this.format = format;
        this.config = config;
        this.repoTags = repoTags;
        this.layerFiles = layerFiles;
        this.layers = layers;
    }

    /** One file, directory or link inside a layer; {@code link} is a symbolic link's target, else empty. */
    record Entry(String name, int mode, long uid, long gid, long size, long modifiedEpochSeconds,
                 boolean directory, byte[] content, String link) {
    }

    static ImageArchive read(Path tar) throws IOException {
        Map<String, byte[]> small = new HashMap<>();
        Map<String, String> digests = new HashMap<>();
        Map<String, Long> sizes = new HashMap<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new BufferedInputStream(Files.newInputStream(tar)))) {
            TarArchiveEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                if (!entry.isFile()) {
                    continue;
                }
                MessageDigest sha = sha256();
                if (entry.getSize() <= SMALL) {
                    byte[] bytes = in.readAllBytes();
                    small.put(entry.getName(), bytes);
                    sha.update(bytes);
                } else {
                    in.transferTo(new DigestOutputStream(OutputStream.nullOutputStream(), sha));
                }
                digests.put(entry.getName(), "sha256:" + HexFormat.of().formatHex(sha.digest()));
                sizes.put(entry.getName(), entry.getSize());
            }
        }
        try {
            if (small.containsKey("manifest.json")) {
                JsonNode manifest = JSON.readTree(small.get("manifest.json")).get(0);
                JsonNode config = JSON.readTree(required(small, manifest.get("Config").asText(), tar));
                List<String> files = new ArrayList<>();
                manifest.get("Layers").forEach(n -> files.add(n.asText()));
                List<String> tags = new ArrayList<>();
                manifest.path("RepoTags").forEach(n -> tags.add(n.asText()));
                return new ImageArchive(tar, ManifestFormat.DOCKER, config, tags, files,
                        layers(config, files, digests, sizes));
            }
            if (small.containsKey("index.json")) {
                JsonNode index = JSON.readTree(small.get("index.json")).get("manifests").get(0);
                JsonNode manifest = JSON.readTree(required(small, blob(index.get("digest").asText()), tar));
                JsonNode config = JSON.readTree(required(small, blob(manifest.get("config").get("digest").asText()), tar));
                List<String> files = new ArrayList<>();
                manifest.get("layers").forEach(n -> files.add(blob(n.get("digest").asText())));
                String name = index.path("annotations").path("org.opencontainers.image.ref.name").asText("");
                return new ImageArchive(tar, ManifestFormat.OCI, config, name.isEmpty() ? List.of() : List.of(name),
                        files, layers(config, files, digests, sizes));
            }
        } catch (RuntimeException e) {
            throw new IOException("image tarball " + tar + " has a malformed manifest or configuration: " + e, e);
        }
        throw new IOException("image tarball " + tar + " holds neither manifest.json (docker-archive) nor index.json (OCI layout)");
    }

    private static List<ImageResult.Layer> layers(JsonNode config, List<String> files, Map<String, String> digests,
                                                  Map<String, Long> sizes) throws IOException {
        List<String> names = new ArrayList<>();
        for (JsonNode history : config.path("history")) {
            if (!history.path("empty_layer").asBoolean(false)) {
                names.add(history.path("comment").asText(""));
            }
        }
        JsonNode diffIds = config.get("rootfs").get("diff_ids");
        if (diffIds.size() != files.size()) {
            throw new IOException("image has " + files.size() + " layers but its configuration lists "
                    + diffIds.size() + " diff_ids");
        }
        List<ImageResult.Layer> layers = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            String name = i < names.size() ? names.get(i) : "";
            String file = files.get(i);
            if (!digests.containsKey(file)) {
                throw new IOException("layer file " + file + " named by the manifest is missing");
            }
            layers.add(new ImageResult.Layer(name, digests.get(file), diffIds.get(i).asText(), sizes.get(file)));
        }
        return layers;
    }

    private static String blob(String digest) {
        return "blobs/" + digest.replace(':', '/');
    }

    private static byte[] required(Map<String, byte[]> small, String name, Path tar) throws IOException {
        byte[] bytes = small.get(name);
        if (bytes == null) {
            throw new IOException("image tarball " + tar + " lacks " + name);
        }
        return bytes;
    }

    /** A new SHA-256 digest, for digests and diff ids of image parts. */
    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    ManifestFormat format() {
        return format;
    }

    /** @return the image configuration JSON ({@code config.Entrypoint}, {@code config.Labels}, ...) */
    JsonNode config() {
        return config;
    }

    List<String> repoTags() {
        return repoTags;
    }

    List<ImageResult.Layer> layers() {
        return layers;
    }

    /**
     * Lists a layer's entries in stored order; file contents up to 64 KiB are included.
     *
     * @param index the layer's position, 0 for the first base layer
     */
    List<Entry> entries(int index) throws IOException {
        String wanted = layerFiles.get(index);
        try (TarArchiveInputStream outer = new TarArchiveInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            TarArchiveEntry entry;
            while ((entry = outer.getNextEntry()) != null) {
                if (entry.getName().equals(wanted)) {
                    return layerEntries(outer);
                }
            }
        }
        throw new IOException("layer " + wanted + " not found in " + file);
    }

    private static List<Entry> layerEntries(InputStream layer) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(layer);
        buffered.mark(2);
        boolean gzip = buffered.read() == 0x1f && buffered.read() == 0x8b;
        buffered.reset();
        InputStream plain = gzip ? new GzipCompressorInputStream(buffered) : buffered;
        List<Entry> entries = new ArrayList<>();
        TarArchiveInputStream in = new TarArchiveInputStream(plain);
        TarArchiveEntry entry;
        while ((entry = in.getNextEntry()) != null) {
            byte[] content = entry.isFile() && entry.getSize() <= 65536 ? in.readAllBytes() : null;
            entries.add(new Entry(entry.getName(), entry.getMode() & 07777, entry.getLongUserId(),
                    entry.getLongGroupId(), entry.getSize(), entry.getModTime().toInstant().getEpochSecond(),
                    entry.isDirectory(), content, entry.isSymbolicLink() ? entry.getLinkName() : ""));
        }
        return entries;
    }
}
