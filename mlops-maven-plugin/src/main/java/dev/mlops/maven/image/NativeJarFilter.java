package dev.mlops.maven.image;

import dev.mlops.util.AtomicFiles;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.commons.compress.archivers.zip.ZipFile;

/**
 * Removes native libraries for other platforms from a jar, so that an image for
 * {@code linux/amd64} does not carry, say, ONNX Runtime's macOS and Windows binaries (about 43 MB
 * of its 54 MB jar).
 *
 * <p>An entry is <em>platform-specific</em> when it is a native library by its extension
 * ({@code .so}, {@code .so.N}, {@code .dll}, {@code .dylib}, {@code .jnilib}, {@code .pdb}) or when
 * one of its directories is named after an operating system and an architecture (like
 * {@code osx-aarch64/} or {@code win32-x86-64/}). A platform-specific entry is dropped when it is a
 * Windows or macOS binary by extension, when its path names an operating system other than Linux,
 * or when its path names an architecture other than the target's; otherwise it is kept. Class files
 * and all other entries are always kept, so a package called {@code win32} survives.
 *
 * <p>The filtered jar is written deterministically: kept entries are copied in their original
 * order with their compressed bytes, times and metadata untouched, so the same input always gives
 * the same output bytes, independent of the JDK's zlib. An output file that already holds exactly
 * those bytes is not rewritten. When entries were removed from a signed
 * jar, the signature files are removed too, as the jar is no longer the signed artifact.
 */
public final class NativeJarFilter {

    private static final Pattern NATIVE_FILE =
            Pattern.compile("\\.(so(\\.\\d+)*|dll|dylib|jnilib|pdb)$");
    private static final Pattern NEVER_LINUX_FILE = Pattern.compile("\\.(dll|dylib|jnilib|pdb)$");
    private static final String B = "(?<![a-z0-9])";
    private static final String E = "(?![a-z0-9])";
    private static final Pattern OS = Pattern.compile(B
            + "(linux|osx|macos|mac|darwin|win|win32|win64|windows|freebsd|openbsd|netbsd|sunos|solaris|aix|android)"
            + E);
    // Order matters: the 64-bit spellings must win over their 32-bit prefixes (x86_64 before x86).
    private static final Pattern ARCH = Pattern.compile(B
            + "(x86[-_]64|amd64|x64|aarch[-_]?64|arm64|x86|i[3-6]86|ppc64le|ppc64|s390x|armv[5-8][a-z]*|armhf|armel|arm"
            + "|riscv64|loongarch64|mips64(el)?)" + E);
    private static final Pattern AMD64 = Pattern.compile("x86[-_]64|amd64|x64");
    private static final Pattern ARM64 = Pattern.compile("aarch[-_]?64|arm64");
    private static final Pattern SIGNATURE = Pattern.compile("META-INF/[^/]+\\.(SF|RSA|DSA|EC)");

    private NativeJarFilter() {
    }

    /**
     * What filtering one jar did.
     *
     * @param source         the jar that was read
     * @param output         the jar to put in the image: {@code source} itself when nothing was
     *                       removed, else the filtered copy
     * @param removedEntries names of the removed entries, in jar order
     * @param sourceSize     size of {@code source} in bytes
     * @param outputSize     size of {@code output} in bytes
     */
    public record Result(Path source, Path output, List<String> removedEntries, long sourceSize, long outputSize) {
        /** Copies the list; checks for nulls. */
        public Result {
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(output, "output");
            removedEntries = List.copyOf(removedEntries);
        }

        /** @return whether any entry was removed (and so {@code output} is a new file) */
        public boolean changed() {
            return !removedEntries.isEmpty();
        }

        /** @return bytes saved: {@code sourceSize - outputSize} */
        public long savedBytes() {
            return sourceSize - outputSize;
        }
    }

    /**
     * Decides whether a jar entry belongs in an image for {@code platform}.
     *
     * @param entryName the entry's name as stored in the jar, e.g. {@code ai/onnxruntime/native/osx-aarch64/libonnxruntime.dylib}
     * @param platform  the image's platform
     * @return {@code true} to keep the entry
     */
    public static boolean keeps(String entryName, ImagePlatform platform) {
        Objects.requireNonNull(platform, "platform");
        String name = entryName.toLowerCase(Locale.ROOT);
        if (name.endsWith(".class") || !isPlatformSpecific(name)) {
            return true;
        }
        if (NEVER_LINUX_FILE.matcher(name).find()) {
            return false;
        }
        Matcher os = OS.matcher(name);
        while (os.find()) {
            if (!os.group(1).equals(platform.os())) {
                return false;
            }
        }
        Matcher arch = ARCH.matcher(name);
        while (arch.find()) {
            if (!canonicalArchitecture(arch.group(1)).equals(platform.architecture())) {
                return false;
            }
        }
        return true;
    }

    private static boolean isPlatformSpecific(String name) {
        if (NATIVE_FILE.matcher(name).find()) {
            return true;
        }
        String[] segments = name.split("/");
        int directories = name.endsWith("/") ? segments.length : segments.length - 1;
        for (int i = 0; i < directories; i++) {
            if (OS.matcher(segments[i]).find() && ARCH.matcher(segments[i]).find()) {
                return true;
            }
        }
        return false;
    }

    private static void writeKept(ZipFile zip, List<ZipArchiveEntry> kept, OutputStream out) throws IOException {
        try (ZipArchiveOutputStream zipOut = new ZipArchiveOutputStream(unclosable(out))) {
            for (ZipArchiveEntry entry : kept) {
                try (InputStream raw = zip.getRawInputStream(entry)) {
                    zipOut.addRawArchiveEntry(entry, raw);
                }
            }
        }
    }

    private static byte[] digest(ZipFile zip, List<ZipArchiveEntry> kept) throws IOException {
        MessageDigest sha = ImageArchive.sha256();
        writeKept(zip, kept, new DigestOutputStream(OutputStream.nullOutputStream(), sha));
        return sha.digest();
    }

    private static byte[] digest(Path file) throws IOException {
        MessageDigest sha = ImageArchive.sha256();
        try (InputStream in = Files.newInputStream(file)) {
            in.transferTo(new DigestOutputStream(OutputStream.nullOutputStream(), sha));
        }
        return sha.digest();
    }

    /** AtomicFiles owns the stream it hands out: closing the zip stream must only flush it. */
    private static OutputStream unclosable(OutputStream out) {
        return new FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                out.flush();
            }
        };
    }

    private static String canonicalArchitecture(String token) {
        if (AMD64.matcher(token).matches()) {
            return "amd64";
        }
        if (ARM64.matcher(token).matches()) {
            return "arm64";
        }
        return token;
    }

    /**
     * Filters {@code jar} for {@code platform}. When nothing is removed, no file is written and the
     * result's output is the source jar itself.
     *
     * @param jar      the jar to read
     * @param output   where to write the filtered jar (written atomically, parents created)
     * @param platform the image's platform
     * @return what was removed and the sizes before and after
     * @throws IOException when the jar cannot be read or the output cannot be written
     */
    public static Result filter(Path jar, Path output, ImagePlatform platform) throws IOException {
        Objects.requireNonNull(output, "output");
        if (!Files.isRegularFile(jar)) {
            throw new IOException("jar not found: " + jar);
        }
        try (ZipFile zip = ZipFile.builder().setPath(jar).get()) {
            List<ZipArchiveEntry> kept = new ArrayList<>();
            List<String> removed = new ArrayList<>();
            List<ZipArchiveEntry> signatures = new ArrayList<>();
            for (ZipArchiveEntry entry : Collections.list(zip.getEntriesInPhysicalOrder())) {
                if (!keeps(entry.getName(), platform)) {
                    removed.add(entry.getName());
                } else if (SIGNATURE.matcher(entry.getName().toUpperCase(Locale.ROOT)).matches()) {
                    signatures.add(entry);
                } else {
                    kept.add(entry);
                }
            }
            long sourceSize = Files.size(jar);
            if (removed.isEmpty()) {
                return new Result(jar, jar, List.of(), sourceSize, sourceSize);
            }
            // The jar's content changed: a signature over the original would be a lie.
            signatures.forEach(s -> removed.add(s.getName()));
            // An up-to-date output is left alone, keeping its modification time, so that layer
            // caches keyed on file times (Jib's) stay valid across builds.
            if (!Files.isRegularFile(output) || !Arrays.equals(digest(zip, kept), digest(output))) {
                AtomicFiles.write(output, out -> writeKept(zip, kept, out));
            }
            return new Result(jar, output, removed, sourceSize, Files.size(output));
        } catch (IOException e) {
            throw new IOException("cannot filter native libraries of " + jar + ": " + e.getMessage(), e);
        }
    }
}
