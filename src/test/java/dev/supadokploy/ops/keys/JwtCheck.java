package dev.supadokploy.ops.keys;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.ECPublicKeySpec;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A second implementation of what the keys code does, built only on the JDK ({@link Mac}, {@link Signature},
 * {@link KeyFactory}) and written from the specs (RFC 7515/7518), so a bug in the code under test cannot hide
 * behind the same bug here. Deliberately shares nothing with SupabaseJwt, Es256 or OpaqueApiKeys.
 */
public final class JwtCheck {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Decoder B64 = Base64.getUrlDecoder();
    private static final Base64.Encoder B64E = Base64.getUrlEncoder().withoutPadding();

    private JwtCheck() {}

    /** The decoded JSON text of part 0 (header) or 1 (payload), byte for byte. */
    public static String partText(String jwt, int part) {
        return new String(B64.decode(jwt.split("\\.")[part]), StandardCharsets.UTF_8);
    }

    public static JsonNode part(String jwt, int part) throws Exception {
        return JSON.readTree(partText(jwt, part));
    }

    /** HS256 over the secret's UTF-8 bytes, constant-time compare (RFC 7518 §3.2). */
    public static boolean hs256Valid(String jwt, String secret) throws Exception {
        String[] p = jwt.split("\\.");
        if (p.length != 3) {
            return false;
        }
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        byte[] expected = mac.doFinal((p[0] + "." + p[1]).getBytes(StandardCharsets.US_ASCII));
        return MessageDigest.isEqual(expected, B64.decode(p[2]));
    }

    /** Makes an HS256 token from raw header and payload JSON text, for tokens the generator would never make. */
    public static String hs256(String headerJson, String payloadJson, String secret) throws Exception {
        String input = B64E.encodeToString(headerJson.getBytes(StandardCharsets.UTF_8)) + "."
                + B64E.encodeToString(payloadJson.getBytes(StandardCharsets.UTF_8));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return input + "." + B64E.encodeToString(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
    }

    public static String hs256(String payloadJson, String secret) throws Exception {
        return hs256("{\"alg\":\"HS256\",\"typ\":\"JWT\"}", payloadJson, secret);
    }

    private static ECParameterSpec p256() throws Exception {
        AlgorithmParameters params = AlgorithmParameters.getInstance("EC");
        params.init(new ECGenParameterSpec("secp256r1"));
        return params.getParameterSpec(ECParameterSpec.class);
    }

    public static ECPublicKey publicKey(JsonNode jwk) throws Exception {
        ECPoint w = new ECPoint(
                new BigInteger(1, B64.decode(jwk.get("x").asText())),
                new BigInteger(1, B64.decode(jwk.get("y").asText())));
        return (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(w, p256()));
    }

    public static ECPrivateKey privateKey(JsonNode jwk) throws Exception {
        return (ECPrivateKey) KeyFactory.getInstance("EC")
                .generatePrivate(new ECPrivateKeySpec(
                        new BigInteger(1, B64.decode(jwk.get("d").asText())), p256()));
    }

    /** DER-encoded ECDSA signature (what SHA256withECDSA makes and takes). */
    public static byte[] signDer(ECPrivateKey key, byte[] data) throws Exception {
        Signature s = Signature.getInstance("SHA256withECDSA");
        s.initSign(key);
        s.update(data);
        return s.sign();
    }

    public static boolean verifyDer(ECPublicKey key, byte[] data, byte[] der) throws Exception {
        Signature s = Signature.getInstance("SHA256withECDSA");
        s.initVerify(key);
        s.update(data);
        return s.verify(der);
    }

    /** An ES256 JWT (raw r||s signature, RFC 7518 §3.4) checked with the DER-only JDK algorithm. */
    public static boolean es256Valid(String jwt, ECPublicKey key) throws Exception {
        String[] p = jwt.split("\\.");
        byte[] raw = B64.decode(p[2]);
        if (raw.length != 64) {
            return false;
        }
        return verifyDer(key, (p[0] + "." + p[1]).getBytes(StandardCharsets.US_ASCII), rawToDer(raw));
    }

    /** r||s (32 bytes each) to DER SEQUENCE { INTEGER r, INTEGER s }. */
    public static byte[] rawToDer(byte[] raw) {
        byte[] r = derInteger(Arrays.copyOfRange(raw, 0, 32));
        byte[] s = derInteger(Arrays.copyOfRange(raw, 32, 64));
        byte[] out = new byte[2 + r.length + s.length];
        out[0] = 0x30;
        out[1] = (byte) (r.length + s.length);
        System.arraycopy(r, 0, out, 2, r.length);
        System.arraycopy(s, 0, out, 2 + r.length, s.length);
        return out;
    }

    private static byte[] derInteger(byte[] unsigned) {
        byte[] minimal =
                new BigInteger(1, unsigned).toByteArray(); // two's complement: a leading 0 when the top bit is set
        byte[] out = new byte[2 + minimal.length];
        out[0] = 0x02;
        out[1] = (byte) minimal.length;
        System.arraycopy(minimal, 0, out, 2, minimal.length);
        return out;
    }
}
