package dev.supadokploy.backup;

import dev.supadokploy.errors.ErrorCode;
import dev.supadokploy.errors.SupaException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * What the operator gives to encrypt or decrypt: a 32-byte key (a key file of exactly 32 bytes, or 64 hex digits, or
 * base64 of 32 bytes) or a passphrase, stretched with Argon2id (64 MiB, 3 passes, 1 lane by default; the parameters go
 * into the header so a later release reads today's archives). Each file then gets its own AES key from the master
 * key with HKDF-SHA256 and the header's random salt, so nonces never repeat under one key across files.
 */
public final class ArchiveKey {
    public static final int MEMORY_KIB = 64 * 1024;
    public static final int ITERATIONS = 3;
    public static final int PARALLELISM = 1;
    public static final int MIN_PASSPHRASE = 12;
    private static final Pattern HEX_KEY = Pattern.compile("[0-9a-fA-F]{64}");
    private static final byte[] FINGERPRINT_LABEL = "supa-dokploy key fingerprint".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FILE_KEY_LABEL =
            "supa-dokploy backup v1 segment key".getBytes(StandardCharsets.US_ASCII);

    private final byte[] raw;
    private final byte[] passphrase;

    private ArchiveKey(byte[] raw, byte[] passphrase) {
        this.raw = raw;
        this.passphrase = passphrase;
    }

    /** Bytes as read from a key file or a secret: 32 raw bytes, 64 hex digits or base64 of 32 bytes are a key; else a passphrase. */
    public static ArchiveKey of(byte[] given) {
        if (given.length == 32) {
            return new ArchiveKey(given.clone(), null);
        }
        String text = new String(given, StandardCharsets.UTF_8).strip();
        if (HEX_KEY.matcher(text).matches()) {
            return new ArchiveKey(HexFormat.of().parseHex(text), null);
        }
        if (text.length() == 44 && text.endsWith("=")) {
            try {
                byte[] key = Base64.getDecoder().decode(text);
                if (key.length == 32) {
                    return new ArchiveKey(key, null);
                }
            } catch (IllegalArgumentException ignored) {
                // not base64: a passphrase
            }
        }
        if (text.codePointCount(0, text.length()) < MIN_PASSPHRASE) {
            throw new SupaException(
                    ErrorCode.VALIDATION_INVALID_INPUT,
                    "The backup passphrase is shorter than " + MIN_PASSPHRASE + " characters",
                    "Use a longer passphrase, or a 32-byte key file: head -c 32 /dev/urandom > backup.key (chmod 600).");
        }
        return new ArchiveKey(null, text.getBytes(StandardCharsets.UTF_8));
    }

    public boolean isPassphrase() {
        return passphrase != null;
    }

    /** The master key: the raw key, or Argon2id of the passphrase with the header's parameters and salt. */
    byte[] master(ArchiveHeader.Encryption e) {
        if (passphrase == null) {
            return raw.clone();
        }
        if (!"argon2id".equals(e.kdf())) {
            throw new SupaException(
                    ErrorCode.BACKUP_WRONG_KEY,
                    "The backup was encrypted with a key file, and a passphrase was given",
                    "Give the 32-byte key file the backup was made with (--decryption-key file:PATH).");
        }
        if (e.memoryKiB() == null
                || e.iterations() == null
                || e.parallelism() == null
                || e.memoryKiB() > 1024 * 1024
                || e.iterations() > 100
                || e.parallelism() > 64
                || e.memoryKiB() < 8) {
            throw ArchiveFormat.tampered("the header's Argon2id parameters are out of range");
        }
        Argon2BytesGenerator g = new Argon2BytesGenerator();
        g.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withSalt(Base64.getDecoder().decode(e.salt()))
                .withMemoryAsKB(e.memoryKiB())
                .withIterations(e.iterations())
                .withParallelism(e.parallelism())
                .build());
        byte[] out = new byte[32];
        g.generateBytes(passphrase, out);
        return out;
    }

    static String fingerprint(byte[] master) {
        return HexFormat.of().formatHex(Arrays.copyOf(hmac(master, FINGERPRINT_LABEL), 8));
    }

    /** HKDF-SHA256 (RFC 5869) with one output block: extract with the salt, expand with the label. */
    static byte[] fileKey(byte[] master, byte[] salt) {
        byte[] prk = hmac(salt, master);
        byte[] info = Arrays.copyOf(FILE_KEY_LABEL, FILE_KEY_LABEL.length + 1);
        info[info.length - 1] = 1;
        return hmac(prk, info);
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
