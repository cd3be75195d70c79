package dev.supadokploy.supabase.keys;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jsonwebtoken.Jwts;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The JWTs Supabase's services accept as API keys: HS256 over {@code JWT_SECRET}'s text, with a
 * {@code role} claim PostgREST switches to. Signing uses jjwt; decoding and verification are done here
 * because an audit must read keys jjwt refuses (a secret under 256 bits, a missing signature, alg none).
 */
public final class SupabaseJwt {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {};

    private SupabaseJwt() {}

    /** A token taken apart, signature unchecked. */
    public record Decoded(
            Map<String, Object> header, Map<String, Object> claims, String signingInput, byte[] signature) {

        public Optional<String> algorithm() {
            return Optional.ofNullable(header.get("alg")).map(Object::toString);
        }

        public Optional<String> role() {
            return Optional.ofNullable(claims.get("role")).map(Object::toString);
        }

        public Optional<String> issuer() {
            return Optional.ofNullable(claims.get("iss")).map(Object::toString);
        }

        public Optional<Instant> issuedAt() {
            return epoch("iat");
        }

        public Optional<Instant> expiresAt() {
            return epoch("exp");
        }

        private Optional<Instant> epoch(String claim) {
            return claims.get(claim) instanceof Number n
                    ? Optional.of(Instant.ofEpochSecond(n.longValue()))
                    : Optional.empty();
        }
    }

    /** Why a string is not a JWT, for findings and errors. */
    public static final class NotAJwtException extends Exception {
        NotAJwtException(String message) {
            super(message);
        }
    }

    public static Decoded decode(String token) throws NotAJwtException {
        String t = token == null ? "" : token.strip();
        String[] parts = t.split("\\.", -1);
        if (parts.length != 3) {
            throw new NotAJwtException("a JWT has three dot-separated parts, this has " + parts.length);
        }
        try {
            Base64.Decoder b64 = Base64.getUrlDecoder();
            Map<String, Object> header = JSON.readValue(b64.decode(parts[0]), MAP);
            Map<String, Object> claims = JSON.readValue(b64.decode(parts[1]), MAP);
            return new Decoded(header, claims, parts[0] + "." + parts[1], b64.decode(parts[2]));
        } catch (IllegalArgumentException e) {
            throw new NotAJwtException("a part is not base64url: " + e.getMessage());
        } catch (java.io.IOException e) {
            throw new NotAJwtException("the header or claims are not a JSON object");
        }
    }

    /** Signs claims with HS256 over the secret's UTF-8 bytes, as GoTrue and PostgREST verify them. */
    public static String signHs256(Map<String, Object> claims, String secret) {
        SecretKeySpec key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
        // alg first, then typ: the header bytes Supabase's own generator writes ({"alg":"HS256","typ":"JWT"}).
        return Jwts.builder()
                .header()
                .add("alg", "HS256")
                .add("typ", "JWT")
                .and()
                .claims(claims)
                .signWith(key, Jwts.SIG.HS256)
                .compact();
    }

    /** Whether an HS256 token's signature was made with this secret (constant-time comparison). */
    public static boolean signedWith(Decoded token, String secret) {
        if (!"HS256".equals(token.algorithm().orElse(null)) || secret == null || secret.isEmpty()) {
            return false;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] expected = mac.doFinal(token.signingInput().getBytes(StandardCharsets.US_ASCII));
            return MessageDigest.isEqual(expected, token.signature());
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }
}
