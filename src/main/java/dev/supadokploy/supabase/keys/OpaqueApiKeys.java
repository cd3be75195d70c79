package dev.supadokploy.supabase.keys;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Supabase's opaque API keys, {@code sb_publishable_…} and {@code sb_secret_…}, made as supabase/supabase
 * {@code docker/utils/add-new-auth-keys.sh} (and {@code rotate-new-api-keys.sh}) make them: the prefix, 22
 * base64url characters from 17 random bytes, {@code _}, and an 8-character checksum — base64url of
 * SHA-256({@code "supabase-self-hosted|" + prefix + random}). They are not JWTs: Kong swaps them for the
 * asymmetric JWTs ANON_KEY_ASYMMETRIC / SERVICE_ROLE_KEY_ASYMMETRIC by plain string comparison.
 */
public final class OpaqueApiKeys {
    public static final String PUBLISHABLE_PREFIX = "sb_publishable_";
    public static final String SECRET_PREFIX = "sb_secret_";
    /** What the self-hosting scripts checksum with in place of a project ref, which a self-hosted stack lacks. */
    public static final String SELF_HOSTED_REF = "supabase-self-hosted";

    private static final Pattern SHAPE =
            Pattern.compile("^(sb_publishable_|sb_secret_)([A-Za-z0-9_-]{22})_([A-Za-z0-9_-]{8})$");
    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

    /** What an {@code sb_} key is: its kind, whether it has the generated shape, and whether its checksum holds. */
    public record Shape(String kind, boolean wellFormed, boolean selfHostedChecksum) {}

    private OpaqueApiKeys() {}

    public static String publishable(SecretGenerator random) {
        return generate(PUBLISHABLE_PREFIX, random);
    }

    public static String secret(SecretGenerator random) {
        return generate(SECRET_PREFIX, random);
    }

    static String generate(String prefix, SecretGenerator random) {
        String intermediate = prefix + B64URL.encodeToString(random.bytes(17)).substring(0, 22);
        return intermediate + "_" + checksum(intermediate);
    }

    static String checksum(String intermediate) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((SELF_HOSTED_REF + "|" + intermediate).getBytes(StandardCharsets.UTF_8));
            return B64URL.encodeToString(digest).substring(0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** The shape of an {@code sb_} key; empty when the value is not one. */
    public static Optional<Shape> inspect(String key) {
        String k = key == null ? "" : key.strip();
        String kind = k.startsWith(PUBLISHABLE_PREFIX) ? "publishable" : k.startsWith(SECRET_PREFIX) ? "secret" : null;
        if (kind == null) {
            return Optional.empty();
        }
        Matcher m = SHAPE.matcher(k);
        if (!m.matches()) {
            return Optional.of(new Shape(kind, false, false));
        }
        return Optional.of(
                new Shape(kind, true, checksum(m.group(1) + m.group(2)).equals(m.group(3))));
    }
}
