package dev.mlops.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Digests pinned by src/test/python/bundle_digest.py (Python's hashlib over the same bytes). */
class BundleDigestTest {

    static final String MODEL_BIN_SHA = "785b0751fc2c53dc14a4ce3d800e69ef9ce1009eb327ccf458afe09c242c26c9";
    static final String DIRECTORY_SHA = "4a06d88d4bd2503ee5badfcec6ab70778a4a0118da9872afbbfa4610eea2b0f6";

    @TempDir
    Path tmp;

    /** The bundle bundle_digest.py describes. */
    static Path referenceBundle(Path parent) throws IOException {
        Path dir = Files.createDirectories(parent.resolve("iris.bundle"));
        byte[] model = new byte[1024];
        for (int i = 0; i < model.length; i++) {
            model[i] = (byte) (i % 256);
        }
        Files.write(dir.resolve("model.bin"), model);
        Files.createDirectories(dir.resolve("meta"));
        Files.writeString(dir.resolve("meta/spec.json"), "{\"epochs\": 5}\n");
        Files.writeString(dir.resolve("meta/\u00c4.txt"), "umlaut\n", StandardCharsets.UTF_8);
        Files.write(dir.resolve("README"), new byte[0]);
        Files.createDirectories(dir.resolve("empty")); // empty directories do not count
        return dir;
    }

    @Test
    void file_isSha256OfItsBytes() throws IOException {
        BundleDigest d = BundleDigest.of(referenceBundle(tmp).resolve("model.bin"));
        assertEquals(MODEL_BIN_SHA, d.sha256());
        assertFalse(d.directory());
        assertEquals(List.of(new BundleDigest.FileDigest("model.bin", MODEL_BIN_SHA)), d.files());
    }

    @Test
    void directory_isSha256OfSortedManifest() throws IOException {
        BundleDigest d = BundleDigest.of(referenceBundle(tmp));
        assertEquals(DIRECTORY_SHA, d.sha256());
        assertEquals(List.of("README", "meta/spec.json", "meta/\u00c4.txt", "model.bin"),
                d.files().stream().map(BundleDigest.FileDigest::path).toList(), "sorted by code point");
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855  README\n",
                d.manifest().lines().findFirst().orElseThrow() + "\n");
        assertEquals(d, BundleDigest.parseManifest(d.manifest(), true));
    }

    @Test
    void differences_nameChangedMissingAndAddedFiles() throws IOException {
        Path dir = referenceBundle(tmp);
        BundleDigest registered = BundleDigest.of(dir);
        Files.writeString(dir.resolve("meta/spec.json"), "{\"epochs\": 6}\n");
        Files.delete(dir.resolve("README"));
        Files.writeString(dir.resolve("extra.txt"), "x");
        assertEquals(List.of("missing: README", "changed: meta/spec.json", "added: extra.txt"),
                BundleDigest.of(dir).differencesFrom(registered));
    }

    @Test
    void malformedManifest_andMissingBundle_rejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BundleDigest.parseManifest("abc  file\n", true));
        assertTrue(e.getMessage().contains("line 1: 'abc  file'"), e.getMessage());
        assertThrows(java.nio.file.NoSuchFileException.class, () -> BundleDigest.of(tmp.resolve("none")));
    }
}
