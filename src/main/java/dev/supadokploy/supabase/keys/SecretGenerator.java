package dev.supadokploy.supabase.keys;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.UUID;

/**
 * Random secrets in the forms Supabase's services accept. Alphabets are URL-safe on purpose: several
 * values (POSTGRES_PASSWORD above all) are spliced raw into connection URLs and shell commands.
 */
public final class SecretGenerator {
    private static final String ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final String LOWER_ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789";

    private final SecureRandom random;

    public SecretGenerator(SecureRandom random) {
        this.random = random;
    }

    public SecretGenerator() {
        this(new SecureRandom());
    }

    /** Letters and digits only: safe in URLs, dotenv files, YAML and shells without quoting. */
    public String alphanumeric(int length) {
        return pick(ALNUM, length);
    }

    /** Lowercase letters and digits (Supavisor tenant ids, S3-style ids). */
    public String lowerAlphanumeric(int length) {
        return pick(LOWER_ALNUM, length);
    }

    public String hex(int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    public byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    public UUID uuid() {
        byte[] b = bytes(16);
        b[6] = (byte) ((b[6] & 0x0f) | 0x40); // version 4
        b[8] = (byte) ((b[8] & 0x3f) | 0x80); // IETF variant
        long msb = 0;
        long lsb = 0;
        for (int i = 0; i < 8; i++) {
            msb = (msb << 8) | (b[i] & 0xff);
            lsb = (lsb << 8) | (b[i + 8] & 0xff);
        }
        return new UUID(msb, lsb);
    }

    private String pick(String alphabet, int length) {
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return sb.toString();
    }
}
