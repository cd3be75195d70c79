package dev.supadokploy.supabase.rules;

import dev.supadokploy.supabase.keys.SupabaseJwt;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Evidence that identifies a value without revealing it: never more than a short prefix and a length. */
final class Redact {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);

    private Redact() {}

    /**
     * "empty", "12 characters", or "starts 'abcd', 40 characters": a 4-character prefix only for values of 16
     * characters or more, where it gives away little and tells the operator which value is meant.
     */
    static String secret(String value) {
        if (value == null || value.isEmpty()) {
            return "empty";
        }
        int n = value.codePointCount(0, value.length());
        if (n < 16) {
            return length(value);
        }
        return "starts '" + value.substring(0, value.offsetByCodePoints(0, 4)) + "', " + length(value);
    }

    /** "N characters": for values of which not even a prefix should be shown (a password with a known flaw). */
    static String length(String value) {
        int n = value == null ? 0 : value.codePointCount(0, value.length());
        return n + (n == 1 ? " character" : " characters");
    }

    /** Header and claims that matter for a Supabase key; the signature and other claims are left out. */
    static String key(SupabaseJwt.Decoded d) {
        StringBuilder sb = new StringBuilder("alg ").append(d.algorithm().orElse("(none)"));
        sb.append(", role ").append(d.role().map(r -> "'" + r + "'").orElse("(missing)"));
        sb.append(", iss ").append(d.issuer().map(i -> "'" + i + "'").orElse("(missing)"));
        d.issuedAt().ifPresent(t -> sb.append(", iat ").append(day(t)));
        sb.append(", exp ").append(d.expiresAt().map(Redact::day).orElse("(missing)"));
        return sb.toString();
    }

    static String day(Instant t) {
        return DAY.format(t);
    }
}
