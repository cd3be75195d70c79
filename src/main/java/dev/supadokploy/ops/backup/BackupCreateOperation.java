package dev.supadokploy.ops.backup;

import dev.supadokploy.backup.ArchiveFormat;
import dev.supadokploy.backup.ArchiveHeader;
import dev.supadokploy.backup.ArchiveKey;
import dev.supadokploy.backup.ArchiveWriter;
import dev.supadokploy.backup.ArchivedSchema;
import dev.supadokploy.backup.BackupManifest;
import dev.supadokploy.backup.Compression;
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
import dev.supadokploy.ops.connection.StorageInput;
import dev.supadokploy.ops.copy.Checksums;
import dev.supadokploy.ops.copy.CopyPlanner;
import dev.supadokploy.ops.copy.CopyProgress;
import dev.supadokploy.ops.copy.TablePatterns;
import dev.supadokploy.ops.copy.TablePlan;
import dev.supadokploy.ops.migrate.MigrateDiffOperation;
import dev.supadokploy.pg.ConnectionTarget;
import dev.supadokploy.pg.PgErrors;
import dev.supadokploy.pg.PgIdentifiers;
import dev.supadokploy.pg.catalog.Catalog;
import dev.supadokploy.pg.catalog.CatalogReader;
import dev.supadokploy.pg.catalog.QualifiedName;
import dev.supadokploy.pg.catalog.Schema;
import dev.supadokploy.pg.catalog.SchemaSelection;
import dev.supadokploy.pg.catalog.Sequence;
import dev.supadokploy.pg.catalog.Table;
import dev.supadokploy.pg.copy.CopySessions;
import dev.supadokploy.pg.copy.KeyRange;
import dev.supadokploy.pg.copy.RowChecksum;
import dev.supadokploy.pg.diff.Dependencies;
import dev.supadokploy.supabase.ManagedSchemas;
import dev.supadokploy.util.ByteSize;
import dev.supadokploy.util.Json;
import dev.supadokploy.util.Version;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code backup create} / {@code create_backup}: one archive ({@link ArchiveFormat}) of a database's schemas and rows,
 * read in one REPEATABLE READ snapshot: the catalog, each table's rows as a COPY stream, the source server's row count
 * and checksum of each table, and the sequences' values. No pg_dump: the schema is the catalog model.
 */
public final class BackupCreateOperation
        extends BaseOperation<BackupCreateOperation.Input, BackupCreateOperation.Result> {
    /** The environment variable whose key encrypts (and later decrypts) an archive when no key is given. */
    public static final String KEY_ENV = BackupKeys.ENV;

    static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final SecureRandom RANDOM = new SecureRandom();
    /** What --include-auth adds: GoTrue's users and sessions, Storage's buckets and object metadata. */
    static final List<String> AUTH_SCHEMAS = List.of("auth", "storage");

    public record Input(
            ConnectionInput connection,

            @Doc(
                    value =
                            "Where to write: a file, or a directory (the name is then the instance or database and the time, "
                                    + "e.g. production-20250101T020000Z" + ArchiveFormat.EXTENSION
                                    + "), or s3://bucket/prefix/ on an S3-compatible store (multipart upload, listed only once "
                                    + "complete). Default: the current directory",
                    required = false)
            String outputPath,

            @Doc("Compression: zstd (the default), gzip or none")
            String compress,

            @Doc(
                    "Encrypt with AES-256-GCM; the key is encryptionKey, else SUPA_DOKPLOY_BACKUP_KEY from the environment")
            Boolean encrypt,

            @Doc(
                    value =
                            "Passphrase (12+ characters, stretched with Argon2id) or 32-byte key (a key file, 64 hex digits or base64); "
                                    + "implies encrypt",
                    secret = true,
                    reference = true)
            String encryptionKey,

            @Doc("Schemas to back up (default: every user schema except the Supabase-managed ones)")
            List<String> schemas,

            @Doc(
                    "Only these tables: schema.table names or globs (public.*); their schemas' types and functions come along, "
                            + "views and other tables do not")
            List<String> tables,

            @Doc("Also back up Supabase's auth and storage schemas (users, sessions, buckets, object metadata)")
            Boolean includeAuth,

            @Doc(
                    "Storage objects (every bucket's files with their metadata): true to require them, false to leave them out; "
                            + "not given: backed up when Storage can be reached")
            Boolean objects,

            @Doc(
                    "Vault secrets (decrypted, re-created on restore): true to require them, false to leave them out; not given: "
                            + "backed up when the vault is there and the backup is encrypted. Never written unencrypted")
            Boolean vault,

            @Doc("The stack's config from Dokploy (env with its secrets, compose file, domains, file mounts with edge "
                    + "functions): true to require it, false to leave it out; not given: backed up when the instance is "
                    + "linked to Dokploy (dokploy_compose_id; the server from DOKPLOY_URL / DOKPLOY_API_KEY or config.toml) "
                    + "and the backup is encrypted")
            Boolean stackConfig,

            StorageInput storage,

            @Doc(
                    "For an s3:// outputPath: a [destinations.NAME] of config.toml, or dokploy:<destinationId> (an S3 destination "
                            + "defined in Dokploy); default: the destination whose bucket is the URL's, else the AWS environment")
            String destination) {
        /** A flag not given is off, so the operation reads each plainly; the parts' null means "when reachable". */
        public Input {
            encrypt = Objects.requireNonNullElse(encrypt, false);
            includeAuth = Objects.requireNonNullElse(includeAuth, false);
            storage = Objects.requireNonNullElse(storage, StorageInput.none());
        }

        /** Without a Storage or a destination named: the environment's ({@link StorageInput}), a local path or S3 settings the bucket chooses. */
        public Input(
                ConnectionInput connection,
                String outputPath,
                String compress,
                Boolean encrypt,
                String encryptionKey,
                List<String> schemas,
                List<String> tables,
                Boolean includeAuth,
                Boolean objects,
                Boolean vault,
                Boolean config) {
            this(
                    connection,
                    outputPath,
                    compress,
                    encrypt,
                    encryptionKey,
                    schemas,
                    tables,
                    includeAuth,
                    objects,
                    vault,
                    config,
                    null,
                    null);
        }
    }

    public record Result(
            @Doc("The backup's id (also in the file's preamble)")
            String backupId,

            @Doc("The archive written (a path, or an s3:// URL)")
            String file,

            @Doc("Its size in bytes") long bytes,

            @Doc("SHA-256 of the whole file (also its trailer)")
            String sha256,

            @Doc("zstd, gzip or none") String compression,
            @Doc("Encrypted with AES-256-GCM") boolean encrypted,

            @Doc("Fingerprint of the key (tells which key opens it; reveals nothing of it), null when not encrypted")
            String keyFingerprint,

            @Doc("The source database (no password)") String source,
            @Doc("Source server version") String serverVersion,
            @Doc("Schemas backed up") List<String> schemas,
            @Doc("Tables backed up") int tableCount,
            @Doc("Rows backed up") long rows,
            @Doc("Bytes of COPY data before compression") long dataBytes,
            @Doc("Per table: rows, checksum, bytes") List<BackupManifest.Table> tables,

            @Doc(
                    "The instance's parts beyond the database (Storage objects, vault secrets, stack config): included or skipped")
            List<Part> parts,

            @Doc("Seconds, start to end") double seconds) {}

    /** Lowercase constants: the JSON and the MCP output schema's enum show them as they are. */
    public enum PartStatus {
        included,
        skipped
    }

    /** One part of the instance beyond the database, as the backup holds it ({@link InstancePart}). */
    public record Part(
            @Doc("objects, vault or config") String part,

            @Doc("included, or skipped (with the reason in note)")
            PartStatus status,

            @Doc("Objects, secrets or config files backed up")
            long items,

            @Doc("Their bytes, before compression") long bytes,

            @Doc("Why it was skipped, or what to know about it; null when there is nothing to say")
            String note) {}

    public BackupCreateOperation() {
        super(
                Input.class,
                Result.class,
                new OperationInfo(
                        "create_backup",
                        List.of("backup", "create"),
                        "Back up a database",
                        "Write one archive of a PostgreSQL / Supabase database: the schema (from the catalog, no pg_dump), each table's "
                                + "rows as a COPY stream, and a manifest of row counts and checksums computed by the server, all from one "
                                + "read-only snapshot. Compressed with zstd (or gzip, none), optionally encrypted with AES-256-GCM in "
                                + "authenticated segments (passphrase via Argon2id, or a 32-byte key), with a SHA-256 trailer. Written "
                                + "under a temporary name and renamed when complete. Needs --allow-writes over MCP (it writes a file).",
                        // not idempotent: every run writes another archive
                        Hint.UNTRUSTED_OUTPUT));
    }

    @Override
    public Result run(Input input, OperationContext ctx) {
        long start = System.nanoTime();
        ctx.requireFileWritesAllowed("backup create writes the archive");
        if (input.outputPath() != null && !input.outputPath().isBlank()) {
            // an unsupported URL or missing S3 settings fail here, before the database is read
            if (BackupLocation.isS3(input.outputPath())) {
                BackupLocation.directory(input.outputPath(), input.destination(), ctx)
                        .close();
            } else {
                BackupLocation.local(input.outputPath());
            }
        }
        Compression compression = Compression.parse(input.compress());
        boolean encrypt = input.encrypt() || input.encryptionKey() != null;
        ArchiveKey key = encrypt ? BackupKeys.resolve(input.encryptionKey(), ctx, "encryptionKey") : null;
        if (encrypt && key == null) {
            throw new SupaException(
                    ErrorCode.VALIDATION_MISSING_INPUT,
                    "--encrypt needs a key",
                    "Pass --encryption-key env:NAME, file:PATH or - (stdin), or set " + BackupKeys.ENV + ".");
        }
        VaultPart.requireEncryption(input.vault(), encrypt);
        ConfigPart.requireEncryption(input, encrypt);
        TablePatterns patterns = new TablePatterns(input.tables(), null);
        ConnectionTarget target = ConnectionResolver.resolve(input.connection(), ctx);
        // two runs to one location never overlap (cron): the second is refused before it reads anything
        try (BackupLock lock = BackupLocation.isS3(input.outputPath())
                        ? BackupLock.ofRemote(input.outputPath(), ctx)
                        : BackupLock.ofDirectory(
                                outputDirectory(input.outputPath()), blankToDot(input.outputPath()), ctx);
                Connection conn = ConnectionResolver.open(target, ctx)) {
            CopySessions.prepare(conn);
            try (Checksums checksums = Checksums.open(conn, target, ctx)) {
                return backup(input, ctx, start, compression, key, patterns, target, conn, checksums);
            }
        } catch (SQLException e) {
            throw new SupaException(
                    ErrorCode.CONNECTION_LOST,
                    "Reading " + target.display() + " failed: " + PgErrors.firstLine(e.getMessage()),
                    "Check the server and run again; no backup file was left behind.",
                    e);
        }
    }

    private Result backup(
            Input input,
            OperationContext ctx,
            long start,
            Compression compression,
            ArchiveKey key,
            TablePatterns patterns,
            ConnectionTarget target,
            Connection conn,
            Checksums checksums)
            throws SQLException {
        {
            List<String> schemas = schemas(MigrateDiffOperation.userSchemas(conn), input, patterns);
            SchemaSelection selection = new SchemaSelection(schemas, false, null);
            // by default the application's whole schema: with what it put on the platform's tables (its trigger on
            // auth.users, its policies on storage.objects), whose rows are not backed up
            boolean whole = (input.schemas() == null || input.schemas().isEmpty())
                    && patterns.include().isEmpty();
            Catalog catalog = new CatalogReader(conn)
                    .read(whole ? selection.withManagedParts(ManagedSchemas.PARTS) : selection, false);
            if (catalog.serverVersionNum() < 110000) {
                throw SupaException.invalidInput(
                        "Backups need PostgreSQL 11 or later (checksums use hashtextextended)",
                        "Upgrade the server, or use pg_dump for this one.");
            }
            Map<QualifiedName, Table> all = CopyPlanner.tables(catalog);
            List<QualifiedName> chosen = withPartitions(
                    patterns.include().isEmpty()
                            ? List.copyOf(all.keySet())
                            : patterns.select(List.copyOf(all.keySet())),
                    all);
            if (!patterns.include().isEmpty()) {
                catalog = only(catalog, new HashSet<>(chosen));
                schemas = catalog.schemas().stream().map(Schema::name).toList();
            }
            Dependencies dependencies = Dependencies.read(conn, schemas);
            List<QualifiedName> copied = CopyPlanner.withoutCoveredPartitions(chosen, all);
            CopyPlanner.SideFacts facts = CopyPlanner.facts(conn, schemas);
            List<TablePlan> plans = CopyPlanner.plan(copied, catalog, catalog, facts, facts).stream()
                    .map(TablePlan::textFormat)
                    .toList();
            Instant now = ctx.clock().instant().truncatedTo(ChronoUnit.SECONDS);
            String id = STAMP.format(now) + "-" + HexFormat.of().formatHex(randomBytes(4));
            String database = catalog.database();
            BackupLocation.Located out = BackupLocation.output(
                    input.outputPath(), input.destination(), ctx, () -> fileName(input.connection(), database, now));
            String file = out.store().locate(out.name());
            ArchiveHeader header = new ArchiveHeader(
                    ArchiveFormat.VERSION,
                    id,
                    now,
                    Version.version(),
                    target.display(),
                    catalog.database(),
                    catalog.serverVersion(),
                    compression.name(),
                    "text",
                    null);
            CopyProgress progress = new CopyProgress(
                    ctx.progress(), plans.stream().mapToLong(TablePlan::bytes).sum(), plans.size());
            List<BackupManifest.Table> tables = new ArrayList<>();
            InstanceParts.Written parts;
            ArchiveWriter.Written written;
            try (ArchiveStore store = out.store();
                    ArchiveWriter writer = ArchiveWriter.create(store, out.name(), header, key)) {
                writer.section(
                        ArchiveFormat.SCHEMA,
                        Map.of(),
                        Json.MAPPER.writeValueAsBytes(new ArchivedSchema(catalog, dependencies)));
                var copy = conn.unwrap(org.postgresql.PGConnection.class).getCopyAPI();
                for (TablePlan plan : plans) {
                    ctx.cancellation().throwIfCancelled();
                    long t0 = System.nanoTime();
                    java.util.function.Supplier<RowChecksum> checksum =
                            checksums.start(plan.sourceChecksum(KeyRange.ALL));
                    long[] bytes = {0};
                    long rows;
                    try (OutputStream section = writer.section(
                            ArchiveFormat.DATA,
                            TableSection.of(
                                    plan.name().schema(),
                                    plan.name().name(),
                                    plan.targetRelation().startsWith("ONLY "),
                                    plan.columns(),
                                    plan.format(),
                                    plan.rowHash()))) {
                        rows = copy.copyOut(plan.copyOut(KeyRange.ALL), new FilterOutputStream(section) {
                            @Override
                            public void write(byte[] b, int off, int len) throws IOException {
                                section.write(b, off, len);
                                bytes[0] += len;
                                progress.copied(len, 1);
                            }
                        });
                    }
                    RowChecksum sum = checksum.get();
                    if (sum.rows() != rows) {
                        throw new SupaException(
                                ErrorCode.INTERNAL_ERROR,
                                "The snapshot changed under the backup: " + plan.name() + " streamed " + rows
                                        + " rows, its checksum counted " + sum.rows(),
                                "Run the backup again; report this if it repeats.");
                    }
                    tables.add(new BackupManifest.Table(plan.name().toString(), rows, sum.hex(), bytes[0]));
                    progress.tableDone(String.format(
                            Locale.ROOT,
                            "backed up %s: %,d rows, %s in %.1f s",
                            plan.name(),
                            rows,
                            ByteSize.pretty(bytes[0]),
                            (System.nanoTime() - t0) / 1e9));
                }
                parts = InstanceParts.backup(new InstancePart.Context(writer, input, ctx, conn, target));
                long totalRows =
                        tables.stream().mapToLong(BackupManifest.Table::rows).sum();
                long dataBytes =
                        tables.stream().mapToLong(BackupManifest.Table::bytes).sum();
                BackupManifest manifest = new BackupManifest(
                        id, schemas, tables, sequences(conn, catalog), totalRows, dataBytes, parts.manifest());
                writer.section(ArchiveFormat.MANIFEST, Map.of(), Json.MAPPER.writeValueAsBytes(manifest));
                written = writer.finish();
            } catch (SupaException | SQLException e) {
                throw e;
            } catch (Exception e) {
                throw new SupaException(
                        ErrorCode.BACKUP_WRITE_FAILED,
                        "Cannot write the backup " + file + ": " + e.getMessage(),
                        "Check that the directory is writable and has room; no backup file was left behind.",
                        e);
            }
            conn.rollback();
            ArchiveHeader h = written.header();
            return new Result(
                    id,
                    written.file(),
                    written.bytes(),
                    written.sha256(),
                    compression.name(),
                    h.encrypted(),
                    h.encrypted() ? h.encryption().keyFingerprint() : null,
                    target.display(),
                    catalog.serverVersion(),
                    schemas,
                    tables.size(),
                    tables.stream().mapToLong(BackupManifest.Table::rows).sum(),
                    tables.stream().mapToLong(BackupManifest.Table::bytes).sum(),
                    tables,
                    parts.summaries(),
                    Math.round((System.nanoTime() - start) / 1e6) / 1000.0);
        }
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    /** The user schemas (or those named), with auth and storage on request, and managed schemas a table pattern names. */
    static List<String> schemas(List<String> existing, Input input, TablePatterns patterns) {
        Set<String> chosen = new TreeSet<>();
        if (input.schemas() != null && !input.schemas().isEmpty()) {
            for (String s : input.schemas()) {
                for (String part : s.split(",")) {
                    if (!part.isBlank()) {
                        chosen.add(part.strip());
                    }
                }
            }
        } else {
            existing.stream().filter(s -> !ManagedSchemas.isManaged(s)).forEach(chosen::add);
        }
        if (input.includeAuth()) {
            chosen.addAll(AUTH_SCHEMAS);
        }
        chosen.addAll(patterns.namedManagedSchemas());
        List<String> missing =
                chosen.stream().filter(s -> !existing.contains(s)).toList();
        if (!missing.isEmpty()) {
            throw SupaException.invalidInput(
                    "Schema(s) not in the database: " + String.join(", ", missing),
                    "Existing schemas: " + String.join(", ", existing) + ".");
        }
        return List.copyOf(chosen);
    }

    private static List<QualifiedName> withPartitions(List<QualifiedName> selected, Map<QualifiedName, Table> tables) {
        Set<QualifiedName> out = new LinkedHashSet<>(selected);
        boolean grew = true;
        while (grew) {
            grew = false;
            for (Map.Entry<QualifiedName, Table> e : tables.entrySet()) {
                if (e.getValue().partitionOf() != null
                        && out.contains(e.getValue().partitionOf())
                        && out.add(e.getKey())) {
                    grew = true;
                }
            }
        }
        return out.stream().sorted(QualifiedName.ORDER).toList();
    }

    /** The catalog cut to the chosen tables: their schemas, with types, functions and the tables' own sequences. */
    private static Catalog only(Catalog c, Set<QualifiedName> chosen) {
        List<Schema> schemas = new ArrayList<>();
        for (Schema s : c.schemas()) {
            List<Table> tables = s.tables().stream()
                    .filter(t -> chosen.contains(new QualifiedName(s.name(), t.name())))
                    .toList();
            if (tables.isEmpty()) {
                continue;
            }
            Set<String> names = new HashSet<>(tables.stream().map(Table::name).toList());
            List<Sequence> sequences = s.sequences().stream()
                    .filter(q -> q.ownedBy() == null
                            || q.ownedBy().schema().equals(s.name())
                                    && names.contains(q.ownedBy().table()))
                    .toList();
            schemas.add(s.with(
                    tables,
                    List.of(),
                    List.of(),
                    s.functions(),
                    sequences,
                    s.enums(),
                    s.compositeTypes(),
                    s.domains(),
                    s.rangeTypes()));
        }
        return new Catalog(
                c.database(),
                c.serverVersion(),
                c.serverVersionNum(),
                c.extensionObjectsIncluded(),
                c.extensions(),
                c.defaultPrivileges(),
                schemas);
    }

    /** Every sequence's value in the snapshot, in one query, for the restore to set after the rows. */
    private static List<BackupManifest.SequenceValue> sequences(Connection conn, Catalog catalog) throws SQLException {
        List<String> names = new ArrayList<>();
        for (Schema s : catalog.schemas()) {
            for (Sequence q : s.sequences()) {
                names.add(PgIdentifiers.qualified(s.name(), q.name()));
            }
        }
        List<BackupManifest.SequenceValue> out = new ArrayList<>();
        if (names.isEmpty()) {
            return out;
        }
        StringBuilder sql = new StringBuilder();
        for (int i = 0; i < names.size(); i++) {
            sql.append(i == 0 ? "" : " UNION ALL ")
                    .append("SELECT ")
                    .append(i)
                    .append(", last_value, is_called FROM ")
                    .append(names.get(i));
        }
        try (Statement s = conn.createStatement();
                ResultSet rs = s.executeQuery(sql + " ORDER BY 1")) {
            while (rs.next()) {
                out.add(new BackupManifest.SequenceValue(names.get(rs.getInt(1)), rs.getLong(2), rs.getBoolean(3)));
            }
        }
        return out;
    }

    private static String blankToDot(String outputPath) {
        return outputPath == null || outputPath.isBlank() ? "." : outputPath;
    }

    /** Whether the output path names a directory (not given, existing, or ending in /) rather than the file. */
    private static boolean namesDirectory(String outputPath, java.nio.file.Path given) {
        return outputPath == null
                || outputPath.isBlank()
                || outputPath.endsWith("/")
                || java.nio.file.Files.isDirectory(given);
    }

    /** The directory the archive goes into: the backup lock's place. */
    static java.nio.file.Path outputDirectory(String outputPath) {
        java.nio.file.Path given = BackupLocation.local(blankToDot(outputPath));
        return namesDirectory(outputPath, given)
                ? given
                : given.toAbsolutePath().getParent();
    }

    /** The name in a directory or prefix: the instance or database and the time. */
    static String fileName(ConnectionInput connection, String database, Instant now) {
        String base = connection != null && connection.instance() != null ? connection.instance() : database;
        return base.replaceAll("[^A-Za-z0-9._-]", "_") + "-" + STAMP.format(now) + ArchiveFormat.EXTENSION;
    }
}
