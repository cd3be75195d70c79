package dev.supadokploy.ops.deploy;

import dev.supadokploy.util.DotEnv;
import dev.supadokploy.util.SecureFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where setup keeps what a person needs to use the stack (URL, keys, passwords), in dotenv form, mode 0600. Written
 * before the deploy, so a failure later never loses secrets that only the stack's env holds. A file with other values
 * is kept beside the new one as .bak rather than overwritten.
 */
final class CredentialsFile {
    /** What went into the file, and whether anything had to be written. */
    record Written(Path path, String outcome, Path backup) {}

    private CredentialsFile() {}

    /** $XDG_CONFIG_HOME (else ~/.config)/supa-dokploy/credentials/&lt;project&gt;-&lt;environment&gt;.env. */
    static Path defaultPath(Map<String, String> env, String project, String environment) {
        String xdg = env.get("XDG_CONFIG_HOME");
        Path base;
        if (xdg != null && !xdg.isBlank()) {
            base = Path.of(xdg);
        } else {
            String home = env.getOrDefault("HOME", System.getProperty("user.home"));
            base = Path.of(home, ".config");
        }
        return base.resolve("supa-dokploy")
                .resolve("credentials")
                .resolve(SetupNames.slug(project) + "-" + SetupNames.slug(environment) + ".env");
    }

    static Path path(String given, Map<String, String> env, String project, String environment) {
        if (given == null || given.isBlank()) {
            return defaultPath(env, project, environment);
        }
        String p = given.strip();
        if (p.equals("~") || p.startsWith("~/")) {
            p = env.getOrDefault("HOME", System.getProperty("user.home")) + p.substring(1);
        }
        return Path.of(p);
    }

    static Map<String, String> values(
            String url,
            String studioUrl,
            String anonKey,
            String serviceKey,
            String dashboardUser,
            String dashboardPassword,
            String postgresPassword,
            String jwtSecret,
            String composeId) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("SUPABASE_URL", url);
        values.put("SUPABASE_ANON_KEY", anonKey);
        values.put("SUPABASE_SERVICE_ROLE_KEY", serviceKey);
        values.put("STUDIO_URL", studioUrl);
        values.put("DASHBOARD_USERNAME", dashboardUser);
        values.put("DASHBOARD_PASSWORD", dashboardPassword);
        values.put("POSTGRES_PASSWORD", postgresPassword);
        values.put("JWT_SECRET", jwtSecret);
        values.put("DOKPLOY_COMPOSE_ID", composeId);
        return values;
    }

    /** Writes the values unless the file already holds exactly them. */
    static Written write(Path path, Map<String, String> values, String title, Instant now) {
        Path backup = null;
        if (Files.isRegularFile(path)) {
            Map<String, String> existing = read(path);
            if (existing.equals(values)) {
                return new Written(path, StepLog.UNCHANGED, null);
            }
            backup = SecureFiles.backup(path);
        }
        StringBuilder text = new StringBuilder();
        text.append("# ").append(title).append('\n');
        text.append("# Written by supa-dokploy deploy setup at ")
                .append(now)
                .append(". Secrets: keep this file private.\n");
        values.forEach((name, value) -> text.append(name)
                .append('=')
                .append(DotEnv.format(value == null ? "" : value))
                .append('\n'));
        SecureFiles.writeAtomically(path, text.toString());
        return new Written(path, backup == null ? StepLog.CREATED : StepLog.UPDATED, backup);
    }

    /** The values a credentials file holds; empty when there is none. */
    static Map<String, String> read(Path path) {
        if (!Files.isRegularFile(path)) {
            return Map.of();
        }
        try {
            return DotEnv.parse(Files.readString(path, StandardCharsets.UTF_8)).toMap();
        } catch (IOException e) {
            return Map.of();
        }
    }
}
