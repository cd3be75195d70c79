package dev.supadokploy.ops.backup;

import com.fasterxml.jackson.databind.JsonNode;
import dev.supadokploy.backup.ArchiveFormat;
import dev.supadokploy.backup.ArchiveKey;
import dev.supadokploy.backup.ArchiveReader;
import dev.supadokploy.backup.BackupManifest;
import dev.supadokploy.backup.store.ArchiveStore;
import dev.supadokploy.errors.ErrorCode;
import dev.supadokploy.errors.SupaException;
import dev.supadokploy.ops.OperationContext;
import dev.supadokploy.ops.connection.StorageInput;
import dev.supadokploy.util.Background;
import dev.supadokploy.util.ByteSize;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Bucket;

/**
 * Restore's second pass for the "objects" part: after the database part committed, the archive is read again and every
 * object uploaded to the target Storage under its name (buckets it lacks created first), then, in one transaction,
 * each object's {@code storage.objects} row is given back its original id, owner, metadata, user metadata and times,
 * and each bucket created here its original settings (public, size limit, MIME types, owner).
 *
 * <p>Why after the commit: Storage sees only committed buckets and rows, and the database part may hold them (with
 * --include-auth). What is guaranteed: before the commit every object's bytes were checked against their SHA-256 and
 * the manifest, and Storage answered with the keys given, so a damaged archive or unreachable Storage restores nothing.
 * If an upload still fails, the objects this run created are deleted again, the row changes are rolled back, and the
 * error says that the database part was restored; a second restore (with --clean) uploads them all again. The row's
 * {@code version} stays the target's: it names the file Storage just wrote.
 */
final class ObjectsRestore {
    private final StorageAccess access;
    private final S3Client s3;
    private final OperationContext ctx;

    private ObjectsRestore(StorageAccess access, S3Client s3, OperationContext ctx) {
        this.access = access;
        this.s3 = s3;
        this.ctx = ctx;
    }

    /** What the restore does with the archive's objects: upload them (access set), or skip them with the reason. */
    record Plan(ObjectsRestore restore, String skipped) {}

    /**
     * Before the database part commits: the target Storage resolved and asked once. Asked for (true) and unreachable
     * is an error (nothing restored); not given (null), objects are skipped with the reason; false leaves them out.
     */
    static Plan plan(Boolean wanted, StorageInput storage, StoredObject.Summary summary, OperationContext ctx) {
        if (summary == null) {
            if (Boolean.TRUE.equals(wanted)) {
                throw new SupaException(
                        ErrorCode.BACKUP_STORAGE_FAILED,
                        "Objects were asked for (--objects), but this backup holds none",
                        "Restore without --objects; the backup was made without Storage's objects. Nothing was restored.");
            }
            return new Plan(null, "the backup holds no objects");
        }
        if (Boolean.FALSE.equals(wanted)) {
            return new Plan(null, "left out (--no-objects)");
        }
        StorageAccess.Resolution r = StorageAccess.resolve(storage, ctx);
        String reason = r.missing();
        if (r.access() != null) {
            S3Client s3 = r.access().client();
            try {
                s3.listBuckets();
                return new Plan(new ObjectsRestore(r.access(), s3, ctx), null);
            } catch (Exception e) {
                s3.close();
                reason = r.access().explain(e);
            }
        }
        if (Boolean.TRUE.equals(wanted)) {
            throw new SupaException(
                    ErrorCode.BACKUP_STORAGE_FAILED,
                    "The backup's objects cannot be restored: " + reason,
                    "Give the target Storage's public URL and S3 protocol keys (--storage-url, --storage-key-id, "
                            + "--storage-secret-key), or restore without them (--no-objects). Nothing was restored.");
        }
        return new Plan(null, "not restored: " + reason + " (" + summary.objects() + " object(s) in the backup)");
    }

    /** The second pass: buckets, uploads, then the rows. {@code conn} is the committed restore's connection. */
    BackupCreateOperation.Part upload(
            ArchiveStore store, String name, ArchiveKey key, BackupManifest manifest, Connection conn)
            throws Exception {
        StoredObject.Summary summary = ObjectsCheck.summary(manifest);
        Set<String> existing = new HashSet<>();
        for (Bucket b : s3.listBuckets().buckets()) {
            existing.add(b.name());
        }
        List<JsonNode> created = new ArrayList<>();
        List<StoredObject> uploaded = new ArrayList<>();
        List<StoredObject> fresh = new ArrayList<>();
        try {
            for (JsonNode bucket : summary.buckets()) {
                String id = bucket.path("id").asText();
                if (!existing.contains(id)) {
                    s3.createBucket(b -> b.bucket(id));
                    created.add(bucket);
                }
            }
            ObjectsCheck check = uploadAll(store, name, key, conn, uploaded, fresh);
            check.check(manifest);
            setRows(conn, uploaded, created);
            conn.commit();
            ctx.progress()
                    .milestone(String.format(
                            Locale.ROOT,
                            "restored %,d object(s), %s",
                            check.objects(),
                            ByteSize.pretty(check.bytes())));
            return new BackupCreateOperation.Part(
                    ObjectsPart.NAME,
                    BackupCreateOperation.PartStatus.included,
                    check.objects(),
                    check.bytes(),
                    created.size() + " bucket(s) created, to " + access.endpoint());
        } catch (Exception e) {
            BackupRestoreOperation.rollback(conn);
            undo(fresh);
            SupaException cause = e instanceof SupaException s ? s : access.failure("Uploading the objects failed", e);
            throw new SupaException(
                    cause.code(),
                    "The database part was restored (committed), but its objects were not: " + cause.getMessage(),
                    "The objects this restore had uploaded were deleted again. Fix the cause and restore again over it "
                            + "(--clean): objects are uploaded again under the same names.",
                    e);
        } finally {
            s3.close();
        }
    }

    /** Uploads in archive order, a few at a time, each read into a buffer first (the archive is one stream). */
    private ObjectsCheck uploadAll(
            ArchiveStore store,
            String name,
            ArchiveKey key,
            Connection conn,
            List<StoredObject> uploaded,
            List<StoredObject> fresh)
            throws Exception {
        ObjectsCheck check = new ObjectsCheck();
        ArrayDeque<Future<StoredObject>> ahead = new ArrayDeque<>();
        ExecutorService pool = Background.cached("objects-upload");
        try (ArchiveReader reader = ArchiveReader.open(store, name, key);
                PreparedStatement had =
                        conn.prepareStatement("SELECT 1 FROM storage.objects WHERE bucket_id = ? AND name = ?")) {
            while (true) {
                ArchiveReader.Section s = reader.next();
                if (s.type() == ArchiveFormat.END) {
                    break;
                }
                if (s.type() != ArchiveFormat.OBJECT) {
                    continue;
                }
                ctx.cancellation().throwIfCancelled();
                ObjectsPart.Spool spool = new ObjectsPart.Spool();
                StoredObject o;
                try (OutputStream into = spoolStream(spool)) {
                    o = check.accept(s, into);
                }
                had.setString(1, o.bucket());
                had.setString(2, o.name());
                boolean existed;
                try (var rs = had.executeQuery()) {
                    existed = rs.next();
                }
                if (!existed) {
                    fresh.add(o);
                }
                while (ahead.size() >= ObjectsPart.WORKERS) {
                    uploaded.add(ObjectsPart.take(ahead.poll()));
                }
                ahead.add(pool.submit(() -> {
                    try {
                        // a provider, not a stream: the SDK's retry of a failed attempt reads the bytes again
                        s3.putObject(
                                b -> b.bucket(o.bucket())
                                        .key(o.name())
                                        .contentType(o.contentType())
                                        .cacheControl(o.cacheControl()),
                                RequestBody.fromContentProvider(
                                        () -> {
                                            try {
                                                return spool.open();
                                            } catch (IOException e) {
                                                throw new UncheckedIOException(e);
                                            }
                                        },
                                        o.size(),
                                        o.contentType() == null ? "application/octet-stream" : o.contentType()));
                    } finally {
                        spool.close();
                    }
                    return o;
                }));
                ctx.progress().report("uploading object " + check.objects(), check.objects(), -1);
            }
            while (!ahead.isEmpty()) {
                uploaded.add(ObjectsPart.take(ahead.poll()));
            }
            reader.finish();
            return check;
        } finally {
            for (Future<StoredObject> f : ahead) {
                if (f.isDone() && !f.isCancelled()) {
                    try {
                        uploaded.add(f.get());
                    } catch (Exception ignored) {
                        // that upload failed: nothing to undo for it
                    }
                } else {
                    f.cancel(true);
                }
            }
            pool.shutdownNow();
        }
    }

    private static OutputStream spoolStream(ObjectsPart.Spool spool) {
        return new OutputStream() {
            @Override
            public void write(int b) throws java.io.IOException {
                spool.write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws java.io.IOException {
                spool.write(b, off, len);
            }
        };
    }

    /**
     * The rows as the backup had them. The updated_at trigger would stamp now(): a login that may set
     * session_replication_role (a superuser) keeps the original time, others get the restore's time, said in a warning.
     */
    private void setRows(Connection conn, List<StoredObject> objects, List<JsonNode> buckets) throws SQLException {
        try (Statement st = conn.createStatement()) {
            Savepoint sp = conn.setSavepoint();
            try {
                st.execute("SET LOCAL session_replication_role = replica");
            } catch (SQLException e) {
                conn.rollback(sp);
                ctx.warn("objects' updated_at is the restore's time: only a superuser may keep the original "
                        + "(session_replication_role)");
            }
        }
        try (PreparedStatement ps = conn.prepareStatement("UPDATE storage.objects o SET "
                + "id = (r->>'id')::uuid, owner = (r->>'owner')::uuid, owner_id = r->>'owner_id', metadata = r->'metadata', "
                + "user_metadata = r->'user_metadata', created_at = (r->>'created_at')::timestamptz, "
                + "updated_at = (r->>'updated_at')::timestamptz, last_accessed_at = (r->>'last_accessed_at')::timestamptz "
                + "FROM (SELECT ?::jsonb AS r) x WHERE o.bucket_id = r->>'bucket_id' AND o.name = r->>'name'")) {
            for (StoredObject o : objects) {
                ps.setString(1, o.row().toString());
                ps.addBatch();
            }
            ps.executeBatch();
        }
        try (PreparedStatement ps = conn.prepareStatement("UPDATE storage.buckets b SET "
                + "public = coalesce((r->>'public')::boolean, false), file_size_limit = (r->>'file_size_limit')::bigint, "
                + "allowed_mime_types = CASE WHEN jsonb_typeof(r->'allowed_mime_types') = 'array' "
                + "THEN ARRAY(SELECT jsonb_array_elements_text(r->'allowed_mime_types')) END, "
                + "owner = (r->>'owner')::uuid, owner_id = r->>'owner_id', created_at = (r->>'created_at')::timestamptz, "
                + "updated_at = (r->>'updated_at')::timestamptz FROM (SELECT ?::jsonb AS r) x WHERE b.id = r->>'id'")) {
            for (JsonNode b : buckets) {
                ps.setString(1, b.toString());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** After a failed upload: the objects this restore created (not those that were there) go again. */
    private void undo(List<StoredObject> fresh) {
        for (StoredObject o : fresh) {
            try {
                s3.deleteObject(b -> b.bucket(o.bucket()).key(o.name()));
            } catch (Exception ignored) {
                // best effort: the error names the restore as incomplete
            }
        }
    }
}
