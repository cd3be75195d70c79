package dev.supadokploy.ops.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.supadokploy.backup.ArchiveFormat;
import dev.supadokploy.backup.ArchiveHeader;
import dev.supadokploy.backup.ArchiveReader;
import dev.supadokploy.backup.ArchiveWriter;
import dev.supadokploy.backup.BackupManifest;
import dev.supadokploy.backup.TableSection;
import dev.supadokploy.errors.ErrorCode;
import dev.supadokploy.errors.SupaException;
import dev.supadokploy.ops.OperationContext;
import dev.supadokploy.ops.Policy;
import dev.supadokploy.ops.connection.ConnectionInput;
import dev.supadokploy.pg.PgIdentifiers;
import dev.supadokploy.pg.catalog.SchemaSelection;
import dev.supadokploy.pg.copy.CopySessions;
import dev.supadokploy.pg.copy.RowChecksum;
import dev.supadokploy.pg.diff.DiffOptions;
import dev.supadokploy.pg.diff.DiffPlan;
import dev.supadokploy.pg.diff.SchemaSnapshot;
import dev.supadokploy.testing.NeedsPostgres;
import dev.supadokploy.testing.TestContext;
import dev.supadokploy.testing.TestPostgres;
import dev.supadokploy.util.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Supabase-shaped database with awkward data → backup (zstd, encrypted) → restore into a fresh database: the schema
 * diff between the two is empty and every table holds the same rows. Then every way a file can go wrong — a changed
 * byte in each region, a cut at several points, a wrong passphrase or key file — is refused with its own code, and
 * the target is left empty.
 */
@NeedsPostgres
class BackupRoundTripTest {
    static final String PASSPHRASE = "correct horse battery staple";
    static final List<String> TABLES = List.of(
            "public.customers",
            "public.orders",
            "public.notes",
            "\"Mixed Schema\".\"Ünïcode tåble\"",
            "public.events",
            "public.profiles",
            "public.todos",
            "auth.users",
            "auth.refresh_tokens");
    static TestPostgres pg;
    static String source;
    static Path archive;
    static BackupCreateOperation.Result created;

    @TempDir
    static Path dir;

    @BeforeAll
    static void backup() {
        pg = TestPostgres.get();
        source = pg.createSupabaseDatabase("bk_src");
        pg.execute(source, TestPostgres.resource("/migrate/schema.sql"));
        pg.execute(source, TestPostgres.resource("/migrate/data.sql"));
        pg.execute(source, """
                INSERT INTO auth.users (id, email, raw_user_meta_data)
                SELECT ('10000000-0000-4000-8000-' || lpad(to_hex(g), 12, '0'))::uuid, 'user' || g || '@example.com',
                       jsonb_build_object('full_name', 'User ' || g) FROM generate_series(1, 40) g;
                INSERT INTO public.todos (user_id, task, status, priority)
                SELECT ('10000000-0000-4000-8000-' || lpad(to_hex(1 + g % 40), 12, '0'))::uuid, E'task\\t' || g,
                       (ARRAY['pending', 'doing', 'done'])[1 + g % 3]::public.todo_status, g % 6 FROM generate_series(1, 500) g;
                SELECT nextval('public.invoice_number_seq') FROM generate_series(1, 7);
                REFRESH MATERIALIZED VIEW public.todo_counts;
                """);
        created = new BackupCreateOperation()
                .run(
                        new BackupCreateOperation.Input(
                                ConnectionInput.url(pg.adminUrlWithoutPassword(source)),
                                dir.toString(),
                                null,
                                true,
                                "env:BK_PASS",
                                null,
                                null,
                                true,
                                null,
                                null,
                                null),
                        context());
        archive = Path.of(created.file());
    }

    static OperationContext context() {
        TestContext ctx = TestContext.with(Map.of("BK_PASS", PASSPHRASE)).policy(new Policy(true, true, false, true));
        if (pg.adminPassword() != null) {
            ctx.env("PGPASSWORD", pg.adminPassword());
        }
        return ctx.build();
    }

    static BackupRestoreOperation.Result restore(Path file, String db, String key, boolean dryRun) {
        return restore(file, db, key, dryRun, false);
    }

    static BackupRestoreOperation.Result restore(Path file, String db, String key, boolean dryRun, boolean clean) {
        return new BackupRestoreOperation()
                .run(
                        new BackupRestoreOperation.Input(
                                file.toString(),
                                null,
                                db == null ? null : ConnectionInput.url(pg.adminUrlWithoutPassword(db)),
                                key,
                                dryRun,
                                clean,
                                null),
                        context());
    }

    @Test
    void theArchiveIsWrittenWhole() throws IOException {
        assertTrue(
                archive.getFileName().toString().startsWith("bk_src_")
                        && archive.toString().endsWith(".sdbak"),
                archive::toString);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(archive)));
        assertEquals(Files.size(archive), created.bytes());
        assertTrue(created.encrypted() && created.compression().equals("zstd"), created::toString);
        try (var files = Files.list(dir)) {
            assertEquals(
                    List.of(),
                    files.map(p -> p.getFileName().toString())
                            .filter(n -> n.contains(".partial"))
                            .toList(),
                    "no temporary file left beside it");
        }
        assertEquals(created.tables().stream().mapToLong(t -> t.rows()).sum(), created.rows());
        assertEquals(2001, rows("public.customers"));
        assertEquals(3000, rows("public.events"), "a partitioned table's rows travel through its root");
        assertEquals(count(source, "SELECT count(*) FROM auth.users"), rows("auth.users"));
        assertFalse(
                created.tables().stream().anyMatch(t -> t.table().startsWith("public.events_")),
                "partitions are not copied twice");
    }

    @Test
    void verifyReadsEverythingWithoutADatabase() {
        BackupVerifyOperation.Result v = new BackupVerifyOperation()
                .run(new BackupVerifyOperation.Input(archive.toString(), "env:BK_PASS", null), context());
        assertEquals("valid", v.verdict());
        assertEquals(created.sha256(), v.sha256());
        assertEquals(created.rows(), v.rows());
        assertEquals(created.tables(), v.tables());
        assertTrue(v.statements() > 20 && v.objects().containsKey("table"), v::toString);
        assertTrue(v.segments() > 1, "more than one segment: " + v.segments());
    }

    @Test
    void restoresIntoAFreshDatabaseWithTheSameSchemaAndRows() throws SQLException {
        String target = pg.createDatabase("bk_dst");
        BackupRestoreOperation.Result dry = restore(archive, target, "env:BK_PASS", true);
        assertEquals(BackupRestoreOperation.Verdict.would_restore, dry.verdict());
        assertTrue(
                dry.statements().stream().anyMatch(s -> s.startsWith("CREATE TABLE public.customers")),
                dry.statements()::toString);
        assertEquals(
                0,
                count(
                        target,
                        "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                                + "WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')"),
                "a dry run touches nothing");

        BackupRestoreOperation.Result r = restore(archive, target, "env:BK_PASS", false);
        assertEquals(BackupRestoreOperation.Verdict.restored, r.verdict());
        assertTrue(r.tables().stream().allMatch(t -> t.status().equals("verified")), r::toString);
        assertEquals(created.rows(), r.rows());

        DiffPlan diff = SchemaSnapshot.compare(snapshot(source), snapshot(target), DiffOptions.DEFAULT);
        assertTrue(diff.isEmpty(), () -> "restored schema differs:\n" + diff.script("remaining"));
        for (String table : TABLES) {
            assertEquals(content(source, table), content(target, table), table);
        }
        assertEquals(
                content(source, "public.todo_counts"),
                content(target, "public.todo_counts"),
                "materialized view refilled");
        assertEquals(
                count(source, "SELECT last_value FROM public.invoice_number_seq"),
                count(target, "SELECT last_value FROM public.invoice_number_seq"));
        assertEquals(
                count(source, "SELECT nextval('public.todos_id_seq')"),
                count(target, "SELECT nextval('public.todos_id_seq')"));

        SupaException again = assertThrows(SupaException.class, () -> restore(archive, target, "env:BK_PASS", false));
        assertEquals(ErrorCode.BACKUP_TARGET_NOT_EMPTY, again.code());
    }

    @Test
    void cleanRestoresOverTheBackupsObjectsKeepsTheRestAndRollsBackOnFailure() throws Exception {
        String target = pg.createDatabase("bk_clean");
        restore(archive, target, "env:BK_PASS", false);
        pg.execute(target, """
                DELETE FROM public.notes WHERE id % 2 = 0;
                UPDATE auth.users SET email = 'changed-' || email;
                CREATE TABLE public.kept (id int PRIMARY KEY);
                INSERT INTO public.kept VALUES (42);
                """);
        String changedNotes = content(target, "public.notes");
        assertEquals(
                ErrorCode.BACKUP_TARGET_NOT_EMPTY,
                assertThrows(SupaException.class, () -> restore(archive, target, "env:BK_PASS", false))
                        .code());

        BackupRestoreOperation.Result dry = restore(archive, target, "env:BK_PASS", true, true);
        assertTrue(
                dry.dropped().contains("table public.notes") && dry.dropped().contains("table auth.users"),
                dry.dropped()::toString);
        assertFalse(dry.dropped().contains("table public.kept"), "objects the backup does not hold are kept");
        assertTrue(dry.statements().get(0).startsWith("DROP TABLE IF EXISTS "), dry.statements()::toString);
        assertFalse(dry.statements().stream().anyMatch(x -> x.contains("kept")), dry.statements()::toString);
        assertEquals(changedNotes, content(target, "public.notes"), "a dry run changes nothing");

        OperationContext unconfirmed = TestContext.with(Map.of("BK_PASS", PASSPHRASE))
                .policy(new Policy(true, false, false, true))
                .env("PGPASSWORD", pg.adminPassword() == null ? "" : pg.adminPassword())
                .build();
        SupaException refused = assertThrows(
                SupaException.class,
                () -> new BackupRestoreOperation()
                        .run(
                                new BackupRestoreOperation.Input(
                                        archive.toString(),
                                        null,
                                        ConnectionInput.url(pg.adminUrlWithoutPassword(target)),
                                        "env:BK_PASS",
                                        null,
                                        true,
                                        null),
                                unconfirmed));
        assertEquals(ErrorCode.VALIDATION_CONFIRMATION_REQUIRED, refused.code());
        assertTrue(refused.suggestion().contains("--yes"), refused::suggestion);
        assertEquals(changedNotes, content(target, "public.notes"));

        byte[] bytes = Files.readAllBytes(archive);
        Path damaged = dir.resolve("damaged-late.sdbak");
        Files.write(damaged, flip(bytes, bytes.length - 40 - 20));
        assertEquals(
                ErrorCode.BACKUP_TAMPERED,
                assertThrows(SupaException.class, () -> restore(damaged, target, "env:BK_PASS", false, true))
                        .code());
        assertEquals(
                changedNotes,
                content(target, "public.notes"),
                "a --clean restore that fails leaves the target as it was");
        assertEquals(1, count(target, "SELECT count(*) FROM public.kept"));

        BackupRestoreOperation.Result r = restore(archive, target, "env:BK_PASS", false, true);
        assertEquals(BackupRestoreOperation.Verdict.restored, r.verdict());
        assertTrue(r.tables().stream().allMatch(t -> t.status().equals("verified")), r::toString);
        for (String table : TABLES) {
            assertEquals(content(source, table), content(target, table), table);
        }
        assertEquals(
                42, count(target, "SELECT id FROM public.kept"), "the table the backup does not hold is untouched");
        restore(archive, target, "env:BK_PASS", false, true);
        pg.execute(target, "DROP TABLE public.kept");
        DiffPlan diff = SchemaSnapshot.compare(snapshot(source), snapshot(target), DiffOptions.DEFAULT);
        assertTrue(diff.isEmpty(), () -> "restored schema differs after --clean twice:\n" + diff.script("remaining"));
        for (String table : TABLES) {
            assertEquals(content(source, table), content(target, table), table);
        }

        pg.execute(
                target, "CREATE SCHEMA elsewhere; CREATE VIEW elsewhere.note_bodies AS SELECT body FROM public.notes");
        SupaException outside =
                assertThrows(SupaException.class, () -> restore(archive, target, "env:BK_PASS", false, true));
        assertEquals(ErrorCode.BACKUP_TARGET_NOT_EMPTY, outside.code());
        assertTrue(outside.getMessage().contains("view elsewhere.note_bodies"), outside::getMessage);
        assertEquals(content(source, "public.notes"), content(target, "public.notes"));
    }

    @Test
    void verifyRestoreToRestoresIntoAScratchDatabaseAndComparesEverything() throws SQLException {
        String scratch = pg.createDatabase("bk_scratch");
        BackupVerifyOperation.Result v = new BackupVerifyOperation()
                .run(
                        new BackupVerifyOperation.Input(
                                archive.toString(), "env:BK_PASS", pg.adminUrlWithoutPassword(scratch)),
                        context());
        assertEquals("valid", v.verdict());
        assertTrue(v.restoredTo().contains(scratch), v::restoredTo);
        assertEquals(created.tables().size(), v.tablesVerified());
        assertEquals(0, v.schemaDifferences());
        assertEquals(created.sha256(), v.sha256());
        assertEquals(content(source, "public.orders"), content(scratch, "public.orders"));

        SupaException occupied = assertThrows(
                SupaException.class,
                () -> new BackupVerifyOperation()
                        .run(
                                new BackupVerifyOperation.Input(
                                        archive.toString(), "env:BK_PASS", pg.adminUrlWithoutPassword(scratch)),
                                context()));
        assertEquals(ErrorCode.BACKUP_TARGET_NOT_EMPTY, occupied.code(), "a scratch database must be empty");

        pg.execute(scratch, "ALTER TABLE public.notes ADD COLUMN extra integer");
        DiffPlan differs = SchemaSnapshot.compare(snapshot(source), snapshot(scratch), DiffOptions.DEFAULT);
        SupaException mismatch =
                assertThrows(SupaException.class, () -> BackupVerifyOperation.requireSameSchema(differs, scratch));
        assertEquals(ErrorCode.BACKUP_SCHEMA_MISMATCH, mismatch.code());
        assertTrue(String.valueOf(mismatch.details().get("diff")).contains("DROP COLUMN extra"), mismatch::getMessage);
    }

    @Test
    void restoreFindsABackupByItsIdInADirectory() throws IOException {
        Path records = Files.createDirectories(dir.resolve("records"));
        Path copy = Files.copy(archive, records.resolve(archive.getFileName()));
        BackupCreateOperation.Result other = new BackupCreateOperation()
                .run(
                        new BackupCreateOperation.Input(
                                ConnectionInput.url(pg.adminUrlWithoutPassword(source)),
                                records.toString(),
                                "none",
                                null,
                                null,
                                null,
                                List.of("public.notes"),
                                null,
                                null,
                                null,
                                null),
                        context());
        BackupRestoreOperation.Result byId = new BackupRestoreOperation()
                .run(
                        new BackupRestoreOperation.Input(
                                created.backupId(), records.toString(), null, "env:BK_PASS", true, null, null),
                        context());
        assertEquals(copy.toString(), byId.file());
        assertEquals(created.backupId(), byId.backupId());
        String otherPrefix = other.backupId().substring(0, other.backupId().length() - 3);
        assertEquals(
                other.file(),
                new BackupRestoreOperation()
                        .run(
                                new BackupRestoreOperation.Input(
                                        otherPrefix, records.toString(), null, null, true, null, null),
                                context())
                        .file(),
                "a unique prefix is enough");

        int common = 0;
        while (created.backupId().charAt(common) == other.backupId().charAt(common)) {
            common++;
        }
        String shared = created.backupId().substring(0, common);
        SupaException ambiguous = assertThrows(
                SupaException.class,
                () -> new BackupRestoreOperation()
                        .run(
                                new BackupRestoreOperation.Input(
                                        shared, records.toString(), null, "env:BK_PASS", true, null, null),
                                context()));
        assertEquals(ErrorCode.BACKUP_NOT_FOUND, ambiguous.code());
        assertTrue(
                ambiguous.getMessage().contains(created.backupId())
                        && ambiguous.getMessage().contains(other.backupId()),
                ambiguous::getMessage);
        SupaException missing = assertThrows(
                SupaException.class,
                () -> new BackupRestoreOperation()
                        .run(
                                new BackupRestoreOperation.Input(
                                        "19990101T000000Z", records.toString(), null, null, true, null, null),
                                context()));
        assertEquals(ErrorCode.BACKUP_NOT_FOUND, missing.code());
        assertTrue(
                missing.suggestion().contains(created.backupId())
                        && missing.suggestion().contains(other.backupId()),
                missing::suggestion);
    }

    @Test
    void everyDamageIsRefusedWithItsCodeAndTheTargetStaysEmpty() throws IOException {
        byte[] bytes = Files.readAllBytes(archive);
        int headerEnd = 14
                + ((bytes[10] & 0xff) << 24 | (bytes[11] & 0xff) << 16 | (bytes[12] & 0xff) << 8 | (bytes[13] & 0xff));
        String target = pg.createDatabase("bk_bad");
        assertRefused(ErrorCode.BACKUP_TAMPERED, flip(bytes, 20), target); // inside the header JSON
        assertRefused(ErrorCode.BACKUP_TAMPERED, flip(bytes, headerEnd + 2), target); // a segment's length
        assertRefused(ErrorCode.BACKUP_TAMPERED, flip(bytes, bytes.length / 2), target); // a segment in the middle
        assertRefused(ErrorCode.BACKUP_TAMPERED, flip(bytes, bytes.length - 40 - 20), target); // the last segment
        assertRefused(ErrorCode.BACKUP_TAMPERED, flip(bytes, bytes.length - 3), target); // the trailer's hash
        assertRefused(ErrorCode.BACKUP_TAMPERED, flip(bytes, bytes.length - 38), target); // the trailer's marker
        assertRefused(ErrorCode.BACKUP_NOT_AN_ARCHIVE, flip(bytes, 0), target);
        byte[] newer = bytes.clone();
        newer[9] = (byte) (ArchiveFormat.VERSION + 1);
        assertRefused(ErrorCode.BACKUP_UNSUPPORTED_VERSION, newer, target);
        for (int cut : new int[] {
            4,
            12,
            headerEnd - 5,
            headerEnd + 3,
            headerEnd + 4000,
            bytes.length / 2,
            bytes.length - 41,
            bytes.length - 40,
            bytes.length - 1
        }) {
            assertRefused(ErrorCode.BACKUP_TRUNCATED, java.util.Arrays.copyOf(bytes, cut), target);
        }
        SupaException wrong = assertThrows(SupaException.class, () -> restore(archive, target, "env:WRONG", false));
        assertEquals(ErrorCode.CONFIGURATION_SECRET_UNRESOLVED, wrong.code());
        Path wrongPass = dir.resolve("wrong.pass");
        Files.writeString(wrongPass, "not the passphrase at all");
        assertEquals(
                ErrorCode.BACKUP_WRONG_KEY,
                assertThrows(SupaException.class, () -> restore(archive, target, "file:" + wrongPass, false))
                        .code());
        Path keyFile = dir.resolve("random.key");
        Files.write(keyFile, new byte[32]);
        assertEquals(
                ErrorCode.BACKUP_WRONG_KEY,
                assertThrows(SupaException.class, () -> restore(archive, target, "file:" + keyFile, false))
                        .code());
        assertEquals(
                ErrorCode.BACKUP_KEY_REQUIRED,
                assertThrows(SupaException.class, () -> restore(archive, target, null, false))
                        .code());
        assertTargetEmpty(target);
    }

    @Test
    void aKeyFileAndGzipAndPlainArchivesRoundTripToo() throws IOException {
        Path keyFile = dir.resolve("backup.key");
        Files.write(keyFile, java.security.SecureRandom.getSeed(32));
        Path out = dir.resolve("sub/partial.sdbak");
        BackupCreateOperation.Result keyed = new BackupCreateOperation()
                .run(
                        new BackupCreateOperation.Input(
                                ConnectionInput.url(pg.adminUrlWithoutPassword(source)),
                                out.toString(),
                                "gzip",
                                null,
                                "file:" + keyFile,
                                null,
                                List.of("public.notes", "public.events"),
                                null,
                                null,
                                null,
                                null),
                        context());
        assertEquals(out.toString(), keyed.file());
        assertEquals(
                List.of("public.events", "public.notes"),
                keyed.tables().stream().map(t -> t.table()).toList());
        String target = pg.createDatabase("bk_keyed");
        restore(out, target, "file:" + keyFile, false);
        assertEquals(content(source, "public.notes"), content(target, "public.notes"));
        assertEquals(content(source, "public.events"), content(target, "public.events"));

        Path plain = dir.resolve("plain.sdbak");
        new BackupCreateOperation()
                .run(
                        new BackupCreateOperation.Input(
                                ConnectionInput.url(pg.adminUrlWithoutPassword(source)),
                                plain.toString(),
                                "none",
                                null,
                                null,
                                null,
                                List.of("public.notes"),
                                null,
                                null,
                                null,
                                null),
                        context());
        byte[] bytes = Files.readAllBytes(plain);
        String other = pg.createDatabase("bk_plain");
        assertRefused(ErrorCode.BACKUP_TAMPERED, flip(bytes, bytes.length / 2), other);
        assertRefused(ErrorCode.BACKUP_TAMPERED, flip(bytes, 30), other);
        assertTargetEmpty(other);
        restore(plain, other, null, false);
        assertEquals(content(source, "public.notes"), content(other, "public.notes"));
    }

    @Test
    void aFormatOneArchiveWithTextChecksumsStillRestores() throws Exception {
        Path v2 = dir.resolve("v2.sdbak");
        new BackupCreateOperation()
                .run(
                        new BackupCreateOperation.Input(
                                ConnectionInput.url(pg.adminUrlWithoutPassword(source)),
                                v2.toString(),
                                "none",
                                null,
                                null,
                                null,
                                List.of("public.customers", "public.notes"),
                                null,
                                null,
                                null,
                                null),
                        context());
        Path v1 = dir.resolve("v1.sdbak");
        try (ArchiveReader in = ArchiveReader.open(v2, null);
                Connection src = pg.adminConnection(source)) {
            CopySessions.prepare(src);
            ArchiveHeader h = in.header();
            ArchiveHeader old = new ArchiveHeader(
                    1,
                    h.backupId(),
                    h.createdAt(),
                    h.toolVersion(),
                    h.source(),
                    h.sourceDatabase(),
                    h.sourceServerVersion(),
                    h.compression(),
                    h.dataFormat(),
                    null);
            try (ArchiveWriter out = ArchiveWriter.create(v1, old, null)) {
                for (ArchiveReader.Section s = in.next(); s.type() != ArchiveFormat.END; s = in.next()) {
                    if (s.type() == ArchiveFormat.DATA) {
                        TableSection t = s.meta(TableSection.class);
                        assertTrue(t.recordHash(), "format 2 on PostgreSQL 14+ records hash_record_extended checksums");
                        try (var section = out.section(
                                ArchiveFormat.DATA,
                                new TableSection(
                                        t.schema(), t.name(), t.only(), t.columns(), t.format(), null, null))) {
                            s.content().transferTo(section);
                        }
                    } else if (s.type() == ArchiveFormat.MANIFEST) {
                        BackupManifest m = s.json(BackupManifest.class);
                        List<BackupManifest.Table> text = new java.util.ArrayList<>();
                        for (BackupManifest.Table t : m.tables()) {
                            String[] name = t.table().split("\\.");
                            List<String> columns = storedColumns(src, name[0], name[1]);
                            RowChecksum sum = RowChecksum.compute(
                                    src,
                                    RowChecksum.query(PgIdentifiers.qualified(name[0], name[1]), columns, null, false));
                            assertFalse(sum.hex().equals(t.checksum()), "the text form gives another checksum");
                            text.add(new BackupManifest.Table(t.table(), t.rows(), sum.hex(), t.bytes()));
                        }
                        out.section(
                                ArchiveFormat.MANIFEST,
                                Map.of(),
                                Json.MAPPER.writeValueAsBytes(new BackupManifest(
                                        m.backupId(),
                                        m.schemas(),
                                        text,
                                        m.sequences(),
                                        m.rows(),
                                        m.dataBytes(),
                                        null)));
                    } else {
                        out.section(s.type(), Map.of(), s.content().readAllBytes());
                    }
                }
                out.finish();
            }
        }
        String target = pg.createDatabase("bk_v1");
        BackupRestoreOperation.Result r = restore(v1, target, null, false);
        assertTrue(r.tables().stream().allMatch(t -> t.status().equals("verified")), r::toString);
        assertEquals(content(source, "public.customers"), content(target, "public.customers"));
        assertEquals(content(source, "public.notes"), content(target, "public.notes"));
    }

    /** The stored (not generated) columns of a table, quoted, in order: what a backup copies. */
    private static List<String> storedColumns(Connection c, String schema, String table) throws SQLException {
        List<String> out = new java.util.ArrayList<>();
        try (var ps =
                c.prepareStatement("SELECT attname FROM pg_attribute WHERE attrelid = format('%I.%I', ?, ?)::regclass "
                        + "AND attnum > 0 AND NOT attisdropped AND attgenerated = '' ORDER BY attnum")) {
            ps.setString(1, schema);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(PgIdentifiers.quote(rs.getString(1)));
                }
            }
        }
        return out;
    }

    private static void assertRefused(ErrorCode code, byte[] file, String target) {
        try {
            Path damaged = Files.createTempFile(dir, "damaged", ".sdbak");
            Files.write(damaged, file);
            SupaException e = assertThrows(SupaException.class, () -> restore(damaged, target, "env:BK_PASS", false));
            assertEquals(code, e.code(), e::getMessage);
            assertFalse(e.getMessage().contains(PASSPHRASE));
            assertTargetEmpty(target);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void assertTargetEmpty(String db) {
        assertEquals(
                0,
                count(
                        db,
                        "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                                + "WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'"),
                "target left empty");
        assertEquals(
                0, count(db, "SELECT count(*) FROM pg_namespace WHERE nspname IN ('auth', 'storage', 'Mixed Schema')"));
    }

    private static byte[] flip(byte[] bytes, int at) {
        byte[] copy = bytes.clone();
        copy[at] ^= 0x01;
        return copy;
    }

    private static long rows(String table) {
        return created.tables().stream()
                .filter(t -> t.table().equals(table))
                .findFirst()
                .orElseThrow()
                .rows();
    }

    static SchemaSnapshot snapshot(String db) throws SQLException {
        try (Connection c = pg.adminConnection(db)) {
            return SchemaSnapshot.read(c, new SchemaSelection(created.schemas(), false, null), false);
        }
    }

    static String content(String db, String table) {
        return String.valueOf(query(
                db,
                "SELECT count(*) || ':' || coalesce(md5(string_agg(t::text, E'\\n' ORDER BY t::text)), '') FROM "
                        + table + " t"));
    }

    static long count(String db, String sql) {
        return Long.parseLong(String.valueOf(query(db, sql)));
    }

    private static Object query(String db, String sql) {
        try (Connection c = pg.adminConnection(db);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getObject(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
