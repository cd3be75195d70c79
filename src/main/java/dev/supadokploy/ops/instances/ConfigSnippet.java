package dev.supadokploy.ops.instances;

import java.util.Locale;
import java.util.Set;

/**
 * The {@code [instances.NAME]} table an operator pastes into config.toml for a stack it does not list yet. It holds
 * what is public (ids, environment, URL) and leaves the database URL as a commented {@code env:} reference, so no
 * secret is ever printed and the operator decides where the password lives.
 */
final class ConfigSnippet {
    private ConfigSnippet() {}

    /**
     * A bare TOML key that is new in {@code taken}: the environment name when that is free (the usual one stack per
     * environment), else project-environment, else with the compose's appName appended.
     */
    static String suggestName(String project, String environment, String appName, Set<String> taken) {
        String env = slug(environment == null ? "production" : environment);
        for (String candidate :
                new String[] {env, slug(project) + "-" + env, slug(project) + "-" + env + "-" + slug(appName)}) {
            if (!candidate.isEmpty() && !taken.contains(candidate)) {
                return candidate;
            }
        }
        int n = 2;
        while (taken.contains(env + "-" + n)) {
            n++;
        }
        return env + "-" + n;
    }

    static String of(String name, String composeId, String environment, String publicUrl) {
        StringBuilder toml = new StringBuilder("[instances.").append(name).append("]\n");
        toml.append("dokploy_compose_id = ").append(quote(composeId)).append('\n');
        if (environment != null) {
            toml.append("environment = ").append(quote(environment)).append('\n');
        }
        if (publicUrl != null) {
            toml.append("supabase_url = ").append(quote(publicUrl)).append('\n');
        }
        String variable = slug(name).toUpperCase(Locale.ROOT).replace('-', '_') + "_DATABASE_URL";
        toml.append("# database_url = \"env:")
                .append(variable)
                .append("\"   # the stack's Postgres; keep the password out of this file\n");
        return toml.toString();
    }

    private static String quote(String value) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    static String slug(String text) {
        String s = text == null ? "" : text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
        return s.replaceAll("^-+|-+$", "");
    }
}
