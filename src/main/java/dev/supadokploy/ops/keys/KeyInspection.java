package dev.supadokploy.ops.keys;

import dev.supadokploy.ops.keys.KeysInspectOperation.Key;
import dev.supadokploy.supabase.keys.Es256;
import dev.supadokploy.supabase.keys.KeyLifetime;
import dev.supadokploy.supabase.keys.OpaqueApiKeys;
import dev.supadokploy.supabase.keys.PublishedExamples;
import dev.supadokploy.supabase.keys.SecretPreview;
import dev.supadokploy.supabase.keys.SupabaseJwt;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;

/**
 * Checks one key the way Supabase's services will treat it: GoTrue, PostgREST, Storage and Realtime accept an HS256
 * JWT signed with JWT_SECRET (or, once JWT_JWKS is configured, an ES256 one signed by a key in it), read its
 * {@code role}, and refuse it after {@code exp}; Kong passes {@code sb_} keys through by string comparison.
 */
final class KeyInspection {
    private final String secret;
    private final String secretSource;
    private final List<Es256.PublicJwk> jwks;
    private final String jwksSource;
    private final Instant now;

    KeyInspection(String secret, String secretSource, List<Es256.PublicJwk> jwks, String jwksSource, Instant now) {
        this.secret = secret;
        this.secretSource = secretSource;
        this.jwks = jwks;
        this.jwksSource = jwksSource;
        this.now = now;
    }

    Key inspect(String name, String rawValue) {
        String value = rawValue.strip();
        if (value.isEmpty()) {
            return unknown(name, value, "it is empty");
        }
        Optional<OpaqueApiKeys.Shape> opaque = OpaqueApiKeys.inspect(value);
        if (opaque.isPresent()) {
            return opaque(name, value, opaque.get());
        }
        try {
            return jwt(name, value, SupabaseJwt.decode(value));
        } catch (SupabaseJwt.NotAJwtException e) {
            return unknown(name, value, "neither a JWT nor an sb_ key: " + e.getMessage());
        }
    }

    private static Key unknown(String name, String value, String problem) {
        // Not recognisably a key: it may be any secret, so show its length only — no characters, no fingerprint.
        return new Key(
                name,
                "unknown",
                "…(" + value.length() + " chars)",
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                "not checked: not a key",
                null,
                null,
                null,
                List.of(problem),
                List.of(),
                false);
    }

    private static Key opaque(String name, String value, OpaqueApiKeys.Shape shape) {
        List<String> problems = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        if (name.equals("SUPABASE_PUBLISHABLE_KEY") && shape.kind().equals("secret")) {
            problems.add(
                    "SUPABASE_PUBLISHABLE_KEY holds a secret key: publishable keys are shipped to browsers, so this "
                            + "gives everyone service_role access");
        } else if (name.equals("SUPABASE_SECRET_KEY") && shape.kind().equals("publishable")) {
            problems.add("SUPABASE_SECRET_KEY holds a publishable key: server code using it gets anon access only");
        } else if (name.startsWith("ANON_KEY") || name.startsWith("SERVICE_ROLE_KEY")) {
            problems.add(name + " holds an sb_ key, but the services read a JWT from it; sb_ keys belong in "
                    + "SUPABASE_PUBLISHABLE_KEY / SUPABASE_SECRET_KEY");
        }
        if (!shape.wellFormed()) {
            notes.add(
                    "not in the shape Supabase's self-hosting scripts generate (prefix, 22 characters, '_', 8-character "
                            + "checksum); Kong compares keys as plain strings, so it works only if the same value is configured everywhere");
        } else if (shape.selfHostedChecksum()) {
            notes.add("checksum matches a self-hosted key (project ref \"" + OpaqueApiKeys.SELF_HOSTED_REF + "\")");
        } else {
            notes.add("checksum does not match a self-hosted key: made for a Supabase platform project, or edited");
        }
        notes.add("opaque key: Kong swaps it for "
                + (shape.kind().equals("secret") ? "SERVICE_ROLE_KEY_ASYMMETRIC" : "ANON_KEY_ASYMMETRIC")
                + ", which must be set for it to work");
        return new Key(
                name,
                shape.kind(),
                SecretPreview.preview(value),
                SecretPreview.fingerprint(value),
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                "not applicable: opaque key",
                null,
                null,
                null,
                problems,
                notes,
                problems.isEmpty());
    }

    private Key jwt(String name, String value, SupabaseJwt.Decoded token) {
        List<String> problems = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        String alg = token.algorithm().orElse(null);
        String role = token.role().orElse(null);
        String issuer = token.issuer().orElse(null);

        Boolean valid = null;
        String signature;
        if ("HS256".equals(alg)) {
            if (secret == null) {
                signature = "not checked: no secret given";
                notes.add(
                        "give the JWT secret (--jwt-secret or JWT_SECRET in the env file; MCP: jwtSecret) to check the signature");
            } else {
                valid = SupabaseJwt.signedWith(token, secret);
                signature = valid ? "valid (" + secretSource + ")" : "invalid (" + secretSource + ")";
                if (!valid) {
                    problems.add("not signed with the JWT secret (" + secretSource
                            + "): GoTrue, PostgREST, Storage and Realtime reject it");
                }
            }
        } else if ("ES256".equals(alg)) {
            if (jwks == null) {
                signature = "not checked: no JWT_JWKS given";
                problems.add("signed with ES256, which the services accept only when JWT_JWKS holds its public key; "
                        + "give the JWKS (JWT_JWKS in --env-file) to check it");
            } else {
                Optional<Es256.PublicJwk> key = keyFor(token);
                valid = key.isPresent() && Es256.verify(token, key.get().key());
                signature = (valid ? "valid (" : "invalid (") + jwksSource + ")";
                if (key.isEmpty()) {
                    problems.add("no key in " + jwksSource + " has its kid "
                            + token.header().get("kid") + ": the services reject it");
                } else if (!valid) {
                    problems.add("not signed by the key in " + jwksSource + " with its kid: the services reject it");
                }
            }
        } else {
            signature = "not checked: algorithm " + alg;
            problems.add(
                    "none".equalsIgnoreCase(String.valueOf(alg)) || alg == null
                            ? "unsigned (alg " + alg + "): anyone can make such a token, and the services reject it"
                            : "signed with " + alg
                                    + ", but the services accept HS256 (JWT_SECRET) and, with JWT_JWKS, ES256");
        }

        roleProblems(name, role, issuer, problems);
        Instant iat = token.issuedAt().orElse(null);
        Instant exp = token.expiresAt().orElse(null);
        Long left = null;
        String leftText = null;
        if (exp == null) {
            problems.add("no exp claim: the key never expires, so a leaked copy works forever");
        } else {
            Duration d = Duration.between(now, exp);
            left = d.getSeconds();
            leftText = d.isNegative() ? "expired " + KeyLifetime.describe(d) + " ago" : "in " + KeyLifetime.describe(d);
            if (d.isNegative()) {
                problems.add("expired on " + exp + " (" + KeyLifetime.describe(d) + " ago): the services reject it");
            } else if (d.compareTo(KeyLifetime.SOON) < 0) {
                problems.add("expires on " + exp + ", in " + KeyLifetime.describe(d)
                        + ": generate new keys (keys generate " + "--jwt-secret …) and roll them out before then");
            }
        }
        if (iat != null && iat.isAfter(now.plusSeconds(60))) {
            problems.add("issued in the future (iat " + iat
                    + "): the services reject it until then; check the clock of the " + "machine that made it");
        }

        String published = PublishedExamples.describe(value).orElse(null);
        if (published != null) {
            problems.add("it is " + published + ": published, so anyone can use it");
        }
        String publishedSecret = PublishedExamples.signingSecretOf(token)
                .flatMap(PublishedExamples::describe)
                .orElse(null);
        if (publishedSecret != null) {
            problems.add("signed with " + publishedSecret + ": anyone can forge keys for this stack");
        }
        return new Key(
                name,
                "jwt",
                SecretPreview.preview(value),
                SecretPreview.fingerprint(value),
                alg,
                stringOrNull(token.header().get("typ")),
                stringOrNull(token.header().get("kid")),
                new LinkedHashMap<>(token.claims()),
                role,
                issuer,
                iat,
                exp,
                left,
                leftText,
                signature,
                valid,
                published,
                publishedSecret,
                problems,
                notes,
                problems.isEmpty() && !Boolean.FALSE.equals(valid));
    }

    private static void roleProblems(String name, String role, String issuer, List<String> problems) {
        if (role == null) {
            problems.add("no role claim: PostgREST cannot pick a database role, so requests with it fail"
                    + ("dokploy".equals(issuer)
                            ? " (iss \"dokploy\" without a role is what Dokploy's template helper made in "
                                    + "v0.21.8–v0.25.5: Dokploy/dokploy#2867)"
                            : ""));
            return;
        }
        if (!role.equals("anon") && !role.equals("service_role")) {
            problems.add("role \"" + role + "\" is not an API key role (anon or service_role)");
        }
        if (name.startsWith("ANON_KEY") && role.equals("service_role")) {
            problems.add(
                    name
                            + " holds a service_role key: the anon key is shipped to browsers, so this gives everyone full access");
        } else if (name.startsWith("SERVICE_ROLE_KEY") && !role.equals("service_role")) {
            problems.add(
                    name + " holds a key with role \"" + role + "\": server code using it loses service_role rights");
        }
    }

    /** The JWK named by the token's kid, or the only EC key when the token names none. */
    private Optional<Es256.PublicJwk> keyFor(SupabaseJwt.Decoded token) {
        Object kid = token.header().get("kid");
        if (kid == null) {
            return jwks.size() == 1 ? Optional.of(jwks.get(0)) : Optional.empty();
        }
        return jwks.stream().filter(k -> kid.toString().equals(k.kid())).findFirst();
    }

    private static String stringOrNull(Object o) {
        return o == null ? null : o.toString();
    }
}
