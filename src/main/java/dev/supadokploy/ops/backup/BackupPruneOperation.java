package dev.supadokploy.ops.backup;

import dev.supadokploy.backup.store.ArchiveStore;
import dev.supadokploy.errors.ErrorCode;
import dev.supadokploy.errors.SupaException;
import dev.supadokploy.ops.BaseOperation;
import dev.supadokploy.ops.Doc;
import dev.supadokploy.ops.OperationContext;
import dev.supadokploy.ops.OperationInfo;
import dev.supadokploy.ops.OperationInfo.Hint;
import java.io.IOException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code backup prune} / {@code prune_backups}: keep the newest N archives, the newest of each of the last D days and
 * of each of the last W ISO weeks (UTC), per source database, and always the newest verified one (so the only
 * verified backup is never deleted); delete the rest. Shows what it would delete unless confirmed (--yes; MCP:
 * confirm). Files whose preamble is unreadable are never deleted.
 */
public final class BackupPruneOperation extends BaseOperation<BackupPruneOperation.Input, BackupPruneOperation.Result> {

    public record Input(
            @Doc(value = "Directory holding the archives (*.sdbak), or s3://bucket/prefix", required = true)
            String directory,

            @Doc("Keep the newest N archives of each source")
            Integer keepLast,

            @Doc("Keep the newest archive of each of the last D days that have one (UTC)")
            Integer keepDaily,

            @Doc("Keep the newest archive of each of the last W ISO weeks that have one (UTC)")
            Integer keepWeekly,

            @Doc(
                    "For an s3:// location: a [destinations.NAME] of config.toml, or dokploy:<destinationId>; default: the "
                            + "destination whose bucket is the URL's, else the AWS environment")
            String destination) {
        /** A local directory (or an s3:// location with the default settings). */
        public Input(String directory, Integer keepLast, Integer keepDaily, Integer keepWeekly) {
            this(directory, keepLast, keepDaily, keepWeekly, null);
        }
    }

    public record Result(
            @Doc("True when files were deleted; false for the plan alone (no --yes / confirm)")
            boolean deleted,

            @Doc("Archives kept, newest first, with why") List<Kept> kept,
            @Doc("Archives deleted (or that would be)") List<String> removed,
            @Doc("Bytes freed (or that would be)") long bytesFreed) {}

    public record Kept(
            @Doc("The file") String file,

            @Doc("last, daily, weekly (the rules that keep it); verified for the newest verified backup, never deleted")
            List<String> reasons) {}

    public BackupPruneOperation() {
        super(
                Input.class,
                Result.class,
                new OperationInfo(
                        "prune_backups",
                        List.of("backup", "prune"),
                        "Prune old backups",
                        "Delete old backup archives of a directory by a retention policy: keepLast newest, the newest of each of the "
                                + "last keepDaily days and keepWeekly ISO weeks, per source database; the newest verified backup is always kept. "
                                + "Works on a directory or s3://bucket/prefix. Without confirm it only reports what "
                                + "it would delete. Never deletes a file whose preamble is unreadable. Needs --allow-writes over MCP to delete.",
                        // idempotent: a second run with the same policy finds nothing more to delete
                        Hint.DESTRUCTIVE,
                        Hint.UNTRUSTED_OUTPUT,
                        Hint.IDEMPOTENT));
    }

    @Override
    public Result run(Input input, OperationContext ctx) {
        int last = count(input.keepLast(), "keepLast");
        int daily = count(input.keepDaily(), "keepDaily");
        int weekly = count(input.keepWeekly(), "keepWeekly");
        if (last + daily + weekly == 0) {
            throw new SupaException(
                    ErrorCode.VALIDATION_MISSING_INPUT,
                    "No retention rule given: pruning would delete every backup",
                    "Give at least one of --keep-last N, --keep-daily D, --keep-weekly W.");
        }
        try (ArchiveStore store = BackupLocation.directory(input.directory(), input.destination(), ctx)) {
            return prune(store, last, daily, weekly, ctx);
        }
    }

    private Result prune(ArchiveStore store, int last, int daily, int weekly, OperationContext ctx) {
        List<BackupListOperation.Entry> entries = BackupDirectory.read(store).stream()
                .filter(e -> e.status().equals("ok"))
                .toList();
        Map<String, List<BackupListOperation.Entry>> bySource = new LinkedHashMap<>();
        entries.forEach(e ->
                bySource.computeIfAbsent(e.source(), s -> new ArrayList<>()).add(e));
        Map<String, List<String>> reasons = new LinkedHashMap<>();
        for (List<BackupListOperation.Entry> newestFirst : bySource.values()) {
            keep(newestFirst, last, "last", e -> e.file(), reasons);
            keep(
                    newestFirst,
                    daily,
                    "daily",
                    e -> e.createdAt().atZone(ZoneOffset.UTC).toLocalDate().toString(),
                    reasons);
            keep(
                    newestFirst,
                    weekly,
                    "weekly",
                    e -> {
                        LocalDate d = e.createdAt().atZone(ZoneOffset.UTC).toLocalDate();
                        return d.get(IsoFields.WEEK_BASED_YEAR) + "-W" + d.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
                    },
                    reasons);
            // the newest verified backup stays whatever the rules say: pruning never leaves a source without one
            newestFirst.stream()
                    .filter(e -> e.verifiedAt() != null)
                    .findFirst()
                    .ifPresent(e -> reasons.computeIfAbsent(e.file(), f -> new ArrayList<>())
                            .add("verified"));
        }
        List<Kept> kept = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        long freed = 0;
        for (BackupListOperation.Entry e : entries) {
            if (reasons.containsKey(e.file())) {
                kept.add(new Kept(e.file(), reasons.get(e.file())));
            } else {
                removed.add(e.file());
                freed += e.bytes();
            }
        }
        boolean delete = ctx.policy().assumeYes() && !removed.isEmpty();
        if (delete) {
            ctx.requireFileWritesAllowed("backup prune deletes archives");
            for (String f : removed) {
                try {
                    store.delete(f.substring(f.lastIndexOf('/') + 1));
                } catch (IOException e) {
                    throw SupaException.invalidInput(
                            "Cannot delete " + f + ": " + e.getMessage(), "Check the directory's permissions.");
                }
            }
        }
        return new Result(delete, kept, removed, freed);
    }

    /** The newest entry of each of the first {@code n} distinct buckets. */
    private static void keep(
            List<BackupListOperation.Entry> newestFirst,
            int n,
            String rule,
            java.util.function.Function<BackupListOperation.Entry, String> bucket,
            Map<String, List<String>> reasons) {
        Set<String> seen = new HashSet<>();
        for (BackupListOperation.Entry e : newestFirst) {
            if (seen.size() >= n) {
                return;
            }
            if (seen.add(bucket.apply(e))) {
                reasons.computeIfAbsent(e.file(), f -> new ArrayList<>()).add(rule);
            }
        }
    }

    private static int count(Integer value, String name) {
        if (value == null) {
            return 0;
        }
        if (value < 0) {
            throw SupaException.invalidInput(name + " must be 0 or more, not " + value, "Give a count such as 7.");
        }
        return value;
    }
}
