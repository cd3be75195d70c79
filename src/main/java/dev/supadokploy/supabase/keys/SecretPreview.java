package dev.supadokploy.supabase.keys;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Ways to name a secret without giving it away. Only a JWT's first characters (its base64 header, the same in
 * every HS256 token) and an {@code sb_} key's prefix are ever shown; any other value shows nothing but its length.
 */
public final class SecretPreview {
    private SecretPreview() {}

    /** {@code "eyJh…(redacted, 172 chars)"}, {@code "sb_secret_…(redacted, 41 chars)"}, {@code "…(redacted, 48 chars)"}. */
    public static String redact(String value) {
        return publicPrefix(value, 4) + "…(redacted, " + value.length() + " chars)";
    }

    /** {@code "eyJhbGci…(208 chars)"}: first 8 characters of a JWT or sb_ key and the length, to tell keys apart in a listing. */
    public static String preview(String value) {
        return publicPrefix(value, 8) + "…(" + value.length() + " chars)";
    }

    /**
     * {@code "sha256:1f2e3d4c5b6a"}: matches the same key in another file or listing. Only for high-entropy keys
     * (JWTs, sb_ keys), where the hash cannot be reversed by guessing.
     */
    public static String fingerprint(String value) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    private static String publicPrefix(String value, int jwtChars) {
        if (value.startsWith(OpaqueApiKeys.SECRET_PREFIX)) {
            return OpaqueApiKeys.SECRET_PREFIX;
        }
        if (value.startsWith(OpaqueApiKeys.PUBLISHABLE_PREFIX)) {
            return OpaqueApiKeys.PUBLISHABLE_PREFIX;
        }
        if (value.startsWith("eyJ") && value.length() > jwtChars && value.indexOf('.') > jwtChars) {
            return value.substring(0, jwtChars);
        }
        return "";
    }
}
