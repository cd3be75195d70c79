package dev.supadokploy.ops.backup;

import com.fasterxml.jackson.databind.JsonNode;
import dev.supadokploy.backup.ArchiveFormat;
import dev.supadokploy.errors.ErrorCode;
import dev.supadokploy.errors.SupaException;
import dev.supadokploy.util.Background;
import dev.supadokploy.util.ByteSize;
import dev.supadokploy.util.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * The "objects" part: every bucket's objects, one 'O' section each ({@link StoredObject}), in the order of their rows.
 *
 * <p>Which objects, and what they are, comes from {@code storage.objects} in the backup's snapshot (the same
 * connection as the tables), so the archive's rows and files agree. The bytes come from Storage's S3 endpoint: a few
 * workers fetch ahead, each into its own buffer (in memory up to {@link #IN_MEMORY} bytes, beyond that a 0600
 * temporary file of that one object, deleted once written), and the writer takes them in row order. A buffer is
 * needed because a section's metadata (with the object's SHA-256) precedes its bytes.
 *
 * <p>An object that changed or vanished after the snapshot (Storage serves another size or ETag than its row says, or
 * none) is an error, BACKUP_OBJECT_CHANGED, not a skip: the archive would otherwise hold a row whose file it lacks or
 * bytes its row does not describe, which is the broken restore this part exists to prevent. Running the backup again
 * takes a new snapshot.
 */
final class ObjectsPart implements InstancePart {
    static final String NAME = "objects";
    static final int WORKERS = 4;
    static final int IN_MEMORY = 8 << 20;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Outcome backup(Context c) throws Exception {
        Boolean wanted = c.input().objects();
        if (Boolean.FALSE.equals(wanted)) {
            return Outcome.skipped(NAME, "left out (--no-objects)");
        }
        String noStorage = storageTables(c.conn());
        if (noStorage != null) {
            return unavailable(wanted, noStorage);
        }
        StorageAccess.Resolution r = StorageAccess.resolve(c.input().storage(), c.ctx());
        if (r.access() == null) {
            return unavailable(wanted, r.missing());
        }
        StorageAccess access = r.access();
        try (S3Client s3 = access.client()) {
            try {
                s3.listBuckets();
            } catch (Exception e) {
                if (wanted == null) {
                    return Outcome.skipped(NAME, access.explain(e));
                }
                throw access.failure("Cannot read Storage's objects", e);
            }
            return write(c, access, s3);
        }
    }

    private static Outcome unavailable(Boolean wanted, String reason) {
        if (Boolean.TRUE.equals(wanted)) {
            throw new SupaException(
                    ErrorCode.BACKUP_STORAGE_FAILED,
                    "Storage objects were asked for (--objects) but cannot be backed up: " + reason,
                    "Give Storage's public URL and S3 protocol keys (--storage-url, --storage-key-id, --storage-secret-key), "
                            + "or leave objects out with --no-objects.");
        }
        return Outcome.skipped(NAME, reason);
    }

    /**
     * Why the snapshot cannot list the objects, or null when it can. Asked, not tried: a refused SELECT would abort the
     * backup's transaction.
     */
    static String storageTables(Connection conn) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("SELECT CASE WHEN to_regclass('storage.objects') IS NULL "
                        + "OR to_regclass('storage.buckets') IS NULL THEN 0 WHEN has_table_privilege('storage.objects', "
                        + "'SELECT') AND has_table_privilege('storage.buckets', 'SELECT') THEN 2 ELSE 1 END");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return switch (rs.getInt(1)) {
                case 0 -> "the database has no storage.objects table (not a Supabase database)";
                case 1 ->
                    "this login may not read storage.objects and storage.buckets (connect as the stack's postgres)";
                default -> null;
            };
        }
    }

    private Outcome write(Context c, StorageAccess access, S3Client s3) throws Exception {
        List<JsonNode> buckets = new ArrayList<>();
        try (PreparedStatement ps = c.conn()
                        .prepareStatement(
                                "SELECT to_jsonb(b)::text FROM storage.buckets b ORDER BY b.id COLLATE \"C\"");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                buckets.add(Json.MAPPER.readTree(rs.getString(1)));
            }
        }
        StoredObject.Tally tally = new StoredObject.Tally();
        ArrayDeque<Future<Fetched>> ahead = new ArrayDeque<>();
        ExecutorService pool = Background.cached("objects");
        // the snapshot's rows, in a stable order; a cursor (fetch size) keeps a large bucket out of memory
        try (PreparedStatement ps = c.conn()
                .prepareStatement("SELECT to_jsonb(o)::text FROM storage.objects o "
                        + "ORDER BY o.bucket_id COLLATE \"C\", o.name COLLATE \"C\"")) {
            ps.setFetchSize(500);
            try (ResultSet rs = ps.executeQuery()) {
                boolean more = true;
                while (true) {
                    while (more && ahead.size() < WORKERS) {
                        more = rs.next();
                        if (more) {
                            JsonNode row = Json.MAPPER.readTree(rs.getString(1));
                            ahead.add(pool.submit(() -> fetch(access, s3, row)));
                        }
                    }
                    if (ahead.isEmpty()) {
                        break;
                    }
                    c.ctx().cancellation().throwIfCancelled();
                    try (Fetched f = take(ahead.poll())) {
                        try (OutputStream out = c.writer().section(ArchiveFormat.OBJECT, f.object());
                                InputStream in = f.open()) {
                            in.transferTo(out);
                        }
                        tally.add(f.object());
                        c.ctx()
                                .progress()
                                .report(
                                        String.format(
                                                Locale.ROOT,
                                                "backed up %,d object(s), %s",
                                                tally.objects,
                                                ByteSize.pretty(tally.bytes)),
                                        tally.objects,
                                        -1);
                    }
                }
            }
        } finally {
            for (Future<Fetched> f : ahead) {
                f.cancel(true);
                if (f.isDone() && !f.isCancelled()) {
                    try {
                        f.get().close();
                    } catch (Exception ignored) {
                        // it failed: nothing to clean up
                    }
                }
            }
            pool.shutdownNow();
        }
        c.ctx()
                .progress()
                .milestone(String.format(
                        Locale.ROOT,
                        "backed up %,d object(s) in %d bucket(s), %s",
                        tally.objects,
                        buckets.size(),
                        ByteSize.pretty(tally.bytes)));
        StoredObject.Summary summary = tally.summary(buckets);
        return new Outcome(
                new BackupCreateOperation.Part(
                        NAME,
                        BackupCreateOperation.PartStatus.included,
                        tally.objects,
                        tally.bytes,
                        buckets.size() + " bucket(s), from " + access.endpoint()),
                Json.MAPPER.valueToTree(summary));
    }

    /** A worker's result, or its failure as thrown (a SupaException stays one). */
    static <T> T take(Future<T> future) throws Exception {
        try {
            return future.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        }
    }

    /** One object's bytes from Storage, checked against its row, held until the writer takes them. */
    static Fetched fetch(StorageAccess access, S3Client s3, JsonNode row) throws IOException {
        String bucket = row.path("bucket_id").asText();
        String name = row.path("name").asText();
        Spool spool = new Spool();
        try (ResponseInputStream<GetObjectResponse> in =
                s3.getObject(b -> b.bucket(bucket).key(name))) {
            MessageDigest sha = StoredObject.newDigest();
            byte[] buffer = new byte[64 * 1024];
            long size = 0;
            for (int n; (n = in.read(buffer)) > 0; ) {
                sha.update(buffer, 0, n);
                spool.write(buffer, 0, n);
                size += n;
            }
            GetObjectResponse response = in.response();
            String changed = changed(row.path("metadata"), size, response.eTag());
            if (changed != null) {
                throw new SupaException(
                        ErrorCode.BACKUP_OBJECT_CHANGED,
                        "Object " + bucket + "/" + name + " changed while the backup read it: " + changed,
                        "Run the backup again (it takes a new snapshot); if the object changes all the time, back up when "
                                + "writes are quiet. No backup file was left behind.",
                        Map.of("bucket", bucket, "name", name),
                        null);
            }
            StoredObject object = new StoredObject(
                    bucket,
                    name,
                    row,
                    response.contentType(),
                    response.cacheControl(),
                    size,
                    HexFormat.of().formatHex(sha.digest()));
            return new Fetched(object, spool);
        } catch (NoSuchKeyException e) {
            spool.close();
            if (!bucketExists(s3, bucket)) { // storage-api answers NoSuchKey for a bucket it does not have, too
                throw noBucket(access, bucket, e);
            }
            throw new SupaException(
                    ErrorCode.BACKUP_OBJECT_CHANGED,
                    "Object " + bucket + "/" + name
                            + " was deleted while the backup read it (Storage has no such object)",
                    "Run the backup again (it takes a new snapshot). No backup file was left behind.",
                    Map.of("bucket", bucket, "name", name),
                    null);
        } catch (NoSuchBucketException e) {
            spool.close();
            throw noBucket(access, bucket, e);
        } catch (SupaException e) {
            spool.close();
            throw e;
        } catch (IOException | RuntimeException e) {
            spool.close();
            if (e instanceof software.amazon.awssdk.core.exception.SdkException sdk) {
                throw access.failure("Cannot read " + bucket + "/" + name, sdk);
            }
            throw e;
        }
    }

    private static boolean bucketExists(S3Client s3, String bucket) {
        try {
            s3.headBucket(b -> b.bucket(bucket));
            return true;
        } catch (NoSuchBucketException e) {
            return false;
        } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
            return e.statusCode() != 404;
        }
    }

    private static SupaException noBucket(StorageAccess access, String bucket, Exception e) {
        return new SupaException(
                ErrorCode.BACKUP_STORAGE_FAILED,
                "Storage at " + access.endpoint() + " has no bucket " + bucket + ", which the database lists",
                "Is --storage-url the Storage of this database? Storage and the database must be the same stack's. "
                        + "No backup file was left behind.",
                e);
    }

    /** Why the bytes served are not the row's (its size or ETag differ), or null when they agree. */
    static String changed(JsonNode metadata, long size, String eTag) {
        if (metadata.hasNonNull("size") && metadata.path("size").asLong() != size) {
            return "its row says " + metadata.path("size").asLong() + " bytes, Storage served " + size;
        }
        if (metadata.hasNonNull("eTag")
                && eTag != null
                && !unquote(metadata.path("eTag").asText()).equals(unquote(eTag))) {
            return "its row's ETag is " + metadata.path("eTag").asText() + ", Storage served " + eTag;
        }
        return null;
    }

    private static String unquote(String s) {
        return s.replace("\"", "");
    }

    /** An object fetched and checked, its bytes held until the writer takes them. */
    record Fetched(StoredObject object, Spool spool) implements AutoCloseable {
        InputStream open() throws IOException {
            return spool.open();
        }

        @Override
        public void close() {
            spool.close();
        }
    }

    /** Bytes in memory up to {@link #IN_MEMORY}, then in a 0600 temporary file; close deletes it. */
    static final class Spool {
        private final ByteArrayOutputStream memory = new ByteArrayOutputStream();
        private Path file;
        private OutputStream fileOut;

        void write(byte[] b, int off, int len) throws IOException {
            if (fileOut == null && memory.size() + len > IN_MEMORY) {
                file = Files.createTempFile(
                        "supa-dokploy-object-",
                        ".part",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                fileOut = Files.newOutputStream(file);
                memory.writeTo(fileOut);
                memory.reset();
            }
            if (fileOut != null) {
                fileOut.write(b, off, len);
            } else {
                memory.write(b, off, len);
            }
        }

        InputStream open() throws IOException {
            if (fileOut != null) {
                fileOut.close();
                return Files.newInputStream(file);
            }
            return new ByteArrayInputStream(memory.toByteArray());
        }

        void close() {
            if (file != null) {
                try {
                    fileOut.close();
                    Files.deleteIfExists(file);
                } catch (IOException ignored) {
                    // a temporary file the system cleans
                }
            }
        }
    }
}
