package dev.mlops.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The table of contents of a bundle, stored as {@value #FILE}: the format and its version, the
 * model's name and version, and the size and sha256 of every other file. Loading checks all of it
 * before reading anything else. The manifest seals itself: {@code sha256} is the digest of the
 * manifest as written without that field, so an altered manifest is told apart from an altered file.
 *
 * @param format        always {@value #FORMAT}
 * @param formatVersion the bundle format version; this library reads {@value #FORMAT_VERSION}
 * @param name          the model name
 * @param version       the model version
 * @param onnx          whether {@code model.onnx} is included, and if not, why
 * @param files         every other file of the bundle by name, sorted
 * @param sha256        the digest of this manifest written without this field, or {@code null} before sealing
 */
@JsonPropertyOrder({"format", "format_version", "name", "version", "onnx", "files", "sha256"})
@com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
public record BundleManifest(
        @JsonProperty("format") String format,
        @JsonProperty("format_version") int formatVersion,
        @JsonProperty("name") String name,
        @JsonProperty("version") String version,
        @JsonProperty("onnx") Onnx onnx,
        @JsonProperty("files") Map<String, FileEntry> files,
        @JsonProperty("sha256") String sha256) {

    /** The manifest's file name. */
    public static final String FILE = "manifest.json";
    /** The value of {@code format}. */
    public static final String FORMAT = "mlbundle";
    /** The format version this library writes and reads. */
    public static final int FORMAT_VERSION = 1;

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    /** Sorts and copies the file table. */
    @JsonCreator
    public BundleManifest {
        files = Collections.unmodifiableMap(new TreeMap<>(files == null ? Map.of() : files));
        if (onnx == null || onnx.available() != files.containsKey("model.onnx")) {
            throw new IllegalArgumentException("manifest onnx.available must say whether model.onnx is listed");
        }
    }

    /**
     * Whether the bundle has an ONNX model.
     *
     * @param available whether {@code model.onnx} is included
     * @param source    {@code tribuo-export} or {@code external} when available
     * @param reason    why it is not, when not (e.g. Tribuo has no ONNX export for trees)
     */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"available", "source", "reason"})
    public record Onnx(
            @JsonProperty("available") boolean available,
            @JsonProperty("source") String source,
            @JsonProperty("reason") String reason) {
    }

    /**
     * @param name    the model name
     * @param version the model version
     * @param onnx    whether model.onnx is included
     * @param files   every other file of the bundle
     * @return a sealed manifest of the current format version
     */
    public static BundleManifest of(String name, String version, Onnx onnx, Map<String, FileEntry> files) {
        BundleManifest unsealed = new BundleManifest(FORMAT, FORMAT_VERSION, name, version, onnx, files, null);
        return new BundleManifest(FORMAT, FORMAT_VERSION, name, version, onnx, files, unsealed.seal());
    }

    /** @return the digest this manifest should carry: of its bytes without {@code sha256} */
    String seal() {
        return sha256(BundleJson.write(new BundleManifest(format, formatVersion, name, version, onnx, files, null)));
    }

    /**
     * The size and digest of one file.
     *
     * @param size   its length in bytes
     * @param sha256 the lower-case hex sha256 of its bytes
     */
    @JsonPropertyOrder({"size", "sha256"})
    public record FileEntry(@JsonProperty("size") long size, @JsonProperty("sha256") String sha256) {

        /** Checks the digest's form. */
        public FileEntry {
            if (size < 0 || sha256 == null || !SHA256.matcher(sha256).matches()) {
                throw new IllegalArgumentException("a file entry needs a size >= 0 and 64 lower-case hex digits of"
                        + " sha256, got size " + size + ", sha256 " + sha256);
            }
        }

        /**
         * @param content a file's bytes
         * @return its entry
         */
        public static FileEntry of(byte[] content) {
            return new FileEntry(content.length, BundleManifest.sha256(content));
        }
    }

    /**
     * @param content bytes
     * @return their sha256 as lower-case hex
     */
    public static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
