package dev.supadokploy.ops.backup;

import dev.supadokploy.errors.ErrorCode;
import dev.supadokploy.errors.SupaException;
import dev.supadokploy.ops.OperationContext;
import dev.supadokploy.util.StateDirectory;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps two {@code backup create} runs to the same location from overlapping (a cron job that outlasts its interval, a
 * manual run during the nightly one): an OS lock ({@link FileChannel#tryLock}) on a lock file in the output directory,
 * which the OS releases when the process ends however it ends, so no stale lock outlives a crash. The file says who
 * holds it (pid and start), for the refusal's message; it stays in place, emptied, because deleting a lock file races
 * with the next run that opened it.
 *
 * <p>Within one JVM (an MCP server running two calls) the lock is kept in a map as well: on Linux the locks are POSIX
 * record locks, which belong to the process, and closing any descriptor of the file drops them, so a second run in the
 * same process must not even open the file.
 */
final class BackupLock implements AutoCloseable {
    /** In the output directory, beside the archives (which backup list and prune read by their extension only). */
    static final String FILE = ".supa-dokploy-backup.lock";

    private static final Map<Path, String> HELD_HERE = new ConcurrentHashMap<>();

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private BackupLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /** The lock of a local output directory. */
    static BackupLock ofDirectory(Path directory, String location, OperationContext ctx) {
        return acquire(directory.resolve(FILE), location, ctx);
    }

    /**
     * The lock of a location that is not a local directory (an {@code s3://} URL): a file in the state directory named
     * by the location's SHA-256, so runs on this host to the same location exclude each other.
     */
    static BackupLock ofRemote(String location, OperationContext ctx) {
        String name;
        try {
            name = java.util.HexFormat.of()
                    .formatHex(java.security.MessageDigest.getInstance("SHA-256")
                            .digest(location.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return acquire(StateDirectory.of(ctx.env()).resolve("backup-locks").resolve(name + ".lock"), location, ctx);
    }

    /**
     * Takes the lock in {@code file} for the output location {@code location}, at once or not at all.
     *
     * @throws SupaException BACKUP_LOCKED when another run holds it, naming its pid and start
     */
    static BackupLock acquire(Path file, String location, OperationContext ctx) {
        Path key = file.toAbsolutePath().normalize();
        String holder = "pid " + ProcessHandle.current().pid() + " since "
                + ctx.clock().instant().truncatedTo(ChronoUnit.SECONDS);
        String other = HELD_HERE.putIfAbsent(key, holder);
        if (other != null) {
            throw locked(location, other, key);
        }
        FileChannel channel = null;
        try {
            Files.createDirectories(key.getParent());
            channel =
                    FileChannel.open(key, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null; // held in this JVM outside this class: still another run's
            }
            if (lock == null) {
                String theirs = read(channel);
                channel.close();
                throw locked(location, theirs.isBlank() ? "pid unknown" : theirs, key);
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((holder + "\n").getBytes(StandardCharsets.UTF_8)), 0);
            return new BackupLock(key, channel, lock);
        } catch (IOException e) {
            HELD_HERE.remove(key);
            closeQuietly(channel);
            throw new SupaException(
                    ErrorCode.BACKUP_WRITE_FAILED,
                    "Cannot take the backup lock " + key + ": " + e.getMessage(),
                    "Check that the output directory exists or can be made, and is writable; nothing was written.",
                    e);
        } catch (RuntimeException e) {
            HELD_HERE.remove(key);
            throw e;
        }
    }

    private static String read(FileChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(512);
        channel.read(buffer, 0);
        return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8).strip();
    }

    private static SupaException locked(String location, String holder, Path file) {
        return new SupaException(
                ErrorCode.BACKUP_LOCKED,
                "Another backup create of " + location + " is running (" + holder + ")",
                "Wait for it to finish (a cron schedule shorter than a backup takes makes runs overlap); nothing was "
                        + "read or written. The lock is " + file + "; the OS releases it when its process ends.",
                Map.of("lockFile", file.toString(), "holder", holder),
                null);
    }

    /** Emptied (it said who held it), then released; the file stays. */
    @Override
    public void close() {
        try {
            channel.truncate(0);
        } catch (IOException ignored) {
            // the release below is what matters
        }
        try {
            lock.release();
        } catch (IOException ignored) {
            // closing the channel releases it too
        }
        closeQuietly(channel);
        HELD_HERE.remove(file);
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing held through it any more
        }
    }
}
