package dev.supadokploy.testing.dokploy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import dev.supadokploy.testing.SupabaseDemo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A re-implementation, for tests, of how Dokploy turns a template's {@code template.toml} into the compose
 * service's env string: {@code processTemplate} in Dokploy/dokploy
 * {@code packages/server/src/templates/processors.ts}, with the generators of {@code templates/index.ts}
 * (see {@link DokployHelpers}), then {@code envs.join("\n")} as {@code compose.deployTemplate} stores it.
 *
 * <p>Followed from Dokploy's source: variables are processed in two passes (helpers that make a whole value —
 * {@code ${domain}}, {@code ${password:N}}, {@code ${base64:N}}, {@code ${hash:N}} — then every value through
 * the full helper set, in template order, seeing the variables processed before it); env lines are processed
 * one by one; objects in the env array are written {@code KEY=value} without processing; {@code ${unknown}}
 * stays as written. Two deliberate departures, both so fixtures are reproducible: randomness comes from a seeded
 * generator, and {@code ${domain}} gives the domain in {@link Options} where Dokploy makes up a fresh
 * {@code <project>-<hex>-<ip>.sslip.io} on every use.
 */
public final class DokployTemplate {

    /** The Dokploy releases whose output differs for the Supabase template. */
    public enum Generation {
        /**
         * Dokploy since PR #2868 (October 2025, after v0.25.5): the JWT payload variable is trimmed before the
         * "does it look like a JSON object" check, so the template's payload parses and the keys carry
         * role, iss "supabase" and exp as written, plus iat.
         */
        CURRENT(true, true, false),
        /**
         * Dokploy v0.21.8–v0.25.5 (the {@code ${jwt:SECRET:PAYLOAD}} helper before PR #2868). Reproduced, not
         * emulated: the check was {@code payload.startsWith("{") && payload.endsWith("}")} with no trim, and the
         * template's payloads are TOML multi-line strings whose closing {@code """} sits on its own line, so
         * they end in {@code "}\n"}. The payload is then not an object, is dropped, and both keys get only the
         * defaults {@code {iat, exp:1893456000, iss:"dokploy"}}: the same claims, the same secret, the same
         * second — identical ANON_KEY and SERVICE_ROLE_KEY with no role (Dokploy/dokploy#2867,
         * Dokploy/templates#317). That release also looked variables up with {@code variables[name] || match},
         * so an empty variable left its {@code ${name}} in place.
         */
        BUGGY_V0_25_5(false, false, false),
        /**
         * Templates of March–May 2025 wrote Supabase's published demo ANON_KEY and SERVICE_ROLE_KEY as literal
         * text. Emulated on today's template: its two {@code ${jwt:…}} lines become the literal demo keys and
         * everything else (a generated JWT_SECRET included) is processed as {@link #CURRENT}, so the keys are
         * signed with the demo secret and not with the file's JWT_SECRET — the state described in
         * {@code shared/dokploy/README.md}. Note: the copies of those templates we could read
         * (Dokploy/templates {@code blueprints/supabase/template.yml}; docs.dokploy.com
         * "pre0.22.5-supabase") hard-code JWT_SECRET to the demo secret too, so there the keys do verify;
         * the mismatch appears once JWT_SECRET is changed (as the template's own comment tells the operator to)
         * without re-signing the keys.
         */
        HARDCODED_MARCH_MAY_2025(true, true, true);

        private final boolean trimsJwtPayload;
        private final boolean emptyVariableIsAValue;
        private final boolean hardcodedDemoKeys;

        Generation(boolean trimsJwtPayload, boolean emptyVariableIsAValue, boolean hardcodedDemoKeys) {
            this.trimsJwtPayload = trimsJwtPayload;
            this.emptyVariableIsAValue = emptyVariableIsAValue;
            this.hardcodedDemoKeys = hardcodedDemoKeys;
        }
    }

    /**
     * @param domain what {@code ${domain}} gives
     * @param appName the compose appName, which Dokploy offers templates as variable {@code APP_NAME}
     * @param seed seeds every random value
     * @param now the clock: {@code iat}, {@code ${timestamp}}, {@code ${timestamps}}
     */
    public record Options(String domain, String appName, long seed, Instant now, Generation generation) {
        public Options {
            Objects.requireNonNull(domain, "domain");
            Objects.requireNonNull(appName, "appName");
            Objects.requireNonNull(now, "now");
            Objects.requireNonNull(generation, "generation");
        }
    }

    /** A domain as {@code processDomains} returns it (Dokploy then saves it with https off, no certificate). */
    public record Domain(String serviceName, int port, String host, String path) {}

    /** What Dokploy makes of a template: its processed variables, env lines and domains. */
    public record Processed(Map<String, String> variables, List<String> envLines, List<Domain> domains) {
        /** The compose service's env, as Dokploy stores it: the lines joined with {@code \n}, no final newline. */
        public String env() {
            return String.join("\n", envLines);
        }
    }

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]+)}");
    // JSON.parse is strict: no trailing commas, comments or text after the object
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final TypeReference<LinkedHashMap<String, Object>> OBJECT = new TypeReference<>() {};

    private final Options options;
    private final DokployHelpers helpers;

    private DokployTemplate(Options options) {
        this.options = options;
        this.helpers = new DokployHelpers(options.seed(), options.now());
    }

    public static Processed process(Path templateToml, Options options) {
        try {
            return process(Files.readString(templateToml), options);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Processed process(String templateToml, Options options) {
        return new DokployTemplate(options).process(parse(templateToml));
    }

    /** The template as Dokploy's TOML parser reads it (see {@link LenientToml}), key order kept. */
    public static Map<String, Object> parse(String templateToml) {
        try {
            return new TomlMapper().readValue(LenientToml.escapeUnknownEscapes(templateToml), OBJECT);
        } catch (IOException e) {
            throw new IllegalArgumentException("template.toml does not parse: " + e.getMessage(), e);
        }
    }

    private Processed process(Map<String, Object> template) {
        Map<String, Object> config = asMap(template.get("config"));
        // compose.deployTemplate passes {APP_NAME: appName, ...template.variables}
        Map<String, Object> declared = new LinkedHashMap<>();
        declared.put("APP_NAME", options.appName());
        declared.putAll(asMap(template.get("variables")));
        Map<String, String> variables = processVariables(declared);
        return new Processed(
                variables, processEnv(config.get("env"), variables), processDomains(config.get("domains"), variables));
    }

    private Map<String, String> processVariables(Map<String, Object> declared) {
        Map<String, String> variables = new LinkedHashMap<>();
        for (Map.Entry<String, Object> entry : declared.entrySet()) {
            if (entry.getValue() instanceof String value) { // non-string variables are dropped, as Dokploy does
                variables.put(entry.getKey(), firstPass(value));
            }
        }
        for (Map.Entry<String, String> entry : List.copyOf(variables.entrySet())) {
            variables.put(entry.getKey(), processValue(entry.getValue(), variables));
        }
        return variables;
    }

    /**
     * Whole-value helpers. Their length comes from a regex capture that treats "0" as given, unlike
     * {@link #helper}'s {@code parseInt(…) || default}: {@code ${password:0}} is empty here and 16 long there.
     */
    private String firstPass(String value) {
        if (value.equals("${domain}")) {
            return options.domain();
        }
        if (value.startsWith("${base64:")) {
            return helpers.base64(capturedLength(value, "base64", 32));
        }
        if (value.startsWith("${password:")) {
            return helpers.password(capturedLength(value, "password", 16));
        }
        if (value.equals("${hash}")) {
            return helpers.hash(8);
        }
        if (value.startsWith("${hash:")) {
            return helpers.hash(capturedLength(value, "hash", 8));
        }
        return value;
    }

    private static int capturedLength(String value, String helper, int fallback) {
        Matcher m = Pattern.compile("\\$\\{" + helper + ":(\\d+)}").matcher(value);
        return m.find() ? Integer.parseInt(m.group(1)) : fallback;
    }

    private List<String> processEnv(Object env, Map<String, String> variables) {
        List<String> lines = new ArrayList<>();
        if (env instanceof List<?> list) {
            for (Object item : substituteDemoKeys(list)) {
                if (item instanceof String s) {
                    lines.add(processValue(s, variables));
                } else if (item instanceof Map<?, ?> pair && !pair.isEmpty()) {
                    Map.Entry<?, ?> first = pair.entrySet().iterator().next();
                    lines.add(first.getKey() + "=" + first.getValue()); // Dokploy does not process these
                } else {
                    lines.add(String.valueOf(item));
                }
            }
        } else if (env instanceof Map<?, ?> map) {
            map.forEach((key, value) ->
                    lines.add(key + "=" + (value instanceof String s ? processValue(s, variables) : value)));
        }
        return lines;
    }

    private List<?> substituteDemoKeys(List<?> env) {
        if (!options.generation().hardcodedDemoKeys) {
            return env;
        }
        List<Object> rewritten = new ArrayList<>();
        int replaced = 0;
        for (Object item : env) {
            if (item instanceof String s && s.startsWith("ANON_KEY=")) {
                item = "ANON_KEY=" + SupabaseDemo.ANON_KEY;
                replaced++;
            } else if (item instanceof String s && s.startsWith("SERVICE_ROLE_KEY=")) {
                item = "SERVICE_ROLE_KEY=" + SupabaseDemo.SERVICE_ROLE_KEY;
                replaced++;
            }
            rewritten.add(item);
        }
        if (replaced != 2) {
            throw new IllegalArgumentException(
                    "expected one ANON_KEY= and one SERVICE_ROLE_KEY= env line, replaced " + replaced);
        }
        return rewritten;
    }

    private List<Domain> processDomains(Object domains, Map<String, String> variables) {
        List<Domain> result = new ArrayList<>();
        if (!(domains instanceof List<?> list) || list.stream().noneMatch(d -> asMap(d).get("serviceName") != null)) {
            return result;
        }
        for (Object item : list) {
            Map<String, Object> d = asMap(item);
            Object host = d.get("host");
            result.add(new Domain(
                    (String) d.get("serviceName"),
                    ((Number) d.get("port")).intValue(),
                    host instanceof String h && !h.isEmpty() ? processValue(h, variables) : options.domain(),
                    (String) d.get("path")));
        }
        return result;
    }

    /** {@code processValue}: helpers and variables, then variables once more (for helpers' output). */
    String processValue(String value, Map<String, String> variables) {
        String once = replace(value, m -> helper(m.group(1), m.group(), variables));
        return replace(once, m -> lookup(m.group(1), m.group(), variables));
    }

    private String helper(String name, String match, Map<String, String> variables) {
        if (name.equals("domain")) {
            return options.domain();
        }
        if (name.equals("base64")) {
            return helpers.base64(32);
        }
        if (name.startsWith("base64:")) {
            return helpers.base64(parseIntOr(argument(name), 32));
        }
        if (name.startsWith("password:")) {
            return helpers.password(parseIntOr(argument(name), 16));
        }
        if (name.equals("password")) {
            return helpers.password(16);
        }
        if (name.startsWith("hash:")) {
            return helpers.hash(parseIntOr(argument(name), 8));
        }
        if (name.equals("hash")) {
            return helpers.hash(8);
        }
        if (name.equals("uuid")) {
            return helpers.uuid();
        }
        if (name.equals("timestamp") || name.equals("timestampms")) {
            return Long.toString(helpers.nowMillis()); // milliseconds, despite the name
        }
        if (name.equals("timestamps")) {
            return jsRound(helpers.nowMillis() / 1000.0);
        }
        if (name.startsWith("timestampms:")) {
            Double millis = jsDateMillis(name.substring("timestampms:".length()));
            return millis == null ? "NaN" : Long.toString(millis.longValue());
        }
        if (name.startsWith("timestamps:")) {
            Double millis = jsDateMillis(name.substring("timestamps:".length()));
            return millis == null ? "NaN" : jsRound(millis / 1000);
        }
        if (name.equals("randomPort")) {
            return helpers.randomPort();
        }
        if (name.equals("jwt")) {
            return helpers.jwt(null, null);
        }
        if (name.startsWith("jwt:")) {
            return jwtHelper(name, variables);
        }
        if (name.equals("username")) {
            return helpers.username();
        }
        if (name.equals("email")) {
            return helpers.email();
        }
        return lookup(name, match, variables);
    }

    /** {@code ${jwt:N}} (hex, not a JWT) or {@code ${jwt:SECRET_VAR:PAYLOAD_VAR}}. */
    private String jwtHelper(String name, Map<String, String> variables) {
        String[] params = name.substring("jwt:".length()).split(":", -1);
        if (params.length == 1 && params[0].matches("\\d{1,3}")) {
            return helpers.jwtHex(Integer.parseInt(params[0]));
        }
        String secret = params[0];
        String payloadText = params.length > 1 ? params[1] : null;
        if (payloadText != null && !variables.getOrDefault(payloadText, "").isEmpty()) {
            payloadText = variables.get(payloadText);
        }
        Map<String, Object> payload = null;
        if (payloadText != null && looksLikeObject(payloadText)) {
            try {
                payload = JSON.readValue(payloadText, OBJECT);
            } catch (IOException e) {
                payload = null; // Dokploy logs "Invalid JWT payload" and signs the defaults
            }
        }
        // a payload text that does not look like an object is passed as a string, which generateJwt ignores
        String key =
                secret.isEmpty() ? null : variables.getOrDefault(secret, "").isEmpty() ? secret : variables.get(secret);
        return helpers.jwt(payload, key);
    }

    private boolean looksLikeObject(String text) {
        String checked = options.generation().trimsJwtPayload ? text.strip() : text;
        return checked.startsWith("{") && checked.endsWith("}");
    }

    private String lookup(String name, String match, Map<String, String> variables) {
        String value = variables.get(name);
        if (options.generation().emptyVariableIsAValue) {
            return value != null ? value : match;
        }
        return value != null && !value.isEmpty() ? value : match;
    }

    private static String replace(String value, Function<Matcher, String> replacement) {
        Matcher m = PLACEHOLDER.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(replacement.apply(m)));
        }
        return m.appendTail(out).toString();
    }

    private static String argument(String name) {
        return name.split(":", -1)[1];
    }

    /** {@code Number.parseInt(text, 10) || fallback}: leading digits; NaN and 0 both give the fallback. */
    private static int parseIntOr(String text, int fallback) {
        Matcher m = Pattern.compile("^\\s*([+-]?\\d+)").matcher(text);
        if (!m.find()) {
            return fallback;
        }
        int n = Integer.parseInt(m.group(1));
        return n == 0 ? fallback : n;
    }

    /** JavaScript's {@code Math.round}: halves round up. */
    private static String jsRound(double value) {
        return Long.toString((long) Math.floor(value + 0.5));
    }

    /**
     * {@code new Date(text).getTime()} for the forms templates use (ISO 8601, date-only as UTC), or null for
     * NaN. JavaScript reads a date-time without offset as local time; here it is read as UTC.
     */
    private static Double jsDateMillis(String text) {
        try {
            return (double) OffsetDateTime.parse(text).toInstant().toEpochMilli();
        } catch (DateTimeParseException notOffset) {
            try {
                return (double)
                        LocalDateTime.parse(text).toInstant(ZoneOffset.UTC).toEpochMilli();
            } catch (DateTimeParseException notLocal) {
                try {
                    return (double) LocalDate.parse(text)
                            .atStartOfDay(ZoneOffset.UTC)
                            .toInstant()
                            .toEpochMilli();
                } catch (DateTimeParseException notDate) {
                    return null;
                }
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object value) {
        return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }
}
