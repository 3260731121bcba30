package dev.mlops.tracking;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Starts {@link StoreWriterMain} in a separate JVM on the test class path, so tests exercise real
 * cross-process locking and real process death ({@link Process#destroyForcibly()} is SIGKILL on
 * Unix).
 */
public final class ChildJvm implements AutoCloseable {

    /** Safety net against a hung child; not a timing assertion. */
    private static final long WAIT_SECONDS = 120;

    private final Process process;
    private final BufferedReader stdout;

    private ChildJvm(Process process) {
        this.process = process;
        this.stdout = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    /**
     * Starts a child running {@link StoreWriterMain} with the given arguments.
     *
     * @param stderr where the child's stderr goes (kept for diagnosis)
     * @param args   the arguments
     * @return the running child
     * @throws IOException when it cannot be started
     */
    public static ChildJvm start(Path stderr, String... args) throws IOException {
        String java = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"),
                "bin", "java").toString());
        List<String> command = new ArrayList<>(List.of(java, "-Xshare:auto", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), StoreWriterMain.class.getName()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
        return new ChildJvm(p);
    }

    /**
     * The next line the child printed.
     *
     * @return the line, or null at end of output
     * @throws IOException when reading fails
     */
    public String readLine() throws IOException {
        return stdout.readLine();
    }

    /**
     * Kills the child with SIGKILL and waits for it to be gone.
     *
     * @throws InterruptedException when interrupted
     */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    /**
     * Waits for the child to exit and returns everything it printed after the lines already read.
     *
     * @return the exit code
     * @throws Exception when it does not exit
     */
    public int waitFor() throws Exception {
        while (stdout.readLine() != null) {
            // drain so the child never blocks on a full pipe
        }
        if (!process.waitFor(WAIT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("child did not finish in " + WAIT_SECONDS + " s");
        }
        return process.exitValue();
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
