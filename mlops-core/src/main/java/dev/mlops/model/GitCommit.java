package dev.mlops.model;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Reads the commit checked out in a git work tree from the files under {@code .git}, without running
 * git: {@code HEAD}, then a loose ref or {@code packed-refs}; linked work trees ({@code .git} is a
 * file) are followed to their common directory.
 */
final class GitCommit {

    private GitCommit() {
    }

    static Optional<String> find(Path start) {
        try {
            for (Path dir = start.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
                Path dotGit = dir.resolve(".git");
                if (Files.isDirectory(dotGit)) {
                    return resolve(dotGit, dotGit);
                }
                if (Files.isRegularFile(dotGit)) {
                    String line = Files.readString(dotGit, StandardCharsets.UTF_8).strip();
                    if (!line.startsWith("gitdir:")) {
                        return Optional.empty();
                    }
                    Path gitDir = dir.resolve(line.substring("gitdir:".length()).strip()).normalize();
                    Path commonFile = gitDir.resolve("commondir");
                    Path common = Files.isRegularFile(commonFile)
                            ? gitDir.resolve(Files.readString(commonFile, StandardCharsets.UTF_8).strip()).normalize() : gitDir;
                    return resolve(gitDir, common);
                }
            }
        } catch (IOException | RuntimeException e) {
            // no commit rather than a failed build: the commit is informational
        }
        return Optional.empty();
    }

    private static Optional<String> resolve(Path gitDir, Path commonDir) throws IOException {
        String head = Files.readString(gitDir.resolve("HEAD"), StandardCharsets.UTF_8).strip();
        if (!head.startsWith("ref:")) {
            return commit(head);
        }
        String ref = head.substring(4).strip();
        for (Path base : List.of(gitDir, commonDir)) {
            Path loose = base.resolve(ref);
            if (Files.isRegularFile(loose)) {
                return commit(Files.readString(loose, StandardCharsets.UTF_8).strip());
            }
        }
        Path packed = commonDir.resolve("packed-refs");
        if (Files.isRegularFile(packed)) {
            for (String line : Files.readAllLines(packed, StandardCharsets.UTF_8)) {
                if (line.endsWith(" " + ref)) {
                    return commit(line.substring(0, line.indexOf(' ')));
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<String> commit(String text) {
        return text.matches("[0-9a-f]{40}([0-9a-f]{24})?") ? Optional.of(text) : Optional.empty();
    }
}
