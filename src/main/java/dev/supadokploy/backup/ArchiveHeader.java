package dev.supadokploy.backup;

import java.time.Instant;

/**
 * The preamble's JSON: everything {@code backup list} shows, readable without the key. The exact bytes are the
 * associated data of every encrypted segment, so none of it can change unnoticed.
 *
 * @param compression  zstd, gzip or none
 * @param dataFormat   the COPY format of the table sections (text)
 * @param encryption   null for a plain archive
 */
public record ArchiveHeader(
        int formatVersion,
        String backupId,
        Instant createdAt,
        String toolVersion,
        String source,
        String sourceDatabase,
        String sourceServerVersion,
        String compression,
        String dataFormat,
        Encryption encryption) {

    /**
     * @param cipher         AES-256-GCM, in segments of {@code segmentSize} plaintext bytes
     * @param kdf            argon2id (a passphrase) or raw (a 32-byte key)
     * @param salt           base64: Argon2id's salt, and HKDF's salt for this file's key
     * @param noncePrefix    hex, 7 random bytes
     * @param keyFingerprint hex, 8 bytes of HMAC-SHA256(master key, "supa-dokploy key fingerprint"): tells a wrong key
     *                       from a damaged file, and reveals nothing of the key
     */
    public record Encryption(
            String cipher,
            int segmentSize,
            String kdf,
            Integer memoryKiB,
            Integer iterations,
            Integer parallelism,
            String salt,
            String noncePrefix,
            String keyFingerprint) {}

    public boolean encrypted() {
        return encryption != null;
    }
}
