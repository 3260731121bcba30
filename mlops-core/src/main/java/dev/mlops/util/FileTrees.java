package dev.mlops.util;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Whole directory trees: removing staging folders, caches and other partial work. */
public final class FileTrees {

    private FileTrees() {
    }

    /**
     * Deletes a file or a directory tree if present, making read-only entries writable first. A
     * symbolic link is deleted, not followed.
     *
     * @param path the file or directory
     * @throws IOException when deletion fails
     */
    public static void delete(Path path) throws IOException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        List<Path> all;
        try (Stream<Path> walk = Files.walk(path)) {
            all = walk.sorted(Comparator.reverseOrder()).toList();
        }
        for (Path p : all) {
            p.toFile().setWritable(true);
            Files.deleteIfExists(p);
        }
    }
}
