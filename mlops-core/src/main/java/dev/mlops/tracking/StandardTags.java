package dev.mlops.tracking;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tag names for what every run should record, using MLflow's system tag names where MLflow has
 * one ({@code mlflow.*}) and {@code mlops.*} otherwise, and helpers that collect them: the git
 * commit, branch, remote and dirty flag of the working tree, and the Java, OS and library versions.
 */
public final class StandardTags {

    private static final Logger LOG = LoggerFactory.getLogger(StandardTags.class);

    /** MLflow: the run's display name. */
    public static final String RUN_NAME = "mlflow.runName";
    /** MLflow: the id of the parent run of a nested run. */
    public static final String PARENT_RUN_ID = "mlflow.parentRunId";
    /** MLflow: the user who started the run. */
    public static final String USER = "mlflow.user";
    /** MLflow: the source that produced the run (e.g. the project or main class). */
    public static final String SOURCE_NAME = "mlflow.source.name";
    /** MLflow: the kind of source: NOTEBOOK, JOB, PROJECT, LOCAL or UNKNOWN. */
    public static final String SOURCE_TYPE = "mlflow.source.type";
    /** MLflow: the git commit of the source. */
    public static final String GIT_COMMIT = "mlflow.source.git.commit";
    /** MLflow: the git branch of the source. */
    public static final String GIT_BRANCH = "mlflow.source.git.branch";
    /** MLflow: the git remote URL of the source (credentials removed). */
    public static final String GIT_REPO_URL = "mlflow.source.git.repoURL";
    /** MLflow: the run's description, shown in the UI as its note. */
    public static final String NOTE = "mlflow.note.content";
    /** "true" when the work tree had uncommitted changes (tracked or untracked, not ignored). */
    public static final String GIT_DIRTY = "mlops.git.dirty";
    /** The Java runtime version. */
    public static final String JAVA_VERSION = "mlops.java.version";
    /** The Java runtime vendor. */
    public static final String JAVA_VENDOR = "mlops.java.vendor";
    /** The operating system name. */
    public static final String OS_NAME = "mlops.os.name";
    /** The operating system version. */
    public static final String OS_VERSION = "mlops.os.version";
    /** The CPU architecture. */
    public static final String OS_ARCH = "mlops.os.arch";
    /** The Tribuo version. */
    public static final String TRIBUO_VERSION = "mlops.tribuo.version";
    /** The fingerprint of the training dataset. */
    public static final String DATASET_FINGERPRINT = "mlops.dataset.fingerprint";
    /** On a sweep's child run: "true" for the configuration the sweep chose. */
    public static final String SWEEP_CHOSEN = "mlops.sweep.chosen";
    /** On a sweep's parent run: the id of the chosen child run. */
    public static final String SWEEP_CHOSEN_RUN_ID = "mlops.sweep.chosenRunId";

    private static final Pattern CREDENTIALS = Pattern.compile("^([a-zA-Z][a-zA-Z0-9+.-]*://)[^/@]*@");
    private static final Pattern SHA = Pattern.compile("[0-9a-f]{40}([0-9a-f]{24})?");
    private static final long GIT_TIMEOUT_SECONDS = 10;

    private StandardTags() {
    }

    /**
     * Everything this class knows for a run started from {@code workDir}: {@link #environment()},
     * {@link #git(Path)}, the user and source type LOCAL.
     *
     * @param workDir the directory the build or program runs in
     * @return tags by name
     */
    public static Map<String, String> collect(Path workDir) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put(USER, System.getProperty("user.name", ""));
        tags.put(SOURCE_TYPE, "LOCAL");
        tags.putAll(environment());
        tags.putAll(git(workDir));
        return tags;
    }

    /**
     * The Java, OS and Tribuo versions.
     *
     * @return tags by name
     */
    public static Map<String, String> environment() {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put(JAVA_VERSION, System.getProperty("java.runtime.version", System.getProperty("java.version")));
        tags.put(JAVA_VENDOR, System.getProperty("java.vendor", ""));
        tags.put(OS_NAME, System.getProperty("os.name", ""));
        tags.put(OS_VERSION, System.getProperty("os.version", ""));
        tags.put(OS_ARCH, System.getProperty("os.arch", ""));
        tags.put(TRIBUO_VERSION, org.tribuo.Tribuo.VERSION);
        return tags;
    }

    /**
     * Git facts of the work tree containing {@code dir}: commit, branch (omitted when detached),
     * remote "origin" URL without credentials, and the dirty flag. Runs {@code git} when it is on
     * the PATH; otherwise reads {@code .git} directly, which gives commit, branch and remote but
     * not the dirty flag (it needs the index). Empty outside a git work tree or before the first
     * commit.
     *
     * @param dir a directory inside the work tree
     * @return tags by name
     */
    public static Map<String, String> git(Path dir) {
        Optional<Map<String, String>> viaCommand = gitCommand(dir);
        return viaCommand.orElseGet(() -> gitFiles(dir));
    }

    /** Via the git executable; empty when git cannot be run at all. */
    static Optional<Map<String, String>> gitCommand(Path dir) {
        Map<String, String> tags = new LinkedHashMap<>();
        Optional<String> commit;
        try {
            Optional<String> inside = run(dir, "rev-parse", "--is-inside-work-tree");
            if (inside.isEmpty() || !inside.get().equals("true")) {
                return Optional.of(tags);
            }
            commit = run(dir, "rev-parse", "HEAD");
            if (commit.isEmpty()) {
                return Optional.of(tags); // no commit yet
            }
            tags.put(GIT_COMMIT, commit.get());
            run(dir, "symbolic-ref", "--short", "-q", "HEAD").ifPresent(b -> tags.put(GIT_BRANCH, b));
            run(dir, "config", "--get", "remote.origin.url").ifPresent(u -> tags.put(GIT_REPO_URL, withoutCredentials(u)));
            run(dir, "status", "--porcelain").ifPresent(s -> tags.put(GIT_DIRTY, String.valueOf(!s.isEmpty())));
            return Optional.of(tags);
        } catch (IOException e) {
            LOG.debug("git is not available ({}); reading .git directly", e.toString());
            return Optional.empty();
        }
    }

    /** Runs git; empty for a non-zero exit; IOException when git cannot be started. */
    private static Optional<String> run(Path dir, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add("git");
        command.add("-C");
        command.add(dir.toAbsolutePath().toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (InputStream out = process.getInputStream()) {
            String text = new String(out.readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!process.waitFor(GIT_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("git " + String.join(" ", args) + " did not finish in " + GIT_TIMEOUT_SECONDS
                        + " s");
            }
            return process.exitValue() == 0 ? Optional.of(text) : Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IOException("interrupted while running git", e);
        }
    }

    /** By reading {@code .git}: HEAD, loose and packed refs, the origin URL of the config. */
    static Map<String, String> gitFiles(Path dir) {
        Map<String, String> tags = new LinkedHashMap<>();
        try {
            Path gitDir = findGitDir(dir.toAbsolutePath().normalize());
            if (gitDir == null) {
                return tags;
            }
            Path commonDir = gitDir;
            Path commonFile = gitDir.resolve("commondir");
            if (Files.isRegularFile(commonFile)) { // a linked work tree shares refs with the main one
                commonDir = gitDir.resolve(Files.readString(commonFile).strip()).normalize();
            }
            String head = Files.readString(gitDir.resolve("HEAD")).strip();
            String commit;
            if (head.startsWith("ref:")) {
                String ref = head.substring(4).strip();
                commit = resolveRef(ref, gitDir, commonDir);
                if (ref.startsWith("refs/heads/")) {
                    tags.put(GIT_BRANCH, ref.substring("refs/heads/".length()));
                }
            } else {
                commit = head;
            }
            if (commit == null || !SHA.matcher(commit).matches()) {
                tags.remove(GIT_BRANCH);
                return tags; // no commit yet
            }
            Map<String, String> result = new LinkedHashMap<>();
            result.put(GIT_COMMIT, commit);
            result.putAll(tags);
            originUrl(commonDir.resolve("config")).ifPresent(u -> result.put(GIT_REPO_URL, withoutCredentials(u)));
            return result;
        } catch (IOException e) {
            LOG.warn("Could not read git metadata above {}: {}", dir, e.toString());
            return new LinkedHashMap<>();
        }
    }

    private static Path findGitDir(Path dir) throws IOException {
        for (Path d = dir; d != null; d = d.getParent()) {
            Path dotGit = d.resolve(".git");
            if (Files.isDirectory(dotGit)) {
                return dotGit;
            }
            if (Files.isRegularFile(dotGit)) { // "gitdir: <path>" in linked work trees and submodules
                String content = Files.readString(dotGit).strip();
                if (content.startsWith("gitdir:")) {
                    return d.resolve(content.substring("gitdir:".length()).strip()).normalize();
                }
            }
        }
        return null;
    }

    private static String resolveRef(String ref, Path gitDir, Path commonDir) throws IOException {
        for (Path base : List.of(gitDir, commonDir)) {
            Path loose = base.resolve(ref);
            if (Files.isRegularFile(loose)) {
                return Files.readString(loose).strip();
            }
        }
        Path packed = commonDir.resolve("packed-refs");
        if (Files.isRegularFile(packed)) {
            for (String line : Files.readAllLines(packed)) {
                String[] parts = line.strip().split(" ");
                if (parts.length == 2 && parts[1].equals(ref)) {
                    return parts[0];
                }
            }
        }
        return null;
    }

    private static Optional<String> originUrl(Path config) throws IOException {
        if (!Files.isRegularFile(config)) {
            return Optional.empty();
        }
        boolean inOrigin = false;
        Pattern section = Pattern.compile("\\s*\\[\\s*remote\\s+\"origin\"\\s*]\\s*");
        Pattern url = Pattern.compile("\\s*url\\s*=\\s*(.*?)\\s*");
        for (String line : Files.readAllLines(config)) {
            if (line.strip().startsWith("[")) {
                inOrigin = section.matcher(line).matches();
                continue;
            }
            Matcher m = url.matcher(line);
            if (inOrigin && m.matches()) {
                return Optional.of(m.group(1));
            }
        }
        return Optional.empty();
    }

    /** Removes {@code user:password@} from a URL so no credential ends up in a tag. */
    static String withoutCredentials(String url) {
        return CREDENTIALS.matcher(url).replaceFirst("$1");
    }
}
