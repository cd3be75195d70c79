package dev.supadokploy.ops.keys;

import dev.supadokploy.errors.ErrorCode;
import dev.supadokploy.errors.SupaException;
import dev.supadokploy.ops.BaseOperation;
import dev.supadokploy.ops.Doc;
import dev.supadokploy.ops.OperationContext;
import dev.supadokploy.ops.OperationInfo;
import dev.supadokploy.ops.OperationInfo.Hint;
import dev.supadokploy.supabase.keys.Es256;
import dev.supadokploy.supabase.keys.JwtSecretRules;
import dev.supadokploy.supabase.keys.OpaqueApiKeys;
import dev.supadokploy.supabase.keys.SupabaseJwt;
import dev.supadokploy.util.DotEnv;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code keys inspect} / {@code supabase_inspect_keys}: takes Supabase API keys apart and checks them — header,
 * claims, role, issuer, expiry, signature against JWT_SECRET (ES256 ones against JWT_JWKS), published demo keys
 * and secrets. Keys and secrets are never echoed: a key shows as its first characters, length and fingerprint.
 */
public final class KeysInspectOperation extends BaseOperation<KeysInspectOperation.Input, KeysInspectOperation.Result> {
    private static final Pattern ASSIGNMENT =
            Pattern.compile("^(export\\s+)?[A-Za-z_][A-Za-z0-9_]*\\s*=.*", Pattern.DOTALL);

    public record Input(
            @Doc("Keys to inspect: JWTs or sb_ keys, one per entry, or NAME=value lines as in a .env (ANON_KEY and "
                    + "SERVICE_ROLE_KEY, and any value that is a JWT or sb_ key, are inspected; a JWT_SECRET line verifies "
                    + "them, a JWT_JWKS line verifies ES256 keys). Service keys are accepted but never echoed back")
            List<String> keys,

            @Doc(
                    "A .env file: inspects ANON_KEY, SERVICE_ROLE_KEY and every value that is a JWT or an sb_ key, verifying "
                            + "them with the file's JWT_SECRET (and JWT_JWKS or JWT_KEYS for ES256 keys)")
            String envFile,

            @Doc(
                    value = "JWT secret to verify HS256 signatures with (default: the env file's JWT_SECRET)",
                    secret = true)
            String jwtSecret) {}

    public record Key(
            @Doc("Variable name (ANON_KEY, …), or 'key N' for a bare key")
            String name,

            @Doc("jwt, publishable (sb_publishable_…), secret (sb_secret_…), or unknown")
            String kind,

            @Doc("The first characters of a JWT or sb_ key and its length; never the key itself")
            String preview,

            @Doc("SHA-256 fingerprint, to match the key elsewhere without showing it (JWTs and sb_ keys only)")
            String fingerprint,

            @Doc("JWT header: alg") String algorithm,
            @Doc("JWT header: typ") String type,
            @Doc("JWT header: kid") String keyId,

            @Doc("Every claim of the JWT; the signature is never shown")
            Map<String, Object> claims,

            @Doc("The role claim: the database role PostgREST switches to")
            String role,

            @Doc("The iss claim") String issuer,
            @Doc("The iat claim") Instant issuedAt,
            @Doc("The exp claim") Instant expiresAt,
            @Doc("Seconds until exp; negative when expired") Long expiresInSeconds,
            @Doc("Time until exp, or since it, in words") String expiresIn,

            @Doc("valid, invalid, or why it was not checked (e.g. 'not checked: no secret given')")
            String signature,

            @Doc("Whether the signature verified; absent when it could not be checked")
            Boolean signatureValid,

            @Doc("Which published example this key is, if it is one")
            String publishedExample,

            @Doc("Which published secret signed this key, if one did: anyone can forge keys with it")
            String signedWithPublishedSecret,

            @Doc("What is wrong with the key") List<String> problems,

            @Doc("Facts worth knowing that are not problems")
            List<String> notes,

            @Doc("No problems and no failed signature") boolean ok) {}

    public record Result(
            @Doc("Every key is fine and nothing is wrong with the secret or JWKS")
            boolean ok,

            @Doc("Number of keys inspected") int inspected,
            @Doc("Number of keys with problems") int withProblems,

            @Doc(
                    "Where the JWT secret came from: the one given (jwtSecret), JWT_SECRET in the env file, a JWT_SECRET line among "
                            + "the keys, or none")
            String secretSource,

            @Doc("Where the ES256 public keys came from (JWT_JWKS or JWT_KEYS), or none")
            String jwksSource,

            @Doc(
                    "Problems with the verification material itself (the JWT secret, the JWKS); their values are never shown")
            List<String> problems,

            @Doc("The keys, in the order found") List<Key> keys,

            @Doc("Names that are neither keys nor verification material, skipped")
            List<String> skipped) {}

    public KeysInspectOperation() {
        super(
                Input.class,
                Result.class,
                new OperationInfo(
                        "supabase_inspect_keys",
                        List.of("keys", "inspect"),
                        "Inspect Supabase keys",
                        "Decode and check Supabase API keys (JWTs and sb_ keys) given as keys or found in a .env file: header, claims, "
                                + "role, issuer, issued/expiry with time left, whether the signature verifies against JWT_SECRET (ES256 "
                                + "keys against JWT_JWKS), whether it is a published demo key or signed with a published secret, and "
                                + "problems (no or wrong role, expired or expiring within 90 days, no exp, wrong algorithm). Keys and "
                                + "secrets are never echoed back.",
                        Hint.READ_ONLY,
                        Hint.UNTRUSTED_OUTPUT,
                        Hint.IDEMPOTENT));
    }

    @Override
    public Result run(Input input, OperationContext ctx) {
        KeySources sources = new KeySources();
        if (input.envFile() != null) {
            sources.addEnvFile(input.envFile(), readEnvFile(input.envFile()));
        }
        if (input.keys() != null) {
            sources.addItems(input.keys());
        }
        if (input.jwtSecret() != null) {
            sources.secret = ctx.secrets()
                    .resolve(input.jwtSecret(), "the JWT secret (--jwt-secret)")
                    .reveal();
            sources.secretSource = "the JWT secret given (--jwt-secret, MCP: jwtSecret)";
        }
        if (sources.candidates.isEmpty()) {
            throw new SupaException(
                    ErrorCode.VALIDATION_MISSING_INPUT,
                    "No keys to inspect"
                            + (sources.skipped.isEmpty()
                                    ? ""
                                    : " (skipped, not keys: " + String.join(", ", sources.skipped) + ")"),
                    "Pipe keys or NAME=value lines on stdin with '-', name a .env with --env-file, or give the keys as arguments "
                            + "(MCP: keys or envFile).");
        }
        List<String> problems = new ArrayList<>(sources.problems);
        if (sources.secret != null) {
            JwtSecretRules.problems(sources.secret)
                    .forEach(p -> problems.add("The JWT secret (" + sources.secretSource + "): " + p));
        }
        List<Es256.PublicJwk> jwks = null;
        if (sources.jwks != null) {
            try {
                jwks = Es256.publicKeys(sources.jwks);
            } catch (IllegalArgumentException e) {
                problems.add(sources.jwksSource + " is not a JWK set: " + e.getMessage());
            }
        }
        KeyInspection inspection = new KeyInspection(
                sources.secret,
                sources.secretSource,
                jwks,
                sources.jwksSource,
                ctx.clock().instant());
        List<Key> keys = new ArrayList<>();
        for (KeySources.Candidate c : sources.candidates) {
            keys.add(inspection.inspect(c.name(), c.value()));
        }
        int bad = (int) keys.stream().filter(k -> !k.ok()).count();
        return new Result(
                bad == 0 && problems.isEmpty(),
                keys.size(),
                bad,
                sources.secretSource == null ? "none" : sources.secretSource,
                sources.jwksSource == null ? "none" : sources.jwksSource,
                problems,
                keys,
                sources.skipped);
    }

    private static DotEnv readEnvFile(String file) {
        try {
            return DotEnv.parse(Files.readString(Path.of(file), StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            throw SupaException.invalidInput(
                    "The env file " + file + " does not exist", "Check the path (--env-file, MCP: envFile).");
        } catch (IOException e) {
            throw SupaException.invalidInput(
                    "Cannot read the env file " + file + ": " + e.getMessage(),
                    "Check the file's permissions for this user.");
        }
    }

    /** Sorts what was given into keys to inspect, verification material (JWT_SECRET, JWKS) and other values. */
    private static final class KeySources {
        record Candidate(String name, String value) {}

        final List<Candidate> candidates = new ArrayList<>();
        final List<String> skipped = new ArrayList<>();
        final List<String> problems = new ArrayList<>();
        String secret;
        String secretSource;
        String jwks;
        String jwksSource;
        private int bare;

        void addEnvFile(String file, DotEnv env) {
            env.toMap().forEach((name, value) -> classify(name, value, "in " + file));
        }

        void addItems(List<String> items) {
            for (String item : items) {
                for (String line : item.split("\\R")) {
                    String text = line.strip();
                    if (text.isEmpty() || text.startsWith("#")) {
                        continue;
                    }
                    if (ASSIGNMENT.matcher(text).matches()) {
                        DotEnv.parse(text).entries().forEach(e -> classify(e.key(), e.value(), "among the keys"));
                    } else {
                        candidates.add(new Candidate("key " + ++bare, text));
                    }
                }
            }
        }

        private void classify(String name, String value, String where) {
            switch (name) {
                case "JWT_SECRET" -> {
                    if (value.isEmpty()) {
                        problems.add("JWT_SECRET " + where + " is empty");
                    } else if (secret == null) {
                        secret = value;
                        secretSource = "JWT_SECRET " + where;
                    }
                }
                case "JWT_JWKS", "JWT_KEYS" -> {
                    boolean placeholder = Es256.isEmptyKeySet(value);
                    // The public set is what the verifying services read; GoTrue's private set only if it is missing.
                    if (!placeholder
                            && (jwks == null || name.equals("JWT_JWKS") && jwksSource.startsWith("JWT_KEYS"))) {
                        jwks = value;
                        jwksSource = name + " " + where;
                    }
                }
                case "ANON_KEY", "SERVICE_ROLE_KEY" -> candidates.add(new Candidate(name, value));
                default -> {
                    if (looksLikeKey(value)) {
                        candidates.add(new Candidate(name, value));
                    } else {
                        skipped.add(name);
                    }
                }
            }
        }

        private static boolean looksLikeKey(String value) {
            if (OpaqueApiKeys.inspect(value).isPresent()) {
                return true;
            }
            try {
                SupabaseJwt.decode(value);
                return true;
            } catch (SupabaseJwt.NotAJwtException e) {
                return false;
            }
        }
    }
}
