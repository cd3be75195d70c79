package dev.supadokploy.ops.backup;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

/**
 * One Storage object as an 'O' section's metadata holds it: its bucket and name, its {@code storage.objects} row as the
 * backup's snapshot had it (every column, whatever the Storage version: id, owner, owner_id, metadata, user_metadata,
 * created_at, updated_at, version…), what Storage served it with, and its size and SHA-256. The content is its bytes.
 */
record StoredObject(
        String bucket, String name, JsonNode row, String contentType, String cacheControl, long size, String sha256) {

    /**
     * The "objects" part's summary in the manifest: how many objects and bytes, a digest over every object's bucket, name
     * and SHA-256 in archive order (so verify knows the sections are the ones written), and the buckets' rows.
     */
    record Summary(long objects, long bytes, String digest, List<JsonNode> buckets) {}

    /** Counts objects and bytes and folds each object into the summary's digest, as the backup wrote them. */
    static final class Tally {
        private final MessageDigest digest = newDigest();
        long objects;
        long bytes;

        void add(StoredObject o) {
            objects++;
            bytes += o.size();
            digest.update((o.bucket() + '\0' + o.name() + '\0' + o.sha256() + '\n').getBytes(StandardCharsets.UTF_8));
        }

        String digest() {
            try {
                return HexFormat.of().formatHex(((MessageDigest) digest.clone()).digest());
            } catch (CloneNotSupportedException e) {
                throw new IllegalStateException(e);
            }
        }

        Summary summary(List<JsonNode> buckets) {
            return new Summary(objects, bytes, digest(), buckets);
        }
    }

    static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
