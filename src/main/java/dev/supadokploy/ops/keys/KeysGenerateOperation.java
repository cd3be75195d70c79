package dev.supadokploy.ops.keys;

import dev.supadokploy.errors.SupaException;
import dev.supadokploy.ops.BaseOperation;
import dev.supadokploy.ops.Doc;
import dev.supadokploy.ops.OperationContext;
import dev.supadokploy.ops.OperationInfo;
import dev.supadokploy.ops.OperationInfo.Hint;
import dev.supadokploy.supabase.keys.Es256;
import dev.supadokploy.supabase.keys.JwtSecretRules;
import dev.supadokploy.supabase.keys.KeyLifetime;
import dev.supadokploy.supabase.keys.OpaqueApiKeys;
import dev.supadokploy.supabase.keys.PublishedExamples;
import dev.supadokploy.supabase.keys.SecretGenerator;
import dev.supadokploy.supabase.keys.SecretPreview;
import dev.supadokploy.supabase.keys.StackSecrets;
import dev.supadokploy.supabase.keys.SupabaseJwt;
import dev.supadokploy.supabase.keys.SupabaseKeyClaims;
import dev.supadokploy.util.Json;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * {@code keys generate} / {@code supabase_generate_keys}: a JWT_SECRET and the ANON_KEY / SERVICE_ROLE_KEY signed
 * with it, exactly as Supabase's docker/utils/generate-keys.sh makes them; optionally every other secret of the
 * stack and Supabase's asymmetric keys; returned, or merged into a .env file.
 */
public final class KeysGenerateOperation
        extends BaseOperation<KeysGenerateOperation.Input, KeysGenerateOperation.Result> {

    /** The legacy HS256 trio. */
    public static final List<String> LEGACY_KEYS = List.of("JWT_SECRET", "ANON_KEY", "SERVICE_ROLE_KEY");
    /** The asymmetric scheme, in the order docker/utils/add-new-auth-keys.sh prints it. */
    /**
     * Dokploy's Supabase template (blueprints/supabase/docker-compose.yml, July 2026) hands JWT_KEYS to GoTrue only;
     * PostgREST, Realtime and Storage verify with JWT_SECRET alone, so this set must not go into such a stack's env
     * before the compose hands them JWT_JWKS.
     */
    static final String UNWIRED_ON_DOKPLOY =
            "For a stack from Dokploy's Supabase template: its compose hands JWT_KEYS to "
                    + "GoTrue only, while PostgREST (PGRST_JWT_SECRET), Realtime (API_JWT_SECRET) and Storage (AUTH_JWT_SECRET) "
                    + "verify with JWT_SECRET alone, so sessions signed with the ES256 key and the sb_ keys would be refused there. "
                    + "Hand JWT_JWKS to those services in the compose file first; validate config reports a stack left half-wired "
                    + "(keys.asymmetric-half-wired)";

    public static final List<String> NEW_API_KEYS = List.of(
            "SUPABASE_PUBLISHABLE_KEY",
            "SUPABASE_SECRET_KEY",
            "ANON_KEY_ASYMMETRIC",
            "SERVICE_ROLE_KEY_ASYMMETRIC",
            "JWT_KEYS",
            "JWT_JWKS");
    /** These four hold one signing key: written together or not at all. */
    private static final List<String> SIGNING_KEY_GROUP =
            List.of("ANON_KEY_ASYMMETRIC", "SERVICE_ROLE_KEY_ASYMMETRIC", "JWT_KEYS", "JWT_JWKS");
    /**
     * Values meant for the public (browsers, connection user names); every other value is a secret. JWT_JWKS is
     * not among them: it carries JWT_SECRET as its symmetric key.
     */
    public static final Set<String> PUBLIC_VALUES =
            Set.of("ANON_KEY", "ANON_KEY_ASYMMETRIC", "SUPABASE_PUBLISHABLE_KEY", "POOLER_TENANT_ID");

    public record Input(
            @Doc(
                    value =
                            "Sign the keys with this existing JWT secret instead of generating one (at least 32 characters, "
                                    + "not starting with '@', without '$')",
                    secret = true)
            String jwtSecret,

            @Doc(
                    "Lifetime of the JWT API keys: 5y (the default, as Supabase's generator), 365d, 2w, 12h, 30m, or seconds")
            String expiresIn,

            @Doc(
                    "Also generate every other secret of a Supabase stack: POSTGRES_PASSWORD, DASHBOARD_PASSWORD, SECRET_KEY_BASE, "
                            + "VAULT_ENC_KEY, PG_META_CRYPTO_KEY, LOGFLARE_PUBLIC_ACCESS_TOKEN, LOGFLARE_PRIVATE_ACCESS_TOKEN, "
                            + "S3_PROTOCOL_ACCESS_KEY_ID, S3_PROTOCOL_ACCESS_KEY_SECRET, POOLER_TENANT_ID")
            Boolean all,

            @Doc(
                    "Also generate Supabase's asymmetric API keys: an ES256 signing key as JWT_KEYS (private JWKs) and JWT_JWKS "
                            + "(public JWKS, with JWT_SECRET as an oct key), ANON_KEY_ASYMMETRIC / SERVICE_ROLE_KEY_ASYMMETRIC, and the "
                            + "opaque SUPABASE_PUBLISHABLE_KEY (sb_publishable_…) / SUPABASE_SECRET_KEY (sb_secret_…)")
            Boolean newApiKeys,

            @Doc(
                    "Merge the values into this .env file instead of returning them: created if absent, comments and order kept, "
                            + "written atomically with mode 0600; values the file already has are kept unless force")
            String write,

            @Doc("With write: replace values the file already has (the old file is saved beside it as .bak)")
            Boolean force,

            @Doc(
                    "Put the secret values themselves in the result. By default they are shown at the CLI without write, and "
                            + "redacted over MCP and with write (the file still gets the real values)")
            Boolean reveal) {
        /** A flag not given is off, so the operation reads each plainly. */
        public Input {
            all = Objects.requireNonNullElse(all, false);
            newApiKeys = Objects.requireNonNullElse(newApiKeys, false);
            force = Objects.requireNonNullElse(force, false);
        }
    }

    public record Written(
            @Doc("The .env file written") String file,
            @Doc("Whether the file was created") boolean created,
            @Doc("Variables added (absent or empty before)") List<String> added,

            @Doc("Variables whose value was replaced (force)")
            List<String> replaced,

            @Doc("Variables the file already had, left as they were (force replaces them)")
            List<String> kept,

            @Doc("Variables the file already had with the same value")
            List<String> unchanged,

            @Doc("Copy of the file as it was before values were replaced")
            String backup) {}

    public record Result(
            @Doc(
                    "Generated values by variable name, in .env order; with write, the values written to the file. A redacted "
                            + "secret reads PREFIX…(redacted, N chars)")
            Map<String, String> values,

            @Doc("Names whose value is redacted in this result")
            List<String> redacted,

            @Doc(
                    "Where the JWT secret that signed the keys came from: generated, given (jwtSecret), or file (the JWT_SECRET "
                            + "the write file already had)")
            String jwtSecretSource,

            @Doc("Issue time (iat) of the JWT API keys") Instant issuedAt,
            @Doc("Expiry (exp) of the JWT API keys") Instant expiresAt,
            @Doc("Lifetime of the JWT API keys, in seconds") long expiresInSeconds,

            @Doc("kid of the ES256 signing key, with newApiKeys")
            String signingKeyId,

            @Doc("What happened in the write file, when one was given")
            Written written,

            @Doc(
                    "What needs attention: values kept that do not fit the new ones, changes that must also be made elsewhere")
            List<String> warnings) {}

    public KeysGenerateOperation() {
        super(
                Input.class,
                Result.class,
                new OperationInfo(
                        "supabase_generate_keys",
                        List.of("keys", "generate"),
                        "Generate Supabase keys",
                        "Generate a JWT_SECRET and the ANON_KEY / SERVICE_ROLE_KEY signed with it (HS256, claims role, iss \"supabase\", "
                                + "iat, exp; as Supabase's generate-keys.sh), or sign with an existing secret. Optionally every other "
                                + "secret of the stack (all) and Supabase's asymmetric ES256 / sb_ API keys (newApiKeys). Returns the "
                                + "values, or merges them into a .env file (write). Secrets are redacted in the result unless reveal is true.",
                        // not idempotent: every run makes new secrets (and writes them with write)
                        Hint.UNTRUSTED_OUTPUT));
    }

    /** The signing secret and where it came from. */
    private record Signing(String secret, String source) {}

    @Override
    public Result run(Input input, OperationContext ctx) {
        boolean force = input.force();
        if (force && input.write() == null) {
            throw SupaException.invalidInput(
                    "force only applies when writing to a file",
                    "Add --write FILE (MCP: write), or leave out --force.");
        }
        if (input.write() != null) {
            ctx.requireFileWritesAllowed("write " + input.write());
        }
        Duration lifetime = KeyLifetime.parse(input.expiresIn());
        List<String> warnings = new ArrayList<>();
        if (lifetime.compareTo(KeyLifetime.SOON) < 0) {
            warnings.add(
                    "The keys expire in " + KeyLifetime.describe(lifetime) + "; every service rejects them after that, "
                            + "and keys inspect flags keys with less than 90 days left.");
        }
        EnvFileMerge file = input.write() == null ? null : EnvFileMerge.open(input.write(), force);
        SecureRandom random = new SecureRandom();
        SecretGenerator generator = new SecretGenerator(random);
        Signing signing = signingSecret(input, ctx, file, force, generator);

        long iat = ctx.clock().instant().getEpochSecond();
        long exp = iat + lifetime.getSeconds();
        Map<String, String> values = new LinkedHashMap<>();
        if (signing.source().equals("generated") || signing.source().equals("given") && file != null) {
            values.put("JWT_SECRET", signing.secret());
        }
        values.putAll(StackSecrets.apiKeys(signing.secret(), iat, exp));
        if (input.all()) {
            values.putAll(StackSecrets.generate(generator));
        }
        String kid = null;
        if (input.newApiKeys()) {
            kid = generator.uuid().toString();
            values.putAll(newApiKeys(Es256.generate(random, kid), signing.secret(), generator, iat, exp));
            warnings.add(UNWIRED_ON_DOKPLOY);
        }

        Written written = null;
        Map<String, String> shown = values;
        if (file != null) {
            written = write(file, values, signing, warnings);
            shown = new LinkedHashMap<>();
            for (String name : values.keySet()) {
                if (written.added().contains(name) || written.replaced().contains(name)) {
                    shown.put(name, values.get(name));
                }
            }
        }
        boolean reveal = input.reveal() != null
                ? input.reveal()
                : file == null && ctx.policy().revealSecrets();
        List<String> redacted = new ArrayList<>();
        Map<String, String> result = shown(shown, reveal, redacted);
        return new Result(
                result,
                redacted,
                signing.source(),
                Instant.ofEpochSecond(iat),
                Instant.ofEpochSecond(exp),
                lifetime.getSeconds(),
                kid,
                written,
                warnings);
    }

    /**
     * The secret the keys are signed with. Keys must verify against the JWT_SECRET that ends up in the file, so
     * without force a file's own JWT_SECRET signs them, and a different one given alongside it is refused.
     */
    private static Signing signingSecret(
            Input input, OperationContext ctx, EnvFileMerge file, boolean force, SecretGenerator generator) {
        String existing = file == null ? null : file.current("JWT_SECRET");
        // a Dokploy ${{…}} reference: the value lives elsewhere, and the file keeps the reference whatever --force says
        boolean referenced = existing != null && existing.contains("${{");
        if (input.jwtSecret() != null) {
            String given = ctx.secrets()
                    .resolve(input.jwtSecret(), "the JWT secret (--jwt-secret)")
                    .reveal();
            List<String> problems = JwtSecretRules.problems(given);
            if (!problems.isEmpty()) {
                throw SupaException.invalidInput(
                        "The JWT secret given cannot sign keys: " + String.join("; ", problems),
                        "Use a secret of at least 32 letters and digits, or leave out --jwt-secret (MCP: jwtSecret) to generate "
                                + "one; a new JWT_SECRET must then reach every service.");
            }
            if (existing != null && !referenced && !existing.equals(given) && !force) {
                throw SupaException.invalidInput(
                        file.path() + " already has a different JWT_SECRET; keys signed with the "
                                + "secret given would not verify against it",
                        "Leave out --jwt-secret to sign with the file's JWT_SECRET, or add --force to replace it in the file.");
            }
            return new Signing(given, "given");
        }
        if (referenced) {
            throw SupaException.invalidInput(
                    "The JWT_SECRET in " + file.path() + " is a ${{…}} reference, resolved by Dokploy at "
                            + "deploy from the project's or environment's env (or a secrets provider): its value is not in the file, "
                            + "and the reference is never replaced by a literal",
                    "Give the secret's value with --jwt-secret env:NAME or --jwt-secret-file FILE (MCP: jwtSecret) to sign the "
                            + "keys with it; the file keeps the reference.");
        }
        if (existing != null && !force) {
            List<String> problems = JwtSecretRules.problems(existing);
            if (!problems.isEmpty()) {
                throw SupaException.invalidInput(
                        "The JWT_SECRET in " + file.path() + " cannot sign new keys: " + String.join("; ", problems),
                        "Add --force to replace it and every key signed with it (then redeploy every service), or fix it by hand.");
            }
            return new Signing(existing, "file");
        }
        // Letters and digits: URL-safe, never '@' or '$', needs no quoting in .env, YAML or shells. 48 characters
        // (~285 bits) where generate-keys.sh uses 40 base64 characters.
        return new Signing(StackSecrets.JWT_SECRET.generate().apply(generator), "generated");
    }

    /**
     * The values as a result may show them: all of them when revealed, else the public ones (ANON_KEY, the
     * publishable key…) in full and every secret as a redacted preview, whose names are added to {@code redacted}.
     */
    static Map<String, String> shown(Map<String, String> values, boolean reveal, List<String> redacted) {
        Map<String, String> result = new LinkedHashMap<>();
        values.forEach((name, value) -> {
            if (reveal || PUBLIC_VALUES.contains(name)) {
                result.put(name, value);
            } else {
                result.put(name, SecretPreview.redact(value));
                redacted.add(name);
            }
        });
        return result;
    }

    /**
     * As docker/utils/add-new-auth-keys.sh (supabase/supabase): JWT_KEYS is GoTrue's array of private JWKs, JWT_JWKS
     * the {"keys": […]} set the verifying services read; both also hold JWT_SECRET as an oct key so legacy HS256 keys
     * keep verifying. Kong swaps the sb_ keys for the ES256 JWTs ANON_KEY_ASYMMETRIC / SERVICE_ROLE_KEY_ASYMMETRIC.
     */
    static Map<String, String> newApiKeys(
            Es256.SigningKey key, String jwtSecret, SecretGenerator generator, long iat, long exp) {
        Map<String, Object> oct = Es256.octJwk(jwtSecret);
        Map<String, Object> jwks = new LinkedHashMap<>();
        jwks.put("keys", List.of(Es256.publicJwk(key), oct));
        Map<String, String> values = new LinkedHashMap<>();
        values.put("SUPABASE_PUBLISHABLE_KEY", OpaqueApiKeys.publishable(generator));
        values.put("SUPABASE_SECRET_KEY", OpaqueApiKeys.secret(generator));
        values.put("ANON_KEY_ASYMMETRIC", Es256.sign(SupabaseKeyClaims.of("anon", iat, exp), key));
        values.put("SERVICE_ROLE_KEY_ASYMMETRIC", Es256.sign(SupabaseKeyClaims.of("service_role", iat, exp), key));
        values.put("JWT_KEYS", Json.write(List.of(Es256.privateJwk(key), oct)));
        values.put("JWT_JWKS", Json.write(jwks));
        return values;
    }

    private static Written write(
            EnvFileMerge file, Map<String, String> values, Signing signing, List<String> warnings) {
        file.plan(values);
        Path path = file.path();
        List<String> keptSigning = SIGNING_KEY_GROUP.stream()
                .filter(n -> file.action(n) == EnvFileMerge.Action.KEPT)
                .toList();
        List<String> addedSigning = SIGNING_KEY_GROUP.stream()
                .filter(n -> file.action(n) == EnvFileMerge.Action.ADDED)
                .toList();
        if (!keptSigning.isEmpty() && !addedSigning.isEmpty()) {
            throw SupaException.invalidInput(
                    path + " has " + String.join(", ", keptSigning) + " but not " + String.join(", ", addedSigning)
                            + "; these hold one ES256 signing key and must be written together",
                    "Add --force to replace all four (ES256 tokens made with the old key stop verifying), or remove them from the "
                            + "file first.");
        }
        warnings.addAll(consistencyWarnings(file, values, signing));
        Path backup = file.apply(values);
        return new Written(
                path.toString(),
                !file.exists(),
                file.names(EnvFileMerge.Action.ADDED),
                file.names(EnvFileMerge.Action.REPLACED),
                file.names(EnvFileMerge.Action.KEPT),
                file.names(EnvFileMerge.Action.UNCHANGED),
                backup == null ? null : backup.toString());
    }

    /** Problems the merge leaves or creates in the file, so the operator hears of them now rather than at a 401. */
    private static List<String> consistencyWarnings(EnvFileMerge file, Map<String, String> values, Signing signing) {
        List<String> warnings = new ArrayList<>();
        Path path = file.path();
        for (String name : List.of("ANON_KEY", "SERVICE_ROLE_KEY")) {
            if (file.action(name) == EnvFileMerge.Action.KEPT && !verifies(file.current(name), signing.secret())) {
                warnings.add(name + " in " + path + " was kept but is not signed with the JWT_SECRET the file now has; "
                        + "services will reject it. Add --force to replace it (keys inspect --env-file " + path
                        + " shows why).");
            }
        }
        for (String name : values.keySet()) {
            if (file.action(name) == EnvFileMerge.Action.KEPT) {
                PublishedExamples.describe(file.current(name))
                        .ifPresent(what -> warnings.add(name + " in " + path + " was kept but is still " + what
                                + ", which anyone can look up. Add --force to replace it."));
            }
        }
        EnvFileMerge.Action secret = file.action("JWT_SECRET");
        boolean secretChanged = secret == EnvFileMerge.Action.ADDED || secret == EnvFileMerge.Action.REPLACED;
        if (secretChanged
                && !values.containsKey("JWT_KEYS")
                && (file.current("JWT_KEYS") != null || file.current("JWT_JWKS") != null)) {
            warnings.add(
                    "JWT_KEYS / JWT_JWKS in " + path + " still carry the previous JWT_SECRET as their oct key; add "
                            + "--new-api-keys --force to regenerate them.");
        }
        if (secret == EnvFileMerge.Action.REPLACED) {
            warnings.add(
                    "JWT_SECRET was replaced: every token signed with the old one (API keys, user sessions) stops working; "
                            + "redeploy every service and hand the new ANON_KEY to your apps.");
        }
        if (file.action("POSTGRES_PASSWORD") == EnvFileMerge.Action.REPLACED) {
            warnings.add(
                    "POSTGRES_PASSWORD was replaced in the file only: a database that has already started keeps its "
                            + "old password. Change it there too (Supabase's docker/utils/db-passwd.sh) before redeploying.");
        }
        if (file.action("VAULT_ENC_KEY") == EnvFileMerge.Action.REPLACED) {
            warnings.add(
                    "VAULT_ENC_KEY was replaced: Supavisor can no longer decrypt tenant data stored with the old key.");
        }
        return warnings;
    }

    private static boolean verifies(String token, String secret) {
        try {
            return SupabaseJwt.signedWith(SupabaseJwt.decode(token), secret);
        } catch (SupabaseJwt.NotAJwtException e) {
            return false;
        }
    }
}
