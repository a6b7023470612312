package dev.aurelis.storage.postgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive lock on the embedded PostgreSQL's data directory ({@code <data-dir>/postgres.lock}), held by the server for as long as it runs and
 * released by the operating system when the process dies, however it dies. Holding it proves that a postmaster
 * still running on the directory belongs to no live server: it is an orphan, safe to stop.
 */
final class DataDirectoryLock implements AutoCloseable {

    private final FileChannel channel;
    private final FileLock lock;

    private DataDirectoryLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    static DataDirectoryLock acquire(Path directory) {
        // beside the directory, not in it: initdb wants an empty directory
        Path file = directory.resolveSibling(directory.getFileName() + ".lock");
        try {
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException sameProcess) {
                lock = null; // a server in this very JVM holds it
            }
            if (lock == null) {
                channel.close();
                throw new IllegalStateException("Another Aurelis server is running with its database in " + directory
                        + ": stop it first, or give this one a data directory of its own (AURELIS_DATA_DIR)");
            }
            return new DataDirectoryLock(channel, lock);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not lock " + file, e);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
