package dev.supadokploy.testing.dokploy;

import dev.supadokploy.dokploy.DokployEnv;
import dev.supadokploy.dokploy.DokployVersion;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code .env} a compose deploy writes beside its docker-compose.yml, and what the containers then read from it:
 * Dokploy's pipeline by version, for the simulator. It parses with dotenv 16.4.5 through {@link DokployEnv#parse}, whose
 * own test checks it against the real package's answers, so a test double built on it is no kinder than Dokploy.
 *
 * <ul>
 *   <li>vault references are swapped for the provider's secret in the raw texts first, or the deploy fails
 *       (Dokploy v0.30.2: packages/server/src/utils/vault/index.ts, resolveVaultReferences; from v0.30.0);</li>
 *   <li>{@code APP_NAME}, {@code COMPOSE_PROJECT_NAME} go first and {@code DOCKER_CONFIG} last unless the env names
 *       it (Dokploy v0.30.2: packages/server/src/utils/builders/compose.ts, getCreateEnvFileCommand); a null env
 *       writes those alone;</li>
 *   <li>each variable is parsed with dotenv and its {@code ${{project.X}}}, {@code ${{environment.X}}} and
 *       {@code ${{X}}} replaced, a missing one failing the deploy (Dokploy v0.30.2:
 *       packages/server/src/utils/docker/utils.ts, prepareEnvironmentVariables; environment and self references
 *       from v0.25.0, project only before);</li>
 *   <li>from v0.30.0 every value is written {@code KEY="…"} with {@code \ " $} escaped
 *       (utils.ts prepareEnvironmentVariablesForFile, commit ff39cb51e); before, {@code KEY=value} as it came.</li>
 * </ul>
 */
final class DeployedEnvFile {
    private static final DokployVersion ENVIRONMENTS = DokployVersion.of(0, 25, 0);
    private static final DokployVersion QUOTED = DokployVersion.of(0, 30, 0);
    private static final Pattern VAULT_REF = Pattern.compile("\\$\\{\\{vault\\.([a-zA-Z0-9_-]+)\\.([^}]+)\\}\\}");
    private static final Pattern PROJECT_REF = Pattern.compile("\\$\\{\\{project\\.(.*?)\\}\\}");
    private static final Pattern ENVIRONMENT_REF = Pattern.compile("\\$\\{\\{environment\\.(.*?)\\}\\}");
    private static final Pattern SELF_REF = Pattern.compile("\\$\\{\\{(.*?)\\}\\}");

    /** The file written, or the error that failed the deploy before anything was written. */
    record Outcome(String text, String error) {}

    /** What a deploy failed on: the message Dokploy writes to the deployment's log. */
    static final class DeployError extends RuntimeException {
        DeployError(String message) {
            super(message, null, false, false);
        }
    }

    private DeployedEnvFile() {}

    /**
     * @param vault provider name → secret name → value: the secrets providers configured (none by default)
     */
    static Outcome write(
            String version,
            String appName,
            String env,
            String projectEnv,
            String environmentEnv,
            Map<String, Map<String, String>> vault) {
        DokployVersion v = DokployVersion.parse(version);
        try {
            String service = env;
            String project = projectEnv;
            String environment = environmentEnv;
            if (v.atLeast(QUOTED)) {
                service = resolveVault(service, vault);
                project = resolveVault(project, vault);
                environment = resolveVault(environment, vault);
            }
            String content = "APP_NAME=" + appName + "\n" + "COMPOSE_PROJECT_NAME=" + appName + "\n"
                    + (service == null ? "" : service);
            if (!content.contains("DOCKER_CONFIG")) {
                content += "\nDOCKER_CONFIG=/root/.docker";
            }
            List<String> pairs = prepare(v, content, project, environment);
            List<String> lines = new ArrayList<>();
            for (String pair : pairs) {
                int eq = pair.indexOf('=');
                String key = pair.substring(0, eq);
                String value = pair.substring(eq + 1);
                lines.add(
                        v.atLeast(QUOTED)
                                ? key + "=\""
                                        + value.replace("\\", "\\\\")
                                                .replace("\"", "\\\"")
                                                .replace("$", "\\$") + "\""
                                : pair);
            }
            return new Outcome(String.join("\n", lines), null);
        } catch (DeployError e) {
            return new Outcome(null, e.getMessage());
        }
    }

    private static String resolveVault(String raw, Map<String, Map<String, String>> vault) {
        if (raw == null) {
            return null;
        }
        Matcher m = VAULT_REF.matcher(raw);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            Map<String, String> provider = vault.get(m.group(1));
            if (provider == null) {
                throw new DeployError("Vault provider \"" + m.group(1)
                        + "\" not found. Configure it in Settings -> Secrets Providers.");
            }
            String value = provider.get(m.group(2));
            if (value == null) {
                throw new DeployError(
                        "Secret \"" + m.group(2) + "\" not found in vault provider \"" + m.group(1) + "\"");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static List<String> prepare(DokployVersion v, String serviceEnv, String projectEnv, String environmentEnv) {
        if (v.atLeast(QUOTED)) {
            for (String source : new String[] {serviceEnv, projectEnv, environmentEnv}) {
                if (source != null && source.contains("${{vault.")) {
                    throw new DeployError(
                            "Unresolved vault reference: call withResolvedVaultRefs() on the entity before "
                                    + "preparing environment variables");
                }
            }
        }
        Map<String, String> projectVars = DokployEnv.parse(projectEnv == null ? "" : projectEnv);
        Map<String, String> environmentVars = DokployEnv.parse(environmentEnv == null ? "" : environmentEnv);
        Map<String, String> serviceVars = DokployEnv.parse(serviceEnv);
        List<String> pairs = new ArrayList<>();
        for (Map.Entry<String, String> e : serviceVars.entrySet()) {
            String value =
                    replace(PROJECT_REF, e.getValue(), projectVars, "Invalid project environment variable: project.");
            if (v.atLeast(ENVIRONMENTS)) {
                value = replace(ENVIRONMENT_REF, value, environmentVars, "Invalid environment variable: environment.");
                value = replace(SELF_REF, value, serviceVars, "Invalid service environment variable: ");
            }
            pairs.add(e.getKey() + "=" + value);
        }
        return pairs;
    }

    private static String replace(Pattern pattern, String value, Map<String, String> vars, String error) {
        Matcher m = pattern.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String resolved = vars.get(m.group(1));
            if (resolved == null) {
                throw new DeployError(error + m.group(1));
            }
            m.appendReplacement(out, Matcher.quoteReplacement(resolved));
        }
        m.appendTail(out);
        return out.toString();
    }

    /**
     * What the containers read from the written file: the quoted form (v0.30.0+) exactly; the unquoted form as
     * Docker Compose reads an unquoted line (a comment from whitespace and '#', trimmed, {@code $$}, {@code $NAME}
     * and {@code ${NAME}} expanded from the lines above, unknown names empty).
     */
    static Map<String, String> containerView(String fileText) {
        Map<String, String> values = new LinkedHashMap<>();
        if (fileText == null) {
            return values;
        }
        // Dokploy writes APP_NAME and COMPOSE_PROJECT_NAME into every file: quoted from v0.30.0
        if (fileText.startsWith("APP_NAME=\"") || fileText.contains("\nAPP_NAME=\"")) {
            // KEY="…" with \\ \" \$ escaped, a value possibly spanning lines (a PEM): read character by character
            int i = 0;
            while (i < fileText.length()) {
                int eq = fileText.indexOf("=\"", i);
                if (eq < 0) {
                    break;
                }
                String key = fileText.substring(i, eq);
                StringBuilder value = new StringBuilder();
                int j = eq + 2;
                for (; j < fileText.length() && fileText.charAt(j) != '"'; j++) {
                    char c = fileText.charAt(j);
                    value.append(c == '\\' && j + 1 < fileText.length() ? fileText.charAt(++j) : c);
                }
                values.put(key, value.toString());
                i = j + 2; // past the quote and the newline
            }
            return values;
        }
        for (String line : fileText.split("\n")) {
            int eq = line.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String value = line.substring(eq + 1);
            Matcher comment = Pattern.compile("\\s#").matcher(value);
            if (comment.find()) {
                value = value.substring(0, comment.start());
            }
            values.put(line.substring(0, eq).strip(), expand(value.strip(), values));
        }
        return values;
    }

    private static String expand(String value, Map<String, String> earlier) {
        Matcher m = Pattern.compile("\\$\\$|\\$\\{([A-Za-z_][A-Za-z0-9_]*)\\}|\\$([A-Za-z_][A-Za-z0-9_]*)")
                .matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(2);
            m.appendReplacement(out, Matcher.quoteReplacement(name == null ? "$" : earlier.getOrDefault(name, "")));
        }
        m.appendTail(out);
        return out.toString();
    }
}
