package dev.supadokploy.backup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.supadokploy.errors.ErrorCode;
import dev.supadokploy.errors.SupaException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The archive format without a database: sections round-trip; swapped, dropped and repeated segments are caught. */
class ArchiveFormatTest {
    @TempDir
    Path dir;

    static final byte[] DATA = new byte[300_000];

    static {
        new Random(7).nextBytes(DATA);
    }

    private Path write(String name, String compression, ArchiveKey key) throws IOException {
        Path file = dir.resolve(name);
        ArchiveHeader base = new ArchiveHeader(
                ArchiveFormat.VERSION,
                "id-" + name,
                Instant.parse("2025-01-02T03:04:05Z"),
                "test",
                "src",
                "db",
                "17.6",
                compression,
                "text",
                null);
        try (ArchiveWriter w = ArchiveWriter.create(file, base, key)) {
            w.section(ArchiveFormat.SCHEMA, Map.of(), "{}".getBytes(StandardCharsets.UTF_8));
            try (OutputStream s = w.section(ArchiveFormat.DATA, Map.of("table", "t"))) {
                s.write(DATA);
            }
            w.finish();
        }
        return file;
    }

    private static byte[] readData(Path file, ArchiveKey key) throws IOException {
        try (ArchiveReader r = ArchiveReader.open(file, key)) {
            assertEquals(ArchiveFormat.SCHEMA, r.next().type());
            ArchiveReader.Section data = r.next();
            assertEquals(ArchiveFormat.DATA, data.type());
            byte[] read = data.content().readAllBytes();
            assertEquals(ArchiveFormat.END, r.next().type());
            r.finish();
            return read;
        }
    }

    @Test
    void secretsAreNeverWrittenIntoAnUnencryptedArchive() throws IOException {
        ArchiveHeader base = new ArchiveHeader(
                ArchiveFormat.VERSION,
                "id-secrets",
                Instant.parse("2025-01-02T03:04:05Z"),
                "test",
                "src",
                "db",
                "17.6",
                "zstd",
                "text",
                null);
        Path plain = dir.resolve("plain.sdbak");
        try (ArchiveWriter w = ArchiveWriter.create(plain, base, null)) {
            for (byte type : new byte[] {ArchiveFormat.VAULT, ArchiveFormat.CONFIG}) {
                SupaException refused = assertThrows(
                        SupaException.class, () -> w.section(type, Map.of(), "[]".getBytes(StandardCharsets.UTF_8)));
                assertEquals(ErrorCode.BACKUP_NEEDS_ENCRYPTION, refused.code());
                assertEquals(
                        ErrorCode.BACKUP_NEEDS_ENCRYPTION,
                        assertThrows(SupaException.class, () -> w.section(type, Map.of()))
                                .code());
            }
        }
        assertFalse(Files.exists(plain), "an unfinished archive leaves no file");
        Path sealed = dir.resolve("sealed.sdbak");
        ArchiveKey key = ArchiveKey.of(new byte[32]);
        try (ArchiveWriter w = ArchiveWriter.create(sealed, base, key)) {
            w.section(ArchiveFormat.VAULT, Map.of(), "[{\"name\":\"n\"}]".getBytes(StandardCharsets.UTF_8));
            w.finish();
        }
        try (ArchiveReader r = ArchiveReader.open(sealed, key)) {
            ArchiveReader.Section vault = r.next();
            assertEquals(ArchiveFormat.VAULT, vault.type());
            assertEquals("[{\"name\":\"n\"}]", new String(vault.content().readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void everyCompressionAndKeyKindRoundTrips() throws IOException {
        ArchiveKey key = ArchiveKey.of(new byte[32]);
        for (String c : List.of("zstd", "gzip", "none")) {
            assertArrayEquals(DATA, readData(write("a-" + c + ".sdbak", c, null), null), c);
            assertArrayEquals(DATA, readData(write("k-" + c + ".sdbak", c, key), key), c);
        }
        ArchiveKey pass = ArchiveKey.of("a passphrase of some length".getBytes(StandardCharsets.UTF_8));
        Path file = write("p.sdbak", "zstd", pass);
        assertEquals("argon2id", ArchiveReader.readHeader(file).encryption().kdf());
        assertArrayEquals(DATA, readData(file, pass));
        assertEquals(
                ErrorCode.VALIDATION_INVALID_INPUT,
                assertThrows(SupaException.class, () -> ArchiveKey.of("short".getBytes(StandardCharsets.UTF_8)))
                        .code());
    }

    /** Segment boundaries of an archive: the offset of each segment's length word. */
    private static List<int[]> segments(byte[] bytes) {
        int offset = 14 + ByteBuffer.wrap(bytes, 10, 4).getInt();
        List<int[]> out = new ArrayList<>();
        while (true) {
            int word = ByteBuffer.wrap(bytes, offset, 4).getInt();
            int length = word & 0x7fffffff;
            out.add(new int[] {offset, 4 + length});
            offset += 4 + length;
            if (word < 0) {
                return out;
            }
        }
    }

    @Test
    void reorderedDroppedAndRepeatedSegmentsAreTampering() throws IOException {
        ArchiveKey key = ArchiveKey.of(new byte[32]);
        byte[] bytes = Files.readAllBytes(write("seg.sdbak", "none", key));
        List<int[]> segs = segments(bytes);
        assertFalse(segs.size() < 4, "enough segments to shuffle: " + segs.size());
        int[] a = segs.get(1);
        int[] b = segs.get(2);
        byte[] swapped = concat(
                slice(bytes, 0, a[0]),
                slice(bytes, b[0], b[1]),
                slice(bytes, a[0], a[1]),
                slice(bytes, b[0] + b[1], bytes.length - b[0] - b[1]));
        byte[] dropped = concat(slice(bytes, 0, a[0]), slice(bytes, b[0], bytes.length - b[0]));
        byte[] repeated =
                concat(slice(bytes, 0, b[0]), slice(bytes, a[0], a[1]), slice(bytes, b[0], bytes.length - b[0]));
        int[] last = segs.get(segs.size() - 1);
        byte[] lastDropped = concat(slice(bytes, 0, last[0]), slice(bytes, bytes.length - 40, 40));
        for (byte[] bad : List.of(swapped, dropped, repeated)) {
            assertEquals(ErrorCode.BACKUP_TAMPERED, refused(bad, key));
        }
        ErrorCode noLast = refused(lastDropped, key);
        assertEquals(ErrorCode.BACKUP_TAMPERED, noLast, "without its last segment, the trailer is read as a segment");
        assertEquals(ErrorCode.BACKUP_TRUNCATED, refused(slice(bytes, 0, last[0]), key));
    }

    private ErrorCode refused(byte[] file, ArchiveKey key) throws IOException {
        Path p = Files.createTempFile(dir, "bad", ".sdbak");
        Files.write(p, file);
        return assertThrows(SupaException.class, () -> readData(p, key)).code();
    }

    private static byte[] slice(byte[] b, int from, int length) {
        byte[] out = new byte[length];
        System.arraycopy(b, from, out, 0, length);
        return out;
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
