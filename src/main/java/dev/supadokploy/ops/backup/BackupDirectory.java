package dev.supadokploy.ops.backup;

import dev.supadokploy.backup.ArchiveFormat;
import dev.supadokploy.backup.ArchiveHeader;
import dev.supadokploy.backup.ArchiveReader;
import dev.supadokploy.errors.ErrorCode;
import dev.supadokploy.errors.SupaException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** The archives in a directory (not its subdirectories), read by their preambles alone: no key needed. */
final class BackupDirectory {
    private BackupDirectory() {}

    /**
     * The archive of {@code directory} whose backup id is {@code id}, or the one whose id starts with it (a file name
     * in the directory works too).
     *
     * @throws SupaException BACKUP_NOT_FOUND when none or several match, naming the candidates
     */
    static Path find(String directory, String id) {
        if (id == null || id.isBlank()) {
            throw SupaException.invalidInput(
                    "No backup id given",
                    "Name the backup by its id, as supa-dokploy backup list " + directory + " shows it.");
        }
        List<BackupListOperation.Entry> entries = read(directory);
        Path named = BackupLocation.local(directory).resolve(id);
        if (!id.contains("/") && Files.isRegularFile(named)) {
            return named;
        }
        List<BackupListOperation.Entry> exact =
                entries.stream().filter(e -> id.equals(e.backupId())).toList();
        List<BackupListOperation.Entry> matches = exact.isEmpty()
                ? entries.stream()
                        .filter(e -> e.backupId() != null && e.backupId().startsWith(id))
                        .toList()
                : exact;
        if (matches.size() == 1) {
            return Path.of(matches.get(0).file());
        }
        List<String> candidates = (matches.isEmpty() ? entries : matches)
                .stream()
                        .filter(e -> e.backupId() != null)
                        .map(e -> e.backupId() + " (" + Path.of(e.file()).getFileName() + ")")
                        .toList();
        String shown = String.join(", ", candidates.subList(0, Math.min(10, candidates.size())))
                + (candidates.size() > 10 ? ", and " + (candidates.size() - 10) + " more" : "");
        if (matches.isEmpty()) {
            throw new SupaException(
                    ErrorCode.BACKUP_NOT_FOUND,
                    "No backup in " + directory + " has the id " + id,
                    candidates.isEmpty()
                            ? "The directory holds no readable backup (*" + ArchiveFormat.EXTENSION + ")."
                            : "Backups there, newest first: " + shown + ".",
                    java.util.Map.of("candidates", candidates),
                    null);
        }
        throw new SupaException(
                ErrorCode.BACKUP_NOT_FOUND,
                matches.size() + " backups in " + directory + " match the id " + id + ": " + shown,
                "Give more of the id, or the file itself.",
                java.util.Map.of("candidates", candidates),
                null);
    }

    static List<BackupListOperation.Entry> read(String directory) {
        if (directory == null || directory.isBlank()) {
            throw SupaException.invalidInput("No directory given", "Name the directory holding the backups.");
        }
        Path dir = BackupLocation.local(directory);
        if (!Files.isDirectory(dir)) {
            throw SupaException.invalidInput(dir + " is not a directory", "Name the directory holding the backups.");
        }
        List<BackupListOperation.Entry> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(
                            p -> p.getFileName().toString().endsWith(ArchiveFormat.EXTENSION) && Files.isRegularFile(p))
                    .sorted()
                    .toList()) {
                long size = Files.size(f);
                try {
                    ArchiveHeader h = ArchiveReader.readHeader(f);
                    out.add(new BackupListOperation.Entry(
                            f.toString(),
                            h.backupId(),
                            h.createdAt(),
                            h.source(),
                            h.sourceServerVersion(),
                            size,
                            h.compression(),
                            h.encrypted(),
                            h.encrypted() ? h.encryption().keyFingerprint() : null,
                            "ok"));
                } catch (SupaException e) {
                    out.add(new BackupListOperation.Entry(
                            f.toString(),
                            null,
                            null,
                            null,
                            null,
                            size,
                            null,
                            false,
                            null,
                            e.code().name()));
                }
            }
        } catch (IOException e) {
            throw SupaException.invalidInput(
                    "Cannot read " + dir + ": " + e.getMessage(), "Check the directory's permissions.");
        }
        out.sort(Comparator.comparing(
                        BackupListOperation.Entry::createdAt, Comparator.nullsLast(Comparator.reverseOrder()))
                .thenComparing(BackupListOperation.Entry::file));
        return out;
    }
}
