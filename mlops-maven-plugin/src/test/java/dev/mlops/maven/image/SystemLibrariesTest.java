package dev.mlops.maven.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ELF reader against binutils' readelf on this machine's JDK and ONNX Runtime, the loader's
 * search path, and the errors of the jlink base (no jmods, wrong platform, typos, a named user).
 */
class SystemLibrariesTest {

    private static final Path JAVA_HOME = Path.of(System.getProperty("java.home"));

    @Test
    void elfFile_readsWhatReadelfReads() throws Exception {
        Assumptions.assumeTrue(ImageTestSupport.onPath("readelf"), "binutils' readelf is not installed");
        for (Path file : List.of(JAVA_HOME.resolve("bin/java"), JAVA_HOME.resolve("lib/server/libjvm.so"),
                JAVA_HOME.resolve("lib/libnet.so"))) {
            ElfFile elf = ElfFile.read(file);
            String dynamic = ImageTestSupport.run(Duration.ofSeconds(30), "readelf", "-dW", file.toString());
            assertEquals(matches(dynamic, "\\(NEEDED\\)\\s+Shared library: \\[(.+?)]"), elf.needed(), file.toString());
            assertEquals(matches(dynamic, "\\(SONAME\\)\\s+Library soname: \\[(.+?)]").stream().findFirst(), elf.soname());
            String program = ImageTestSupport.run(Duration.ofSeconds(30), "readelf", "-lW", file.toString());
            assertEquals(matches(program, "Requesting program interpreter: (.+?)]").stream().findFirst(), elf.interpreter());
            assertEquals(ElfFile.EM_X86_64, elf.machine());
        }
        Path ortJar = Path.of(ai.onnxruntime.OrtEnvironment.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<ElfFile> natives = JlinkBase.jarNatives(ortJar, ElfFile.EM_X86_64);
        assertEquals(List.of("libonnxruntime.so", "libonnxruntime4j_jni.so"),
                natives.stream().map(n -> n.name().substring(n.name().lastIndexOf('/') + 1)).toList());
        assertEquals(List.of("libdl.so.2", "librt.so.1", "libpthread.so.0", "libstdc++.so.6", "libm.so.6",
                "libgcc_s.so.1", "libc.so.6", "ld-linux-x86-64.so.2"), natives.get(0).needed());
        assertEquals(List.of("libonnxruntime.so.1", "libc.so.6"), natives.get(1).needed());
        assertEquals(Optional.of("libonnxruntime.so.1"), natives.get(0).soname());
        assertEquals(List.of("libonnxruntime.so"), JlinkBase.jarNatives(ortJar, ElfFile.EM_AARCH64).stream()
                .map(n -> n.name().substring(n.name().lastIndexOf('/') + 1)).toList().subList(0, 1),
                "the arm64 natives when asked for arm64 (unfiltered jar)");
    }

    private static List<String> matches(String text, String regex) {
        List<String> found = new ArrayList<>();
        Matcher m = Pattern.compile(regex).matcher(text);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    @Test
    void elfFile_rejectsWhatIsNotElf(@TempDir Path dir) throws IOException {
        Path text = Files.writeString(dir.resolve("libfake.so"), "not a library");
        assertEquals(dir.resolve("libfake.so") + " is not an ELF file",
                assertThrows(IOException.class, () -> ElfFile.read(text)).getMessage());
    }

    @Test
    void searchPath_followsLdSoConfIncludesThenTheDefaults(@TempDir Path dir) throws IOException {
        Path a = Files.createDirectories(dir.resolve("a"));
        Path b = Files.createDirectories(dir.resolve("b"));
        Files.createDirectories(dir.resolve("conf.d"));
        Files.writeString(dir.resolve("conf.d/20-b.conf"), "# second\n" + b + "\n");
        Files.writeString(dir.resolve("conf.d/10-a.conf"), a + "  # first\n" + dir.resolve("missing") + "\n");
        Files.writeString(dir.resolve("conf.d/ignored.txt"), "/nowhere\n");
        Path conf = Files.writeString(dir.resolve("ld.so.conf"), "include conf.d/*.conf\n");
        List<Path> path = SystemLibraries.searchPath(conf, ElfFile.EM_X86_64);
        assertEquals(List.of(a, b), path.subList(0, 2), "ld.so.conf order, only existing directories");
        assertTrue(path.contains(Path.of("/usr/lib/x86_64-linux-gnu")), path.toString());
    }

    @Test
    void resolve_findsLibcAndTheLoader_andNamesWhoNeedsAMissingLibrary() throws IOException {
        List<Path> search = SystemLibraries.searchPath(Path.of("/etc/ld.so.conf"), ElfFile.EM_X86_64);
        ElfFile java = ElfFile.read(JAVA_HOME.resolve("bin/java"));
        SystemLibraries libraries = SystemLibraries.resolve(List.of(java), Set.of("libjli.so"), ElfFile.EM_X86_64, search);
        assertEquals(java.interpreter(), libraries.interpreter());
        assertTrue(libraries.libraries().keySet().stream().anyMatch(p -> p.endsWith("/libc.so.6")), libraries.toString());
        assertTrue(libraries.libraries().keySet().stream().anyMatch(p -> p.endsWith("/libgcc_s.so.1")),
                "glibc dlopens libgcc_s: " + libraries);

        ElfFile needy = new ElfFile("libneedy.so", ElfFile.EM_X86_64, Optional.empty(), List.of("libnowhere.so.7"),
                Optional.empty());
        IOException e = assertThrows(IOException.class,
                () -> SystemLibraries.resolve(List.of(needy), Set.of(), ElfFile.EM_X86_64, search));
        assertTrue(e.getMessage().startsWith("the library libnowhere.so.7 that libneedy.so needs is not in any of ["),
                e.getMessage());
        ElfFile arm = new ElfFile("libarm.so", ElfFile.EM_AARCH64, Optional.empty(), List.of(), Optional.empty());
        assertEquals("libarm.so is built for arm64, not amd64", assertThrows(IOException.class,
                () -> SystemLibraries.resolve(List.of(arm), Set.of(), ElfFile.EM_X86_64, search)).getMessage());
    }

    @Test
    void jre_withoutJmods_isRefusedWithWhatToDo(@TempDir Path jre) {
        IOException e = assertThrows(IOException.class, () -> JlinkBase.linkedRuntime(jre, jre.resolve("cache")));
        assertEquals("baseImage 'jlink' links the JDK that runs the build, but " + jre + " has no jmods directory"
                + " (it is a JRE, or a JDK installed without its modules, e.g. Debian's openjdk-17-jdk without"
                + " openjdk-17-jmods): run the build with a full JDK (set JAVA_HOME), or choose another base such as"
                + " eclipse-temurin:21-jre or tar:///path/to/base.tar", e.getMessage());
    }

    private static ImageRequest.Builder jlinkRequest(Path dir) {
        return ImageRequest.builder().baseImage("jlink").target(ImageTarget.tarball(dir.resolve("i.tar"), "i:1"))
                .bundleDirectory(dir).mainClass("demo.Main");
    }

    @Test
    void request_refusesAnotherPlatformANamedUserAndTypos(@TempDir Path dir) {
        Assumptions.assumeTrue(JlinkBase.hostPlatform().equals(Optional.of(ImagePlatform.LINUX_AMD64)), "an amd64 machine");
        assertEquals("baseImage 'jlink' copies the Java runtime and C libraries of the machine running the build"
                        + " (linux/amd64), so it cannot make a linux/arm64 image: build on linux/arm64, or use a"
                        + " multi-platform registry base such as eclipse-temurin:21-jre",
                assertThrows(IllegalArgumentException.class,
                        () -> jlinkRequest(dir).platform(ImagePlatform.LINUX_ARM64).build()).getMessage());
        assertEquals("user 'app' is a name, but baseImage 'jlink' writes /etc/passwd with a numeric user only:"
                        + " use uid[:gid], e.g. 65532:65532",
                assertThrows(IllegalArgumentException.class, () -> jlinkRequest(dir).user("app").build()).getMessage());
        for (String typo : List.of("jlnik", "jlink:17", "JLINK", "jlinks")) {
            String message = assertThrows(IllegalArgumentException.class,
                    () -> jlinkRequest(dir).baseImage(typo).build(), typo).getMessage();
            assertEquals("baseImage '" + typo + "' is not a base image we know; did you mean 'jlink' (the build's own"
                    + " JDK, linked, no registry)? Otherwise: a registry image such as eclipse-temurin:21-jre,"
                    + " tar:///path/to/base.tar or docker://name", message);
        }
        assertEquals("jlink", jlinkRequest(dir).build().baseImage());
        assertEquals("registry.example.com/jlink:1", jlinkRequest(dir).baseImage("registry.example.com/jlink:1").build()
                .baseImage(), "a registry image that happens to be called jlink");
    }
}
