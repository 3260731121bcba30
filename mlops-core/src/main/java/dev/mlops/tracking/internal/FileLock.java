package dev.mlops.tracking.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An exclusive lock on a lock file, held against other threads of this JVM and against other
 * processes. {@link FileChannel#lock()} alone only excludes other processes (a second lock from the
 * same JVM throws), so each lock file also has an in-JVM {@link ReentrantLock}. The operating
 * system releases the file lock when the holding process dies, so a killed writer never leaves
 * the store locked.
 */
public final class FileLock implements AutoCloseable {

    /** In-JVM locks by lock file, removed when no thread uses them so the map does not grow. */
    private static final Map<Path, Holder> HOLDERS = new HashMap<>();

    private static final class Holder {
        final ReentrantLock lock = new ReentrantLock();
        int users;
    }

    /**
     * Work done while holding a lock.
     *
     * @param <T> the result type
     */
    @FunctionalInterface
    public interface Action<T> {
        /**
         * Does the work.
         *
         * @return the result
         * @throws IOException when the work fails
         */
        T run() throws IOException;
    }

    private final Path key;
    private final Holder holder;
    private final FileChannel channel;

    private FileLock(Path key, Holder holder, FileChannel channel) {
        this.key = key;
        this.holder = holder;
        this.channel = channel;
    }

    /**
     * Blocks until the lock on {@code lockFile} is held, creating the file and its parent
     * directories when missing.
     *
     * @param lockFile the lock file
     * @return the held lock; close it to release
     * @throws IOException when the lock file cannot be created or locked
     * @throws IllegalStateException when the calling thread already holds this lock
     */
    public static FileLock acquire(Path lockFile) throws IOException {
        Path key = lockFile.toAbsolutePath().normalize();
        Holder holder;
        synchronized (HOLDERS) {
            holder = HOLDERS.computeIfAbsent(key, k -> new Holder());
            if (holder.lock.isHeldByCurrentThread()) {
                throw new IllegalStateException("lock " + key + " is already held by this thread");
            }
            holder.users++;
        }
        holder.lock.lock();
        FileChannel channel = null;
        try {
            try {
                channel = FileChannel.open(key, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            } catch (java.nio.file.NoSuchFileException e) {
                Files.createDirectories(key.getParent());
                channel = FileChannel.open(key, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            }
            channel.lock();
            return new FileLock(key, holder, channel);
        } catch (IOException | RuntimeException e) {
            if (channel != null) {
                channel.close();
            }
            release(key, holder);
            throw e;
        }
    }

    /**
     * Runs {@code action} while holding the lock on {@code lockFile}.
     *
     * @param lockFile the lock file
     * @param action   the work
     * @param <T>      the result type
     * @return what the action returned
     * @throws IOException when locking or the action fails
     */
    public static <T> T locked(Path lockFile, Action<T> action) throws IOException {
        FileLock lock = acquire(lockFile);
        try {
            return action.run();
        } finally {
            lock.close();
        }
    }

    /** Releases the lock. */
    @Override
    public void close() throws IOException {
        try {
            channel.close(); // closing the channel releases the file lock
        } finally {
            release(key, holder);
        }
    }

    private static void release(Path key, Holder holder) {
        holder.lock.unlock();
        synchronized (HOLDERS) {
            if (--holder.users == 0) {
                HOLDERS.remove(key);
            }
        }
    }
}
