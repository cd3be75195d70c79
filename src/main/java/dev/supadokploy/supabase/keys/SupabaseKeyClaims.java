package dev.supadokploy.supabase.keys;

import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The claims of an ANON_KEY / SERVICE_ROLE_KEY exactly as Supabase's own generator writes them:
 * {@code {"role":…,"iss":"supabase","iat":now,"exp":now+validity}}, in that order.
 */
public final class SupabaseKeyClaims {
    public static final String ISSUER = "supabase";
    public static final Period DEFAULT_VALIDITY = Period.ofYears(5);

    private SupabaseKeyClaims() {}

    /** Claims for {@code role} issued at {@code now} (whole seconds) and valid for {@code validity} of calendar time. */
    public static Map<String, Object> of(String role, Instant now, Period validity) {
        long iat = now.getEpochSecond();
        return of(
                role,
                iat,
                Instant.ofEpochSecond(iat)
                        .atOffset(ZoneOffset.UTC)
                        .plus(validity)
                        .toEpochSecond());
    }

    /** Claims for {@code role} with explicit issue and expiry times (epoch seconds). */
    public static Map<String, Object> of(String role, long iat, long exp) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("role", role);
        claims.put("iss", ISSUER);
        claims.put("iat", iat);
        claims.put("exp", exp);
        return claims;
    }
}
