package dev.mlops.maven.image;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The C libraries a set of ELF files needs, found on this machine the way the dynamic loader finds
 * them: the directories of {@code /etc/ld.so.conf} (and its includes), then the loader's default
 * directories; a library of another architecture is passed over, as the loader does. Names that
 * the inputs provide themselves (the Java runtime's own libraries, a jar's JNI libraries) are not
 * looked up. The result is what a {@code FROM scratch} image needs besides those files.
 *
 * @param libraries   image path (the path it was found under here) → the file on this machine, in
 *                    the order found
 * @param interpreter the program interpreter the executables name ({@code PT_INTERP}), if any
 */
record SystemLibraries(Map<String, Path> libraries, Optional<String> interpreter) {

    /**
     * Loaded by glibc with {@code dlopen} rather than linked: {@code pthread_exit} and
     * {@code pthread_cancel} unwind through libgcc_s and abort without it.
     */
    static final List<String> DLOPENED_BY_LIBC = List.of("libgcc_s.so.1");

    SystemLibraries {
        libraries = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(libraries));
    }

    /** @return the directories holding the libraries, in the order first used (for LD_LIBRARY_PATH) */
    List<String> directories() {
        Set<String> dirs = new LinkedHashSet<>();
        libraries.keySet().forEach(path -> dirs.add(path.substring(0, path.lastIndexOf('/'))));
        return List.copyOf(dirs);
    }

    /**
     * Resolves what {@code inputs} need, transitively.
     *
     * @param inputs   the runtime's executables and libraries and the jars' native libraries
     * @param provided file names and sonames the inputs provide themselves
     * @param machine  the ELF machine every library must have, e.g. {@link ElfFile#EM_X86_64}
     * @param search   the directories to search, in order (see {@link #searchPath})
     * @throws IOException when a needed library is nowhere to be found, naming who needs it
     */
    static SystemLibraries resolve(List<ElfFile> inputs, Set<String> provided, int machine, List<Path> search)
            throws IOException {
        Map<String, Path> found = new LinkedHashMap<>();
        Map<String, String> neededBy = new HashMap<>();
        Set<String> seen = new TreeSet<>(provided);
        Deque<String> queue = new ArrayDeque<>();
        String interpreter = null;
        for (ElfFile elf : inputs) {
            if (elf.machine() != machine) {
                throw new IOException(elf.name() + " is built for " + ElfFile.architecture(elf.machine())
                        + ", not " + ElfFile.architecture(machine));
            }
            if (elf.interpreter().isPresent()) {
                if (interpreter != null && !interpreter.equals(elf.interpreter().get())) {
                    throw new IOException(elf.name() + " asks for the program interpreter " + elf.interpreter().get()
                            + " but other executables for " + interpreter + "; one image has one loader");
                }
                interpreter = elf.interpreter().get();
            }
            enqueue(elf, seen, queue, neededBy);
        }
        for (String library : DLOPENED_BY_LIBC) {
            if (seen.add(library)) {
                queue.add(library);
                neededBy.put(library, "glibc (dlopen)");
            }
        }
        while (!queue.isEmpty()) {
            String name = queue.poll();
            Path file = find(name, machine, search).orElseThrow(() -> new IOException("the library " + name
                    + " that " + neededBy.get(name) + " needs is not in any of " + search
                    + " on this machine; install it (e.g. the Debian package that ships it) or use another base image"));
            found.put(file.toString(), file);
            enqueue(ElfFile.read(file), seen, queue, neededBy);
        }
        return new SystemLibraries(found, Optional.ofNullable(interpreter));
    }

    private static void enqueue(ElfFile elf, Set<String> seen, Deque<String> queue, Map<String, String> neededBy) {
        for (String name : elf.needed()) {
            if (seen.add(name)) {
                queue.add(name);
                neededBy.put(name, elf.name());
            }
        }
    }

    private static Optional<Path> find(String name, int machine, List<Path> search) throws IOException {
        if (name.contains("/")) {
            Path file = Path.of(name);
            return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
        }
        for (Path dir : search) {
            Path file = dir.resolve(name);
            if (ElfFile.isElf(file) && ElfFile.read(file).machine() == machine) {
                return Optional.of(file);
            }
        }
        return Optional.empty();
    }

    /**
     * The loader's search order on this machine for libraries of {@code machine}: the directories
     * listed in {@code ldSoConf} (following {@code include} lines with {@code *} in the file name),
     * then the default ones, including the Debian multiarch directories.
     *
     * @param ldSoConf usually {@code /etc/ld.so.conf}; absent is fine
     */
    static List<Path> searchPath(Path ldSoConf, int machine) throws IOException {
        Set<Path> dirs = new LinkedHashSet<>();
        readConf(ldSoConf, dirs, new TreeSet<>());
        String triplet = machine == ElfFile.EM_AARCH64 ? "aarch64-linux-gnu" : "x86_64-linux-gnu";
        for (String dir : List.of("/lib/" + triplet, "/usr/lib/" + triplet, "/lib64", "/usr/lib64", "/lib", "/usr/lib")) {
            dirs.add(Path.of(dir));
        }
        List<Path> existing = new ArrayList<>();
        for (Path dir : dirs) {
            if (Files.isDirectory(dir)) {
                existing.add(dir);
            }
        }
        return existing;
    }

    private static void readConf(Path conf, Set<Path> dirs, Set<Path> visited) throws IOException {
        if (!Files.isRegularFile(conf) || !visited.add(conf.toAbsolutePath().normalize())) {
            return;
        }
        for (String raw : Files.readAllLines(conf)) {
            String line = raw.replaceFirst("#.*", "").strip();
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("include ")) {
                for (String pattern : line.substring("include ".length()).strip().split("\\s+")) {
                    Path glob = conf.resolveSibling(pattern); // relative includes are relative to the file
                    Path parent = glob.getParent();
                    if (parent == null || !Files.isDirectory(parent)) {
                        continue;
                    }
                    List<Path> matches = new ArrayList<>();
                    try (DirectoryStream<Path> stream = Files.newDirectoryStream(parent, glob.getFileName().toString())) {
                        stream.forEach(matches::add);
                    }
                    matches.sort(null); // glob(3) order, as ldconfig reads them
                    for (Path match : matches) {
                        readConf(match, dirs, visited);
                    }
                }
            } else if (line.startsWith("/")) {
                dirs.add(Path.of(line.split("[\\s:=,]")[0]));
            }
        }
    }
}
