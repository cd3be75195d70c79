package dev.supadokploy.ops.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.supadokploy.errors.ErrorCode;
import dev.supadokploy.errors.SupaException;
import dev.supadokploy.ops.OperationContext;
import dev.supadokploy.ops.Policy;
import dev.supadokploy.ops.Progress;
import dev.supadokploy.ops.connection.ConnectionInput;
import dev.supadokploy.ops.connection.StorageInput;
import dev.supadokploy.testing.NeedsPostgres;
import dev.supadokploy.testing.StorageApi;
import dev.supadokploy.testing.TestContext;
import dev.supadokploy.util.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * The "objects" part against the real Storage server (storage-api, {@link StorageApi}): two servers, each with its own
 * database, one the source and one a fresh target. Objects in two buckets with content types, cache control, user
 * metadata and owners are backed up with the database, and restored onto the fresh database and Storage: bytes
 * (SHA-256), metadata, owners, ids and times equal. Faults: a wrong S3 key, Storage without the database's bucket, an
 * object changed while the backup ran. The faults run first: the restore fills the target.
 */
@NeedsPostgres
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BackupObjectsTest {
    static StorageApi source;
    static StorageApi target;
    static final Map<String, String> SHA = new LinkedHashMap<>();

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        source = StorageApi.start("objects-src", 5451, 5010, 5090);
        target = StorageApi.start("objects-dst", 5452, 5011, 5091);
        try (S3Client s3 = source.s3()) {
            s3.createBucket(b -> b.bucket("avatars"));
            s3.createBucket(b -> b.bucket("docs"));
            Random random = new Random(19);
            put(s3, "avatars", "u1/face.png", bytes(random, 70_000), "image/png", "max-age=3600", Map.of("who", "u1"));
            put(s3, "avatars", "u2/face.png", bytes(random, 1), "image/png", "no-cache", Map.of());
            put(
                    s3,
                    "docs",
                    "report (final).pdf",
                    bytes(random, 9 << 20),
                    "application/pdf",
                    "max-age=60",
                    Map.of("k", "v"));
            put(s3, "docs", "a/b/c.txt", "hello".getBytes(StandardCharsets.UTF_8), "text/plain", null, Map.of());
        }
        // owners and user metadata as an app's users leave them
        sql(
                source.databaseUrl(),
                "UPDATE storage.objects SET owner = 'a6f5c2d0-5b1e-4c8e-9d5f-0c7a1b2c3d4e', "
                        + "owner_id = 'a6f5c2d0-5b1e-4c8e-9d5f-0c7a1b2c3d4e', user_metadata = '{\"album\": \"summer\"}' "
                        + "WHERE name = 'u1/face.png'");
        sql(
                source.databaseUrl(),
                "UPDATE storage.buckets SET public = true, file_size_limit = 20971520 WHERE id = 'avatars'");
        sql(
                source.databaseUrl(),
                "CREATE TABLE public.notes (id int primary key, body text); "
                        + "INSERT INTO public.notes SELECT g, 'note ' || g FROM generate_series(1, 100) g");
    }

    @AfterAll
    static void stop() throws Exception {
        if (source != null) {
            source.close();
        }
        if (target != null) {
            target.close();
        }
    }

    private static byte[] bytes(Random random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private static void put(
            S3Client s3, String bucket, String key, byte[] body, String type, String cache, Map<String, String> meta) {
        s3.putObject(
                b -> b.bucket(bucket)
                        .key(key)
                        .contentType(type)
                        .cacheControl(cache)
                        .metadata(meta),
                RequestBody.fromBytes(body));
        SHA.put(bucket + "/" + key, sha(body));
    }

    static String sha(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static void sql(String url, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(
                        "jdbc:" + url.replace("postgresql://postgres@", "postgresql://") + "?user=postgres");
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    static Map<String, JsonNode> rows(String url, String table, String key) throws Exception {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        try (Connection c = DriverManager.getConnection(
                        "jdbc:" + url.replace("postgresql://postgres@", "postgresql://") + "?user=postgres");
                Statement s = c.createStatement();
                ResultSet rs =
                        s.executeQuery("SELECT " + key + ", to_jsonb(t)::text FROM " + table + " t ORDER BY 1")) {
            while (rs.next()) {
                out.put(rs.getString(1), Json.MAPPER.readTree(rs.getString(2)));
            }
        }
        return out;
    }

    static OperationContext context(Progress progress) {
        return TestContext.with(Map.of("S3_ID", source.keyId(), "S3_SECRET", source.secretKey(), "BAD", "wrong-secret"))
                .policy(new Policy(true, true, false, true))
                .progress(progress)
                .build();
    }

    BackupCreateOperation.Result backup(Boolean objects, StorageInput storage, Progress progress) {
        return new BackupCreateOperation()
                .run(
                        new BackupCreateOperation.Input(
                                ConnectionInput.url(source.databaseUrl()),
                                dir.toString(),
                                null,
                                null,
                                null,
                                null,
                                null,
                                null,
                                objects,
                                null,
                                null,
                                storage,
                                null),
                        context(progress));
    }

    static StorageInput sourceStorage(String secretRef) {
        return new StorageInput(source.publicUrl(), "env:S3_ID", secretRef);
    }

    private boolean noArchiveLeft() throws Exception {
        // the lock file stays (emptied) by design: only an archive, or its temporary, would be a backup left behind
        try (var files = Files.list(dir)) {
            return files.noneMatch(f -> f.getFileName().toString().contains(".sdbak"));
        }
    }

    @Test
    @Order(1)
    void aWrongKeyFailsWhenObjectsAreAskedForAndIsSkippedWithTheReasonOtherwise() throws Exception {
        SupaException e =
                assertThrows(SupaException.class, () -> backup(true, sourceStorage("env:BAD"), Progress.NONE));
        assertEquals(ErrorCode.BACKUP_STORAGE_FAILED, e.code());
        assertTrue(e.getMessage().contains("403"), e::getMessage);
        assertTrue(noArchiveLeft(), "no archive after a failed backup");

        BackupCreateOperation.Result r = backup(null, sourceStorage("env:BAD"), Progress.NONE);
        BackupCreateOperation.Part part = r.parts().get(0);
        assertEquals(BackupCreateOperation.PartStatus.skipped, part.status());
        assertTrue(part.note().contains("403"), part::note);
        assertEquals(1, r.tableCount());
    }

    @Test
    @Order(2)
    void storageWithoutTheDatabasesBucketIsAnError() {
        // the target's Storage (fresh: no buckets) named for the source's database: its buckets are not there
        StorageInput wrong = new StorageInput(target.publicUrl(), "env:S3_ID", "env:S3_SECRET");
        SupaException e = assertThrows(SupaException.class, () -> backup(true, wrong, Progress.NONE));
        assertEquals(ErrorCode.BACKUP_STORAGE_FAILED, e.code());
        assertTrue(e.getMessage().contains("avatars"), e::getMessage);
    }

    @Test
    @Order(3)
    void anObjectChangedDuringTheBackupIsAnError() throws Exception {
        AtomicBoolean changed = new AtomicBoolean();
        // once the table is backed up the snapshot is taken; then an app rewrites an object
        Progress rewrite = new Progress() {
            @Override
            public void report(String step, long done, long total) {}

            @Override
            public void milestone(String line) {
                if (line.startsWith("backed up public.notes") && changed.compareAndSet(false, true)) {
                    try (S3Client s3 = source.s3()) {
                        s3.putObject(
                                b -> b.bucket("docs").key("a/b/c.txt").contentType("text/plain"),
                                RequestBody.fromString("hello, changed"));
                    }
                }
            }
        };
        SupaException e =
                assertThrows(SupaException.class, () -> backup(true, sourceStorage("env:S3_SECRET"), rewrite));
        assertTrue(changed.get());
        assertEquals(ErrorCode.BACKUP_OBJECT_CHANGED, e.code());
        assertTrue(e.getMessage().contains("docs/a/b/c.txt"), e::getMessage);
        try (S3Client s3 = source.s3()) { // put it back as it was
            s3.putObject(
                    b -> b.bucket("docs").key("a/b/c.txt").contentType("text/plain"), RequestBody.fromString("hello"));
        }
    }

    @Test
    @Order(4)
    void objectsComeBackOntoAFreshDatabaseAndStorageExactly() throws Exception {
        BackupCreateOperation.Result created = backup(true, sourceStorage("env:S3_SECRET"), Progress.NONE);
        BackupCreateOperation.Part part = created.parts().get(0);
        assertEquals(BackupCreateOperation.PartStatus.included, part.status());
        assertEquals(4, part.items());
        assertEquals(70_000 + 1 + (9 << 20) + 5, part.bytes());

        BackupVerifyOperation.Result verified = new BackupVerifyOperation()
                .run(new BackupVerifyOperation.Input(created.file(), null, null), context(Progress.NONE));
        assertEquals("valid", verified.verdict());

        OperationContext ctx = TestContext.with(Map.of("T_ID", target.keyId(), "T_SECRET", target.secretKey()))
                .policy(new Policy(true, true, false, true))
                .build();
        BackupRestoreOperation.Result restored = new BackupRestoreOperation()
                .run(
                        new BackupRestoreOperation.Input(
                                created.file(),
                                null,
                                ConnectionInput.url(target.databaseUrl()),
                                null,
                                false,
                                false,
                                false,
                                null,
                                null,
                                null,
                                true,
                                new StorageInput(target.publicUrl(), "env:T_ID", "env:T_SECRET"),
                                null),
                        ctx);
        assertEquals(
                BackupCreateOperation.PartStatus.included,
                restored.parts().get(0).status());
        assertEquals(4, restored.parts().get(0).items());

        try (S3Client s3 = target.s3()) {
            for (Map.Entry<String, String> e : SHA.entrySet()) {
                String[] bk = e.getKey().split("/", 2);
                ResponseBytes<GetObjectResponse> got =
                        s3.getObjectAsBytes(b -> b.bucket(bk[0]).key(bk[1]));
                assertEquals(e.getValue(), sha(got.asByteArray()), e.getKey());
            }
        }
        Map<String, JsonNode> before = rows(source.databaseUrl(), "storage.objects", "bucket_id || '/' || name");
        Map<String, JsonNode> after = rows(target.databaseUrl(), "storage.objects", "bucket_id || '/' || name");
        assertEquals(before.keySet(), after.keySet());
        for (String k : before.keySet()) {
            JsonNode a = before.get(k);
            JsonNode b = after.get(k);
            for (String column : new String[] {
                "id", "owner", "owner_id", "user_metadata", "created_at", "updated_at", "last_accessed_at"
            }) {
                assertEquals(a.get(column), b.get(column), k + " " + column);
            }
            for (String field : new String[] {"mimetype", "cacheControl", "size", "eTag"}) {
                assertEquals(a.path("metadata").get(field), b.path("metadata").get(field), k + " metadata." + field);
            }
        }
        assertNotNull(after.get("avatars/u1/face.png").get("owner").textValue());
        Map<String, JsonNode> bucketsBefore = rows(source.databaseUrl(), "storage.buckets", "id");
        Map<String, JsonNode> bucketsAfter = rows(target.databaseUrl(), "storage.buckets", "id");
        assertEquals(bucketsBefore.keySet(), bucketsAfter.keySet());
        for (String id : bucketsBefore.keySet()) {
            for (String column : new String[] {"public", "file_size_limit", "allowed_mime_types", "created_at"}) {
                assertEquals(
                        bucketsBefore.get(id).get(column), bucketsAfter.get(id).get(column), id + " " + column);
            }
        }
        try (S3Client s3 = target.s3()) { // what Storage serves: the content type and cache control it was given
            var head = s3.headObject(b -> b.bucket("docs").key("report (final).pdf"));
            assertEquals("application/pdf", head.contentType());
            assertEquals("max-age=60", head.cacheControl());
        }
    }
}
