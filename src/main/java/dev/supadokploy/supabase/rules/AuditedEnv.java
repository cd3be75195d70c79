package dev.supadokploy.supabase.rules;

import dev.supadokploy.dokploy.DokployEnv;
import dev.supadokploy.supabase.StackShape;
import dev.supadokploy.supabase.keys.PublishedExamples;
import dev.supadokploy.supabase.keys.SupabaseJwt;
import dev.supadokploy.util.DotEnv;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Supabase .env as the rules see it: the effective values (the last assignment wins, as in Docker
 * Compose), the public URL the stack is served on when known, the time to judge expiry against, and the
 * command that would fix a finding automatically.
 */
public final class AuditedEnv {
    public static final String ANON_KEY = "ANON_KEY";
    public static final String SERVICE_ROLE_KEY = "SERVICE_ROLE_KEY";
    public static final String JWT_SECRET = "JWT_SECRET";
    public static final String JWT_JWKS = "JWT_JWKS";
    public static final String POSTGRES_PASSWORD = "POSTGRES_PASSWORD";
    public static final List<String> API_KEYS = List.of(ANON_KEY, SERVICE_ROLE_KEY);

    /** The role each API key must carry: PostgREST switches to it, GoTrue and Storage check it. */
    public static String expectedRole(String keyVariable) {
        return ANON_KEY.equals(keyVariable) ? "anon" : "service_role";
    }

    private final DotEnv env;
    private final Map<String, String> values;
    private final PublicEndpoint publicUrl;
    private final Instant now;
    private final String envFile;
    private final String stackArguments;
    private final DokployEnv dokploy;
    private final Map<String, Decoding> decoded = new HashMap<>();
    private StackShape shape;

    /** A key taken apart, or why it cannot be. */
    private record Decoding(SupabaseJwt.Decoded jwt, String error) {}

    /**
     * @param envFile   the file as the operator named it, for the fix commands in findings
     * @param publicUrl where the stack is served (from --public-url), or null
     */
    public AuditedEnv(DotEnv env, PublicEndpoint publicUrl, Instant now, String envFile) {
        this(env, publicUrl, now, envFile, null);
    }

    private AuditedEnv(DotEnv env, PublicEndpoint publicUrl, Instant now, String envFile, String stackArguments) {
        this(env, publicUrl, now, envFile, stackArguments, null);
    }

    private AuditedEnv(
            DotEnv env,
            PublicEndpoint publicUrl,
            Instant now,
            String envFile,
            String stackArguments,
            DokployEnv dokploy) {
        this.env = env;
        this.values = dokploy == null ? env.toMap() : dokploy.values();
        this.publicUrl = publicUrl;
        this.now = now;
        this.envFile = envFile;
        this.stackArguments = stackArguments;
        this.dokploy = dokploy;
    }

    /**
     * The same env judged as Dokploy hands it to the containers: values as {@code view} resolves them (dotenv's
     * parse, references resolved), references whose value is unknown left out of the values and never judged, and
     * '$' read by the server's version. {@link #dotEnv()} stays the saved text, which fixes edit.
     */
    public AuditedEnv withDokployView(DokployEnv view) {
        return new AuditedEnv(env, publicUrl, now, envFile, stackArguments, view).withShape(shape);
    }

    /** How Dokploy hands this env to the containers; empty for a local .env file (Docker Compose reads it). */
    public Optional<DokployEnv> dokploy() {
        return Optional.ofNullable(dokploy);
    }

    /**
     * Whether the saved value of the variable is a {@code ${{…}}} reference (or holds one): its value lives elsewhere
     * (the project's or environment's env, a secrets provider), so no fix may replace it with a literal. Also true
     * in a local file, which may be a copy of a Dokploy env.
     */
    public boolean isReference(String variable) {
        return dokploy != null
                ? dokploy.isReference(variable)
                : env.get(variable).map(v -> v.contains("${{")).orElse(false);
    }

    /** The reference a variable is assigned when its value is not known here (vault, unreadable or missing). */
    public Optional<DokployEnv.Reference> unknownReference(String variable) {
        return dokploy == null
                ? Optional.empty()
                : Optional.ofNullable(dokploy.unknown().get(variable));
    }

    /**
     * Whether a '$' in a value may be expanded before a service sees it: always for a local file (Docker Compose),
     * for Dokploy before v0.30.0 (it wrote values unquoted) or when the version is unknown; not from v0.30.0.
     */
    public boolean dollarExpanded() {
        return dokploy == null || !dokploy.dollarLiteral();
    }

    /** Where '$' is expanded, for messages: who expands it. */
    String dollarExpander() {
        if (dokploy == null) {
            return "Docker Compose expands it as a variable in unquoted and double-quoted values";
        }
        return dokploy.version().isPresent()
                ? "Dokploy " + dokploy.version().get()
                        + " writes the .env unquoted (before v0.30.0), so Docker Compose expands it"
                : "Docker Compose expands it on Dokploy before v0.30.0, which writes the .env unquoted (harmless from v0.30.0, "
                        + "which quotes and escapes every value)";
    }

    /**
     * The env of a compose on Dokploy, served at its kong domain.
     *
     * @param stackArguments how the fix commands name the stack, e.g. {@code --compose-id abc123}
     * @param domain         the public endpoint the kong domain serves, or null when it has none
     */
    public static AuditedEnv ofDokployCompose(DotEnv env, PublicEndpoint domain, Instant now, String stackArguments) {
        return new AuditedEnv(env, domain, now, null, stackArguments);
    }

    /** How commands name a Dokploy compose ({@code --compose-id ID}), or "" for a local file. */
    public String stackArguments() {
        return stackArguments == null ? "" : stackArguments;
    }

    /** What the public URL was taken from, for change descriptions: {@code --public-url} or the Dokploy domain. */
    public String publicUrlSource() {
        return stackArguments == null ? "--public-url" : "the compose's kong domain in Dokploy";
    }

    /**
     * Gives the rules the stack's shape from its compose file, so rules about a service (Logflare tokens, the
     * asymmetric-key wiring) apply only where the compose has it. Set once by the caller that read the compose;
     * a local .env file has none.
     */
    public AuditedEnv withShape(StackShape shape) {
        this.shape = shape;
        return this;
    }

    /** The compose file's shape when the env belongs to a compose whose file could be read. */
    public Optional<StackShape> shape() {
        return Optional.ofNullable(shape);
    }

    /** Whether the stack runs the service: by its compose file, or (no file known) assumed as in the template. */
    public boolean hasService(String service) {
        return shape == null || shape.has(service);
    }

    public DotEnv dotEnv() {
        return env;
    }

    /** The effective value, if the variable is assigned at all (it may be empty). */
    public Optional<String> value(String key) {
        return Optional.ofNullable(values.get(key));
    }

    /** The effective value, or "" when unassigned. */
    public String text(String key) {
        return values.getOrDefault(key, "");
    }

    /** Assigned and not blank. */
    public boolean isSet(String key) {
        return !text(key).isBlank();
    }

    public Map<String, String> values() {
        return values;
    }

    public Optional<PublicEndpoint> publicUrl() {
        return Optional.ofNullable(publicUrl);
    }

    public Instant now() {
        return now;
    }

    /** With JWT_JWKS set, GoTrue and PostgREST also accept asymmetric (ES256/RS256) keys. */
    public boolean jwksConfigured() {
        String jwks = text(JWT_JWKS).strip();
        return !jwks.isEmpty()
                && !jwks.equals("{}")
                && !jwks.equals("[]")
                && !jwks.replace(" ", "").equals("{\"keys\":[]}");
    }

    /**
     * Whether keys may be re-signed with the current JWT_SECRET: it is long enough for HS256, reaches the
     * services as written (no '$' for Compose to expand, no leading '@' that PostgREST reads as a file), and
     * is not a published example anyone could sign with.
     */
    public boolean jwtSecretUsable() {
        String s = text(JWT_SECRET);
        return s.length() >= JwtSecretRule.MIN_LENGTH
                && !s.startsWith("@")
                && !(s.contains("$") && dollarExpanded())
                && PublishedExamples.describe(s).isEmpty();
    }

    /** The decoded API key, empty when unset or not a JWT. */
    public Optional<SupabaseJwt.Decoded> key(String variable) {
        return Optional.ofNullable(decode(variable).jwt());
    }

    /** Why the API key is not a JWT, empty when it is one or is unset. */
    public Optional<String> keyError(String variable) {
        return Optional.ofNullable(decode(variable).error());
    }

    private Decoding decode(String variable) {
        return decoded.computeIfAbsent(variable, v -> {
            if (!isSet(v)) {
                return new Decoding(null, null);
            }
            try {
                return new Decoding(SupabaseJwt.decode(text(v)), null);
            } catch (SupabaseJwt.NotAJwtException e) {
                return new Decoding(null, e.getMessage());
            }
        });
    }

    /**
     * {@code supa-dokploy validate config --env-file FILE [--public-url URL] --fix [extra flags]}, or for a Dokploy
     * compose {@code supa-dokploy validate config --compose-id ID --fix [extra flags]}.
     */
    public String fixCommand(String... extraFlags) {
        StringBuilder sb = new StringBuilder("supa-dokploy validate config ");
        if (stackArguments != null) {
            sb.append(stackArguments);
        } else {
            sb.append("--env-file ").append(shellWord(envFile));
        }
        if (publicUrl != null && stackArguments == null) {
            sb.append(" --public-url ").append(shellWord(publicUrl.display()));
        }
        sb.append(" --fix");
        for (String flag : extraFlags) {
            sb.append(' ').append(flag);
        }
        return sb.toString();
    }

    public static String shellWord(String s) {
        return s.matches("[A-Za-z0-9_./:@%+=,-]+") ? s : "'" + s.replace("'", "'\\''") + "'";
    }
}
