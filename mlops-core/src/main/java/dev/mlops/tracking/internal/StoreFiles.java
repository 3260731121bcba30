package dev.mlops.tracking.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.mlops.util.AtomicFiles;
import dev.mlops.util.FileTrees;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * File conventions of MLflow's {@code mlruns} layout and the rules that keep it readable while
 * several processes write and after any of them is killed:
 * <ul>
 *   <li>{@code meta.yaml} files are replaced atomically (temporary file + rename).</li>
 *   <li>Files inside folders that MLflow reads as key/value sets ({@code params/}, {@code tags/},
 *       {@code aliases/}) are first written completely next to the folder under a dot-name and
 *       then renamed into it, so no temporary file ever appears inside the folder.</li>
 *   <li>Directories that MLflow expects to be complete (experiment, run, registered model, model
 *       version) are built in a staging directory and renamed into place. Staging lives in
 *       {@code <root>/.trash/mlops-staging-<uuid>/payload}: MLflow validates every other folder of
 *       the root as an experiment id (a dot-folder there breaks its experiment listing), and only
 *       reads {@code .trash} for deleted experiments, where a folder without {@code meta.yaml} is
 *       skipped as malformed.</li>
 * </ul>
 */
public final class StoreFiles {

    private static final Logger LOG = LoggerFactory.getLogger(StoreFiles.class);

    /** Prefix of staging directories under {@code <root>/.trash}. */
    public static final String STAGING_PREFIX = "mlops-staging-";

    /** Prefix of staged small files, next to the folder they go to (MLflow never reads those files). */
    public static final String STAGED_FILE_PREFIX = ".stage-";

    /** MLflow's folder of deleted experiments, which also holds staging directories. */
    public static final String TRASH = ".trash";

    /** Staging leftovers older than this belong to a killed writer and may be removed. */
    public static final Duration STALE_STAGING_AGE = Duration.ofHours(1);

    /** Longest key MLflow accepts for params, metrics and tags. */
    public static final int MAX_KEY_LENGTH = 250;

    private static final Pattern KEY_CHARS = Pattern.compile("[/\\w.\\- ]+", Pattern.UNICODE_CHARACTER_CLASS);

    private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .disable(YAMLGenerator.Feature.MINIMIZE_QUOTES) // quote every string, as the guide asks
            .disable(YAMLGenerator.Feature.SPLIT_LINES)
            .build());

    private StoreFiles() {
    }

    /**
     * Reads a YAML mapping.
     *
     * @param file the YAML file
     * @return its top-level mapping
     * @throws IOException when the file is missing, unreadable, not YAML or not a mapping; the
     *                     message names the file
     */
    public static YamlFields readYaml(Path file) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(file.toString(), null, "missing " + file.getFileName());
        }
        if (new String(bytes, StandardCharsets.UTF_8).isBlank()) {
            throw new IOException("Corrupted " + file + ": the file is empty");
        }
        Map<String, Object> map;
        try {
            map = YAML.readValue(bytes, new TypeReference<Map<String, Object>>() { });
        } catch (JsonProcessingException e) {
            throw new IOException("Corrupted " + file + ": not a YAML mapping (" + e.getOriginalMessage() + ")", e);
        }
        if (map == null) {
            throw new IOException("Corrupted " + file + ": the file is empty");
        }
        return new YamlFields(file, map);
    }

    /**
     * Atomically writes a YAML mapping with keys sorted, as MLflow's {@code yaml.safe_dump} does.
     *
     * @param file   the target file
     * @param fields the mapping; values are strings, numbers, null, lists or maps
     * @throws IOException when the file cannot be written
     */
    public static void writeYaml(Path file, Map<String, ?> fields) throws IOException {
        byte[] bytes = YAML.writeValueAsBytes(new TreeMap<>(fields));
        AtomicFiles.write(file, bytes);
    }

    /**
     * Writes {@code content} to {@code target} so that the folder holding {@code target} never
     * contains a partial or temporary file: the complete file is written (atomically) under a
     * dot-name in {@code stagingDir}, which must be on the same file system, then renamed.
     *
     * @param target     the file to create or replace
     * @param content    its complete content, written as UTF-8 without a trailing newline
     * @param stagingDir a directory outside the target's folder, on the same file system
     * @throws IOException when writing or renaming fails
     */
    public static void writeSmallFile(Path target, String content, Path stagingDir) throws IOException {
        writeSmallFile(target, content.getBytes(StandardCharsets.UTF_8), stagingDir);
    }

    /**
     * Byte variant of {@link #writeSmallFile(Path, String, Path)}.
     *
     * @param target     the file to create or replace
     * @param content    its complete content
     * @param stagingDir a directory outside the target's folder, on the same file system
     * @throws IOException when writing or renaming fails
     */
    public static void writeSmallFile(Path target, byte[] content, Path stagingDir) throws IOException {
        Path staged = stagingDir.resolve(STAGED_FILE_PREFIX + UUID.randomUUID());
        try {
            AtomicFiles.write(staged, content);
            Files.createDirectories(target.getParent());
            move(staged, target, true);
        } finally {
            Files.deleteIfExists(staged);
        }
    }

    /**
     * Creates a fresh, empty staging directory for a store root.
     *
     * @param root the store root (same file system as every publish target)
     * @return the directory to fill, then {@link #publish} and finally {@link #discard}
     * @throws IOException when it cannot be created
     */
    public static Path newStagingDir(Path root) throws IOException {
        return Files.createDirectories(root.resolve(TRASH).resolve(STAGING_PREFIX + UUID.randomUUID())
                .resolve("payload"));
    }

    /**
     * Atomically renames a complete staged directory to {@code target}, which must not exist.
     *
     * @param staged the staged directory
     * @param target the final location
     * @throws java.nio.file.FileAlreadyExistsException when {@code target} exists
     * @throws IOException                              when the rename fails
     */
    public static void publish(Path staged, Path target) throws IOException {
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new java.nio.file.FileAlreadyExistsException(target.toString());
        }
        move(staged, target, false);
    }

    /**
     * Removes what is left of a staging directory: all of it when it was not published, the
     * empty wrapper when it was.
     *
     * @param staged a directory from {@link #newStagingDir}
     * @throws IOException when deletion fails
     */
    public static void discard(Path staged) throws IOException {
        FileTrees.delete(staged.getParent());
    }

    private static void move(Path from, Path to, boolean replace) throws IOException {
        try {
            if (replace) {
                Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } else {
                Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("The file system of " + to + " cannot rename atomically; the store needs a local"
                    + " POSIX or NTFS file system", e);
        }
    }

    /**
     * Removes staging directories of a store older than {@link #STALE_STAGING_AGE}: what a killed
     * writer left behind. Failures are logged, not thrown: cleaning is best effort.
     *
     * @param root the store root
     */
    public static void sweepStaleStaging(Path root) {
        Instant limit = Instant.now().minus(STALE_STAGING_AGE);
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(root.resolve(TRASH), STAGING_PREFIX + "*")) {
            for (Path entry : entries) {
                FileTime modified = Files.getLastModifiedTime(entry, LinkOption.NOFOLLOW_LINKS);
                if (modified.toInstant().isBefore(limit)) {
                    LOG.info("Removing staging leftover of an interrupted write: {}", entry);
                    FileTrees.delete(entry);
                }
            }
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("Could not sweep staging leftovers in {}: {}", root.resolve(TRASH), e.toString());
        }
    }

    /**
     * Reads every file under {@code dir} as key (path relative to {@code dir}, '/'-separated) to
     * content, as MLflow reads {@code params/}, {@code tags/} and {@code aliases/}.
     *
     * @param dir the folder; a missing folder yields an empty map
     * @return the entries sorted by key
     * @throws IOException when a file cannot be read
     */
    public static Map<String, String> readKeyFiles(Path dir) throws IOException {
        Map<String, String> result = new TreeMap<>();
        if (!Files.isDirectory(dir)) {
            return result;
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(Files::isRegularFile).toList();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        for (Path file : files) {
            String key = dir.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
            try {
                result.put(key, Files.readString(file, StandardCharsets.UTF_8));
            } catch (NoSuchFileException e) {
                // removed concurrently (a deleted tag or alias): not part of the snapshot
            }
        }
        return result;
    }

    /**
     * Checks a param, metric or tag key against MLflow's rules: 1 to 250 characters among
     * letters, digits, {@code _ - . / space}, and a normalized relative path (keys are file names).
     *
     * @param kind what the key names, for the message ("param", "metric", "tag")
     * @param key  the key
     * @return the key
     * @throws IllegalArgumentException naming the key and the rule it breaks
     */
    public static String validateKey(String kind, String key) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException(kind + " key must not be empty");
        }
        if (key.length() > MAX_KEY_LENGTH) {
            throw new IllegalArgumentException(kind + " key '" + key.substring(0, 50) + "...' has " + key.length()
                    + " characters; at most " + MAX_KEY_LENGTH + " are allowed");
        }
        if (!KEY_CHARS.matcher(key).matches()) {
            throw new IllegalArgumentException("Invalid " + kind + " key '" + key + "': keys may only contain letters,"
                    + " digits, underscores (_), dashes (-), periods (.), spaces ( ) and slashes (/)");
        }
        checkNormalized(kind + " key", key);
        return key;
    }

    /**
     * Checks a relative artifact path: '/'-separated, no empty, "." or ".." segments, not absolute.
     *
     * @param kind what the path names, for the message
     * @param path the path; null or empty means the root and is returned as ""
     * @return the path, or "" for the root
     * @throws IllegalArgumentException naming the path
     */
    public static String validateRelativePath(String kind, String path) {
        if (path == null || path.isEmpty()) {
            return "";
        }
        if (path.indexOf('\\') >= 0 || path.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("Invalid " + kind + " '" + path + "': use '/' as separator");
        }
        checkNormalized(kind, path);
        return path;
    }

    private static void checkNormalized(String kind, String path) {
        if (path.startsWith("/") || path.endsWith("/")) {
            throw new IllegalArgumentException("Invalid " + kind + " '" + path
                    + "': must be a relative path without leading or trailing '/'");
        }
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw new IllegalArgumentException("Invalid " + kind + " '" + path
                        + "': empty, '.' and '..' path segments are not allowed");
            }
        }
    }

    /**
     * The {@code file://} URI of a local path, without a trailing slash, as MLflow writes it.
     *
     * @param path a path
     * @return the absolute file URI
     */
    public static String fileUri(Path path) {
        String uri = path.toAbsolutePath().normalize().toUri().toString();
        if (uri.startsWith("file:/") && !uri.startsWith("file:///")) {
            uri = "file:///" + uri.substring("file:/".length());
        }
        return uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
    }

    /**
     * Copies a file or a directory tree; every file is written atomically.
     *
     * @param source a file or directory
     * @param target the destination path (the copy of {@code source} itself, not its parent)
     * @throws IOException when reading or writing fails
     */
    public static void copyTree(Path source, Path target) throws IOException {
        if (Files.isDirectory(source)) {
            List<Path> entries;
            try (Stream<Path> walk = Files.walk(source)) {
                entries = walk.sorted().toList();
            }
            for (Path entry : entries) {
                Path dest = target.resolve(source.relativize(entry).toString());
                if (Files.isDirectory(entry)) {
                    Files.createDirectories(dest);
                } else {
                    copyFile(entry, dest);
                }
            }
        } else {
            copyFile(source, target);
        }
    }

    private static void copyFile(Path source, Path dest) throws IOException {
        AtomicFiles.write(dest, out -> {
            try (InputStream in = Files.newInputStream(source)) {
                in.transferTo(out);
            }
        });
    }
}
