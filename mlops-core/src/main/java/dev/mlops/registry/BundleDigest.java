package dev.mlops.registry;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The SHA-256 of a bundle. For a file it is the SHA-256 of its bytes (what {@code sha256sum}
 * prints). For a directory it is the SHA-256 of its manifest: one line
 * {@code <sha256 of file>  <relative path>\n} per regular file, '/'-separated paths sorted by code
 * point, in {@code sha256sum} format (so {@code sha256sum -c} checks it); empty directories do not
 * count. The per-file digests let a failed check name the files that changed.
 *
 * @param sha256    the hex digest of the bundle
 * @param directory whether the bundle is a directory
 * @param files     per-file digests, sorted by path (a file bundle has one, named by its file name)
 */
public record BundleDigest(String sha256, boolean directory, List<FileDigest> files) {

    /**
     * The digest of one file of a bundle.
     *
     * @param path   the path relative to the bundle directory, or the file name of a file bundle
     * @param sha256 its hex digest
     */
    public record FileDigest(String path, String sha256) {
    }

    /**
     * Copies the list.
     *
     * @param sha256 the hex digest of the bundle
     * @param directory whether the bundle is a directory
     * @param files per-file digests, sorted by path (a file bundle has one, named by its file name)
     */
    public BundleDigest {
        files = List.copyOf(files);
    }

    /**
     * Computes the digest of a bundle file or directory.
     *
     * @param bundle the file or directory
     * @return the digest
     * @throws IOException when the bundle cannot be read
     */
    public static BundleDigest of(Path bundle) throws IOException {
        if (!Files.exists(bundle)) {
            throw new java.nio.file.NoSuchFileException(bundle.toString(), null, "bundle does not exist");
        }
        if (!Files.isDirectory(bundle)) {
            String sha = sha256(bundle);
            return new BundleDigest(sha, false, List.of(new FileDigest(bundle.getFileName().toString(), sha)));
        }
        Map<String, Path> byPath = new TreeMap<>(BundleDigest::compareCodePoints);
        try (Stream<Path> walk = Files.walk(bundle)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                byPath.put(bundle.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/"), file);
            }
        }
        List<FileDigest> files = new ArrayList<>();
        for (Map.Entry<String, Path> e : byPath.entrySet()) {
            files.add(new FileDigest(e.getKey(), sha256(e.getValue())));
        }
        String manifest = manifest(files);
        return new BundleDigest(hex(newSha256().digest(manifest.getBytes(StandardCharsets.UTF_8))), true, files);
    }

    /**
     * The manifest in {@code sha256sum} format.
     *
     * @return one line per file
     */
    public String manifest() {
        return manifest(files);
    }

    private static String manifest(List<FileDigest> files) {
        StringBuilder sb = new StringBuilder();
        for (FileDigest f : files) {
            sb.append(f.sha256()).append("  ").append(f.path()).append('\n');
        }
        return sb.toString();
    }

    /**
     * Reads a manifest written by {@link #manifest()}.
     *
     * @param manifest  the text
     * @param directory whether it describes a directory bundle
     * @return the digest it describes
     * @throws IllegalArgumentException when a line is malformed
     */
    public static BundleDigest parseManifest(String manifest, boolean directory) {
        List<FileDigest> files = new ArrayList<>();
        int lineNo = 0;
        for (String line : manifest.split("\n")) {
            lineNo++;
            if (line.isEmpty()) {
                continue;
            }
            int sep = line.indexOf("  ");
            if (sep != 64 || !line.substring(0, 64).matches("[0-9a-f]{64}")) {
                throw new IllegalArgumentException("Malformed bundle manifest line " + lineNo + ": '" + line
                        + "'; expected '<64 hex digits>  <path>'");
            }
            files.add(new FileDigest(line.substring(66), line.substring(0, 64)));
        }
        String sha = directory ? hex(newSha256().digest(manifest(files).getBytes(StandardCharsets.UTF_8)))
                : files.size() == 1 ? files.get(0).sha256() : "";
        return new BundleDigest(sha, directory, files);
    }

    /**
     * What differs from an expected digest, file by file.
     *
     * @param expected the digest recorded at registration
     * @return lines like "changed: model/weights.bin", "missing: a.txt", "added: b.txt"; empty when
     *         the files match
     */
    public List<String> differencesFrom(BundleDigest expected) {
        Map<String, String> mine = new LinkedHashMap<>();
        files.forEach(f -> mine.put(f.path(), f.sha256()));
        Map<String, String> theirs = new LinkedHashMap<>();
        expected.files.forEach(f -> theirs.put(f.path(), f.sha256()));
        List<String> result = new ArrayList<>();
        theirs.forEach((path, sha) -> {
            String actual = mine.get(path);
            if (actual == null) {
                result.add("missing: " + path);
            } else if (!actual.equals(sha)) {
                result.add("changed: " + path);
            }
        });
        mine.keySet().stream().filter(p -> !theirs.containsKey(p)).forEach(p -> result.add("added: " + p));
        return result;
    }

    private static String sha256(Path file) throws IOException {
        MessageDigest md = newSha256();
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                md.update(buffer, 0, n);
            }
        }
        return hex(md.digest());
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-256", e);
        }
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    private static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}
