package dev.supadokploy.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HS256 JWTs from the JDK's {@link Mac}, for tests. Production code signs with jjwt; this is the second,
 * independent implementation the tests check it against, so it deliberately shares nothing with it.
 *
 * <p>A secret given as a {@code String} is used as its UTF-8 bytes, the way GoTrue, PostgREST, Realtime and
 * Dokploy's {@code createHmac("SHA256", secret)} all use {@code JWT_SECRET}: the text, never base64-decoded.
 * Verification works on the segments exactly as received, so a token whose payload was re-encoded (different
 * whitespace, key order) does not verify even when its claims are the same.
 */
public final class Hs256 {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64URL_DECODER = Base64.getUrlDecoder();
    private static final TypeReference<LinkedHashMap<String, Object>> OBJECT = new TypeReference<>() {};
    /** The header every Supabase and Dokploy HS256 key carries, in this key order. */
    private static final String HEADER = "{\"alg\":\"HS256\",\"typ\":\"JWT\"}";

    private Hs256() {}

    /** Signs the claims, serialised compactly in the map's iteration order (as JavaScript's JSON.stringify does). */
    public static String sign(Map<String, ?> claims, String secret) {
        return sign(claims, secret.getBytes(StandardCharsets.UTF_8));
    }

    public static String sign(Map<String, ?> claims, byte[] key) {
        String signingInput = encode(HEADER) + "." + encode(toJson(claims));
        return signingInput + "." + B64URL.encodeToString(mac(key, signingInput));
    }

    /** True when the token is three segments, its header says HS256, and the signature matches the secret. */
    public static boolean verify(String jwt, String secret) {
        return verify(jwt, secret.getBytes(StandardCharsets.UTF_8));
    }

    public static boolean verify(String jwt, byte[] key) {
        String[] parts = jwt.split("\\.", -1);
        if (parts.length != 3 || parts[2].isEmpty()) {
            return false;
        }
        try {
            if (!"HS256".equals(decode(parts[0]).get("alg"))) {
                return false; // alg "none" or RS256 with an HMAC secret is exactly what a verifier must refuse
            }
            byte[] given = B64URL_DECODER.decode(parts[2]);
            byte[] expected = mac(key, parts[0] + "." + parts[1]);
            return MessageDigest.isEqual(expected, given);
        } catch (IllegalArgumentException e) {
            return false; // not base64url, or a header that is not a JSON object
        }
    }

    /** The payload's claims in the order the token has them. */
    public static Map<String, Object> claims(String jwt) {
        String[] parts = jwt.split("\\.", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("not a JWT: " + parts.length + " segment(s)");
        }
        return decode(parts[1]);
    }

    public static Map<String, Object> header(String jwt) {
        return decode(jwt.split("\\.", -1)[0]);
    }

    /** The raw JSON text of the payload, to check exactly how a generator serialised it. */
    public static String payloadJson(String jwt) {
        return new String(B64URL_DECODER.decode(jwt.split("\\.", -1)[1]), StandardCharsets.UTF_8);
    }

    static byte[] mac(byte[] key, String signingInput) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            // SecretKeySpec refuses an empty key; HMAC pads short keys with zero bytes, so one zero byte is the
            // same key as none (Node's createHmac accepts "", and Dokploy could hand it one).
            mac.init(new SecretKeySpec(key.length == 0 ? new byte[1] : key, "HmacSHA256"));
            return mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    private static String encode(String json) {
        return B64URL.encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static Map<String, Object> decode(String segment) {
        try {
            return JSON.readValue(new String(B64URL_DECODER.decode(segment), StandardCharsets.UTF_8), OBJECT);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("segment is not a JSON object: " + e.getMessage(), e);
        }
    }

    private static String toJson(Map<String, ?> claims) {
        try {
            return JSON.writeValueAsString(claims);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("claims are not JSON-serialisable", e);
        }
    }
}
