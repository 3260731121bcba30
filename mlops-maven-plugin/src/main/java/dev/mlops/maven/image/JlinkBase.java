package dev.mlops.maven.image;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.util.AtomicFiles;
import dev.mlops.util.FileTrees;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@value ImageRequest#JLINK_BASE} base image: built {@code FROM scratch} on the build machine,
 * with no registry, no Docker and no root. Two layers:
 * <ol>
 *   <li>{@code system}: the C libraries the runtime and the jars' native libraries need, copied
 *       from this machine (resolved from their ELF headers like the dynamic loader does, see
 *       {@link SystemLibraries}), the loader at its {@code PT_INTERP} path, {@code /tmp} (mode
 *       1777; ONNX Runtime unpacks its library into {@code java.io.tmpdir}), {@code /etc/passwd}
 *       and {@code /etc/group} naming root and the image's user, and {@code /etc/machine-id}
 *       (ONNX Runtime needs one);</li>
 *   <li>{@code runtime}: {@code jlink} of the JDK running the build ({@code java.home}) with
 *       {@link #MODULES} at {@value #JAVA_HOME}; it carries the JDK's own CA certificates
 *       ({@code lib/security/cacerts}).</li>
 * </ol>
 * The base is written as a docker-archive and handed to Jib as a {@code tar://} base. Both the
 * linked runtime and the archive are cached under the cache directory, keyed by what they are made
 * from, so a warm build neither links (about 20 s) nor compresses again; every entry has a fixed
 * time, owner and mode, so the same machine gives the same digest.
 */
public final class JlinkBase {

    /**
     * The modules the model server needs. Found with {@code jdeps --print-module-deps
     * --ignore-missing-deps --multi-release 17} over each jar of {@code mlops-serving}'s runtime
     * class path (Tribuo 4.3.2, ONNX Runtime 1.29.0, Jackson 2.21, SLF4J 2.0); its union adds
     * {@code java.desktop} and {@code java.scripting}, reached only through training-time helpers
     * (opencsv, commons-beanutils, commons-text, snakeyaml's bean introspection) and left out.
     * Added by hand, since jdeps cannot see services and reflection: {@code jdk.crypto.ec} (TLS
     * with EC keys), {@code jdk.management} (the container-aware {@code OperatingSystemMXBean}),
     * {@code java.naming} (JNDI/DNS). The podman tests serve a Tribuo and an ONNX model on it.
     */
    public static final List<String> MODULES = List.of("java.base", "java.logging", "java.management",
            "java.naming", "java.net.http", "java.sql", "java.xml", "jdk.crypto.ec", "jdk.httpserver",
            "jdk.management", "jdk.unsupported");
    /** Where the linked runtime lives in the image (Temurin's place). */
    public static final String JAVA_HOME = "/opt/java/openjdk";
    /** jlink options: a runtime image without debug symbols, manuals or headers, zip-compressed. */
    static final List<String> JLINK_OPTIONS = List.of("--strip-debug", "--no-man-pages", "--no-header-files",
            "--compress=2");
    /** Bump when the layout of the base changes, so that cached archives are not reused. */
    private static final int LAYOUT = 2;
    /** Jib's fixed file time (1970-01-01T00:00:01Z), for the same look as the layers Jib writes. */
    private static final long FILE_TIME_MILLIS = 1000;

    private static final Logger LOG = LoggerFactory.getLogger(JlinkBase.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private JlinkBase() {
    }

    /**
     * The platform of the machine running the build, which is the only one this base can be built for.
     *
     * @return the platform, or empty when this is not Linux on x86-64 or AArch64
     */
    static Optional<ImagePlatform> hostPlatform() {
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux")) {
            return Optional.empty();
        }
        return switch (System.getProperty("os.arch", "")) {
            case "amd64", "x86_64" -> Optional.of(ImagePlatform.LINUX_AMD64);
            case "aarch64", "arm64" -> Optional.of(ImagePlatform.LINUX_ARM64);
            default -> Optional.empty();
        };
    }

    /**
     * The cache used when a request names none: {@code $XDG_CACHE_HOME/mlops/jlink}, else
     * {@code ~/.cache/mlops/jlink}, so that {@code mvn clean} does not force a relink.
     */
    static Path defaultCacheDirectory() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path root = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return root.resolve("mlops").resolve("jlink");
    }

    /**
     * Makes (or finds in the cache) the base image archive for a request.
     *
     * @param request        the request; its platform must be this machine's and its user numeric
     * @param dependencyJars the jars going into the image, as packaged (natives already filtered):
     *                       their native libraries' C dependencies join the system layer
     * @param cache          where linked runtimes and base archives are kept
     * @return the docker-archive, for {@code tar://}
     * @throws IOException when the JDK cannot be linked (no {@code jmods}, no {@code jlink}) or a
     *                     needed C library is missing; the message says what to do
     */
    static Path prepare(ImageRequest request, List<Path> dependencyJars, Path cache) throws IOException {
        int machine = request.platform() == ImagePlatform.LINUX_ARM64 ? ElfFile.EM_AARCH64 : ElfFile.EM_X86_64;
        Path javaHome = Path.of(System.getProperty("java.home"));
        Path runtime = linkedRuntime(javaHome, cache);

        List<ElfFile> inputs = new ArrayList<>();
        Set<String> provided = new TreeSet<>();
        List<Path> runtimeFiles = regularFiles(runtime);
        for (Path file : runtimeFiles) {
            provided.add(file.getFileName().toString());
            if (ElfFile.isElf(file)) {
                ElfFile elf = ElfFile.read(file);
                inputs.add(elf);
                elf.soname().ifPresent(provided::add);
            }
        }
        for (Path jar : dependencyJars) {
            for (ElfFile elf : jarNatives(jar, machine)) {
                inputs.add(elf);
                provided.add(elf.name().substring(elf.name().lastIndexOf('/') + 1));
                elf.soname().ifPresent(provided::add);
            }
        }
        SystemLibraries system = SystemLibraries.resolve(inputs, provided, machine,
                SystemLibraries.searchPath(Path.of("/etc/ld.so.conf"), machine));
        String[] user = request.user().split(":");
        String uid = user[0];
        String gid = user.length > 1 ? user[1] : user[0];

        StringBuilder recipe = new StringBuilder("layout=" + LAYOUT + "\nruntime=" + runtime.getFileName()
                + "\nplatform=" + request.platform() + "\nuser=" + uid + ":" + gid + "\n");
        for (Map.Entry<String, Path> library : system.libraries().entrySet()) {
            Path real = library.getValue().toRealPath();
            recipe.append(library.getKey()).append('=').append(real).append(' ').append(Files.size(real)).append(' ')
                    .append(Files.getLastModifiedTime(real).toMillis()).append('\n');
        }
        system.interpreter().ifPresent(i -> recipe.append("interpreter=").append(i).append('\n'));
        Path archive = cache.resolve("base-" + sha256(recipe.toString()).substring(0, 16) + ".tar");
        if (Files.isRegularFile(archive)) {
            LOG.info("Using the cached jlink base {}", archive);
            return archive;
        }
        long start = System.nanoTime();
        writeArchive(archive, runtime, runtimeFiles, system, request.platform(), uid, gid);
        LOG.info("Wrote the jlink base {} ({} C libraries from this machine) in {} ms", archive,
                system.libraries().size(), (System.nanoTime() - start) / 1_000_000);
        return archive;
    }

    /** Links the runtime into the cache unless a runtime with the same key is there. */
    static Path linkedRuntime(Path javaHome, Path cache) throws IOException {
        Path jmods = javaHome.resolve("jmods");
        if (!Files.isDirectory(jmods)) {
            throw new IOException("baseImage '" + ImageRequest.JLINK_BASE + "' links the JDK that runs the build,"
                    + " but " + javaHome + " has no jmods directory (it is a JRE, or a JDK installed without its"
                    + " modules, e.g. Debian's openjdk-17-jdk without openjdk-17-jmods): run the build with a full JDK"
                    + " (set JAVA_HOME), or choose another base such as " + ImageRequest.DEFAULT_BASE_IMAGE
                    + " or tar:///path/to/base.tar");
        }
        ToolProvider jlink = ToolProvider.findFirst("jlink").orElseThrow(() -> new IOException("baseImage '"
                + ImageRequest.JLINK_BASE + "' needs the jlink tool, but the JDK at " + javaHome + " lacks the jdk.jlink"
                + " module: run the build with a full JDK, or choose another base such as "
                + ImageRequest.DEFAULT_BASE_IMAGE));
        Path javaBase = jmods.resolve("java.base.jmod");
        String key = sha256("java.home=" + javaHome + "\njava.version=" + System.getProperty("java.version")
                + "\njava.vm.version=" + System.getProperty("java.vm.version")
                + "\njava.base.jmod=" + (Files.isRegularFile(javaBase)
                        ? Files.size(javaBase) + " " + Files.getLastModifiedTime(javaBase).toMillis() : "none")
                + "\nmodules=" + String.join(",", MODULES) + "\noptions=" + String.join(" ", JLINK_OPTIONS));
        Path runtime = cache.resolve("runtime-" + key.substring(0, 16));
        if (Files.isRegularFile(runtime.resolve("release"))) {
            return runtime;
        }
        Files.createDirectories(cache);
        Path partial = cache.resolve(".runtime-" + UUID.randomUUID() + ".partial");
        List<String> args = new ArrayList<>(List.of("--module-path", jmods.toString(), "--add-modules",
                String.join(",", MODULES)));
        args.addAll(JLINK_OPTIONS);
        args.addAll(List.of("--output", partial.toString()));
        StringWriter output = new StringWriter();
        long start = System.nanoTime();
        int exit;
        try (PrintWriter out = new PrintWriter(output)) {
            exit = jlink.run(out, out, args.toArray(String[]::new));
        }
        try {
            if (exit != 0) {
                throw new IOException("jlink " + String.join(" ", args) + " failed (exit " + exit + "): "
                        + output.toString().strip());
            }
            try {
                Files.move(partial, runtime, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | DirectoryNotEmptyException | AtomicMoveNotSupportedException e) {
                if (!Files.isRegularFile(runtime.resolve("release"))) {
                    throw e; // not another build that linked the same runtime first
                }
            }
        } finally {
            FileTrees.delete(partial);
        }
        LOG.info("Linked a Java runtime of {} modules from {} in {} ms", MODULES.size(), javaHome,
                (System.nanoTime() - start) / 1_000_000);
        return runtime;
    }

    /** The ELF native libraries for {@code machine} inside a jar; others' (or non-ELF) entries are skipped. */
    static List<ElfFile> jarNatives(Path jar, int machine) throws IOException {
        List<ElfFile> natives = new ArrayList<>();
        try (JarFile file = new JarFile(jar.toFile(), false)) {
            for (JarEntry entry : file.stream().sorted(Comparator.comparing(JarEntry::getName)).toList()) {
                String name = entry.getName();
                if (entry.isDirectory() || !(name.endsWith(".so") || name.contains(".so."))) {
                    continue;
                }
                byte[] bytes;
                try (InputStream in = file.getInputStream(entry)) {
                    bytes = in.readAllBytes();
                }
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                if (!ElfFile.isElf(buffer)) {
                    continue;
                }
                try {
                    ElfFile elf = ElfFile.parse(buffer, jar.getFileName() + "!/" + name);
                    if (elf.machine() == machine) {
                        natives.add(elf);
                    }
                } catch (IOException e) {
                    LOG.debug("Ignoring {} in {}: {}", name, jar, e.getMessage()); // e.g. a 32-bit library
                }
            }
        }
        return natives;
    }

    private static void writeArchive(Path archive, Path runtime, List<Path> runtimeFiles, SystemLibraries system,
                                     ImagePlatform platform, String uid, String gid) throws IOException {
        Path dir = archive.getParent();
        Files.createDirectories(dir);
        Path systemLayer = Files.createTempFile(dir, ".system", ".tar.gz");
        Path runtimeLayer = Files.createTempFile(dir, ".runtime", ".tar.gz");
        try {
            String systemDiffId = writeLayer(systemLayer, systemEntries(system, uid, gid));
            Map<String, Entry> runtimeEntries = new TreeMap<>();
            for (Path file : runtimeFiles) {
                String path = JAVA_HOME + "/" + runtime.relativize(file).toString().replace('\\', '/');
                runtimeEntries.put(path, Entry.file(file, ImagePackager.isExecutable(file)));
            }
            String runtimeDiffId = writeLayer(runtimeLayer, runtimeEntries);

            Map<String, Object> config = new LinkedHashMap<>();
            config.put("architecture", platform.architecture());
            config.put("os", platform.os());
            config.put("created", "1970-01-01T00:00:00Z");
            List<String> env = new ArrayList<>();
            env.add("PATH=" + JAVA_HOME + "/bin:/usr/bin:/bin");
            env.add("JAVA_HOME=" + JAVA_HOME);
            // The loader in the image has no ld.so.cache; name the directories the libraries came from.
            env.add("LD_LIBRARY_PATH=" + String.join(":", system.directories()));
            config.put("config", Map.of("Env", env));
            config.put("rootfs", Map.of("type", "layers", "diff_ids", List.of(systemDiffId, runtimeDiffId)));
            config.put("history", List.of(
                    history("mlops-java: C libraries, loader, /tmp and users from the build machine", "system"),
                    history("mlops-java: jlink --add-modules " + String.join(",", MODULES) + " "
                            + String.join(" ", JLINK_OPTIONS), "runtime")));
            byte[] configJson = JSON.writeValueAsBytes(config);
            Map<String, Object> manifest = new LinkedHashMap<>();
            manifest.put("Config", "config.json");
            manifest.put("RepoTags", List.of("mlops-jlink-base:" + archive.getFileName().toString()
                    .replaceAll("^base-|\\.tar$", "")));
            manifest.put("Layers", List.of("system.tar.gz", "runtime.tar.gz"));
            byte[] manifestJson = JSON.writeValueAsBytes(List.of(manifest));

            AtomicFiles.write(archive, out -> {
                // Not closed: AtomicFiles owns the stream; finish() writes the end records.
                TarArchiveOutputStream tar = new TarArchiveOutputStream(out);
                tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
                tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
                putFile(tar, "system.tar.gz", systemLayer);
                putFile(tar, "runtime.tar.gz", runtimeLayer);
                putBytes(tar, "config.json", configJson);
                putBytes(tar, "manifest.json", manifestJson);
                tar.finish();
            });
        } finally {
            Files.deleteIfExists(systemLayer);
            Files.deleteIfExists(runtimeLayer);
        }
    }

    private static Map<String, Object> history(String createdBy, String comment) {
        Map<String, Object> history = new LinkedHashMap<>();
        history.put("created", "1970-01-01T00:00:00Z");
        history.put("created_by", createdBy);
        history.put("comment", comment);
        return history;
    }

    /** The system layer's entries by image path. */
    private static Map<String, Entry> systemEntries(SystemLibraries system, String uid, String gid) throws IOException {
        Map<String, Entry> entries = new TreeMap<>();
        String user = "root:x:0:0:root:/root:/sbin/nologin\n"
                + (uid.equals("0") ? "" : "nonroot:x:" + uid + ":" + gid + ":nonroot:/home/nonroot:/sbin/nologin\n");
        String group = "root:x:0:\n" + (gid.equals("0") ? "" : "nonroot:x:" + gid + ":\n");
        entries.put("/etc/passwd", Entry.bytes(user.getBytes(StandardCharsets.UTF_8)));
        entries.put("/etc/group", Entry.bytes(group.getBytes(StandardCharsets.UTF_8)));
        // ONNX Runtime 1.29's telemetry reads /etc/machine-id and crashes (fclose of a null FILE)
        // when it is missing or empty. "uninitialized" is systemd's marker for "no id yet": no build
        // machine's id leaks into the image, and the bytes stay fixed.
        entries.put("/etc/machine-id", Entry.bytes("uninitialized\n".getBytes(StandardCharsets.UTF_8)));
        entries.put("/home/nonroot", Entry.directory(0755, uid, gid));
        entries.put("/tmp", Entry.directory(01777, "0", "0"));
        for (Map.Entry<String, Path> library : system.libraries().entrySet()) {
            entries.put(library.getKey(), Entry.file(library.getValue(), ImagePackager.isExecutable(library.getValue())));
        }
        if (system.interpreter().isPresent()) {
            String interpreter = system.interpreter().get();
            Path host = Path.of(interpreter);
            String same = null;
            for (Map.Entry<String, Path> library : system.libraries().entrySet()) {
                if (!library.getKey().equals(interpreter) && Files.isSameFile(library.getValue(), host)) {
                    same = library.getKey();
                }
            }
            if (!entries.containsKey(interpreter)) {
                // One copy of the loader: PT_INTERP points at the copy libc's DT_NEEDED found.
                entries.put(interpreter, same != null ? Entry.link(same) : Entry.file(host, true));
            }
        }
        return entries;
    }

    /** Writes a gzip-compressed layer tar; returns the digest of the uncompressed tar (its diff id). */
    private static String writeLayer(Path file, Map<String, Entry> entries) throws IOException {
        Set<String> directories = new TreeSet<>();
        for (String path : entries.keySet()) {
            for (int slash = path.indexOf('/', 1); slash > 0; slash = path.indexOf('/', slash + 1)) {
                directories.add(path.substring(0, slash));
            }
        }
        Map<String, Entry> all = new TreeMap<>(entries);
        directories.forEach(d -> all.putIfAbsent(d, Entry.directory(0755, "0", "0")));
        MessageDigest diffId = ImageArchive.sha256();
        try (OutputStream fileOut = Files.newOutputStream(file);
             GZIPOutputStream gzip = new GZIPOutputStream(new BufferedOutputStream(fileOut, 1 << 16), 1 << 16);
             TarArchiveOutputStream tar = new TarArchiveOutputStream(new DigestOutputStream(gzip, diffId))) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            for (Map.Entry<String, Entry> e : all.entrySet()) {
                e.getValue().write(tar, e.getKey().substring(1));
            }
            tar.finish();
        }
        return "sha256:" + HexFormat.of().formatHex(diffId.digest());
    }

    /** A file, directory or symbolic link of a layer. */
    private record Entry(Path source, byte[] content, String linkTarget, int mode, String uid, String gid) {
        static Entry file(Path source, boolean executable) {
            return new Entry(source, null, null, executable ? 0755 : 0644, "0", "0");
        }

        static Entry bytes(byte[] content) {
            return new Entry(null, content, null, 0644, "0", "0");
        }

        static Entry directory(int mode, String uid, String gid) {
            return new Entry(null, null, null, mode, uid, gid);
        }

        static Entry link(String target) {
            return new Entry(null, null, target, 0777, "0", "0");
        }

        void write(TarArchiveOutputStream tar, String name) throws IOException {
            boolean directory = source == null && content == null && linkTarget == null;
            TarArchiveEntry entry = linkTarget != null ? new TarArchiveEntry(name, TarConstants.LF_SYMLINK)
                    : new TarArchiveEntry(directory ? name + "/" : name);
            if (linkTarget != null) {
                entry.setLinkName(linkTarget);
            }
            entry.setMode((directory ? 040000 : linkTarget != null ? 0120000 : 0100000) | mode); // type bits | permissions
            entry.setUserId(Long.parseLong(uid));
            entry.setGroupId(Long.parseLong(gid));
            entry.setUserName("");
            entry.setGroupName("");
            entry.setModTime(FILE_TIME_MILLIS);
            if (source != null) {
                entry.setSize(Files.size(source));
                tar.putArchiveEntry(entry);
                Files.copy(source, tar);
            } else if (content != null) {
                entry.setSize(content.length);
                tar.putArchiveEntry(entry);
                tar.write(content);
            } else {
                tar.putArchiveEntry(entry);
            }
            tar.closeArchiveEntry();
        }
    }

    private static void putFile(TarArchiveOutputStream tar, String name, Path file) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setSize(Files.size(file));
        entry.setModTime(FILE_TIME_MILLIS);
        entry.setMode(0100644);
        tar.putArchiveEntry(entry);
        Files.copy(file, tar);
        tar.closeArchiveEntry();
    }

    private static void putBytes(TarArchiveOutputStream tar, String name, byte[] bytes) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setSize(bytes.length);
        entry.setModTime(FILE_TIME_MILLIS);
        entry.setMode(0100644);
        tar.putArchiveEntry(entry);
        tar.write(bytes);
        tar.closeArchiveEntry();
    }

    private static List<Path> regularFiles(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile)
                    .sorted(Comparator.comparing(p -> root.relativize(p).toString()))
                    .toList();
        }
    }

    private static String sha256(String text) {
        return HexFormat.of().formatHex(ImageArchive.sha256().digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
