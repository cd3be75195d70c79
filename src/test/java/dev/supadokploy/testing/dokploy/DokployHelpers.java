package dev.supadokploy.testing.dokploy;

import dev.supadokploy.testing.Hs256;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Dokploy's value generators ({@code packages/server/src/templates/index.ts} in Dokploy/dokploy), each doing
 * what Dokploy's does, but drawing from one seeded {@link Random} (for {@code Math.random},
 * {@code crypto.randomBytes} and {@code crypto.randomUUID} alike) and a fixed clock, so a fixture comes out the
 * same on every run. Distributions are kept where they are observable: a password is drawn from the 62
 * mixed-case alphanumerics and then lower-cased, as Dokploy does, so letters are twice as likely as digits.
 */
final class DokployHelpers {
    /** {@code Math.floor(new Date("2030-01-01T00:00:00Z").getTime() / 1000)}, Dokploy's default {@code exp}. */
    static final long DEFAULT_EXP = 1_893_456_000L;

    private static final String PASSWORD_CHARACTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    // Dokploy calls faker.internet.userName()/email(); these few names stand in for faker's locale data.
    private static final List<String> FIRST_NAMES = List.of("Ada", "Grace", "Linus", "Margaret", "Dennis", "Barbara");
    private static final List<String> LAST_NAMES =
            List.of("Lovelace", "Hopper", "Torvalds", "Hamilton", "Ritchie", "Liskov");
    private static final List<String> EMAIL_PROVIDERS = List.of("gmail.com", "yahoo.com", "hotmail.com");

    private final Random random;
    private final Instant now;

    DokployHelpers(long seed, Instant now) {
        this.random = new Random(seed);
        this.now = now;
    }

    /** {@code generatePassword(n)}: n characters of {@code [a-z0-9]}. */
    String password(int length) {
        StringBuilder password = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            password.append(
                    PASSWORD_CHARACTERS.charAt((int) Math.floor(random.nextDouble() * PASSWORD_CHARACTERS.length())));
        }
        return password.toString().toLowerCase(Locale.ROOT);
    }

    /** {@code generateBase64(n)}: n random bytes in standard, padded base64 (so may hold {@code + / =}). */
    String base64(int bytes) {
        return java.util.Base64.getEncoder().encodeToString(randomBytes(bytes));
    }

    /** {@code generateHash(n)}: n lowercase hex characters. */
    String hash(int length) {
        return HexFormat.of().formatHex(randomBytes((length + 1) / 2)).substring(0, length);
    }

    /** {@code crypto.randomUUID()}: a version-4 UUID. */
    String uuid() {
        byte[] b = randomBytes(16);
        b[6] = (byte) ((b[6] & 0x0f) | 0x40);
        b[8] = (byte) ((b[8] & 0x3f) | 0x80);
        String hex = HexFormat.of().formatHex(b);
        return hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-"
                + hex.substring(16, 20) + "-" + hex.substring(20);
    }

    /** {@code Math.floor(Math.random() * 65535)}: 0–65534, unchecked against ports in use. */
    String randomPort() {
        return Long.toString((long) Math.floor(random.nextDouble() * 65535));
    }

    String username() {
        String separator = List.of(".", "_", "").get(random.nextInt(3));
        return (pick(FIRST_NAMES) + separator + pick(LAST_NAMES) + random.nextInt(100)).toLowerCase(Locale.ROOT);
    }

    String email() {
        return (pick(FIRST_NAMES) + "." + pick(LAST_NAMES) + random.nextInt(100) + "@" + pick(EMAIL_PROVIDERS))
                .toLowerCase(Locale.ROOT);
    }

    long nowMillis() {
        return now.toEpochMilli();
    }

    long nowSeconds() {
        return Math.floorDiv(now.toEpochMilli(), 1000);
    }

    /** {@code generateJwt({length})}: not a JWT at all but {@code length} random bytes in hex (2×length chars). */
    String jwtHex(int length) {
        return HexFormat.of().formatHex(randomBytes(length));
    }

    /**
     * {@code generateJwt({secret, payload})}. The payload gets {@code iss:"dokploy"}, {@code iat:now} and
     * {@code exp:2030-01-01} where it has no truthy value of its own, and the token is
     * {@code {iat, exp, ...payload}} — so {@code iat} and {@code exp} always come first, as JavaScript keeps a
     * key's first position when a spread overwrites it. No secret (or an empty one) means a random
     * 64-hex-character secret nobody will ever see.
     */
    String jwt(Map<String, Object> payload, String secret) {
        Map<String, Object> p = payload == null ? new LinkedHashMap<>() : new LinkedHashMap<>(payload);
        if (!truthy(p.get("iss"))) {
            p.put("iss", "dokploy");
        }
        if (!truthy(p.get("iat"))) {
            p.put("iat", nowSeconds());
        }
        if (!truthy(p.get("exp"))) {
            p.put("exp", DEFAULT_EXP);
        }
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iat", nowSeconds());
        claims.put("exp", DEFAULT_EXP);
        claims.putAll(p);
        String key = secret == null || secret.isEmpty() ? jwtHex(32) : secret;
        return Hs256.sign(claims, key);
    }

    /** JavaScript truthiness of a JSON value. */
    static boolean truthy(Object value) {
        if (value == null || Boolean.FALSE.equals(value)) {
            return false;
        }
        if (value instanceof Number n) {
            double d = n.doubleValue();
            return d != 0 && !Double.isNaN(d);
        }
        return !(value instanceof String s) || !s.isEmpty();
    }

    private byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        random.nextBytes(bytes);
        return bytes;
    }

    private String pick(List<String> options) {
        return options.get(random.nextInt(options.size()));
    }
}
