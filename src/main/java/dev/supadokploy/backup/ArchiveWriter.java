package dev.supadokploy.backup;

import dev.supadokploy.backup.store.ArchiveStore;
import dev.supadokploy.backup.store.LocalArchiveStore;
import dev.supadokploy.errors.ErrorCode;
import dev.supadokploy.errors.SupaException;
import dev.supadokploy.util.Json;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes an archive ({@link ArchiveFormat}) into a pending entry of an {@link ArchiveStore} (locally a temporary name
 * beside the target, on S3 a multipart upload); {@link #finish()} adds the trailer and commits it (locally sync and
 * rename; on S3 complete the upload, then the marker). {@link #close()} without finish removes what was written.
 */
public final class ArchiveWriter implements AutoCloseable {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String target;
    private final ArchiveStore.Pending pending;
    private final OutputStream file;
    private final MessageDigest digest;
    private final DigestOutputStream digesting;
    private final OutputStream body;
    private final SectionOutput sections;
    private final ArchiveHeader header;
    private long bodyBytes;
    private boolean finished;

    /** What a finished archive is: where (a path or an s3:// URL), how large, its SHA-256 (the trailer's, hex). */
    public record Written(String file, long bytes, String sha256, ArchiveHeader header) {}

    private ArchiveWriter(String target, ArchiveStore.Pending pending, ArchiveHeader base, ArchiveKey key)
            throws IOException {
        this.target = target;
        this.pending = pending;
        this.file = new BufferedOutputStream(pending.stream(), 256 * 1024);
        try {
            this.digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        this.digesting = new DigestOutputStream(file, digest);
        SegmentCipher cipher = null;
        ArchiveHeader h = base;
        byte[] prefix = new byte[7];
        byte[] salt = new byte[16];
        byte[] master = null;
        if (key != null) {
            RANDOM.nextBytes(prefix);
            RANDOM.nextBytes(salt);
            ArchiveHeader.Encryption e = new ArchiveHeader.Encryption(
                    "AES-256-GCM",
                    ArchiveFormat.SEGMENT_SIZE,
                    key.isPassphrase() ? "argon2id" : "raw",
                    key.isPassphrase() ? ArchiveKey.MEMORY_KIB : null,
                    key.isPassphrase() ? ArchiveKey.ITERATIONS : null,
                    key.isPassphrase() ? ArchiveKey.PARALLELISM : null,
                    Base64.getEncoder().encodeToString(salt),
                    HexFormat.of().formatHex(prefix),
                    null);
            master = key.master(e);
            e = new ArchiveHeader.Encryption(
                    e.cipher(),
                    e.segmentSize(),
                    e.kdf(),
                    e.memoryKiB(),
                    e.iterations(),
                    e.parallelism(),
                    e.salt(),
                    e.noncePrefix(),
                    ArchiveKey.fingerprint(master));
            h = new ArchiveHeader(
                    base.formatVersion(),
                    base.backupId(),
                    base.createdAt(),
                    base.toolVersion(),
                    base.source(),
                    base.sourceDatabase(),
                    base.sourceServerVersion(),
                    base.compression(),
                    base.dataFormat(),
                    e);
        }
        this.header = h;
        byte[] preamble = preamble(h);
        digesting.write(preamble);
        if (master != null) {
            cipher = new SegmentCipher(ArchiveKey.fileKey(master, salt), prefix, preamble);
        }
        OutputStream segments = new SegmentOutputStream(digesting, cipher);
        this.body = Compression.valueOf(h.compression()).wrap(segments);
        this.sections = new SectionOutput(new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                body.write(b);
                bodyBytes++;
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                body.write(b, off, len);
                bodyBytes += len;
            }
        });
    }

    static byte[] preamble(ArchiveHeader h) throws IOException {
        return preamble(h.formatVersion(), Json.MAPPER.writeValueAsBytes(h));
    }

    /** The preamble's exact bytes: what is written, and the associated data of every segment. */
    static byte[] preamble(int version, byte[] json) throws IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.write(ArchiveFormat.MAGIC);
        out.writeShort(version);
        out.writeInt(json.length);
        out.write(json);
        return bytes.toByteArray();
    }

    /**
     * @param base the header without encryption parameters (the writer adds them when {@code key} is given)
     */
    public static ArchiveWriter create(Path target, ArchiveHeader base, ArchiveKey key) {
        Path absolute = target.toAbsolutePath();
        return create(
                new LocalArchiveStore(absolute.getParent()),
                absolute.getFileName().toString(),
                base,
                key);
    }

    /** A new archive {@code name} in {@code store}; it exists there only once {@link #finish()} returns. */
    public static ArchiveWriter create(ArchiveStore store, String name, ArchiveHeader base, ArchiveKey key) {
        String target = store.locate(name);
        ArchiveStore.Pending pending;
        try {
            pending = store.create(name);
        } catch (IOException e) {
            throw writeFailed(target, e);
        }
        try {
            return new ArchiveWriter(target, pending, base, key);
        } catch (IOException | RuntimeException e) {
            pending.close();
            throw e instanceof IOException io ? writeFailed(target, io) : (RuntimeException) e;
        }
    }

    public ArchiveHeader header() {
        return header;
    }

    /** Bytes handed to the compressor so far (sections, before compression). */
    public long bodyBytes() {
        return bodyBytes;
    }

    /** A section's content stream; close it before the next section. */
    public OutputStream section(byte type, Object meta) throws IOException {
        refuseSecretsInClear(type);
        return sections.open(type, Json.MAPPER.writeValueAsString(meta));
    }

    /** The last guard (operations check first, with the option to add): secrets never reach an unencrypted file. */
    private void refuseSecretsInClear(byte type) {
        if (ArchiveFormat.holdsSecrets(type) && !header.encrypted()) {
            throw new SupaException(
                    ErrorCode.BACKUP_NEEDS_ENCRYPTION,
                    "The "
                            + (type == ArchiveFormat.VAULT
                                    ? "vault's secrets"
                                    : "stack's config (its env holds secrets)")
                            + " can only go into an encrypted backup",
                    "Add --encrypt (with --encryption-key or SUPA_DOKPLOY_BACKUP_KEY), or leave the part out.");
        }
    }

    public void section(byte type, Object meta, byte[] content) throws IOException {
        refuseSecretsInClear(type);
        sections.write(type, Json.MAPPER.writeValueAsString(meta), content);
    }

    public Written finish() {
        try {
            sections.write(ArchiveFormat.END, "{}", new byte[0]);
            body.close();
            byte[] sha = digest.digest();
            file.write(ArchiveFormat.TRAILER_MAGIC);
            file.write(sha);
            file.flush();
            String hex = HexFormat.of().formatHex(sha);
            long size = pending.commit(marker(hex));
            finished = true;
            return new Written(target, size, hex, header);
        } catch (IOException e) {
            throw writeFailed(target, e);
        }
    }

    /** The marker a store writes last (on S3, what makes the archive listed): enough to recognise it. */
    private byte[] marker(String sha256) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("backupId", header.backupId());
        m.put("createdAt", String.valueOf(header.createdAt()));
        m.put("sha256", sha256);
        return Json.MAPPER.writeValueAsBytes(m);
    }

    /** Without {@link #finish()}: what was written is removed, nothing is left that looks like a backup. */
    @Override
    public void close() {
        if (!finished) {
            pending.close();
        }
    }

    static SupaException writeFailed(String target, IOException e) {
        return new SupaException(
                ErrorCode.BACKUP_WRITE_FAILED,
                "Cannot write the backup " + target + ": " + e.getMessage(),
                "Check that the directory exists, is writable and has room; no backup file was left behind.",
                e);
    }
}
