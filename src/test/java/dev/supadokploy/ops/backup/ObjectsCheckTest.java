package dev.supadokploy.ops.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.supadokploy.backup.ArchiveFormat;
import dev.supadokploy.backup.ArchiveReader;
import dev.supadokploy.backup.BackupManifest;
import dev.supadokploy.errors.ErrorCode;
import dev.supadokploy.errors.SupaException;
import dev.supadokploy.util.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Verify's and restore's check of 'O' sections: each object's bytes against its SHA-256, all against the manifest. */
class ObjectsCheckTest {
    static final byte[] HELLO = "hello".getBytes(StandardCharsets.UTF_8);

    static StoredObject object(String name, byte[] bytes) throws Exception {
        JsonNode row = Json.MAPPER
                .createObjectNode()
                .put("id", "0b0c")
                .put("bucket_id", "docs")
                .put("name", name);
        return new StoredObject("docs", name, row, "text/plain", null, bytes.length, sha(bytes));
    }

    static String sha(byte[] b) throws Exception {
        return java.util.HexFormat.of()
                .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(b));
    }

    static ArchiveReader.Section section(StoredObject o, byte[] content) throws Exception {
        return new ArchiveReader.Section(
                ArchiveFormat.OBJECT, Json.MAPPER.writeValueAsString(o), new ByteArrayInputStream(content));
    }

    static BackupManifest manifest(StoredObject.Summary summary) {
        return new BackupManifest(
                "id",
                List.of(),
                List.of(),
                List.of(),
                0,
                0,
                summary == null ? Map.of() : Map.of(ObjectsPart.NAME, Json.MAPPER.valueToTree(summary)));
    }

    @Test
    void theBytesAsRecordedPassAndReachTheSink() throws Exception {
        ObjectsCheck check = new ObjectsCheck();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StoredObject o = object("a.txt", HELLO);
        check.accept(section(o, HELLO), out);
        assertEquals("hello", out.toString(StandardCharsets.UTF_8));
        StoredObject.Tally written = new StoredObject.Tally();
        written.add(o);
        check.check(manifest(written.summary(List.of())));
        assertEquals(1, check.objects());
        assertEquals(5, check.bytes());
    }

    @Test
    void otherBytesThanTheSha256SaysAreTampering() throws Exception {
        ObjectsCheck check = new ObjectsCheck();
        SupaException e = assertThrows(
                SupaException.class,
                () -> check.accept(section(object("a.txt", HELLO), "jello".getBytes(StandardCharsets.UTF_8)), out()));
        assertEquals(ErrorCode.BACKUP_TAMPERED, e.code());
        assertTrue(e.getMessage().contains("docs/a.txt"), e::getMessage);
    }

    @Test
    void objectsTheManifestDoesNotDescribeAreTampering() throws Exception {
        ObjectsCheck swapped = new ObjectsCheck();
        swapped.accept(section(object("b.txt", HELLO), HELLO), out());
        StoredObject.Tally written = new StoredObject.Tally();
        written.add(object("a.txt", HELLO)); // same count and bytes, another object
        SupaException e = assertThrows(SupaException.class, () -> swapped.check(manifest(written.summary(List.of()))));
        assertEquals(ErrorCode.BACKUP_TAMPERED, e.code());
        assertTrue(e.getMessage().contains("not the same objects"), e::getMessage);

        SupaException unlisted = assertThrows(SupaException.class, () -> swapped.check(manifest(null)));
        assertEquals(ErrorCode.BACKUP_TAMPERED, unlisted.code());
    }

    @Test
    void anObjectIsChangedWhenItsSizeOrETagDiffersFromItsRow() {
        JsonNode meta = Json.MAPPER.createObjectNode().put("size", 5).put("eTag", "\"abc\"");
        assertEquals(null, ObjectsPart.changed(meta, 5, "\"abc\""));
        assertTrue(ObjectsPart.changed(meta, 6, "\"abc\"").contains("5 bytes"));
        assertTrue(ObjectsPart.changed(meta, 5, "\"abd\"").contains("ETag"));
    }

    private static java.io.OutputStream out() {
        return java.io.OutputStream.nullOutputStream();
    }
}
