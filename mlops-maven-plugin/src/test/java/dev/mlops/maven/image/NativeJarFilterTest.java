package dev.mlops.maven.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NativeJarFilterTest {

    /** ONNX Runtime 1.29.0: pinned by src/test/python/ort_native_entries.py. */
    private static final long ORT_JAR_SIZE = 54_400_660L;
    private static final int ORT_FOREIGN_ENTRIES = 28;

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {
            "ai/onnxruntime/OrtEnvironment.class",
            "ai/onnxruntime/native/linux-x64/",
            "ai/onnxruntime/native/linux-x64/libonnxruntime.so",
            "com/sun/jna/win32/StdCallLibrary.class",
            "com/sun/jna/linux-x86-64/libjnidispatch.so",
            "META-INF/native/libnetty_transport_native_epoll_x86_64.so",
            "org/sqlite/native/Linux/x86_64/libsqlitejdbc.so",
            "org/sqlite/native/Linux-Musl/amd64/libsqlitejdbc.so",
            "lib/libplain.so.1",
            "org/example/windows/README.txt",
            "ThirdPartyNotices.txt"})
    void keeps_linuxAmd64AndPlatformNeutralEntries(String entry) {
        assertTrue(NativeJarFilter.keeps(entry, ImagePlatform.LINUX_AMD64), entry);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "ai/onnxruntime/native/osx-aarch64/",
            "ai/onnxruntime/native/osx-aarch64/libonnxruntime.dylib.dSYM/Contents/Info.plist",
            "ai/onnxruntime/native/win-x64/onnxruntime.dll",
            "ai/onnxruntime/native/linux-aarch64/libonnxruntime.so",
            "com/sun/jna/win32-x86-64/jnidispatch.dll",
            "com/sun/jna/darwin-x86-64/libjnidispatch.jnilib",
            "com/sun/jna/linux-arm/libjnidispatch.so",
            "com/sun/jna/linux-x86/libjnidispatch.so",
            "com/sun/jna/freebsd-x86-64/libjnidispatch.so",
            "META-INF/native/libnetty_transport_native_epoll_aarch_64.so",
            "META-INF/native/libnetty_resolver_dns_native_macos_x86_64.jnilib",
            "org/sqlite/native/Linux-Android/x86_64/libsqlitejdbc.so",
            "org/sqlite/native/Linux/ppc64/libsqlitejdbc.so",
            "lib/plain.dll"})
    void keeps_dropsOtherPlatformsNatives(String entry) {
        assertFalse(NativeJarFilter.keeps(entry, ImagePlatform.LINUX_AMD64), entry);
    }

    @Test
    void keeps_arm64_keepsOnlyArm64Natives() {
        assertTrue(NativeJarFilter.keeps("ai/onnxruntime/native/linux-aarch64/libonnxruntime.so", ImagePlatform.LINUX_ARM64));
        assertTrue(NativeJarFilter.keeps("META-INF/native/libnetty_transport_native_epoll_aarch_64.so", ImagePlatform.LINUX_ARM64));
        assertFalse(NativeJarFilter.keeps("ai/onnxruntime/native/linux-x64/libonnxruntime.so", ImagePlatform.LINUX_ARM64));
        assertFalse(NativeJarFilter.keeps("com/sun/jna/linux-x86-64/libjnidispatch.so", ImagePlatform.LINUX_ARM64));
    }

    @Test
    void filter_onnxRuntimeJar_keepsOnlyLinuxX64NativesAndCopiesEntriesExactly() throws Exception {
        Path ort = onnxRuntimeJar();
        assertEquals(ORT_JAR_SIZE, Files.size(ort), "the pinned numbers are for onnxruntime 1.29.0");
        NativeJarFilter.Result result = NativeJarFilter.filter(ort, dir.resolve("amd64/onnxruntime-1.29.0.jar"),
                ImagePlatform.LINUX_AMD64);

        assertEquals(ORT_FOREIGN_ENTRIES, result.removedEntries().size());
        assertEquals(43_660_015L, result.savedBytes(), "43.66 MB of 54.4 MB are other platforms' binaries");
        assertEquals(10_740_645L, result.outputSize());
        assertEquals(Files.size(result.output()), result.outputSize());
        List<String> natives = new ArrayList<>();
        try (ZipFile original = new ZipFile(ort.toFile()); ZipFile filtered = new ZipFile(result.output().toFile())) {
            assertEquals(109 - ORT_FOREIGN_ENTRIES, filtered.size());
            for (ZipEntry entry : java.util.Collections.list(filtered.entries())) {
                ZipEntry source = original.getEntry(entry.getName());
                assertEquals(source.getCrc(), entry.getCrc(), entry.getName());
                assertEquals(source.getTime(), entry.getTime(), entry.getName());
                if (entry.getName().contains("/native/") && !entry.isDirectory()) {
                    natives.add(entry.getName());
                }
                if (entry.getSize() < 1_000_000) {
                    try (var a = original.getInputStream(source); var b = filtered.getInputStream(entry)) {
                        assertArrayEquals(a.readAllBytes(), b.readAllBytes(), entry.getName());
                    }
                }
            }
        }
        assertEquals(List.of("ai/onnxruntime/native/linux-x64/libonnxruntime.so",
                "ai/onnxruntime/native/linux-x64/libonnxruntime4j_jni.so"), natives);
    }

    @Test
    void filter_onnxRuntimeJar_stillLoadsItsNativesInAFreshJvm() throws Exception {
        NativeJarFilter.Result result = NativeJarFilter.filter(onnxRuntimeJar(), dir.resolve("ort.jar"),
                ImagePlatform.LINUX_AMD64);
        Path probe = dir.resolve("probe");
        TestApps.write(probe.resolve("Probe.java"), """
                public class Probe {
                    public static void main(String[] args) throws Exception {
                        System.out.print(ai.onnxruntime.OrtEnvironment.getEnvironment().getVersion());
                    }
                }
                """);
        TestApps.javac(probe, List.of(result.output()), probe.resolve("Probe.java"));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(java.toString(), "-cp", result.output() + ":" + probe, "Probe")
                .redirectErrorStream(true).start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "probe JVM finished");
        String output = new String(process.getInputStream().readAllBytes());
        assertEquals(0, process.exitValue(), output);
        assertEquals("1.29.0", output.strip());
    }

    @Test
    void filter_isDeterministicAndLeavesAnUpToDateOutputAlone() throws IOException {
        Path jar = TestApps.jarWith(dir.resolve("in/thing-1.0.jar"), List.of(
                "Thing.class", "native/linux-x64/libthing.so", "native/osx-x64/libthing.dylib"));
        Path first = dir.resolve("a/thing-1.0.jar");
        Path second = dir.resolve("b/thing-1.0.jar");
        NativeJarFilter.filter(jar, first, ImagePlatform.LINUX_AMD64);
        NativeJarFilter.filter(jar, second, ImagePlatform.LINUX_AMD64);
        assertEquals(-1L, Files.mismatch(first, second));

        FileTime old = FileTime.fromMillis(1_000_000_000_000L);
        Files.setLastModifiedTime(first, old);
        NativeJarFilter.Result again = NativeJarFilter.filter(jar, first, ImagePlatform.LINUX_AMD64);
        assertEquals(List.of("native/osx-x64/libthing.dylib"), again.removedEntries());
        assertEquals(old, Files.getLastModifiedTime(first), "not rewritten");

        Files.write(first, new byte[] {1, 2, 3});
        NativeJarFilter.filter(jar, first, ImagePlatform.LINUX_AMD64);
        assertEquals(-1L, Files.mismatch(first, second), "a stale output is replaced");
    }

    @Test
    void filter_nothingToRemove_returnsTheSourceAndWritesNothing() throws IOException {
        Path jar = TestApps.jarWith(dir.resolve("plain-1.0.jar"), List.of("a/B.class", "native/linux-x64/libb.so"));
        NativeJarFilter.Result result = NativeJarFilter.filter(jar, dir.resolve("out/plain-1.0.jar"), ImagePlatform.LINUX_AMD64);

        assertFalse(result.changed());
        assertSame(jar, result.output());
        assertEquals(0, result.savedBytes());
        assertFalse(Files.exists(dir.resolve("out")));
    }

    @Test
    void filter_signedJarLosingEntries_losesItsSignatureToo() throws IOException {
        Path jar = TestApps.jarWith(dir.resolve("signed-1.0.jar"), List.of(
                "META-INF/SIGNER.SF", "META-INF/SIGNER.RSA", "a/B.class", "native/win-x64/b.dll"));
        NativeJarFilter.Result result = NativeJarFilter.filter(jar, dir.resolve("out.jar"), ImagePlatform.LINUX_AMD64);

        assertEquals(List.of("native/win-x64/b.dll", "META-INF/SIGNER.SF", "META-INF/SIGNER.RSA"), result.removedEntries());
        try (ZipFile filtered = new ZipFile(result.output().toFile())) {
            assertEquals(List.of("a/B.class"),
                    java.util.Collections.list(filtered.entries()).stream().map(ZipEntry::getName).toList());
        }
    }

    @Test
    void filter_missingJar_namesIt() {
        IOException e = assertThrows(IOException.class, () -> NativeJarFilter.filter(dir.resolve("gone.jar"),
                dir.resolve("out.jar"), ImagePlatform.LINUX_AMD64));
        assertTrue(e.getMessage().contains("gone.jar"), e.getMessage());
    }

    static Path onnxRuntimeJar() throws Exception {
        return Path.of(ai.onnxruntime.OrtEnvironment.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }
}
