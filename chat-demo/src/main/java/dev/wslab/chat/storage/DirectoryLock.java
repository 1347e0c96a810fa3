package dev.wslab.chat.storage;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive lock on a data directory ({@code <dir>/wslab.lock}), held by the one server using
 * it. The operating system releases it when the process dies, so a killed server never leaves a
 * stale lock behind.
 */
final class DirectoryLock {

    private final FileChannel channel;
    private final FileLock lock;

    private DirectoryLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes the lock of {@code dir}, or fails with a message naming {@code shownAs}. */
    static DirectoryLock acquire(Path dir, String shownAs) {
        FileChannel channel;
        try {
            channel = FileChannel.open(dir.resolve("wslab.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new StorageException("cannot write in the data directory " + shownAs + ": " + e.getMessage(), e);
        }
        FileLock lock;
        try {
            lock = channel.tryLock(); // null: another process holds it
        } catch (OverlappingFileLockException | IOException e) {
            lock = null;               // OverlappingFileLockException: another server in this JVM holds it
        }
        if (lock == null) {
            closeQuietly(channel);
            throw new StorageException("the data directory " + shownAs + " is in use by another wslab chat server;"
                    + " stop that one or start this one with another --data-dir");
        }
        return new DirectoryLock(channel, lock);
    }

    void release() {
        try {
            lock.release();
        } catch (IOException | RuntimeException e) {
            // The channel's close below releases it too.
        }
        closeQuietly(channel);
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // Nothing left to do; the process exit releases the lock in any case.
        }
    }
}
