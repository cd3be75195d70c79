package dev.supadokploy.ops.backup;

import dev.supadokploy.backup.ArchiveFormat;
import dev.supadokploy.backup.ArchiveHeader;
import dev.supadokploy.backup.ArchiveKey;
import dev.supadokploy.backup.ArchiveReader;
import dev.supadokploy.backup.ArchivedSchema;
import dev.supadokploy.backup.BackupManifest;
import dev.supadokploy.backup.TableSection;
import dev.supadokploy.backup.store.ArchiveStore;
import dev.supadokploy.errors.ErrorCode;
import dev.supadokploy.errors.SupaException;
import dev.supadokploy.ops.BaseOperation;
import dev.supadokploy.ops.Doc;
import dev.supadokploy.ops.OperationContext;
import dev.supadokploy.ops.OperationInfo;
import dev.supadokploy.ops.OperationInfo.Hint;
import dev.supadokploy.ops.connection.ConnectionInput;
import dev.supadokploy.ops.connection.ConnectionResolver;
import dev.supadokploy.ops.connection.DokployInput;
import dev.supadokploy.ops.connection.StorageInput;
import dev.supadokploy.ops.copy.CopyPlanner;
import dev.supadokploy.ops.migrate.MigrateDiffOperation;
import dev.supadokploy.pg.ConnectionTarget;
import dev.supadokploy.pg.PgErrors;
import dev.supadokploy.pg.catalog.Catalog;
import dev.supadokploy.pg.catalog.QualifiedName;
import dev.supadokploy.pg.catalog.Schema;
import dev.supadokploy.pg.catalog.SchemaSelection;
import dev.supadokploy.pg.catalog.Table;
import dev.supadokploy.pg.copy.CopySessions;
import dev.supadokploy.pg.copy.RowChecksum;
import dev.supadokploy.pg.diff.Change;
import dev.supadokploy.pg.diff.Dependencies;
import dev.supadokploy.pg.diff.DiffPlan;
import dev.supadokploy.pg.diff.SchemaSnapshot;
import dev.supadokploy.supabase.ManagedSchemas;
import dev.supadokploy.util.Lines;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.postgresql.PGConnection;

/**
 * {@code backup restore} / {@code restore_backup}: an archive into an empty database (or, with clean, over the backup's
 * objects, dropped first) in ONE transaction — pre-data DDL, each table's rows by COPY FREEZE (every table is made by
 * this transaction, so all its rows are the ones loaded), their count and checksum against the manifest, the file's
 * trailer, the sequences, post-data DDL, then commit. Any failure (wrong key, a changed byte, a cut file, rows that
 * differ) rolls everything back: the target is as it was. A dry run reads and checks everything the same way and
 * reports what would be created, touching nothing.
 */
public final class BackupRestoreOperation
        extends BaseOperation<BackupRestoreOperation.Input, BackupRestoreOperation.Result> {

    public record Input(
            @Doc(
                    value =
                            "The archive to restore: its file, or with directory its backup id (or a unique prefix of it)",
                    required = true)
            String file,

            @Doc(
                    "Directory (or s3://bucket/prefix) holding the archives, where file names a backup by its id (as backup list "
                            + "shows it)")
            String directory,

            ConnectionInput connection,

            @Doc(
                    value =
                            "Passphrase or key of an encrypted archive (else SUPA_DOKPLOY_BACKUP_KEY from the environment)",
                    secret = true,
                    reference = true)
            String decryptionKey,

            @Doc(
                    "Check the whole archive and report what would be created and how many rows per table, changing nothing; with a "
                            + "connection, the target is read (not written) to plan against it")
            Boolean dryRun,

            @Doc(
                    "Restore over existing objects: first drop those of the backup's objects the target holds (with what depends on "
                            + "them in the backup's schemas), in the same transaction, so a failure leaves the target as it was. Asks for "
                            + "confirmation (--yes; MCP: confirm)")
            Boolean clean,

            @Doc(
                    "Also put the backup's stack config (env with its secrets, compose file, domains, mounts with the edge "
                            + "functions) onto a Dokploy compose, then redeploy it and wait until it is healthy. Domains still routed "
                            + "to the backup's own compose are skipped. Asks for confirmation (--yes; MCP: confirm)")
            Boolean withConfig,

            @Doc(
                    "With withConfig: the Dokploy composeId to put the config onto (default: the dokploy_compose_id of the "
                            + "target instance)")
            String applicationId,

            DokployInput dokploy,

            @Doc(
                    "Vault secrets the backup holds, re-created with vault.create_secret (new ids, the target's root key): true "
                            + "to require them (an error when the backup holds none or the target has no vault), false to leave them "
                            + "out; not given: restored when both have them. A name the target's vault already holds is refused; "
                            + "with clean it is replaced")
            Boolean vault,

            @Doc(
                    "Storage objects in the backup: true to require restoring them (the target Storage unreachable is an error), "
                            + "false to leave them out; not given: restored when the target Storage can be reached")
            Boolean objects,

            StorageInput storage,

            @Doc("For an s3:// archive: a [destinations.NAME] of config.toml, or dokploy:<destinationId>; default: the "
                    + "destination whose bucket is the URL's, else the AWS environment")
            String destination) {
        /** A flag not given is off, so the operation reads each plainly. */
        public Input {
            dryRun = Objects.requireNonNullElse(dryRun, false);
            clean = Objects.requireNonNullElse(clean, false);
            withConfig = Objects.requireNonNullElse(withConfig, false);
            storage = Objects.requireNonNullElse(storage, StorageInput.none());
        }

        /** The database only, without the stack config, from a local archive (or S3 settings the bucket chooses). */
        public Input(
                String file,
                String directory,
                ConnectionInput connection,
                String decryptionKey,
                Boolean dryRun,
                Boolean clean) {
            this(file, directory, connection, decryptionKey, dryRun, clean, null);
        }

        /** The database and the vault's secrets, without the stack config. */
        public Input(
                String file,
                String directory,
                ConnectionInput connection,
                String decryptionKey,
                Boolean dryRun,
                Boolean clean,
                Boolean vault) {
            this(file, directory, connection, decryptionKey, dryRun, clean, false, null, null, vault, null, null, null);
        }
    }

    /** What restore --with-config did to the compose (or would do, in a dry run). Env values never appear. */
    public record ConfigResult(
            @Doc("The compose the config was put onto") String applicationId,
            @Doc("Its name in Dokploy") String name,
            @Doc("The compose the backup was made from") String sourceApplicationId,
            @Doc("Env keys the backup adds (names only)") List<String> envAdded,

            @Doc("Env keys whose value the backup changes (names only)")
            List<String> envChanged,

            @Doc("Env keys the compose had that the backup has not: removed, the env is written whole")
            List<String> envRemoved,

            @Doc("Whether the compose file is replaced") boolean composeFileChanged,
            @Doc("Domains created (hosts)") List<String> domainsCreated,
            @Doc("Domains updated (hosts)") List<String> domainsUpdated,

            @Doc("Domains of the backup not restored, with why (still routed to the source compose)")
            List<String> domainsSkipped,

            @Doc("The compose's own domains the backup does not have: left as they are")
            List<String> domainsKept,

            @Doc("Mounts created (file paths)") List<String> mountsCreated,
            @Doc("File mounts whose content was replaced") List<String> mountsUpdated,

            @Doc("The compose's own mounts the backup does not have: left as they are")
            List<String> mountsKept,

            @Doc("The redeploy's deployment id (null in a dry run or when nothing changed)")
            String deploymentId,

            @Doc("The stack's health after the redeploy (healthy), null when there was none")
            String health,

            @Doc("What to know") List<String> notes) {}

    /** Lowercase constants: the JSON and the MCP output schema's enum show them as they are. */
    public enum Verdict {
        restored,
        would_restore
    }

    public record Result(
            @Doc("restored, or would_restore for a dry run") Verdict verdict,
            @Doc("The backup's id") String backupId,
            @Doc("The archive") String file,
            @Doc("When the backup was made (UTC)") Instant createdAt,
            @Doc("The database it was made from") String source,

            @Doc("The database restored into (no password), null for a dry run without a connection")
            String target,

            @Doc("True when nothing was changed") boolean dryRun,

            @Doc("DDL statements before the rows (schemas, types, functions, tables)")
            int preDataStatements,

            @Doc("DDL statements after the rows (indexes, constraints, views, triggers, policies, grants, comments)")
            int postDataStatements,

            @Doc("Objects created, per type") Map<String, DiffPlan.Count> objects,

            @Doc("Per table: rows and checksum; verified when restored and equal to the manifest, checked in a dry run")
            List<TableResult> tables,

            @Doc("Rows in all tables") long rows,
            @Doc("Sequences set to the backup's values") int sequences,

            @Doc(
                    "With clean: the objects dropped first (or that a dry run would drop): the backup's, then what went with them")
            List<String> dropped,

            @Doc("The statements, in order (dry run only)") List<String> statements,

            @Doc(
                    "The instance's parts beyond the database (Storage objects): restored, checked or skipped with the reason")
            List<BackupCreateOperation.Part> parts,

            @Doc("Vault secrets: restored, would_restore or skipped; null when the backup holds none")
            VaultResult vault,

            @Doc("With withConfig: what was put onto the compose (or would be), else null")
            ConfigResult config,

            @Doc("Seconds") double seconds) {}

    /** The vault part of a restore: names and ids only, never a value. */
    public record VaultResult(
            @Doc("restored, would_restore (dry run), or skipped (the reason in note)")
            String status,

            @Doc("Secrets re-created (or that would be)") int secrets,

            @Doc("Per secret: its name, its id in the backup and its new id on the target (null in a dry run)")
            List<VaultSecret> ids,

            @Doc("With clean: names the target's vault held, replaced by the backup's secrets")
            List<String> replaced,

            @Doc("Why it was skipped; null when there is nothing to say")
            String note) {}

    public record VaultSecret(
            @Doc("The secret's name (null for an unnamed one)")
            String name,

            @Doc("Its id in the backup's source") String backupId,

            @Doc("Its id on the target: vault.create_secret assigns a new one; null in a dry run")
            String newId) {}

    public record TableResult(
            @Doc("schema.table") String table,
            @Doc("Rows") long rows,

            @Doc("Checksum of the rows (the source's, equal to the restored one when verified)")
            String checksum,

            @Doc(
                    "verified (restored, count and checksum equal the manifest) or checked (dry run: count equals the manifest)")
            String status) {}

    public BackupRestoreOperation() {
        super(
                Input.class,
                Result.class,
                new OperationInfo(
                        "restore_backup",
                        List.of("backup", "restore"),
                        "Restore a backup",
                        "Restore a backup archive (a file, or a backup id in a directory) into an empty database (or empty schemas) in one "
                                + "transaction: the DDL made from the archived catalog, each table's rows by COPY, each table's row count and "
                                + "checksum checked against the manifest, sequences set, then indexes, constraints, triggers, policies and "
                                + "grants. clean restores over existing objects: the backup's objects the target holds are dropped first, in "
                                + "the same transaction (needs confirm). Any failure — wrong key, damaged or truncated file, rows that differ "
                                + "— rolls back and leaves the target unchanged. dryRun checks everything and reports what would be created "
                                + "(and dropped) without changing anything. Needs --allow-writes over MCP (not for a dry run).",
                        // idempotent: a second run is refused by a target that is no longer empty, or with clean ends
                        // in the same state
                        Hint.DESTRUCTIVE,
                        Hint.UNTRUSTED_OUTPUT,
                        Hint.IDEMPOTENT));
    }

    @Override
    public Result run(Input input, OperationContext ctx) {
        return restore(input, ctx).result();
    }

    /** A restore's result and the archive as it was read (for verify --restore-to, which compares the schema). */
    record Restored(Result result, ArchiveScan.Scanned scanned) {}

    /** The database first (one transaction), then with withConfig the stack config onto its compose. */
    Restored restore(Input input, OperationContext ctx) {
        long start = System.nanoTime();
        if (!input.dryRun()) {
            ctx.requireDatabaseWritesAllowed("backup restore loads the target");
        }
        ConfigRestore onto = input.withConfig() ? ConfigRestore.open(input, ctx) : null;
        BackupLocation.Located at = input.directory() != null
                ? byId(input, ctx)
                : BackupVerifyOperation.located(input.file(), input.destination(), ctx);
        Loaded loaded;
        try (ArchiveStore store = at.store()) {
            loaded = restoreDatabase(input, ctx, at, start, onto != null);
        }
        if (onto == null) {
            return loaded.restored();
        }
        ConfigResult config = onto.apply(loaded.config().config(), input.dryRun(), ctx);
        Result r = loaded.restored().result();
        return new Restored(
                new Result(
                        r.verdict(),
                        r.backupId(),
                        r.file(),
                        r.createdAt(),
                        r.source(),
                        r.target(),
                        r.dryRun(),
                        r.preDataStatements(),
                        r.postDataStatements(),
                        r.objects(),
                        r.tables(),
                        r.rows(),
                        r.sequences(),
                        r.dropped(),
                        r.statements(),
                        r.parts(),
                        r.vault(),
                        config,
                        Math.round((System.nanoTime() - start) / 1e6) / 1000.0),
                loaded.restored().scanned());
    }

    /** The database part's outcome and the archive's stack config (null when it holds none). */
    private record Loaded(Restored restored, StackConfig.Read config) {}

    private static BackupLocation.Located byId(Input input, OperationContext ctx) {
        ArchiveStore store = BackupLocation.directory(input.directory(), input.destination(), ctx);
        try {
            return new BackupLocation.Located(store, BackupDirectory.find(store, input.file()));
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    private Loaded restoreDatabase(
            Input input, OperationContext ctx, BackupLocation.Located at, long start, boolean configNeeded) {
        boolean dryRun = input.dryRun();
        String file = at.store().locate(at.name());
        ConnectionTarget target = dryRun && !connectionGiven(input.connection(), ctx)
                ? null
                : ConnectionResolver.resolve(
                        input.connection() == null ? ConnectionInput.none() : input.connection(), ctx);
        ArchiveKey key = BackupKeys.resolve(input.decryptionKey(), ctx, "decryptionKey");
        try (ArchiveReader reader = ArchiveReader.open(at.store(), at.name(), key)) {
            if (target == null) {
                Loader loader = new Loader(null, null, true, false, ctx);
                ArchiveScan.Scanned scanned = ArchiveScan.scan(reader, loader);
                loader.checkConfig(scanned, configNeeded);
                loader.vault.check(scanned.manifest());
                loader.objects.check(scanned.manifest());
                loader.vaultResult = loader.vault.restore(null, input.vault(), false, true, ctx);
                return new Loaded(
                        new Restored(result(input, file, loader, scanned, null, start, checked(loader)), scanned),
                        loader.config);
            }
            try (Connection conn = ConnectionResolver.open(target, ctx)) {
                CopySessions.prepare(conn);
                Loader loader = new Loader(conn, target, dryRun, input.clean(), ctx);
                try {
                    ArchiveScan.Scanned scanned = ArchiveScan.scan(reader, loader);
                    loader.checkConfig(scanned, configNeeded);
                    loader.vault.check(scanned.manifest());
                    loader.objects.check(scanned.manifest());
                    // everything that can be checked is, before the commit: the objects' bytes above, Storage here
                    ObjectsRestore.Plan objects = dryRun
                            ? null
                            : ObjectsRestore.plan(
                                    input.objects(), input.storage(), ObjectsCheck.summary(scanned.manifest()), ctx);
                    if (!dryRun) {
                        loader.finish(scanned.manifest());
                    }
                    // after post-data, in the same transaction: a refused secret rolls the whole restore back
                    loader.vaultResult = loader.vault.restore(conn, input.vault(), input.clean(), dryRun, ctx);
                    if (dryRun) {
                        return new Loaded(
                                new Restored(
                                        result(input, file, loader, scanned, target, start, checked(loader)), scanned),
                                loader.config);
                    }
                    conn.commit();
                    // Storage sees committed buckets and rows only: the objects go up after the commit
                    List<BackupCreateOperation.Part> parts = objects.restore() == null
                            ? skippedObjects(objects.skipped())
                            : List.of(objects.restore().upload(at.store(), at.name(), key, scanned.manifest(), conn));
                    return new Loaded(
                            new Restored(result(input, file, loader, scanned, target, start, parts), scanned),
                            loader.config);
                } catch (SupaException e) {
                    rollback(conn);
                    throw e;
                } catch (Exception e) {
                    rollback(conn);
                    throw loader.failure(e);
                }
            } catch (SQLException e) {
                throw new SupaException(
                        ErrorCode.CONNECTION_LOST,
                        "Lost the connection to " + target.display() + ": " + PgErrors.firstLine(e.getMessage()),
                        "Check the server and run again; nothing was restored.",
                        e);
            }
        } catch (SupaException e) {
            throw e;
        } catch (Exception e) {
            throw new SupaException(
                    ErrorCode.BACKUP_RESTORE_FAILED,
                    "The restore failed: " + e.getMessage(),
                    "Nothing was restored (rolled back).",
                    e);
        }
    }

    /**
     * The database's schema as an archive covers it: the archive's schemas it holds, and, of the managed schemas the
     * archive holds the application's parts of, what the application put on their tables here — not of the others, whose
     * parts are not the backup's to change.
     */
    static SchemaSnapshot readCovered(Connection conn, Catalog archived) throws SQLException {
        List<String> existing = MigrateDiffOperation.userSchemas(conn);
        List<String> full = archived.schemas().stream()
                .filter(s -> !s.managed())
                .map(Schema::name)
                .filter(existing::contains)
                .toList();
        Set<String> parts = archived.schemas().stream()
                .filter(Schema::managed)
                .map(Schema::name)
                .collect(Collectors.toSet());
        SchemaSelection selection = new SchemaSelection(full, false, null);
        if (parts.isEmpty()) {
            return SchemaSnapshot.read(conn, selection, false);
        }
        SchemaSnapshot read = SchemaSnapshot.read(conn, selection.withManagedParts(ManagedSchemas.PARTS), false);
        return new SchemaSnapshot(
                read.catalog()
                        .withSchemas(read.catalog().schemas().stream()
                                .filter(s -> !s.managed() || parts.contains(s.name()))
                                .toList()),
                read.dependencies(),
                read.roles());
    }

    private static boolean connectionGiven(ConnectionInput c, OperationContext ctx) {
        return c != null && (c.connectionString() != null || c.instance() != null || c.host() != null)
                || ctx.env().get(ConnectionResolver.DEFAULT_URL_ENV) != null;
    }

    /** What a dry run (or a restore leaving them out) says of the archive's objects: checked. */
    private static List<BackupCreateOperation.Part> checked(Loader loader) {
        if (loader.objects.objects() == 0) {
            return List.of();
        }
        return List.of(new BackupCreateOperation.Part(
                ObjectsPart.NAME,
                BackupCreateOperation.PartStatus.skipped,
                loader.objects.objects(),
                loader.objects.bytes(),
                "checked (SHA-256 of every object), not uploaded"));
    }

    private static List<BackupCreateOperation.Part> skippedObjects(String reason) {
        return List.of(new BackupCreateOperation.Part(
                ObjectsPart.NAME, BackupCreateOperation.PartStatus.skipped, 0, 0, reason));
    }

    static void rollback(Connection conn) {
        try {
            if (!conn.getAutoCommit()) {
                conn.rollback();
            }
        } catch (SQLException ignored) {
            // the connection is gone: the server rolled back
        }
    }

    /** Does the work as the archive streams by: DDL before the first rows, COPY per table, the rest at the end. */
    private static final class Loader implements ArchiveScan.Sink {
        private final Connection conn;
        private final ConnectionTarget target;
        private final boolean dryRun;
        private final boolean clean;
        private final OperationContext ctx;
        RestoreDdl ddl;
        Catalog schemaCatalog;
        int serverVersionNum;
        final Set<QualifiedName> partitioned = new HashSet<>();
        CleanTarget cleanup = CleanTarget.NONE;
        String statement;
        String currentTable;
        int tablesDone;
        StackConfig.Read config;
        final VaultPart.Reading vault = new VaultPart.Reading();
        VaultResult vaultResult;
        final ObjectsCheck objects = new ObjectsCheck();

        Loader(Connection conn, ConnectionTarget target, boolean dryRun, boolean clean, OperationContext ctx) {
            this.conn = conn;
            this.target = target;
            this.dryRun = dryRun;
            this.clean = clean;
            this.ctx = ctx;
        }

        @Override
        public void schema(ArchivedSchema archived) throws SQLException {
            ArchivedSchema schema = archived;
            if (conn == null) {
                ddl = RestoreDdl.ofEmpty(schema);
                return;
            }
            SchemaSnapshot there = readCovered(conn, schema.catalog());
            Catalog current = there.catalog();
            Dependencies currentDependencies = there.dependencies();
            if (clean) {
                cleanup = CleanTarget.plan(conn, schema.catalog(), current);
                if (!dryRun && !cleanup.drops().isEmpty()) {
                    ctx.confirm("Drop " + cleanup.objects().size() + " object(s) of the backup that " + target.display()
                            + " already holds ("
                            + some(cleanup.objects()) + ")"
                            + (cleanup.dependents().isEmpty()
                                    ? ""
                                    : " and " + cleanup.dependents().size() + " that depend on them ("
                                            + some(cleanup.dependents()) + ")")
                            + ", then restore the backup in their place (one transaction)?");
                    conn.setAutoCommit(false);
                    try (Statement s = conn.createStatement()) {
                        for (String drop : cleanup.drops()) {
                            statement = drop;
                            s.execute(drop);
                        }
                    }
                    statement = null;
                    // Read again inside the transaction: what CASCADE took with it is gone too.
                    SchemaSnapshot after = readCovered(conn, schema.catalog());
                    current = after.catalog();
                    currentDependencies = after.dependencies();
                }
                current = CleanTarget.withoutBackupObjects(current, schema.catalog());
                schema = new ArchivedSchema(
                        CleanTarget.withKeptObjects(schema.catalog(), current), schema.dependencies());
            } else {
                refuseOccupied(current);
            }
            ddl = RestoreDdl.of(schema, current, currentDependencies, there.roles());
            schemaCatalog = schema.catalog();
            serverVersionNum = there.catalog().serverVersionNum();
            CopyPlanner.tables(schemaCatalog).forEach((name, t) -> {
                if (Table.KIND_PARTITIONED.equals(t.kind())) {
                    partitioned.add(name);
                }
            });
            if (dryRun) {
                return;
            }
            conn.setAutoCommit(false);
            try (Statement s = conn.createStatement()) {
                s.execute("SET LOCAL check_function_bodies = false");
                for (Change c : ddl.pre()) {
                    statement = c.sql();
                    s.execute(c.sql());
                }
            }
            statement = null;
        }

        private static String some(List<String> items) {
            return String.join(", ", items.subList(0, Math.min(8, items.size()))) + (items.size() > 8 ? ", …" : "");
        }

        /** Without --clean, the backup's schemas must hold nothing yet on the target. */
        private static void refuseOccupied(Catalog there) {
            List<String> occupied = new ArrayList<>();
            for (Schema s : there.schemas()) {
                // of a managed schema, what the application put on its tables (the restore would replace it)
                int objects = s.managed()
                        ? s.tables().stream()
                                .mapToInt(t -> t.triggers().size()
                                        + t.policies().size()
                                        + t.grants().size()
                                        + (int) t.columns().stream()
                                                .filter(c -> !c.grants().isEmpty())
                                                .count())
                                .sum()
                        : s.tables().size()
                                + s.views().size()
                                + s.materializedViews().size()
                                + s.functions().size()
                                + s.sequences().size()
                                + s.enums().size()
                                + s.compositeTypes().size()
                                + s.domains().size()
                                + s.rangeTypes().size();
                if (objects > 0) {
                    occupied.add(s.name() + " (" + objects + " objects)");
                }
            }
            if (!occupied.isEmpty()) {
                throw new SupaException(
                        ErrorCode.BACKUP_TARGET_NOT_EMPTY,
                        "The target already holds objects in the backup's schemas: " + String.join(", ", occupied),
                        "Restore into an empty database (createdb …), or over those objects with --clean (drops the backup's objects "
                                + "there first, in the same transaction). Nothing was restored.",
                        Map.of("schemas", occupied),
                        null);
            }
        }

        @Override
        public RowChecksum table(TableSection table, InputStream rows) throws Exception {
            ctx.cancellation().throwIfCancelled();
            currentTable = table.table();
            if (conn == null || dryRun) {
                return null;
            }
            if (table.recordHash() && serverVersionNum < 140000) {
                throw new SupaException(
                        ErrorCode.BACKUP_RESTORE_FAILED,
                        "The backup's checksums use hash_record_extended, which " + "PostgreSQL "
                                + serverVersionNum / 10000 + " lacks, so the restored rows of " + table.table()
                                + " cannot be checked",
                        "Restore into PostgreSQL 14 or later (the backup came from PostgreSQL "
                                + schemaCatalog.serverVersion() + "). Nothing was restored.");
            }
            long t0 = System.nanoTime();
            // Every table was created in this transaction: FREEZE writes its rows frozen (no hint-bit rewrite of the
            // whole
            // table by its first readers, no anti-wraparound vacuum later), and every row in it is one this restore
            // loaded.
            boolean freeze = !partitioned.contains(new QualifiedName(table.schema(), table.name()));
            long loaded = conn.unwrap(PGConnection.class).getCopyAPI().copyIn(table.copyIn(freeze), rows);
            RowChecksum sum = RowChecksum.compute(conn, RowChecksum.query(table.relation(), table.hash(), null, false));
            tablesDone++;
            ctx.progress().report("restored " + tablesDone + " table(s)", tablesDone, -1);
            ctx.progress()
                    .milestone(String.format(
                            Locale.ROOT,
                            "restored %s: %,d rows in %.1f s",
                            table.table(),
                            loaded,
                            (System.nanoTime() - t0) / 1e9));
            currentTable = null;
            return sum;
        }

        @Override
        public void part(ArchiveReader.Section section) throws Exception {
            if (section.type() == ArchiveFormat.CONFIG) {
                config = StackConfig.read(section);
            }
            vault.accept(section);
            // an object's bytes checked against its SHA-256 (uploaded in a second pass, after the commit)
            objects.accept(section, java.io.OutputStream.nullOutputStream());
        }

        /** The stack config against the manifest; with withConfig, it must be there (before anything commits). */
        void checkConfig(ArchiveScan.Scanned scanned, boolean needed) {
            StackConfig.check(config, scanned.manifest());
            if (needed && config == null) {
                throw StackConfig.missing(scanned.header().backupId());
            }
        }

        /** After every table was checked: the sequences, then post-data. */
        void finish(BackupManifest manifest) throws SQLException {
            try (PreparedStatement ps = conn.prepareStatement("SELECT setval(?::regclass, ?, ?)")) {
                for (BackupManifest.SequenceValue v : manifest.sequences()) {
                    ps.setString(1, v.sequence());
                    ps.setLong(2, v.lastValue());
                    ps.setBoolean(3, v.isCalled());
                    ps.execute();
                }
            }
            try (Statement s = conn.createStatement()) {
                for (Change c : ddl.post()) {
                    statement = c.sql();
                    s.execute(c.sql());
                }
                // --clean: triggers elsewhere that called a function the drops took, now that the backup's is back
                for (String trigger : cleanup.recreate()) {
                    statement = trigger;
                    s.execute(trigger);
                }
            }
            statement = null;
        }

        SupaException failure(Exception e) {
            if (e instanceof SupaException s) {
                return s;
            }
            if (e instanceof SQLException sql) {
                String where = statement != null
                        ? "at: " + Lines.head(statement)
                        : currentTable != null ? "loading " + currentTable : "";
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("sqlState", String.valueOf(sql.getSQLState()));
                if (statement != null) {
                    details.put("statement", statement);
                }
                if (currentTable != null) {
                    details.put("table", currentTable);
                }
                SupaException missingRows = missingReferencedRows(sql, details);
                if (missingRows != null) {
                    return missingRows;
                }
                java.util.regex.Matcher owner = statement == null
                        ? null
                        : java.util.regex.Pattern.compile(" OWNER TO (\\S+);$").matcher(statement);
                if ("42501".equals(sql.getSQLState()) && owner != null && owner.find()) {
                    return new SupaException(
                            ErrorCode.BACKUP_RESTORE_FAILED,
                            "The target refused the restore " + where + ": " + PgErrors.firstLine(sql.getMessage()),
                            "The backup's objects are owned by " + owner.group(1)
                                    + " (in a Supabase database, supabase_admin owns "
                                    + "the auth and storage schemas), and this login may not give objects to that role: restore as "
                                    + "a superuser or a member of it, or over a Supabase stack, which has those schemas, with --clean. "
                                    + "Nothing was restored (rolled back).",
                            details,
                            sql);
                }
                if (("42P01".equals(sql.getSQLState()) || "3F000".equals(sql.getSQLState()))
                        && statement != null
                        && java.util.regex.Pattern.compile("\\b(auth|storage|realtime)\\.")
                                .matcher(statement)
                                .find()) {
                    return new SupaException(
                            ErrorCode.BACKUP_RESTORE_FAILED,
                            "The target refused the restore " + where + ": " + PgErrors.firstLine(sql.getMessage()),
                            "The backup refers to Supabase's own tables (auth, storage), which this database does not have: restore "
                                    + "it into a Supabase database. Nothing was restored (rolled back).",
                            details,
                            sql);
                }
                return new SupaException(
                        ErrorCode.BACKUP_RESTORE_FAILED,
                        "The target refused the restore " + where + ": " + PgErrors.firstLine(sql.getMessage()),
                        "Nothing was restored (rolled back). A role, extension or setting the backup needs may be missing on the "
                                + "target; create it and run again.",
                        details,
                        sql);
            }
            return new SupaException(
                    ErrorCode.BACKUP_RESTORE_FAILED,
                    "The restore failed: " + e.getMessage(),
                    "Nothing was restored (rolled back).",
                    e);
        }

        /**
         * A foreign key of the backup that its rows break on the target: they refer to rows of a table the backup does not
         * hold (a backup without --include-auth refers to auth.users) and the target lacks. Named, with the way out.
         */
        private SupaException missingReferencedRows(SQLException sql, Map<String, Object> details) {
            org.postgresql.util.ServerErrorMessage server =
                    sql instanceof org.postgresql.util.PSQLException p ? p.getServerErrorMessage() : null;
            if (!"23503".equals(sql.getSQLState()) || server == null || schemaCatalog == null) {
                return null;
            }
            QualifiedName referenced = schemaCatalog
                    .schema(server.getSchema())
                    .flatMap(sc -> sc.table(server.getTable()))
                    .flatMap(t -> t.constraint(server.getConstraint()))
                    .map(c -> c.referencedTable())
                    .orElse(null);
            if (referenced == null) {
                return null;
            }
            String table = server.getSchema() + "." + server.getTable();
            details.put("constraint", server.getConstraint());
            details.put("referencedTable", referenced.toString());
            boolean held = schemaCatalog
                    .schema(referenced.schema())
                    .map(sc -> !sc.managed() && sc.table(referenced.name()).isPresent())
                    .orElse(false);
            String key =
                    server.getDetail() == null ? "" : " (" + server.getDetail().replaceAll("\\s+$", "") + ")";
            return new SupaException(
                    ErrorCode.BACKUP_RESTORE_FAILED,
                    "Rows of " + table + " refer to rows of " + referenced
                            + " that the target does not have: foreign key " + server.getConstraint() + key,
                    (held
                                    ? ""
                                    : "The backup does not hold " + referenced
                                            + (ManagedSchemas.isManaged(referenced.schema())
                                                    ? ": back it up with --include-auth (MCP: includeAuth) and restore that (with --clean over a stack that "
                                                            + "already has its auth and storage tables), or create those rows on the target first. "
                                                    : ": restore a backup holding it first, or include its schema in the backup. "))
                            + "Nothing was restored (rolled back).",
                    details,
                    sql);
        }
    }

    private static Result result(
            Input input,
            String file,
            Loader loader,
            ArchiveScan.Scanned s,
            ConnectionTarget target,
            long start,
            List<BackupCreateOperation.Part> parts) {
        boolean dryRun = input.dryRun();
        ArchiveHeader h = s.header();
        List<TableResult> tables = new ArrayList<>();
        for (int i = 0; i < s.tables().size(); i++) {
            BackupManifest.Table m = s.manifest().tables().get(i);
            tables.add(new TableResult(
                    m.table(), m.rows(), m.checksum(), s.tables().get(i).loaded() != null ? "verified" : "checked"));
        }
        List<String> statements = dryRun
                ? java.util.stream.Stream.of(
                                loader.cleanup.drops().stream(),
                                loader.ddl.pre().stream().map(Change::sql),
                                loader.ddl.post().stream().map(Change::sql),
                                loader.cleanup.recreate().stream())
                        .flatMap(x -> x)
                        .collect(Collectors.toList())
                : null;
        return new Result(
                dryRun ? Verdict.would_restore : Verdict.restored,
                h.backupId(),
                file,
                h.createdAt(),
                h.source(),
                target == null ? null : target.display(),
                dryRun,
                loader.ddl.pre().size(),
                loader.ddl.post().size(),
                loader.ddl.plan().summary(),
                tables,
                s.manifest().rows(),
                s.manifest().sequences().size(),
                java.util.stream.Stream.concat(loader.cleanup.objects().stream(), loader.cleanup.dependents().stream())
                        .toList(),
                statements,
                parts,
                loader.vaultResult,
                null,
                Math.round((System.nanoTime() - start) / 1e6) / 1000.0);
    }
}
