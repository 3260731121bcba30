package dev.mlops.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StandardTagsTest {

    private static final String SHA = "0123456789abcdef0123456789abcdef01234567";
    private static final String SHA2 = "89abcdef0123456789abcdef0123456789abcdef";

    @TempDir
    Path tmp;

    @Test
    void environment_javaOsAndTribuoVersions() {
        Map<String, String> tags = StandardTags.environment();
        assertEquals(System.getProperty("java.runtime.version"), tags.get(StandardTags.JAVA_VERSION));
        assertEquals(System.getProperty("os.name"), tags.get(StandardTags.OS_NAME));
        assertEquals(System.getProperty("os.arch"), tags.get(StandardTags.OS_ARCH));
        assertEquals("4.3.2", tags.get(StandardTags.TRIBUO_VERSION));
        Map<String, String> all = StandardTags.collect(tmp);
        assertEquals(System.getProperty("user.name"), all.get(StandardTags.USER));
        assertEquals("LOCAL", all.get(StandardTags.SOURCE_TYPE));
        assertTrue(all.keySet().stream().allMatch(k -> k.startsWith("mlflow.") || k.startsWith("mlops.")));
    }

    @Test
    void gitFiles_looseRefBranchAndOriginWithoutCredentials() throws IOException {
        Path repo = Files.createDirectories(tmp.resolve("repo"));
        Path git = Files.createDirectories(repo.resolve(".git/refs/heads/feature"));
        Files.writeString(repo.resolve(".git/HEAD"), "ref: refs/heads/feature/x\n");
        Files.writeString(git.resolve("x"), SHA + "\n");
        Files.writeString(repo.resolve(".git/config"), "[core]\n\tbare = false\n[remote \"upstream\"]\n\turl = no\n"
                + "[remote \"origin\"]\n\turl = https://user:tok3n@example.com/team/repo.git\n");
        Path sub = Files.createDirectories(repo.resolve("module/src"));
        assertEquals(Map.of(StandardTags.GIT_COMMIT, SHA, StandardTags.GIT_BRANCH, "feature/x",
                StandardTags.GIT_REPO_URL, "https://example.com/team/repo.git"), StandardTags.gitFiles(sub));
    }

    @Test
    void gitFiles_packedRefs_detachedHead_andLinkedWorkTree() throws IOException {
        Path main = Files.createDirectories(tmp.resolve("main/.git"));
        Files.writeString(main.resolve("HEAD"), "ref: refs/heads/main\n");
        Files.writeString(main.resolve("packed-refs"), "# pack-refs with: peeled fully-peeled sorted\n" + SHA
                + " refs/heads/main\n" + SHA2 + " refs/heads/topic\n");
        assertEquals(Map.of(StandardTags.GIT_COMMIT, SHA, StandardTags.GIT_BRANCH, "main"),
                StandardTags.gitFiles(main.getParent()));

        Path wtGit = Files.createDirectories(main.resolve("worktrees/wt"));
        Files.writeString(wtGit.resolve("HEAD"), "ref: refs/heads/topic\n");
        Files.writeString(wtGit.resolve("commondir"), "../..\n");
        Path wt = Files.createDirectories(tmp.resolve("wt"));
        Files.writeString(wt.resolve(".git"), "gitdir: " + wtGit + "\n");
        assertEquals(Map.of(StandardTags.GIT_COMMIT, SHA2, StandardTags.GIT_BRANCH, "topic"),
                StandardTags.gitFiles(wt));

        Files.writeString(main.resolve("HEAD"), SHA2 + "\n");
        assertEquals(Map.of(StandardTags.GIT_COMMIT, SHA2), StandardTags.gitFiles(main.getParent()),
                "detached: no branch");
        Files.writeString(main.resolve("HEAD"), "ref: refs/heads/unborn\n");
        assertEquals(Map.of(), StandardTags.gitFiles(main.getParent()), "no commit yet");
        assertEquals(Map.of(), StandardTags.gitFiles(Files.createDirectories(tmp.resolve("plain"))));
    }

    @Test
    void gitCommand_agreesWithDotGitReading_andSeesDirtyTree() throws Exception {
        Path repo = Files.createDirectories(tmp.resolve("real"));
        Assumptions.assumeTrue(git(repo, "init", "-q", "-b", "trunk"), "git is not installed");
        Files.writeString(repo.resolve("a.txt"), "a");
        assertTrue(git(repo, "add", "a.txt"));
        assertTrue(git(repo, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "one"));
        assertTrue(git(repo, "remote", "add", "origin", "https://bot:secret@git.example/r.git"));
        Map<String, String> viaGit = StandardTags.gitCommand(repo).orElseThrow();
        assertEquals("false", viaGit.get(StandardTags.GIT_DIRTY));
        assertEquals("trunk", viaGit.get(StandardTags.GIT_BRANCH));
        assertEquals("https://git.example/r.git", viaGit.get(StandardTags.GIT_REPO_URL));
        Map<String, String> viaFiles = StandardTags.gitFiles(repo);
        assertEquals(viaFiles.get(StandardTags.GIT_COMMIT), viaGit.get(StandardTags.GIT_COMMIT));
        assertTrue(viaGit.get(StandardTags.GIT_COMMIT).matches("[0-9a-f]{40}"));
        Files.writeString(repo.resolve("a.txt"), "changed");
        assertEquals("true", StandardTags.git(repo).get(StandardTags.GIT_DIRTY));
        assertEquals(Map.of(), StandardTags.gitCommand(Files.createDirectories(tmp.resolve("none"))).orElseThrow());
    }

    private static boolean git(Path dir, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("git", "-C", dir.toString()));
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        }
    }
}
