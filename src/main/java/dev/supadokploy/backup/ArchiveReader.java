package dev.supadokploy.backup;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.supadokploy.backup.store.ArchiveStore;
import dev.supadokploy.backup.store.LocalArchiveStore;
import dev.supadokploy.errors.ErrorCode;
import dev.supadokploy.errors.SupaException;
import dev.supadokploy.util.Json;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;

/**
 * Reads an archive front to back: the preamble (checked: magic, version, key fingerprint), then the sections in order,
 * each segment authenticated as it arrives, and at the end the trailer's SHA-256 ({@link #finish()}). Every failure is
 * a {@link SupaException} with its BACKUP_* code.
 */
public final class ArchiveReader implements AutoCloseable {
    /** Tolerant of fields a later minor release adds to the metadata. */
    public static final ObjectMapper JSON =
            Json.MAPPER.copy().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final ArchiveStore store;
    private final String name;
    private final InputStream raw;
    private final DigestInputStream digesting;
    private final MessageDigest digest;
    private final ArchiveHeader header;
    private final SegmentInputStream segments;
    private final InputStream body;
    private final SectionInput sections;
    private boolean ended;

    /** A section as read: its type, its metadata (JSON) and its content, to read before the next. */
    public record Section(byte type, String meta, InputStream content) {
        public <T> T meta(Class<T> type) {
            try {
                return JSON.readValue(meta, type);
            } catch (IOException e) {
                throw ArchiveFormat.tampered("unreadable section metadata");
            }
        }

        public <T> T json(Class<T> type) {
            try {
                return JSON.readValue(content, type);
            } catch (SupaException e) {
                throw e;
            } catch (IOException e) {
                throw ArchiveFormat.tampered(
                        "unreadable section content (" + e.getClass().getSimpleName() + ")");
            }
        }
    }

    /** The end of a complete, intact archive. */
    public record Finished(long bytes, String sha256, long segments) {}

    private ArchiveReader(ArchiveStore store, String name, ArchiveKey key) throws IOException {
        this.store = store;
        this.name = name;
        try {
            this.digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        this.raw = new BufferedInputStream(store.open(name), 256 * 1024);
        try {
            this.digesting = new DigestInputStream(raw, digest);
            Preamble p = readPreamble(digesting);
            this.header = p.header();
            SegmentCipher cipher = null;
            if (header.encrypted()) {
                ArchiveHeader.Encryption e = header.encryption();
                if (!"AES-256-GCM".equals(e.cipher()) || e.segmentSize() != ArchiveFormat.SEGMENT_SIZE) {
                    throw new SupaException(
                            ErrorCode.BACKUP_UNSUPPORTED_VERSION,
                            "The backup uses a cipher this release does not know: " + e.cipher() + " in segments of "
                                    + e.segmentSize(),
                            "Read it with the release that made it (" + header.toolVersion() + ").");
                }
                if (key == null) {
                    throw new SupaException(
                            ErrorCode.BACKUP_KEY_REQUIRED,
                            "The backup " + name + " is encrypted and no key was given",
                            "Pass --decryption-key env:NAME, file:PATH or - (stdin) with the passphrase or key file it was made with "
                                    + "(MCP: decryptionKey, or SUPA_DOKPLOY_BACKUP_KEY in the server's environment).");
                }
                byte[] master = key.master(e);
                if (!ArchiveKey.fingerprint(master).equals(e.keyFingerprint())) {
                    raw.close();
                    if (!trailerMatches(store, name)) {
                        throw ArchiveFormat.tampered(
                                "the preamble was altered (its key fingerprint does not match the file's hash)");
                    }
                    throw new SupaException(
                            ErrorCode.BACKUP_WRONG_KEY,
                            "Wrong " + (key.isPassphrase() ? "passphrase" : "key") + " for the backup " + name,
                            "The backup was made with the " + ("argon2id".equals(e.kdf()) ? "passphrase" : "key file")
                                    + " whose fingerprint is " + e.keyFingerprint()
                                    + "; give that one. Nothing was read or restored.",
                            Map.of("keyFingerprint", e.keyFingerprint()),
                            null);
                }
                byte[] prefix = HexFormat.of().parseHex(e.noncePrefix());
                if (prefix.length != 7) {
                    throw ArchiveFormat.tampered("the nonce prefix is not 7 bytes");
                }
                cipher = new SegmentCipher(
                        ArchiveKey.fileKey(master, Base64.getDecoder().decode(e.salt())), prefix, p.bytes());
            }
            this.segments = new SegmentInputStream(digesting, cipher);
            Compression compression;
            try {
                compression = Compression.valueOf(header.compression());
            } catch (IllegalArgumentException | NullPointerException e) {
                throw new SupaException(
                        ErrorCode.BACKUP_UNSUPPORTED_VERSION,
                        "Unknown compression '" + header.compression() + "' in the backup",
                        "Read it with the release that made it (" + header.toolVersion() + ").");
            }
            this.body = compression.wrap(segments);
            this.sections = new SectionInput(body);
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    private record Preamble(ArchiveHeader header, byte[] bytes) {}

    /** Opens an archive; {@code key} may be null for a plain one. */
    public static ArchiveReader open(Path path, ArchiveKey key) {
        Path absolute = path.toAbsolutePath();
        return open(
                new LocalArchiveStore(absolute.getParent()),
                absolute.getFileName().toString(),
                key);
    }

    /** Opens the archive {@code name} of {@code store}, streamed; {@code key} may be null for a plain one. */
    public static ArchiveReader open(ArchiveStore store, String name, ArchiveKey key) {
        try {
            return new ArchiveReader(store, name, key);
        } catch (IOException e) {
            throw failure(store.locate(name), e);
        } catch (IllegalArgumentException e) {
            throw ArchiveFormat.tampered("the header's encryption parameters are malformed");
        }
    }

    /** The preamble alone: enough to list an archive without its key. */
    public static ArchiveHeader readHeader(Path path) {
        Path absolute = path.toAbsolutePath();
        return readHeader(
                new LocalArchiveStore(absolute.getParent()),
                absolute.getFileName().toString());
    }

    /** The preamble alone of the archive {@code name} of {@code store} (on S3, only its first bytes are fetched). */
    public static ArchiveHeader readHeader(ArchiveStore store, String name) {
        // magic, version, length and the largest header: never the whole object
        long preamble = ArchiveFormat.MAGIC.length + 2 + 4 + ArchiveFormat.MAX_HEADER_BYTES;
        try (InputStream in = new BufferedInputStream(store.openStart(name, preamble))) {
            return readPreamble(in).header();
        } catch (IOException e) {
            throw failure(store.locate(name), e);
        }
    }

    private static SupaException failure(String path, IOException e) {
        if (e instanceof NoSuchFileException) {
            return SupaException.invalidInput("No such file: " + path, "Check the path of the backup.");
        }
        if (e instanceof EOFException) {
            return ArchiveFormat.truncated("the file ends inside " + e.getMessage());
        }
        return ArchiveFormat.tampered("cannot decompress the body (" + e.getMessage() + ")");
    }

    private static Preamble readPreamble(InputStream in) throws IOException {
        byte[] magic = in.readNBytes(ArchiveFormat.MAGIC.length);
        if (!Arrays.equals(magic, ArchiveFormat.MAGIC)) {
            if (magic.length < ArchiveFormat.MAGIC.length
                    && magic.length > 0
                    && Arrays.equals(magic, Arrays.copyOf(ArchiveFormat.MAGIC, magic.length))) {
                throw new EOFException("the magic number");
            }
            throw new SupaException(
                    ErrorCode.BACKUP_NOT_AN_ARCHIVE,
                    "Not a supa-dokploy backup (the file does not start with SDBACKUP)",
                    "Give a file written by supa-dokploy backup create (*" + ArchiveFormat.EXTENSION + ").");
        }
        DataInputStream data = new DataInputStream(in);
        int version;
        int length;
        try {
            version = data.readUnsignedShort();
        } catch (EOFException e) {
            throw new EOFException("the preamble");
        }
        if (version < ArchiveFormat.OLDEST_VERSION || version > ArchiveFormat.VERSION) {
            throw new SupaException(
                    ErrorCode.BACKUP_UNSUPPORTED_VERSION,
                    "The backup is in archive format " + version + "; this release reads formats "
                            + ArchiveFormat.OLDEST_VERSION + " to " + ArchiveFormat.VERSION,
                    version > ArchiveFormat.VERSION
                            ? "It was made by a newer supa-dokploy: upgrade to read it."
                            : "It was made by an unknown or pre-release version; read it with that release.",
                    Map.of("formatVersion", version, "supported", ArchiveFormat.VERSION),
                    null);
        }
        try {
            length = data.readInt();
        } catch (EOFException e) {
            throw new EOFException("the preamble");
        }
        if (length <= 0 || length > ArchiveFormat.MAX_HEADER_BYTES) {
            throw ArchiveFormat.tampered("the header length is impossible");
        }
        byte[] json = data.readNBytes(length);
        if (json.length < length) {
            throw new EOFException("the header");
        }
        ArchiveHeader header;
        try {
            header = JSON.readValue(json, ArchiveHeader.class);
        } catch (IOException e) {
            throw ArchiveFormat.tampered("the header is not valid JSON");
        }
        if (header.formatVersion() != version || header.backupId() == null || header.compression() == null) {
            throw ArchiveFormat.tampered("the header is inconsistent");
        }
        return new Preamble(header, ArchiveWriter.preamble(version, json));
    }

    /** Whether the file's last 40 bytes are a trailer whose SHA-256 matches everything before it (a second pass). */
    static boolean trailerMatches(ArchiveStore store, String name) throws IOException {
        long size = store.size(name);
        if (size < ArchiveFormat.TRAILER_BYTES) {
            return false;
        }
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        byte[] trailer;
        try (InputStream in = new BufferedInputStream(store.open(name), 256 * 1024)) {
            long left = size - ArchiveFormat.TRAILER_BYTES;
            byte[] buf = new byte[64 * 1024];
            while (left > 0) {
                int n = in.read(buf, 0, (int) Math.min(buf.length, left));
                if (n < 0) {
                    return false;
                }
                sha.update(buf, 0, n);
                left -= n;
            }
            trailer = in.readNBytes(ArchiveFormat.TRAILER_BYTES);
        }
        return Arrays.equals(Arrays.copyOf(trailer, 8), ArchiveFormat.TRAILER_MAGIC)
                && Arrays.equals(Arrays.copyOfRange(trailer, 8, 40), sha.digest());
    }

    public ArchiveHeader header() {
        return header;
    }

    /** The next section; after the end marker, {@link #finish()} instead. */
    public Section next() {
        if (ended) {
            throw new IllegalStateException("past the end marker");
        }
        try {
            SectionInput.Section s = sections.next();
            if (s.type() == ArchiveFormat.END) {
                ended = true;
                if (s.content().read() != -1) {
                    throw ArchiveFormat.tampered("the end marker holds data");
                }
            }
            return new Section(s.type(), s.meta(), s.content());
        } catch (IOException e) {
            throw failure(store.locate(name), e);
        }
    }

    /** After the end marker: nothing left in the body, the last segment seen, and the trailer's SHA-256 right. */
    public Finished finish() {
        try {
            if (body.read() != -1) {
                throw ArchiveFormat.tampered("data after the end marker");
            }
            if (segments.read() != -1 || !segments.ended()) {
                throw ArchiveFormat.tampered("segments after the end of the body");
            }
            digesting.on(false);
            byte[] sha = digest.digest();
            byte[] trailer = raw.readNBytes(ArchiveFormat.TRAILER_BYTES);
            if (trailer.length < ArchiveFormat.TRAILER_BYTES) {
                throw ArchiveFormat.truncated("the trailer is missing or incomplete");
            }
            if (!Arrays.equals(Arrays.copyOf(trailer, 8), ArchiveFormat.TRAILER_MAGIC)) {
                throw ArchiveFormat.tampered("the trailer's marker is wrong");
            }
            if (!Arrays.equals(Arrays.copyOfRange(trailer, 8, 40), sha)) {
                throw ArchiveFormat.tampered("the file's SHA-256 differs from the one in its trailer");
            }
            if (raw.read() != -1) {
                throw ArchiveFormat.tampered("bytes after the trailer");
            }
            return new Finished(store.size(name), HexFormat.of().formatHex(sha), segments.segments());
        } catch (IOException e) {
            throw failure(store.locate(name), e);
        }
    }

    @Override
    public void close() {
        try {
            raw.close();
        } catch (IOException ignored) {
            // read-only: nothing to lose
        }
    }
}
