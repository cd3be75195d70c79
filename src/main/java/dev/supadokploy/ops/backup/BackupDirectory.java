package dev.supadokploy.ops.backup;

import com.fasterxml.jackson.databind.JsonNode;
import dev.supadokploy.backup.ArchiveFormat;
import dev.supadokploy.backup.ArchiveHeader;
import dev.supadokploy.backup.ArchiveReader;
import dev.supadokploy.backup.store.ArchiveStore;
import dev.supadokploy.errors.ErrorCode;
import dev.supadokploy.errors.SupaException;
import dev.supadokploy.util.Json;
import dev.supadokploy.util.Version;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The archives of a directory or S3 prefix (not deeper), read by their preambles alone: no key needed. Each may carry
 * a verified mark, a side object {@code NAME.verified} written when {@code backup verify} passed.
 */
final class BackupDirectory {
    private BackupDirectory() {}

    /**
     * The archive of {@code store} whose backup id is {@code id}, or the one whose id starts with it (a file name in
     * the directory works too).
     *
     * @throws SupaException BACKUP_NOT_FOUND when none or several match, naming the candidates
     */
    static String find(ArchiveStore store, String id) {
        String directory = store.location();
        if (id == null || id.isBlank()) {
            throw SupaException.invalidInput(
                    "No backup id given",
                    "Name the backup by its id, as supa-dokploy backup list " + directory + " shows it.");
        }
        List<BackupListOperation.Entry> entries = read(store);
        if (!id.contains("/") && entries.stream().anyMatch(e -> e.file().equals(store.locate(id)))) {
            return id;
        }
        List<BackupListOperation.Entry> exact =
                entries.stream().filter(e -> id.equals(e.backupId())).toList();
        List<BackupListOperation.Entry> matches = exact.isEmpty()
                ? entries.stream()
                        .filter(e -> e.backupId() != null && e.backupId().startsWith(id))
                        .toList()
                : exact;
        if (matches.size() == 1) {
            return name(store, matches.get(0));
        }
        List<String> candidates = (matches.isEmpty() ? entries : matches)
                .stream()
                        .filter(e -> e.backupId() != null)
                        .map(e -> e.backupId() + " (" + name(store, e) + ")")
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
                    Map.of("candidates", candidates),
                    null);
        }
        throw new SupaException(
                ErrorCode.BACKUP_NOT_FOUND,
                matches.size() + " backups in " + directory + " match the id " + id + ": " + shown,
                "Give more of the id, or the file itself.",
                Map.of("candidates", candidates),
                null);
    }

    /** An entry's name in its store: the last part of its file (names hold no slash, locally or on S3). */
    static String name(ArchiveStore store, BackupListOperation.Entry e) {
        return e.file().substring(e.file().lastIndexOf('/') + 1);
    }

    static List<BackupListOperation.Entry> read(ArchiveStore store) {
        List<BackupListOperation.Entry> out = new ArrayList<>();
        List<String> names;
        try {
            names = store.list();
        } catch (IOException e) {
            throw SupaException.invalidInput(
                    "Cannot read " + store.location() + ": " + e.getMessage(), "Check the directory's permissions.");
        }
        for (String name : names) {
            if (!name.endsWith(ArchiveFormat.EXTENSION)) {
                continue;
            }
            String file = store.locate(name);
            try {
                long size = store.size(name);
                Instant verified = verifiedAt(store, name).orElse(null);
                try {
                    ArchiveHeader h = ArchiveReader.readHeader(store, name);
                    out.add(new BackupListOperation.Entry(
                            file,
                            h.backupId(),
                            h.createdAt(),
                            h.source(),
                            h.sourceServerVersion(),
                            size,
                            h.compression(),
                            h.encrypted(),
                            h.encrypted() ? h.encryption().keyFingerprint() : null,
                            "ok",
                            verified));
                } catch (SupaException e) {
                    if (isStoreFailure(e)) {
                        throw e;
                    }
                    out.add(new BackupListOperation.Entry(
                            file,
                            null,
                            null,
                            null,
                            null,
                            size,
                            null,
                            false,
                            null,
                            e.code().name(),
                            verified));
                }
            } catch (IOException e) {
                throw SupaException.invalidInput(
                        "Cannot read " + file + ": " + e.getMessage(), "Check the directory's permissions.");
            }
        }
        out.sort(Comparator.comparing(
                        BackupListOperation.Entry::createdAt, Comparator.nullsLast(Comparator.reverseOrder()))
                .thenComparing(BackupListOperation.Entry::file));
        return out;
    }

    /** The store could not be read at all: an error of the listing, not of one archive. */
    private static boolean isStoreFailure(SupaException e) {
        return e.code() == ErrorCode.BACKUP_STORE_DENIED
                || e.code() == ErrorCode.BACKUP_STORE_NOT_FOUND
                || e.code() == ErrorCode.BACKUP_STORE_UNREACHABLE;
    }

    /** When {@code backup verify} last passed on {@code name}, from its mark (an unreadable mark counts as none). */
    static Optional<Instant> verifiedAt(ArchiveStore store, String name) throws IOException {
        Optional<byte[]> mark = store.readSide(name, ArchiveStore.VERIFIED);
        if (mark.isEmpty()) {
            return Optional.empty();
        }
        try {
            JsonNode n = Json.MAPPER.readTree(mark.get());
            return Optional.of(Instant.parse(n.path("verifiedAt").asText()));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Records that {@code backup verify} passed: when, the file's SHA-256, which release checked it. */
    static void markVerified(ArchiveStore store, String name, String sha256, Instant at) {
        Map<String, Object> mark = new LinkedHashMap<>();
        mark.put("verifiedAt", at.toString());
        mark.put("sha256", sha256);
        mark.put("toolVersion", Version.version());
        try {
            store.writeSide(name, ArchiveStore.VERIFIED, Json.MAPPER.writeValueAsBytes(mark));
        } catch (IOException e) {
            throw new SupaException(
                    ErrorCode.BACKUP_WRITE_FAILED,
                    "The backup is valid, but its verified mark could not be written beside it: " + e.getMessage(),
                    "Check that " + store.location() + " is writable; the archive itself is untouched.",
                    e);
        }
    }
}
