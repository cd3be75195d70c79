package dev.supadokploy.supabase.keys;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.supadokploy.util.Json;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Supabase's asymmetric API-key scheme for self-hosting: an EC P-256 key signs ES256 JWTs, and the services
 * learn it as JWKs. Shapes follow supabase/supabase {@code docker/utils/add-new-auth-keys.sh} (which exports the
 * key with Node's {@code KeyObject.export({format: "jwk"})}): the private JWK is
 * {@code {kty, kid, use:"sig", key_ops:["sign","verify"], alg:"ES256", ext:true, crv, x, y, d}}, the public one
 * has {@code key_ops:["verify"]} and no {@code d}, the kid is a random UUID, and the symmetric JWT_SECRET rides
 * along as {@code {kty:"oct", k, alg:"HS256"}} so that verifiers keep accepting the legacy HS256 keys.
 */
public final class Es256 {
    /**
     * True for a JWT_KEYS / JWT_JWKS value that holds no key: empty, {@code []}, {@code {}} or {@code {"keys":[]}}
     * (the template's placeholders, which every stack carries until asymmetric keys are made).
     */
    public static boolean isEmptyKeySet(String value) {
        String compact = value == null ? "" : value.replaceAll("\\s", "");
        return compact.isEmpty() || compact.equals("[]") || compact.equals("{}") || compact.equals("{\"keys\":[]}");
    }

    private static final ECParameterSpec P256 = p256();
    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64URL_DECODER = Base64.getUrlDecoder();
    private static final TypeReference<Object> ANY = new TypeReference<>() {};

    /** A signing key and the kid that names it in the JWKS and in every token's header. */
    public record SigningKey(String kid, ECPrivateKey privateKey, ECPublicKey publicKey) {}

    private Es256() {}

    public static SigningKey generate(SecureRandom random, String kid) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), random);
            KeyPair pair = generator.generateKeyPair();
            return new SigningKey(kid, (ECPrivateKey) pair.getPrivate(), (ECPublicKey) pair.getPublic());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("EC P-256 is part of every Java 17 runtime", e);
        }
    }

    /** The private JWK, members in the order add-new-auth-keys.sh writes them (GoTrue's GOTRUE_JWT_KEYS entry). */
    public static Map<String, Object> privateJwk(SigningKey key) {
        Map<String, Object> jwk = header(key.kid(), List.of("sign", "verify"));
        putPoint(jwk, key.publicKey());
        jwk.put("d", coordinate(key.privateKey().getS()));
        return jwk;
    }

    /** The public JWK (PostgREST, Realtime and Storage verify with it). */
    public static Map<String, Object> publicJwk(SigningKey key) {
        Map<String, Object> jwk = header(key.kid(), List.of("verify"));
        putPoint(jwk, key.publicKey());
        return jwk;
    }

    /** JWT_SECRET as a symmetric JWK: its UTF-8 bytes, base64url without padding, as Node's Buffer writes them. */
    public static Map<String, Object> octJwk(String jwtSecret) {
        Map<String, Object> jwk = new LinkedHashMap<>();
        jwk.put("kty", "oct");
        jwk.put("k", B64URL.encodeToString(jwtSecret.getBytes(StandardCharsets.UTF_8)));
        jwk.put("alg", "HS256");
        return jwk;
    }

    private static Map<String, Object> header(String kid, List<String> keyOps) {
        Map<String, Object> jwk = new LinkedHashMap<>();
        jwk.put("kty", "EC");
        jwk.put("kid", kid);
        jwk.put("use", "sig");
        jwk.put("key_ops", keyOps);
        jwk.put("alg", "ES256");
        jwk.put("ext", true);
        jwk.put("crv", "P-256");
        return jwk;
    }

    private static void putPoint(Map<String, Object> jwk, ECPublicKey key) {
        jwk.put("x", coordinate(key.getW().getAffineX()));
        jwk.put("y", coordinate(key.getW().getAffineY()));
    }

    /** A P-256 field element as JWK wants it (RFC 7518 §6.2.1.2): exactly 32 bytes, big-endian, base64url. */
    private static String coordinate(BigInteger value) {
        byte[] raw = value.toByteArray();
        byte[] fixed = new byte[32];
        int copy = Math.min(raw.length, 32);
        System.arraycopy(raw, raw.length - copy, fixed, 32 - copy, copy);
        return B64URL.encodeToString(fixed);
    }

    /**
     * Signs claims as ES256 with header {@code {alg, typ, kid}} (the script's order) and the signature in the
     * raw r||s form JWS requires (RFC 7518 §3.4), not the DER form Java's plain ECDSA produces.
     */
    public static String sign(Map<String, Object> claims, SigningKey key) {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("alg", "ES256");
        header.put("typ", "JWT");
        header.put("kid", key.kid());
        String signingInput = part(header) + "." + part(claims);
        try {
            Signature signer = Signature.getInstance("SHA256withECDSAinP1363Format");
            signer.initSign(key.privateKey());
            signer.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + B64URL.encodeToString(signer.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ES256 signing failed", e);
        }
    }

    private static String part(Map<String, Object> json) {
        return B64URL.encodeToString(Json.write(json).getBytes(StandardCharsets.UTF_8));
    }

    /** Whether an ES256 token's signature was made by the private half of {@code key}. */
    public static boolean verify(SupabaseJwt.Decoded token, ECPublicKey key) {
        if (!"ES256".equals(token.algorithm().orElse(null)) || token.signature().length != 64) {
            return false;
        }
        try {
            Signature verifier = Signature.getInstance("SHA256withECDSAinP1363Format");
            verifier.initVerify(key);
            verifier.update(token.signingInput().getBytes(StandardCharsets.US_ASCII));
            return verifier.verify(token.signature());
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** A public key read from a JWK set, with the kid it is listed under (null when it has none). */
    public record PublicJwk(String kid, ECPublicKey key) {}

    /**
     * The EC P-256 keys of a JWK set, as Supabase's services accept it: {@code {"keys":[…]}} (JWT_JWKS) or a bare
     * array (JWT_KEYS, whose private members are ignored). Other key types (the {@code oct} key) are skipped.
     *
     * @throws IllegalArgumentException when the text is not such a set, saying why
     */
    public static List<PublicJwk> publicKeys(String jwks) {
        Object parsed;
        try {
            parsed = Json.MAPPER.readValue(jwks, ANY);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("not JSON");
        }
        Object keys = parsed instanceof Map<?, ?> m ? m.get("keys") : parsed;
        if (!(keys instanceof List<?> list)) {
            throw new IllegalArgumentException("neither {\"keys\": [...]} nor an array of JWKs");
        }
        List<PublicJwk> found = new ArrayList<>();
        for (Object entry : list) {
            if (entry instanceof Map<?, ?> jwk && "EC".equals(jwk.get("kty")) && "P-256".equals(jwk.get("crv"))) {
                found.add(new PublicJwk(
                        jwk.get("kid") == null ? null : jwk.get("kid").toString(),
                        publicKey(String.valueOf(jwk.get("x")), String.valueOf(jwk.get("y")))));
            }
        }
        return found;
    }

    private static ECPublicKey publicKey(String x, String y) {
        try {
            ECPoint point = new ECPoint(
                    new BigInteger(1, B64URL_DECODER.decode(x)), new BigInteger(1, B64URL_DECODER.decode(y)));
            return (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(point, P256));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw new IllegalArgumentException("an EC key's x/y is not a point on P-256");
        }
    }

    private static ECParameterSpec p256() {
        try {
            AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
            parameters.init(new ECGenParameterSpec("secp256r1"));
            return parameters.getParameterSpec(ECParameterSpec.class);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("EC P-256 is part of every Java 17 runtime", e);
        }
    }
}
