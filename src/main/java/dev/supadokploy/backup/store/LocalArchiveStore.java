package dev.supadokploy.backup.store;

import dev.supadokploy.errors.SupaException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A local directory: an archive is written under a hidden temporary name (mode 0600), synced and renamed when
 * committed, so a crash never leaves a file that looks like a backup. Side objects are {@code NAME.KIND} files.
 */
public final class LocalArchiveStore implements ArchiveStore {
    private final Path directory;

    public LocalArchiveStore(Path directory) {
        this.directory = directory.toAbsolutePath();
    }

    public Path directory() {
        return directory;
    }

    public Path path(String name) {
        return directory.resolve(name);
    }

    @Override
    public String location() {
        return directory.toString();
    }

    @Override
    public String locate(String name) {
        return path(name).toString();
    }

    @Override
    public Pending create(String name) throws IOException {
        Path target = path(name);
        Path temporary = directory.resolve(
                "." + name + ".partial-" + ProcessHandle.current().pid());
        if (Files.exists(target)) {
            throw SupaException.invalidInput(
                    target + " already exists", "Choose another --output-path, or give a directory.");
        }
        Files.createDirectories(directory);
        Files.deleteIfExists(temporary);
        createPrivate(temporary);
        FileChannel channel = FileChannel.open(temporary, Set.of(StandardOpenOption.WRITE));
        OutputStream out = Channels.newOutputStream(channel);
        return new Pending() {
            private boolean committed;

            @Override
            public OutputStream stream() {
                return out;
            }

            @Override
            public long commit(byte[] marker) throws IOException {
                channel.force(true);
                long size = channel.size();
                channel.close();
                move(temporary, target);
                committed = true;
                return size;
            }

            @Override
            public void close() {
                if (committed) {
                    return;
                }
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // removing it is what matters
                }
                try {
                    Files.deleteIfExists(temporary);
                } catch (IOException ignored) {
                    // nothing more to do: the name marks it as partial
                }
            }
        };
    }

    @Override
    public InputStream open(String name) throws IOException {
        return Files.newInputStream(path(name));
    }

    @Override
    public long size(String name) throws IOException {
        return Files.size(path(name));
    }

    /** Regular files not hidden (temporary ones are) and not side objects of another file. */
    @Override
    public List<String> list() throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(Files::isRegularFile)
                    .map(p -> p.getFileName().toString())
                    .filter(n -> !n.startsWith(".") && !n.endsWith("." + VERIFIED))
                    .sorted()
                    .toList();
        }
    }

    @Override
    public void delete(String name) throws IOException {
        Files.deleteIfExists(path(name));
        Files.deleteIfExists(path(name + "." + VERIFIED));
    }

    @Override
    public Optional<byte[]> readSide(String name, String kind) throws IOException {
        try {
            return Optional.of(Files.readAllBytes(path(name + "." + kind)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /** Written under a temporary name with mode 0600 and renamed: never half a mark, never readable by others. */
    @Override
    public void writeSide(String name, String kind, byte[] content) throws IOException {
        Path target = path(name + "." + kind);
        Path temporary = directory.resolve(
                "." + name + "." + kind + ".partial-" + ProcessHandle.current().pid());
        Files.deleteIfExists(temporary);
        createPrivate(temporary);
        try {
            Files.write(temporary, content, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
            move(temporary, target);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static void createPrivate(Path file) throws IOException {
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
