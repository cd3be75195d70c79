package dev.supadokploy.backup;

import dev.supadokploy.errors.ErrorCode;
import dev.supadokploy.errors.SupaException;
import java.nio.charset.StandardCharsets;

/**
 * The backup archive, format version 3: one file, written front to back in one pass and read the same way, so memory
 * stays flat whatever the database's size.
 *
 * <pre>
 * preamble   "SDBACKUP" (8 bytes) · u16 format version · u32 n · n bytes of header JSON ({@link ArchiveHeader}):
 *            backup id, creation time, tool and server versions, compression, and for an encrypted archive the cipher,
 *            the KDF with its parameters and salt, the nonce prefix and the key's fingerprint. Plaintext, so
 *            {@code backup list} reads it without the key.
 * body       segments, each u32 (high bit: last segment; low 31 bits: length) · that many bytes. Encrypted: each
 *            segment is AES-256-GCM of up to 64 KiB, nonce = 7-byte random prefix ‖ u32 segment counter ‖ last flag,
 *            the whole preamble as associated data, the key derived per file with HKDF-SHA256 from the master key
 *            (Argon2id of a passphrase, or a 32-byte key file) and the header's salt. So a changed byte anywhere
 *            (preamble included), a dropped, repeated or reordered segment and a missing last segment are all
 *            detected. Plain: the same framing without the cipher.
 *            The segments carry one stream, compressed (zstd by default, gzip, or none), of sections.
 * sections   each: u8 type · u32 n · n bytes of JSON metadata · chunks (u32 length · bytes) ended by a zero length.
 *            'S' the schema: the catalog model and its dependencies ({@link ArchivedSchema}), from which a restore
 *              makes the DDL with the schema diff (so what the target already has, such as schema public or an
 *              extension, is not created twice), split into pre-data (before the rows) and post-data (indexes,
 *              constraints, triggers, views, policies, grants, comments: after them);
 *            'D' one table's rows as a COPY stream (text format: portable to any later server version; the metadata
 *              names the schema and table, whether ONLY applies, the columns, the format and the row hash the
 *              manifest's checksum uses);
 *            'O' one Storage object (format 3): the metadata is its bucket, name, the {@code storage.objects} row it
 *              belongs to (id, owner, metadata, times), content type, cache control, size and SHA-256; the content
 *              is its bytes;
 *            'V' the vault's secrets (format 3), JSON; only ever in an encrypted archive (the writer refuses it
 *              otherwise), since they are the decrypted values;
 *            'C' the stack's config (format 3): the compose's env (secrets included: encrypted archives only, like
 *              'V'), compose file, domains and file mounts;
 *            'M' the manifest ({@link BackupManifest}): per table the row count and checksum the source server
 *              computed in the backup's snapshot, sizes, schemas and sequence values, and (format 3) a summary per
 *              instance part ("objects", "vault", "config");
 *            'E' the end.
 * trailer    "SDBKEND1" (8 bytes) · SHA-256 (32 bytes) of every byte before the trailer.
 * </pre>
 *
 * Versions: a reader reads every version from {@link #OLDEST_VERSION} to {@link #VERSION} and refuses others with
 * BACKUP_UNSUPPORTED_VERSION; a change that an older reader would misread takes a new version. Format 1 checksummed
 * every row by its text form; format 2 records per table the row hash used ({@code hash_record_extended} from
 * PostgreSQL 14, several times cheaper to check on restore, with some columns through their text form), which a
 * format 1 reader would compare against the wrong checksum. Format 3 adds the instance parts ('O', 'V', 'C' and the manifest's parts),
 * which a format 2 reader would call unknown sections.
 *
 * The file is written under a temporary name in its directory (mode 0600) and renamed when complete: a failed
 * backup never leaves a file that looks like one.
 */
public final class ArchiveFormat {
    public static final byte[] MAGIC = "SDBACKUP".getBytes(StandardCharsets.US_ASCII);
    public static final byte[] TRAILER_MAGIC = "SDBKEND1".getBytes(StandardCharsets.US_ASCII);
    public static final int VERSION = 3;
    public static final int OLDEST_VERSION = 1;
    public static final int SEGMENT_SIZE = 64 * 1024;
    public static final int TAG_BYTES = 16;
    public static final int TRAILER_BYTES = 8 + 32;
    public static final int MAX_HEADER_BYTES = 1 << 20;
    public static final String EXTENSION = ".sdbak";

    public static final byte SCHEMA = 'S';
    public static final byte DATA = 'D';
    public static final byte OBJECT = 'O';
    public static final byte VAULT = 'V';
    public static final byte CONFIG = 'C';
    public static final byte MANIFEST = 'M';
    public static final byte END = 'E';

    private ArchiveFormat() {}

    /** Sections that hold secrets in clear inside the body: written only into an encrypted archive. */
    public static boolean holdsSecrets(byte type) {
        return type == VAULT || type == CONFIG;
    }

    static SupaException tampered(String what) {
        return new SupaException(
                ErrorCode.BACKUP_TAMPERED,
                "The backup is damaged or was altered: " + what,
                "Do not restore from this file: take the backup again, or use another copy (check it first with supa-dokploy backup verify).");
    }

    static SupaException truncated(String what) {
        return new SupaException(
                ErrorCode.BACKUP_TRUNCATED,
                "The backup is incomplete (truncated): " + what,
                "The file was cut short (an interrupted copy or upload, a full disk). Use a complete copy; nothing was restored.");
    }
}
