package dev.supadokploy.util;

import dev.supadokploy.errors.ErrorCode;
import dev.supadokploy.errors.SupaException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Writes files that hold secrets: created with mode 0600 from the first byte (never world-readable for
 * an instant), written to a temporary name in the same directory, synced, then renamed over the target,
 * so a reader sees the old file or the new one and never half of either.
 */
public final class SecureFiles {
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private SecureFiles() {}

    public static void writeAtomically(Path target, String content) {
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = dir.resolve(
                "." + target.getFileName() + ".tmp-" + ProcessHandle.current().pid());
        try {
            Files.createDirectories(dir);
            Files.deleteIfExists(tmp);
            createOwnerOnly(tmp);
            try (var channel =
                    Files.newByteChannel(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                channel.write(java.nio.ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8)));
            }
            try (var fc = java.nio.channels.FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                fc.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // best effort: the error below is what matters
            }
            throw new SupaException(
                    ErrorCode.VALIDATION_INVALID_INPUT,
                    "Cannot write " + target + ": " + e.getMessage(),
                    "Check that the directory exists and is writable by this user.",
                    e);
        }
    }

    /** Copies a file beside itself (NAME.bak, or NAME.bak.N when taken) with mode 0600; returns the copy. */
    public static Path backup(Path file) {
        try {
            Path backup = file.resolveSibling(file.getFileName() + ".bak");
            for (int n = 1; Files.exists(backup); n++) {
                backup = file.resolveSibling(file.getFileName() + ".bak." + n);
            }
            writeAtomically(backup, Files.readString(file, StandardCharsets.UTF_8));
            return backup;
        } catch (IOException e) {
            throw new SupaException(
                    ErrorCode.VALIDATION_INVALID_INPUT,
                    "Cannot back up " + file + ": " + e.getMessage(),
                    "Check that the file is readable and its directory writable.",
                    e);
        }
    }

    private static void createOwnerOnly(Path path) throws IOException {
        try {
            Files.createFile(path, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } catch (UnsupportedOperationException e) {
            Files.createFile(path);
        } catch (FileAlreadyExistsException e) {
            throw e;
        }
    }
}
