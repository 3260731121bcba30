package dev.mlops.serving;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls a folder and swaps to its newest model bundle (an {@code .mlbundle} zip or a bundle directory;
 * by modification time, then name) whenever that changes. A bundle that fails to load or to pass its
 * checks is not retried until it changes again; the served model stays. Polling rather than file events: it behaves the same on every file system,
 * including mounted volumes.
 */
final class DirectoryWatcher {

    private static final Logger LOG = LoggerFactory.getLogger(DirectoryWatcher.class);

    /** Loads and swaps to a model. */
    @FunctionalInterface
    interface Swapper {
        ModelInfo swap(Path source) throws IOException;
    }

    /** An entry and its modification time: a new pair means something new to load. */
    private record Seen(Path path, FileTime modified) {
    }

    private final Path dir;
    private final Duration interval;
    private final Swapper swapper;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "mlops-watch");
        t.setDaemon(true);
        return t;
    });
    private Seen last; // only touched by the timer thread after start()

    DirectoryWatcher(Path dir, Duration interval, Swapper swapper) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("watched folder '" + dir + "' does not exist or is not a folder");
        }
        this.dir = dir;
        this.interval = interval;
        this.swapper = swapper;
    }

    void start() {
        LOG.info("Watching {} for new models every {} ms", dir, interval.toMillis());
        timer.scheduleWithFixedDelay(this::poll, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    void stop() {
        timer.shutdownNow();
    }

    /** One look at the folder; never throws, so the schedule keeps running. */
    void poll() {
        try {
            Optional<Seen> newest = newest();
            if (newest.isEmpty() || newest.get().equals(last)) {
                return;
            }
            last = newest.get();
            LOG.info("Watched folder has a new model: {}", last.path());
            swapper.swap(last.path());
        } catch (IOException | RuntimeException e) {
            LOG.warn("Watched model {} was not swapped in: {}", last == null ? dir : last.path(), e.getMessage());
        }
    }

    private Optional<Seen> newest() throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(ModelLoader::isCandidate).map(p -> {
                try {
                    return new Seen(p, ModelLoader.modified(p));
                } catch (IOException e) {
                    return null; // vanished while listing
                }
            }).filter(java.util.Objects::nonNull)
                    .max(Comparator.comparing(Seen::modified).thenComparing(s -> s.path().getFileName().toString()));
        }
    }
}
