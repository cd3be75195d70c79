package dev.supadokploy.ops.backup;

import com.fasterxml.jackson.databind.JsonNode;
import dev.supadokploy.backup.ArchiveFormat;
import dev.supadokploy.backup.ArchiveReader;
import dev.supadokploy.backup.BackupManifest;
import dev.supadokploy.util.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Verify's and restore's check of the "objects" part: each 'O' section's bytes against the size and SHA-256 its
 * metadata recorded, then the whole against the manifest's summary (count, bytes, and the digest over every object's
 * bucket, name and SHA-256 in order: a section dropped, added or swapped shows there).
 */
final class ObjectsCheck {
    private final StoredObject.Tally tally = new StoredObject.Tally();

    long objects() {
        return tally.objects;
    }

    long bytes() {
        return tally.bytes;
    }

    /** Reads an 'O' section's bytes into {@code out} (may be a null stream) and checks them; null for other sections. */
    StoredObject accept(ArchiveReader.Section section, OutputStream out) throws IOException {
        if (section.type() != ArchiveFormat.OBJECT) {
            return null;
        }
        StoredObject object = section.meta(StoredObject.class);
        MessageDigest sha = StoredObject.newDigest();
        long size = 0;
        byte[] buffer = new byte[64 * 1024];
        InputStream in = section.content();
        for (int n; (n = in.read(buffer)) > 0; ) {
            sha.update(buffer, 0, n);
            out.write(buffer, 0, n);
            size += n;
        }
        String hex = HexFormat.of().formatHex(sha.digest());
        if (size != object.size() || !hex.equals(object.sha256())) {
            throw ArchiveScan.tampered("object " + object.bucket() + "/" + object.name() + " holds " + size
                    + " bytes with SHA-256 " + hex + " where the backup recorded " + object.size() + " bytes, "
                    + object.sha256());
        }
        tally.add(object);
        return object;
    }

    /** The objects read against the manifest's summary (an archive without the part must hold no objects). */
    void check(BackupManifest manifest) {
        StoredObject.Summary summary = summary(manifest);
        if (summary == null) {
            if (tally.objects > 0) {
                throw ArchiveScan.tampered(tally.objects + " object(s) that the manifest does not list");
            }
            return;
        }
        if (summary.objects() != tally.objects
                || summary.bytes() != tally.bytes
                || !summary.digest().equals(tally.digest())) {
            throw ArchiveScan.tampered("the archive holds " + tally.objects + " object(s) of " + tally.bytes
                    + " bytes where the manifest says " + summary.objects() + " of " + summary.bytes()
                    + (summary.objects() == tally.objects && summary.bytes() == tally.bytes
                            ? ", and they are not the same objects"
                            : ""));
        }
    }

    static StoredObject.Summary summary(BackupManifest manifest) {
        JsonNode node = manifest.parts().get(ObjectsPart.NAME);
        if (node == null) {
            return null;
        }
        try {
            return Json.MAPPER.treeToValue(node, StoredObject.Summary.class);
        } catch (IOException e) {
            throw ArchiveScan.tampered("the manifest's objects summary is unreadable");
        }
    }
}
