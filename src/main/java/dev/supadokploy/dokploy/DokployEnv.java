package dev.supadokploy.dokploy;

import dev.supadokploy.util.DotEnv;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the containers of a Dokploy compose get from its saved env, as opposed to what the text says.
 * {@link DotEnv} reads a .env the way Docker Compose does (a local file); Dokploy first re-parses the saved env
 * with the npm package {@code dotenv} 16.4.5, resolves {@code ${{project.X}}}, {@code ${{environment.X}}} and
 * {@code ${{X}}} against the project's, the environment's and the compose's own env, and writes the result to the
 * {@code .env} Compose reads: since v0.30.0 as {@code KEY="…"} with {@code \ " $} escaped (every value literal),
 * before as {@code KEY=value} unquoted (so Compose expanded {@code $} and cut at {@code " #"}).
 *
 * <p>Sources: Dokploy v0.30.2 {@code packages/server/src/utils/builders/compose.ts} (getCreateEnvFileCommand),
 * {@code packages/server/src/utils/docker/utils.ts} (prepareEnvironmentVariables, prepareEnvironmentVariablesForFile,
 * commit ff39cb51e), {@code packages/server/src/utils/vault/index.ts} (vault references, v0.30.0), dotenv 16.4.5
 * {@code lib/main.js} (parse). References to the environment and to the compose itself came with v0.25.0; before,
 * only {@code ${{project.X}}} was resolved.
 */
public final class DokployEnv {
    /** Since v0.30.0 Dokploy quotes and escapes every value it writes to .env, so '$' and '#' are literal. */
    public static final DokployVersion QUOTED_ENV_FILE = DokployVersion.of(0, 30, 0);
    /** {@code ${{environment.X}}} and {@code ${{X}}} (v0.25.0, with environments). */
    public static final DokployVersion ENVIRONMENT_REFERENCES = DokployVersion.of(0, 25, 0);
    /** {@code ${{vault.provider.key}}}, resolved from a secrets provider at deploy (v0.30.0). */
    public static final DokployVersion VAULT_REFERENCES = DokployVersion.of(0, 30, 0);

    // JavaScript's \s, which dotenv's regular expressions use (Java's \s is ASCII only).
    private static final String WS =
            "[\\t\\n\\u000B\\f\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff]";
    /**
     * dotenv 16.4.5 lib/main.js {@code LINE}, apart from {@code \s} and the quoted forms: {@code '(?:\\'|[^'])*'}
     * becomes the same language written without one recursion per character (Java's engine would overflow its stack
     * on a long value): any text in which each quote is preceded by a backslash, longest first.
     */
    private static final Pattern LINE = Pattern.compile(
            "(?:^|^)" + WS + "*(?:export" + WS + "+)?([\\w.-]+)(?:" + WS + "*="
                    + WS + "*?|:" + WS + "+?)(" + WS + "*" + quoted('\'') + "|" + WS + "*" + quoted('"') + "|" + WS
                    + "*" + quoted('`')
                    + "|[^#\\r\\n]+)?" + WS + "*(?:#.*)?(?:$|$)",
            Pattern.MULTILINE);
    /** dotenv's {@code value.replace(/^(['"`])([\s\S]*)\1$/mg, '$2')}. */
    private static final Pattern SURROUNDING_QUOTES = Pattern.compile("^(['\"`])([\\s\\S]*)\\1$", Pattern.MULTILINE);

    private static final Pattern PROJECT_REF = Pattern.compile("\\$\\{\\{project\\.(.*?)\\}\\}");
    private static final Pattern ENVIRONMENT_REF = Pattern.compile("\\$\\{\\{environment\\.(.*?)\\}\\}");
    private static final Pattern SELF_REF = Pattern.compile("\\$\\{\\{(.*?)\\}\\}");
    /** vault/index.ts {@code VAULT_REF_REGEX}. */
    private static final Pattern VAULT_REF = Pattern.compile("\\$\\{\\{vault\\.([a-zA-Z0-9_-]+)\\.([^}]+)\\}\\}");
    /** What Compose would have expanded in a value before v0.30.0: ${NAME…}, or $NAME of a variable the env has. */
    private static final Pattern EXPANSION =
            Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)[^}]*\\}|\\$([A-Za-z_][A-Za-z0-9_]*)");
    /** Dokploy's encryptedText columns answer their ciphertext when the server's key does not match (v0.29.12+). */
    private static final String CIPHERTEXT = "enc:v1:";

    private static String quoted(char q) {
        String other = "[^" + q + "\\\\]*+";
        return q + other + "(?:\\\\" + q + "?" + other + ")*" + q;
    }

    /** Why the value a variable will get is not known here. */
    public enum Unknown {
        /** {@code ${{vault.provider.key}}}: Dokploy fetches it from a secrets provider at deploy; no client can read it. */
        VAULT,
        /** The project's or environment's env could not be read (not given, or encrypted with another key). */
        SHARED_ENV_UNREADABLE,
        /** The reference names a variable that does not exist: Dokploy's next deploy fails on it. */
        MISSING
    }

    /**
     * A variable whose saved value is a reference the containers' value cannot be known from.
     *
     * @param reference the reference as written, e.g. {@code ${{project.JWT_SECRET}}} (never a value)
     * @param detail    what Dokploy does with it, for messages
     */
    public record Reference(String variable, Unknown why, String reference, String detail) {}

    /**
     * The shared envs a compose's references resolve against, as {@code compose.one} returns them
     * ({@code environment.env}, {@code environment.project.env}; before v0.25 {@code project.env}).
     *
     * @param known false when they were not read: every reference to them is then {@link Unknown#SHARED_ENV_UNREADABLE}
     */
    public record Shared(String projectEnv, String environmentEnv, boolean known) {
        public static final Shared UNREAD = new Shared(null, null, false);

        public static Shared of(String projectEnv, String environmentEnv) {
            return new Shared(projectEnv, environmentEnv, true);
        }

        boolean projectReadable() {
            return known && (projectEnv == null || !projectEnv.startsWith(CIPHERTEXT));
        }

        boolean environmentReadable() {
            return known && (environmentEnv == null || !environmentEnv.startsWith(CIPHERTEXT));
        }
    }

    private final DokployVersion version;
    private final Map<String, String> saved;
    private final Map<String, String> values;
    private final Map<String, Reference> unknown;
    private final Set<String> referencing;
    private final List<Integer> droppedLines;

    private DokployEnv(
            DokployVersion version,
            Map<String, String> saved,
            Map<String, String> values,
            Map<String, Reference> unknown,
            Set<String> referencing,
            List<Integer> droppedLines) {
        this.version = version;
        this.saved = saved;
        this.values = values;
        this.unknown = unknown;
        this.referencing = referencing;
        this.droppedLines = droppedLines;
    }

    /**
     * @param saved   the compose's env as saved ({@code compose.one}'s {@code env}; null is empty)
     * @param version the server's version, or null when unknown (then read as the newest behaviour, and '$' as
     *                possibly expanded)
     */
    public static DokployEnv of(String saved, Shared shared, DokployVersion version) {
        String text = saved == null ? "" : saved;
        Map<String, String> service = parse(text);
        boolean environments = version == null || version.atLeast(ENVIRONMENT_REFERENCES);
        boolean vault = version == null || version.atLeast(VAULT_REFERENCES);
        Map<String, String> project =
                shared.projectReadable() ? parse(shared.projectEnv() == null ? "" : shared.projectEnv()) : null;
        Map<String, String> environment = shared.environmentReadable()
                ? parse(shared.environmentEnv() == null ? "" : shared.environmentEnv())
                : null;

        Map<String, String> values = new LinkedHashMap<>();
        Map<String, Reference> unknown = new LinkedHashMap<>();
        Set<String> referencing = new LinkedHashSet<>();
        for (Map.Entry<String, String> e : service.entrySet()) {
            String key = e.getKey();
            String value = e.getValue();
            if (value.contains("${{")) {
                referencing.add(key);
            }
            // vault refs are swapped for the provider's secret before anything else (withResolvedVaultRefs)
            if (vault && VAULT_REF.matcher(value).find()) {
                unknown.put(
                        key,
                        new Reference(
                                key,
                                Unknown.VAULT,
                                firstMatch(VAULT_REF, value),
                                "resolved by Dokploy from a secrets provider at deploy"));
                continue;
            }
            try {
                String resolved = replace(PROJECT_REF, value, "project", project, key);
                if (environments) {
                    resolved = replace(ENVIRONMENT_REF, resolved, "environment", environment, key);
                    resolved = replace(SELF_REF, resolved, null, service, key);
                }
                if (vault && VAULT_REF.matcher(resolved).find()) {
                    // a shared variable that is itself a vault reference
                    unknown.put(
                            key,
                            new Reference(
                                    key,
                                    Unknown.VAULT,
                                    firstMatch(SELF_REF, value),
                                    "points at a shared variable Dokploy takes from a secrets provider at deploy"));
                    continue;
                }
                values.put(
                        key,
                        version == null || version.atLeast(QUOTED_ENV_FILE) ? resolved : unquotedForCompose(resolved));
            } catch (Unresolvable u) {
                unknown.put(key, u.reference);
            }
        }
        return new DokployEnv(version, service, values, unknown, referencing, droppedLines(text));
    }

    /** The env read with no shared envs and no version: references stay unknown, '$' may be expanded. */
    public static DokployEnv of(String saved) {
        return of(saved, Shared.UNREAD, null);
    }

    private static final class Unresolvable extends RuntimeException {
        final transient Reference reference;

        Unresolvable(Reference reference) {
            super(null, null, false, false);
            this.reference = reference;
        }
    }

    /** One pass of prepareEnvironmentVariables: every match replaced, or the deploy's error. */
    private static String replace(Pattern pattern, String value, String scope, Map<String, String> vars, String key) {
        Matcher m = pattern.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String ref = m.group(1);
            String written = m.group();
            if (vars == null) {
                throw new Unresolvable(new Reference(
                        key,
                        Unknown.SHARED_ENV_UNREADABLE,
                        written,
                        "resolved by Dokploy from the " + scope + "'s env at deploy, which could not be read here"));
            }
            String v = vars.get(ref);
            if (v == null) {
                // utils.ts: throw new Error(`Invalid project environment variable: project.${ref}`) and siblings
                String error = scope == null
                        ? "Invalid service environment variable: " + ref
                        : "project".equals(scope)
                                ? "Invalid project environment variable: project." + ref
                                : "Invalid environment variable: environment." + ref;
                throw new Unresolvable(new Reference(
                        key,
                        Unknown.MISSING,
                        written,
                        (scope == null ? "this compose's env" : "the " + scope + "'s env") + " has no " + ref
                                + ", so Dokploy's next deploy fails (\"" + error + "\")"));
            }
            m.appendReplacement(out, Matcher.quoteReplacement(v));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String firstMatch(Pattern pattern, String value) {
        Matcher m = pattern.matcher(value);
        return m.find() ? m.group() : value;
    }

    /**
     * Before v0.30.0 Dokploy wrote {@code KEY=value} unquoted: Compose then read only the first line of a multi-line
     * value and cut it at a '#' after whitespace. ('$' it expanded; the rules judge that from the version.)
     */
    private static String unquotedForCompose(String value) {
        int newline = value.indexOf('\n');
        String line = newline >= 0 ? value.substring(0, newline) : value;
        Matcher comment = Pattern.compile("\\s#").matcher(line);
        if (comment.find()) {
            line = line.substring(0, comment.start());
        }
        return line.strip();
    }

    /**
     * dotenv 16.4.5's {@code parse}: unquoted values end at the first '#', only {@code \n} and {@code \r} are
     * unescaped in double quotes, {@code KEY: value} is an assignment, lines it cannot read are skipped, the last
     * assignment wins (at the position of the first), and integer-like keys come first (a JavaScript object's order).
     */
    public static Map<String, String> parse(String src) {
        String lines = src.replaceAll("\r\n?", "\n");
        Map<String, String> obj = new LinkedHashMap<>();
        Matcher m = LINE.matcher(lines);
        while (m.find()) {
            String key = m.group(1);
            String value = jsTrim(m.group(2) == null ? "" : m.group(2));
            char maybeQuote = value.isEmpty() ? 0 : value.charAt(0);
            value = SURROUNDING_QUOTES.matcher(value).replaceAll("$2");
            if (maybeQuote == '"') {
                value = value.replace("\\n", "\n").replace("\\r", "\r");
            }
            obj.put(key, value);
        }
        Map<String, String> ordered = new LinkedHashMap<>();
        obj.keySet().stream()
                .filter(DokployEnv::arrayIndex)
                .sorted((a, b) -> Long.compare(Long.parseLong(a), Long.parseLong(b)))
                .forEach(k -> ordered.put(k, obj.get(k)));
        obj.forEach(ordered::putIfAbsent);
        return ordered;
    }

    /** Line numbers (1-based) of lines dotenv silently skips: not blank, not a comment, part of no assignment. */
    public static List<Integer> droppedLines(String src) {
        String lines = src.replaceAll("\r\n?", "\n");
        boolean[] covered = new boolean[lines.length() + 1];
        Matcher m = LINE.matcher(lines);
        while (m.find()) {
            for (int i = m.start(); i < m.end(); i++) {
                covered[i] = true;
            }
        }
        List<Integer> dropped = new ArrayList<>();
        int start = 0;
        int number = 1;
        while (start <= lines.length()) {
            int end = lines.indexOf('\n', start);
            if (end < 0) {
                end = lines.length();
            }
            String line = lines.substring(start, end);
            String trimmed = jsTrim(line);
            boolean anyCovered = false;
            for (int i = start; i < end && !anyCovered; i++) {
                anyCovered = covered[i] && !isJsSpace(lines.charAt(i));
            }
            if (!trimmed.isEmpty() && !trimmed.startsWith("#") && !anyCovered) {
                dropped.add(number);
            }
            start = end + 1;
            number++;
        }
        return dropped;
    }

    private static boolean arrayIndex(String key) {
        return key.matches("0|[1-9][0-9]{0,9}") && Long.parseLong(key) < 4294967295L;
    }

    private static boolean isJsSpace(char c) {
        return c == '\t'
                || c == '\n'
                || c == 0x0B
                || c == '\f'
                || c == '\r'
                || c == ' '
                || c == 0x00a0
                || c == 0x1680
                || (c >= 0x2000 && c <= 0x200a)
                || c == 0x2028
                || c == 0x2029
                || c == 0x202f
                || c == 0x205f
                || c == 0x3000
                || c == 0xfeff;
    }

    private static String jsTrim(String s) {
        int b = 0;
        int e = s.length();
        while (b < e && isJsSpace(s.charAt(b))) {
            b++;
        }
        while (e > b && isJsSpace(s.charAt(e - 1))) {
            e--;
        }
        return s.substring(b, e);
    }

    // ---- the view ---------------------------------------------------------------------------------------------

    /** The server's version, when known. */
    public Optional<DokployVersion> version() {
        return Optional.ofNullable(version);
    }

    /** What the containers get, for every variable whose value is known here. */
    public Map<String, String> values() {
        return Collections.unmodifiableMap(values);
    }

    /** Variables assigned a reference whose value is not known here, in file order. */
    public Map<String, Reference> unknown() {
        return Collections.unmodifiableMap(unknown);
    }

    /** The value as dotenv parses the saved text, before references are resolved. */
    public Optional<String> savedValue(String variable) {
        return Optional.ofNullable(saved.get(variable));
    }

    /** Where the value of a referencing variable lives, for messages: "the project's env in Dokploy" and the like. */
    public String whereValueLives(String variable) {
        String raw = saved.getOrDefault(variable, "");
        if (raw.contains("${{vault.")) {
            return "a secrets provider (" + firstMatch(VAULT_REF, raw) + ", Dokploy Settings → Secrets Providers)";
        }
        if (raw.contains("${{project.")) {
            return "the project's env in Dokploy (" + firstMatch(PROJECT_REF, raw)
                    + ", the project's Environment Variables)";
        }
        if (raw.contains("${{environment.")) {
            return "the environment's env in Dokploy (" + firstMatch(ENVIRONMENT_REF, raw)
                    + ", the environment's Variables)";
        }
        return "another variable of this env (" + firstMatch(SELF_REF, raw) + ")";
    }

    /** Whether the saved value of the variable holds a {@code ${{…}}} reference (resolved or not): never overwrite it. */
    public boolean isReference(String variable) {
        return referencing.contains(variable);
    }

    public Set<String> references() {
        return Collections.unmodifiableSet(referencing);
    }

    /** Lines of the saved env Dokploy drops without a word. */
    public List<Integer> droppedLines() {
        return Collections.unmodifiableList(droppedLines);
    }

    /** True when '$' reaches the containers as written (v0.30.0+); false when Compose expands it, or the version is unknown. */
    public boolean dollarLiteral() {
        return version != null && version.atLeast(QUOTED_ENV_FILE);
    }

    /**
     * On v0.30.0+, the {@code ${NAME}} / {@code $NAME} expansions a value holds that Compose performed before and
     * that are now literal text; empty when there are none or '$' is still expanded.
     */
    public List<String> literalExpansions(String variable) {
        String value = values.get(variable);
        if (value == null || !dollarLiteral()) {
            return List.of();
        }
        List<String> found = new ArrayList<>();
        Matcher m = EXPANSION.matcher(value);
        while (m.find()) {
            if (m.group(1) != null || values.containsKey(m.group(2)) || unknown.containsKey(m.group(2))) {
                found.add(m.group());
            }
        }
        return found;
    }
}
