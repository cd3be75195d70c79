package dev.supadokploy.ops.backup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.supadokploy.config.Config;
import dev.supadokploy.config.DestinationConfig;
import dev.supadokploy.config.DokployServerConfig;
import dev.supadokploy.errors.ErrorCode;
import dev.supadokploy.errors.ErrorFamily;
import dev.supadokploy.errors.SupaException;
import dev.supadokploy.ops.OperationContext;
import dev.supadokploy.ops.Policy;
import dev.supadokploy.ops.connection.ConnectionInput;
import dev.supadokploy.testing.CliRunner;
import dev.supadokploy.testing.CuttingProxy;
import dev.supadokploy.testing.NeedsPostgres;
import dev.supadokploy.testing.S3TestServer;
import dev.supadokploy.testing.TestContext;
import dev.supadokploy.testing.TestPostgres;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Backups to a real S3 server (s3proxy in the test JVM, SigV4 checked) from and into real PostgreSQL: create → list →
 * verify (the verified mark) → restore by id; list --max-age; prune keeping the verified one; and the faults — a wrong
 * secret, a missing bucket, a connection dropped mid-upload, a cut before the marker, a truncated or changed object —
 * each a clear error with nothing listed that is not whole and nothing restored.
 */
@NeedsPostgres
class BackupS3Test {
    static final String BUCKET = "offsite";
    static TestPostgres pg;
    static String source;
    static S3TestServer s3;
    static S3Client admin;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        pg = TestPostgres.get();
        source = pg.createDatabase("bk_s3_src");
        pg.execute(source, """
                CREATE TABLE public.items (id int PRIMARY KEY, label text NOT NULL, price numeric(10,2));
                INSERT INTO public.items SELECT g, 'item ' || g, g * 1.25 FROM generate_series(1, 3000) g;
                """);
        s3 = S3TestServer.start(dir.resolve("s3"));
        admin = s3.client();
        admin.createBucket(b -> b.bucket(BUCKET));
    }

    @AfterAll
    static void stop() throws Exception {
        if (admin != null) {
            admin.close();
        }
        if (s3 != null) {
            s3.close();
        }
    }

    /** [destinations.offsite] at {@code endpoint}, its secret from S3_SECRET. */
    static Config config(URI endpoint) {
        return new Config(
                null,
                new DokployServerConfig(null, null),
                Map.of(),
                Map.of(
                        "offsite",
                        new DestinationConfig(
                                "offsite",
                                endpoint.toString(),
                                S3TestServer.REGION,
                                true,
                                BUCKET,
                                S3TestServer.ACCESS_KEY,
                                "env:S3_SECRET")));
    }

    static OperationContext context(URI endpoint, String secret, Clock clock) {
        Map<String, String> env = new HashMap<>(Map.of("S3_SECRET", secret));
        if (pg.adminPassword() != null) {
            env.put("PGPASSWORD", pg.adminPassword());
        }
        TestContext ctx = TestContext.with(env).config(config(endpoint)).policy(new Policy(true, true, false, true));
        if (clock != null) {
            ctx.clock(clock);
        }
        return ctx.build();
    }

    static OperationContext context() {
        return context(s3.endpoint(), S3TestServer.SECRET_KEY, null);
    }

    static BackupCreateOperation.Result create(String database, String location, OperationContext ctx) {
        return create(database, location, null, ctx);
    }

    static BackupCreateOperation.Result create(
            String database, String location, String compress, OperationContext ctx) {
        return new BackupCreateOperation()
                .run(
                        new BackupCreateOperation.Input(
                                ConnectionInput.url(pg.adminUrlWithoutPassword(database)),
                                location,
                                compress,
                                false,
                                null,
                                null,
                                null,
                                false,
                                false,
                                false,
                                false,
                                null,
                                null),
                        ctx);
    }

    static List<String> keys(String prefix) {
        return admin.listObjectsV2Paginator(b -> b.bucket(BUCKET).prefix(prefix)).contents().stream()
                .map(S3Object::key)
                .sorted()
                .toList();
    }

    static long count(String database, String sql) throws SQLException {
        try (Connection c = pg.adminConnection(database);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static boolean tableExists(String database, String table) throws SQLException {
        return count(database, "SELECT count(*) FROM pg_class WHERE oid = to_regclass('" + table + "')") > 0;
    }

    @Test
    void createListVerifyRestoreThroughS3() throws Exception {
        BackupCreateOperation.Result created = create(source, "s3://offsite/prod/", context());
        assertTrue(created.file().startsWith("s3://offsite/prod/bk_s3_src_"), created.file());
        String name = created.file().substring("s3://offsite/prod/".length());
        // the archive, then its marker
        assertEquals(List.of("prod/" + name, "prod/" + name + ".done"), keys("prod/"));
        byte[] stored = admin.getObjectAsBytes(b -> b.bucket(BUCKET).key("prod/" + name))
                .asByteArray();
        assertEquals(created.bytes(), stored.length);
        assertEquals(
                created.sha256(),
                java.util.HexFormat.of()
                        .formatHex(java.util.Arrays.copyOfRange(stored, stored.length - 32, stored.length)));

        BackupListOperation.Result listed = new BackupListOperation()
                .run(new BackupListOperation.Input("s3://offsite/prod/", "offsite", null), context());
        assertEquals(1, listed.backups().size());
        BackupListOperation.Entry entry = listed.backups().get(0);
        assertEquals(created.backupId(), entry.backupId());
        assertEquals("ok", entry.status());
        assertNull(entry.verifiedAt(), "not verified yet");
        SupaException stale = assertThrows(
                SupaException.class,
                () -> new BackupListOperation()
                        .run(new BackupListOperation.Input("s3://offsite/prod/", null, "26h"), context()));
        assertEquals(ErrorCode.BACKUP_STALE, stale.code(), "an unverified backup does not count");

        BackupVerifyOperation.Result verified = new BackupVerifyOperation()
                .run(new BackupVerifyOperation.Input(created.file(), null, null, null), context());
        assertEquals(created.sha256(), verified.sha256());
        assertEquals(3000, verified.rows());
        assertNotNull(verified.markedAt());
        assertTrue(keys("prod/").contains("prod/" + name + ".verified"));
        String mark = new String(admin.getObjectAsBytes(b -> b.bucket(BUCKET).key("prod/" + name + ".verified"))
                .asByteArray());
        assertTrue(mark.contains(created.sha256()) && mark.contains("toolVersion"), mark);

        BackupListOperation.Result fresh = new BackupListOperation()
                .run(new BackupListOperation.Input("s3://offsite/prod/", null, "26h"), context());
        assertEquals(verified.markedAt(), fresh.backups().get(0).verifiedAt());
        assertEquals(created.backupId(), fresh.backups().get(0).backupId());
        assertNotNull(fresh.newestVerified());

        // the standard AWS environment reaches it too, without config.toml
        Map<String, String> aws = Map.of(
                "AWS_ACCESS_KEY_ID", S3TestServer.ACCESS_KEY,
                "AWS_SECRET_ACCESS_KEY", S3TestServer.SECRET_KEY,
                "AWS_REGION", S3TestServer.REGION,
                "AWS_ENDPOINT_URL_S3", s3.endpoint().toString());
        assertEquals(
                1,
                new BackupListOperation()
                        .run(
                                new BackupListOperation.Input("s3://offsite/prod/"),
                                TestContext.with(aws).build())
                        .backups()
                        .size());

        String target = pg.createDatabase("bk_s3_dst");
        BackupRestoreOperation.Result restored = new BackupRestoreOperation()
                .run(
                        new BackupRestoreOperation.Input(
                                created.backupId().substring(0, 20),
                                "s3://offsite/prod",
                                ConnectionInput.url(pg.adminUrlWithoutPassword(target)),
                                null,
                                false,
                                false,
                                false,
                                null,
                                null,
                                null,
                                null,
                                null,
                                "offsite"),
                        context());
        assertEquals(BackupRestoreOperation.Verdict.restored, restored.verdict());
        assertEquals(created.file(), restored.file());
        assertEquals(3000, count(target, "SELECT count(*) FROM public.items"));
        assertEquals(
                count(source, "SELECT sum(hashtext(i::text)) FROM public.items i"),
                count(target, "SELECT sum(hashtext(i::text)) FROM public.items i"));
    }

    @Test
    void aWrongSecretIsRefusedBeforeTheDatabaseIsReadAndNeverShown() {
        String secret = "wrong-secret-0123456789-abcdef";
        SupaException e = assertThrows(
                SupaException.class,
                () -> create(source, "s3://offsite/denied/", context(s3.endpoint(), secret, null)));
        assertEquals(ErrorCode.BACKUP_STORE_DENIED, e.code(), e::getMessage);
        assertFalse((e.getMessage() + e.suggestion()).contains(secret), "the secret never shows");
        assertTrue(e.getMessage().contains("destination offsite"), e.getMessage());
        assertEquals(List.of(), keys("denied/"));
    }

    @Test
    void aMissingBucketIsItsOwnError() {
        SupaException e = assertThrows(SupaException.class, () -> create(source, "s3://no-such-bucket/x/", context()));
        // the destination is for bucket "offsite": the AWS environment would be used, and there is none here
        assertEquals(ErrorCode.CONFIGURATION_NOT_FOUND, e.code(), e::getMessage);
        Map<String, String> aws = new HashMap<>(Map.of(
                "AWS_ACCESS_KEY_ID", S3TestServer.ACCESS_KEY,
                "AWS_SECRET_ACCESS_KEY", S3TestServer.SECRET_KEY,
                "AWS_ENDPOINT_URL", s3.endpoint().toString()));
        if (pg.adminPassword() != null) {
            aws.put("PGPASSWORD", pg.adminPassword());
        }
        SupaException missing = assertThrows(
                SupaException.class,
                () -> create(
                        source,
                        "s3://no-such-bucket/x/",
                        TestContext.with(aws)
                                .policy(new Policy(true, true, false, true))
                                .build()));
        assertEquals(ErrorCode.BACKUP_STORE_NOT_FOUND, missing.code(), missing::getMessage);
        assertTrue(missing.getMessage().contains("no-such-bucket"), missing.getMessage());
    }

    /**
     * A backup larger than two parts, its connection dropped after 10 MB have gone out: a clear error, no archive,
     * no marker, nothing listed; the source unchanged.
     */
    @Test
    void aConnectionDroppedMidUploadLeavesNothingListed() throws Exception {
        String big = pg.createDatabase("bk_s3_big");
        pg.execute(big, """
                CREATE TABLE public.blobs (id int PRIMARY KEY, body text NOT NULL);
                INSERT INTO public.blobs SELECT g, md5(g::text) || md5((g * 7)::text) || md5((g * 13)::text)
                  FROM generate_series(1, 250000) g;
                """);
        try (CuttingProxy proxy = CuttingProxy.afterBytes(s3.endpoint(), 10L * 1024 * 1024)) {
            SupaException e = assertThrows(
                    SupaException.class,
                    () -> create(
                            big,
                            "s3://offsite/cut/",
                            "none",
                            context(proxy.endpoint(), S3TestServer.SECRET_KEY, null)));
            assertTrue(proxy.hasCut(), "the proxy cut the upload");
            assertEquals(ErrorCode.BACKUP_STORE_UNREACHABLE, e.code(), e::getMessage);
            assertTrue(e.suggestion().contains("never listed"), e.suggestion());
        }
        assertTrue(
                keys("cut/").stream().noneMatch(k -> k.endsWith(".sdbak") || k.endsWith(".done")),
                () -> "no archive, no marker: " + keys("cut/"));
        assertEquals(
                List.of(),
                new BackupListOperation()
                        .run(new BackupListOperation.Input("s3://offsite/cut/"), context())
                        .backups());
        assertEquals(250000, count(big, "SELECT count(*) FROM public.blobs"));
    }

    /** The archive completes but the marker never arrives: the archive object is there, and still not listed. */
    @Test
    void theMarkerIsWrittenLastSoACutBeforeItListsNothing() throws Exception {
        try (CuttingProxy proxy = CuttingProxy.onRequest(s3.endpoint(), "PUT", ".sdbak.done")) {
            SupaException e = assertThrows(
                    SupaException.class,
                    () -> create(
                            source,
                            "s3://offsite/nomarker/",
                            context(proxy.endpoint(), S3TestServer.SECRET_KEY, null)));
            assertTrue(proxy.hasCut());
            assertEquals(ErrorCode.BACKUP_STORE_UNREACHABLE, e.code(), e::getMessage);
        }
        List<String> keys = keys("nomarker/");
        assertEquals(1, keys.size(), keys::toString);
        assertTrue(keys.get(0).endsWith(".sdbak"), "the archive was complete: " + keys);
        assertEquals(
                List.of(),
                new BackupListOperation()
                        .run(new BackupListOperation.Input("s3://offsite/nomarker/"), context())
                        .backups(),
                "without its marker it is not a backup");
    }

    @Test
    void aTruncatedOrChangedObjectFailsVerifyAndRestoresNothing() throws Exception {
        BackupCreateOperation.Result created = create(source, "s3://offsite/orig/", context());
        byte[] bytes = admin.getObjectAsBytes(
                        b -> b.bucket(BUCKET).key(created.file().substring("s3://offsite/".length())))
                .asByteArray();
        byte[] cut = java.util.Arrays.copyOf(bytes, bytes.length - 100);
        byte[] changed = bytes.clone();
        changed[bytes.length / 2] ^= 0x40;
        put("bad/cut.sdbak", cut);
        put("bad/cut.sdbak.done", "{}".getBytes());
        put("bad/changed.sdbak", changed);
        put("bad/changed.sdbak.done", "{}".getBytes());

        SupaException truncated = assertThrows(
                SupaException.class,
                () -> new BackupVerifyOperation()
                        .run(new BackupVerifyOperation.Input("s3://offsite/bad/cut.sdbak", null, null), context()));
        assertEquals(ErrorCode.BACKUP_TRUNCATED, truncated.code(), truncated::getMessage);
        SupaException tampered = assertThrows(
                SupaException.class,
                () -> new BackupVerifyOperation()
                        .run(new BackupVerifyOperation.Input("s3://offsite/bad/changed.sdbak", null, null), context()));
        assertEquals(ErrorCode.BACKUP_TAMPERED, tampered.code(), tampered::getMessage);
        assertFalse(keys("bad/").stream().anyMatch(k -> k.endsWith(".verified")), "no mark for a failed verify");

        String target = pg.createDatabase("bk_s3_bad");
        SupaException restore = assertThrows(
                SupaException.class,
                () -> new BackupRestoreOperation()
                        .run(
                                new BackupRestoreOperation.Input(
                                        "s3://offsite/bad/changed.sdbak",
                                        null,
                                        ConnectionInput.url(pg.adminUrlWithoutPassword(target)),
                                        null,
                                        false,
                                        false),
                                context()));
        assertEquals(ErrorCode.BACKUP_TAMPERED, restore.code(), restore::getMessage);
        assertFalse(tableExists(target, "public.items"), "nothing restored");
        assertArrayEquals(
                bytes,
                admin.getObjectAsBytes(b -> b.bucket(BUCKET).key(created.file().substring("s3://offsite/".length())))
                        .asByteArray(),
                "the original untouched");
    }

    private static void put(String key, byte[] content) {
        admin.putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromBytes(content));
    }

    /**
     * Three backups a day apart; only the oldest verified. prune --keep-last 1 keeps the newest (the rule) and the
     * oldest (the only verified one), and deletes the middle one with its marker. --max-age fails: the newest verified
     * backup is two days old.
     */
    @Test
    void pruneNeverDeletesTheOnlyVerifiedBackupAndMaxAgeSeesItsAge() throws Exception {
        Instant day = Instant.parse("2026-03-01T02:00:00Z");
        List<BackupCreateOperation.Result> made = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Clock at = Clock.fixed(day.plusSeconds(86400L * i), ZoneOffset.UTC);
            made.add(create(source, "s3://offsite/keep/", context(s3.endpoint(), S3TestServer.SECRET_KEY, at)));
        }
        new BackupVerifyOperation()
                .run(new BackupVerifyOperation.Input(made.get(0).file(), null, null), context());
        OperationContext now = context(
                s3.endpoint(), S3TestServer.SECRET_KEY, Clock.fixed(day.plusSeconds(86400L * 4), ZoneOffset.UTC));
        SupaException stale = assertThrows(
                SupaException.class,
                () -> new BackupListOperation()
                        .run(new BackupListOperation.Input("s3://offsite/keep/", null, "26h"), now));
        assertEquals(ErrorCode.BACKUP_STALE, stale.code());
        assertTrue(stale.getMessage().contains("2026-03-01T02:00:00Z"), stale.getMessage());
        assertEquals(
                day,
                new BackupListOperation()
                        .run(new BackupListOperation.Input("s3://offsite/keep/", null, "5d"), now)
                        .newestVerified());

        BackupPruneOperation.Result pruned = new BackupPruneOperation()
                .run(new BackupPruneOperation.Input("s3://offsite/keep/", 1, null, null, "offsite"), now);
        assertTrue(pruned.deleted());
        assertEquals(List.of(made.get(1).file()), pruned.removed());
        assertEquals(
                List.of(List.of("last"), List.of("verified")),
                pruned.kept().stream().map(BackupPruneOperation.Kept::reasons).toList());
        String middle = made.get(1).file().substring("s3://offsite/".length());
        assertTrue(
                keys("keep/").stream().noneMatch(k -> k.startsWith(middle)), () -> "deleted whole: " + keys("keep/"));
        assertEquals(
                2,
                new BackupListOperation()
                        .run(new BackupListOperation.Input("s3://offsite/keep/"), now)
                        .backups()
                        .size());
    }

    /** Locally the verified mark sits beside the archive, mode 0600; list shows it. */
    @Test
    void aLocalVerifiedMarkIsPrivate() throws Exception {
        Path local = dir.resolve("local");
        Files.createDirectories(local);
        BackupCreateOperation.Result created = create(source, local + "/", context());
        BackupVerifyOperation.Result v =
                new BackupVerifyOperation().run(new BackupVerifyOperation.Input(created.file(), null, null), context());
        Path mark = Path.of(created.file() + ".verified");
        assertTrue(Files.isRegularFile(mark));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(mark)));
        BackupListOperation.Result listed =
                new BackupListOperation().run(new BackupListOperation.Input(local.toString()), context());
        assertEquals(1, listed.backups().size(), "the mark is not listed as an archive");
        assertEquals(v.markedAt(), listed.backups().get(0).verifiedAt());
    }

    /** The monitor's view: `backup list --max-age` exits with the backup family's code and one line on stderr. */
    @Test
    void listMaxAgeIsOneLineForAMonitor() {
        CliRunner cli = new CliRunner()
                .env("AWS_ACCESS_KEY_ID", S3TestServer.ACCESS_KEY)
                .env("AWS_SECRET_ACCESS_KEY", S3TestServer.SECRET_KEY)
                .env("AWS_ENDPOINT_URL_S3", s3.endpoint().toString());
        CliRunner.Result r = cli.run("backup", "list", "s3://offsite/empty-prefix/", "--max-age", "26h");
        assertEquals(ErrorFamily.BACKUP.exitCode(), r.exitCode(), r::toString);
        assertTrue(r.stderr().contains("BACKUP_STALE"), r.stderr());
        assertEquals(1, r.stderr().strip().lines().count(), r.stderr());
        CliRunner.Result ok = cli.run("backup", "list", "s3://offsite/empty-prefix/");
        assertEquals(0, ok.exitCode(), ok::toString);
    }
}
