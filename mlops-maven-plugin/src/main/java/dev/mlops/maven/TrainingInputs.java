package dev.mlops.maven;

import dev.mlops.train.ModelSpec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * Everything that goes into a trained model, hashed: the spec file, the data files it names, the
 * project's compiled classes (a custom trainer or data code may live there), the dependencies a
 * custom trainer may come from, and a settings string (plugin version, bundle version, build
 * timestamp, released dependencies). Equal fingerprints mean retraining would give the same bundle.
 *
 * @param dependencies jars and class folders that may change under the same name (snapshots, reactor
 *                     modules), hashed by content; empty when the spec names no custom trainer (then
 *                     no dependency code trains)
 */
record TrainingInputs(Path specFile, ModelSpec spec, Path baseDir, Path classesDir, List<Path> dependencies,
                      String settings) {

    String fingerprint() throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        update(digest, "settings", settings);
        file(digest, "spec", specFile);
        List<String> data = new ArrayList<>();
        data.add(spec.dataset().file());
        if (spec.dataset().split().testFile() != null) {
            data.add(spec.dataset().split().testFile());
        }
        if (spec.isExternal()) {
            data.add(spec.onnx().file());
        }
        for (String file : data) {
            file(digest, "data " + file, baseDir.resolve(file));
        }
        if (classesDir != null) {
            tree(digest, "class ", classesDir);
        }
        for (Path dependency : dependencies) {
            if (Files.isDirectory(dependency)) {
                tree(digest, "dependency " + dependency.getFileName() + "/", dependency);
            } else {
                file(digest, "dependency " + dependency.getFileName(), dependency);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static void tree(MessageDigest digest, String label, Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                    file(digest, label + dir.relativize(f).toString().replace('\\', '/'), f);
                }
            }
        }
    }

    private static void file(MessageDigest digest, String label, Path file) throws IOException {
        update(digest, label, Files.isRegularFile(file) ? Long.toString(Files.size(file)) : "missing");
        if (Files.isRegularFile(file)) {
            try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
                in.transferTo(java.io.OutputStream.nullOutputStream());
            }
        }
    }

    private static void update(MessageDigest digest, String label, String value) {
        digest.update((label + "=" + value + "\n").getBytes(StandardCharsets.UTF_8));
    }
}
