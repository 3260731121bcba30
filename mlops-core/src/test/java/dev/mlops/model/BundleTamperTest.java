package dev.mlops.model;

import static dev.mlops.model.BundleFixtures.METADATA;
import static dev.mlops.model.BundleFixtures.iris;
import static dev.mlops.model.BundleFixtures.train;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundleTamperTest {

    static ModelBundle bundle;

    @TempDir
    Path tmp;

    @BeforeAll
    static void bundle() throws Exception {
        bundle = BundleFixtures.bundleWithProfile(iris("logistic-regression", "{epochs: 2}"));
    }

    private Path written() throws Exception {
        Path dir = tmp.resolve("b");
        bundle.write(dir);
        return dir;
    }

    @Test
    void load_flippedByteInAnyFile_isRefusedNamingTheFile() throws Exception {
        Path dir = written();
        for (String name : bundle.fileNames()) {
            byte[] original = Files.readAllBytes(dir.resolve(name));
            for (int position : new int[] {0, original.length / 2, original.length - 1}) {
                for (int mask : new int[] {0x01, 0x80, 0xFF}) {
                    byte[] altered = original.clone();
                    altered[position] ^= (byte) mask;
                    Files.write(dir.resolve(name), altered);
                    BundleException e = assertThrows(BundleException.class, () -> ModelBundle.load(dir),
                            name + " byte " + position + " ^ " + mask);
                    assertEquals(name, e.file(), e.getMessage());
                    assertTrue(e.getMessage().contains(name), e.getMessage());
                }
            }
            Files.write(dir.resolve(name), original);
        }
        ModelBundle.load(dir); // restored: loads again
    }

    @Test
    void load_alteredFile_messageSaysWhat() throws Exception {
        Path dir = written();
        byte[] onnx = Files.readAllBytes(dir.resolve("model.onnx"));
        onnx[100] ^= 1;
        Files.write(dir.resolve("model.onnx"), onnx);
        BundleException e = assertThrows(BundleException.class, () -> ModelBundle.load(dir));
        assertTrue(e.getMessage().contains("model.onnx was altered: its sha256 is "), e.getMessage());
    }

    @Test
    void load_truncatedFile_isRefused() throws Exception {
        Path dir = written();
        byte[] model = Files.readAllBytes(dir.resolve("model.tribuo"));
        Files.write(dir.resolve("model.tribuo"), Arrays.copyOf(model, model.length - 10));
        BundleException e = assertThrows(BundleException.class, () -> ModelBundle.load(dir));
        assertEquals("model.tribuo", e.file());
        assertTrue(e.getMessage().contains("truncated or altered: it has " + (model.length - 10) + " bytes, manifest.json lists "
                + model.length), e.getMessage());
    }

    @Test
    void load_missingOrExtraFile_isRefused() throws Exception {
        Path dir = written();
        Files.move(dir.resolve("signature.json"), tmp.resolve("signature.json"));
        BundleException missing = assertThrows(BundleException.class, () -> ModelBundle.load(dir));
        assertTrue(missing.getMessage().contains("signature.json is listed in manifest.json but missing"), missing.getMessage());
        Files.move(tmp.resolve("signature.json"), dir.resolve("signature.json"));

        Files.writeString(dir.resolve("model.onnx.bak"), "x");
        BundleException extra = assertThrows(BundleException.class, () -> ModelBundle.load(dir));
        assertEquals("model.onnx.bak", extra.file());
        Files.delete(dir.resolve("model.onnx.bak"));

        Files.delete(dir.resolve("manifest.json"));
        BundleException noManifest = assertThrows(BundleException.class, () -> ModelBundle.load(dir));
        assertTrue(noManifest.getMessage().contains("is not a model bundle: it has no manifest.json"), noManifest.getMessage());
    }

    @Test
    void load_unknownFormatVersion_isRefused() throws Exception {
        Path dir = written();
        String manifest = Files.readString(dir.resolve("manifest.json"));
        Files.writeString(dir.resolve("manifest.json"), manifest.replace("\"format_version\": 1", "\"format_version\": 2"));
        BundleException e = assertThrows(BundleException.class, () -> ModelBundle.load(dir));
        assertEquals("manifest.json", e.file());
        assertTrue(e.getMessage().contains("has bundle format version 2, which this library cannot read (it reads version 1);"
                + " it was written by a newer library"), e.getMessage());
    }

    @Test
    void load_zip_flippedOrTruncated_isRefused() throws Exception {
        Path zip = tmp.resolve(bundle.fileName());
        bundle.writeZip(zip);
        byte[] original = Files.readAllBytes(zip);
        ModelBundle.load(zip);
        for (int position = 0; position < original.length; position += Math.max(1, original.length / 97)) {
            byte[] altered = original.clone();
            altered[position] ^= (byte) 0xFF;
            Files.write(zip, altered);
            int at = position;
            // ZipFile may ignore bytes it never reads (e.g. in a header's extra or time field), so a
            // flip either leaves every file's content intact or the bundle is refused.
            try {
                ModelBundle loaded = ModelBundle.load(zip);
                for (String name : bundle.fileNames()) {
                    assertTrue(Arrays.equals(bundle.file(name), loaded.file(name)), "byte " + at + " altered " + name);
                }
            } catch (BundleException expected) {
                assertTrue(expected.getMessage().contains(zip.toString()) || bundle.fileNames().contains(expected.file()),
                        expected.getMessage());
            }
        }
        Files.write(zip, Arrays.copyOf(original, original.length - 30));
        BundleException truncated = assertThrows(BundleException.class, () -> ModelBundle.load(zip));
        assertTrue(truncated.getMessage().contains("truncated or corrupt"), truncated.getMessage());
    }

    @Test
    void load_zipWithForeignEntry_isRefused() throws Exception {
        Path zip = tmp.resolve("evil.mlbundle");
        try (var out = new java.util.zip.ZipOutputStream(Files.newOutputStream(zip))) {
            out.putNextEntry(new java.util.zip.ZipEntry("../../etc/cron.d/x"));
            out.write(1);
            out.closeEntry();
        }
        BundleException e = assertThrows(BundleException.class, () -> ModelBundle.load(zip));
        assertTrue(e.getMessage().contains("'../../etc/cron.d/x', which is not a bundle file"), e.getMessage());
    }

    /** A model file whose class names were rewritten, with a manifest that matches, as an attacker would make it. */
    private static ModelBundle withModelBytes(byte[] model) {
        Map<String, byte[]> files = new TreeMap<>();
        for (String name : bundle.fileNames()) {
            if (!name.equals(BundleManifest.FILE)) {
                files.put(name, bundle.file(name));
            }
        }
        files.put(ModelBundle.TRIBUO, model);
        return ModelBundle.assemble(bundle.name(), bundle.version(), bundle.manifest().onnx(), files);
    }

    private static byte[] replace(byte[] bytes, String from, String to) {
        assertEquals(from.length(), to.length(), "same length keeps the protobuf framing valid");
        String s = new String(bytes, StandardCharsets.ISO_8859_1);
        assertTrue(s.contains(from), from);
        return s.replace(from, to).getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void tribuoModel_classOutsideAllowList_isRefusedBeforeLoading() {
        byte[] model = bundle.file(ModelBundle.TRIBUO);
        String modelClass = "org.tribuo.classification.sgd.linear.LinearSGDModel";
        ModelBundle evil = withModelBytes(replace(model, modelClass, "org.tribuo.classification.sgd.linear.LinearSGDModeX"));
        BundleException e = assertThrows(BundleException.class, evil::tribuoModel);
        assertTrue(e.getMessage().contains("names class 'org.tribuo.classification.sgd.linear.LinearSGDModeX' at model.class_name;"
                + " refusing to load it"), e.getMessage());

        // a gadget outside Tribuo, hidden in nested provenance
        String provenance = "org.tribuo.provenance.ModelProvenance";
        ModelBundle nested = withModelBytes(replace(model, provenance, "com.example.gadget.EvilProvenance1234"));
        BundleException n = assertThrows(BundleException.class, nested::tribuoModel);
        assertTrue(n.getMessage().contains("'com.example.gadget.EvilProvenance1234'") && n.getMessage().contains("provenance"),
                n.getMessage());
        assertEquals(ModelBundle.TRIBUO, n.file());
    }

    @Test
    void tribuoModel_ensembleMembers_areChecked() throws Exception {
        ModelBundle forest = ModelBundle.from(train(iris("random-forest", "{trees: 3}")), METADATA);
        assertTrue(forest.tribuoModel().isPresent()); // allowed classes load
        byte[] model = forest.file(ModelBundle.TRIBUO);
        byte[] evil = replace(model, "org.tribuo.common.tree.TreeModel", "org.tribuo.common.tree.TreeModeX");
        Map<String, byte[]> files = new TreeMap<>();
        for (String name : forest.fileNames()) {
            if (!name.equals(BundleManifest.FILE)) {
                files.put(name, forest.file(name));
            }
        }
        files.put(ModelBundle.TRIBUO, evil);
        ModelBundle bad = ModelBundle.assemble(forest.name(), forest.version(), forest.manifest().onnx(), files);
        BundleException e = assertThrows(BundleException.class, bad::tribuoModel);
        assertTrue(e.getMessage().contains("'org.tribuo.common.tree.TreeModeX'") && e.getMessage().contains(".models["),
                e.getMessage());
    }
}
