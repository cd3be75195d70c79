package dev.supadokploy.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import dev.supadokploy.errors.ErrorCode;
import dev.supadokploy.errors.SupaException;
import dev.supadokploy.util.Lines;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Finds and reads config.toml. Order: {@code --config}, {@code SUPA_DOKPLOY_CONFIG},
 * {@code $XDG_CONFIG_HOME/supa-dokploy/config.toml}, {@code ~/.config/supa-dokploy/config.toml}.
 * A file named explicitly must exist; the default location may be absent. Unknown keys are errors,
 * because a misspelt {@code database_url} silently ignored would point an operation at the wrong place.
 */
public final class ConfigLoader {
    private static final Set<String> TOP_KEYS = Set.of("dokploy", "instances", "destinations");
    private static final Set<String> DESTINATION_KEYS =
            Set.of("endpoint", "region", "path_style", "bucket", "access_key_id", "secret_access_key");
    private static final Set<String> DOKPLOY_KEYS = Set.of("url", "api_key", "templates_url");
    private static final Set<String> INSTANCE_KEYS =
            Set.of("database_url", "database_password", "dokploy_compose_id", "supabase_url", "environment");

    private ConfigLoader() {}

    public static Path defaultPath(Map<String, String> env) {
        String xdg = env.get("XDG_CONFIG_HOME");
        Path base = xdg != null && !xdg.isBlank()
                ? Path.of(xdg)
                : Path.of(env.getOrDefault("HOME", System.getProperty("user.home")), ".config");
        return base.resolve("supa-dokploy").resolve("config.toml");
    }

    public static Config load(Path explicit, Map<String, String> env) {
        Path path = explicit;
        if (path == null
                && env.get("SUPA_DOKPLOY_CONFIG") != null
                && !env.get("SUPA_DOKPLOY_CONFIG").isBlank()) {
            path = Path.of(env.get("SUPA_DOKPLOY_CONFIG"));
        }
        if (path != null) {
            if (!Files.isRegularFile(path)) {
                throw new SupaException(
                        ErrorCode.CONFIGURATION_NOT_FOUND,
                        "Configuration file " + path + " does not exist",
                        "Create it (see docs/configuration.md) or drop --config / SUPA_DOKPLOY_CONFIG to use "
                                + defaultPath(env) + ".");
            }
            return parse(path);
        }
        Path fallback = defaultPath(env);
        return Files.isRegularFile(fallback) ? parse(fallback) : Config.empty();
    }

    public static Config parse(Path path) {
        JsonNode root;
        try {
            root = new TomlMapper().readTree(Files.readString(path));
        } catch (IOException e) {
            throw new SupaException(
                    ErrorCode.CONFIGURATION_INVALID,
                    "Cannot parse " + path + ": " + Lines.first(e.getMessage()),
                    "Fix the TOML syntax at the position named above.",
                    e);
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            return new Config(path, new DokployServerConfig(null, null), Map.of(), Map.of());
        }
        checkKeys(root, TOP_KEYS, path, "the top level");
        JsonNode dokployNode = root.path("dokploy");
        if (!dokployNode.isMissingNode()) {
            checkKeys(dokployNode, DOKPLOY_KEYS, path, "[dokploy]");
        }
        DokployServerConfig dokploy = new DokployServerConfig(
                text(dokployNode, "url"), text(dokployNode, "api_key"), text(dokployNode, "templates_url"));
        Map<String, InstanceConfig> instances = new TreeMap<>();
        JsonNode instancesNode = root.path("instances");
        for (Iterator<Map.Entry<String, JsonNode>> it = instancesNode.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String where = "[instances." + e.getKey() + "]";
            if (!e.getValue().isObject()) {
                throw new SupaException(
                        ErrorCode.CONFIGURATION_INVALID,
                        where + " in " + path + " is not a table",
                        "Write it as a table: [instances." + e.getKey() + "] followed by database_url = \"…\".");
            }
            checkKeys(e.getValue(), INSTANCE_KEYS, path, where);
            JsonNode n = e.getValue();
            instances.put(
                    e.getKey(),
                    new InstanceConfig(
                            e.getKey(),
                            text(n, "database_url"),
                            text(n, "database_password"),
                            text(n, "dokploy_compose_id"),
                            text(n, "supabase_url"),
                            text(n, "environment")));
        }
        return new Config(path, dokploy, new LinkedHashMap<>(instances), destinations(root, path));
    }

    private static Map<String, DestinationConfig> destinations(JsonNode root, Path path) {
        Map<String, DestinationConfig> out = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it =
                        root.path("destinations").fields();
                it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String where = "[destinations." + e.getKey() + "]";
            JsonNode n = e.getValue();
            if (!n.isObject()) {
                throw new SupaException(
                        ErrorCode.CONFIGURATION_INVALID,
                        where + " in " + path + " is not a table",
                        "Write it as a table: " + where + " followed by endpoint = \"…\".");
            }
            checkKeys(n, DESTINATION_KEYS, path, where);
            JsonNode pathStyle = n.path("path_style");
            if (!pathStyle.isMissingNode() && !pathStyle.isBoolean()) {
                throw new SupaException(
                        ErrorCode.CONFIGURATION_INVALID,
                        "path_style in " + where + " of " + path + " is not true or false",
                        "Write path_style = true (MinIO, Garage, most self-hosted stores) or false.");
            }
            // the key id may be written out (it names the key); the secret only as a reference
            String secret = text(n, "secret_access_key");
            if (secret != null && !secret.startsWith("env:") && !secret.startsWith("file:")) {
                throw new SupaException(
                        ErrorCode.CONFIGURATION_INVALID,
                        "secret_access_key in " + where + " of " + path + " is written in the file itself",
                        "Give it as a reference: secret_access_key = \"env:NAME\" or \"file:/run/secrets/…\" (mode 0600).");
            }
            out.put(
                    e.getKey(),
                    new DestinationConfig(
                            e.getKey(),
                            text(n, "endpoint"),
                            text(n, "region"),
                            pathStyle.isMissingNode() ? null : pathStyle.asBoolean(),
                            text(n, "bucket"),
                            text(n, "access_key_id"),
                            text(n, "secret_access_key")));
        }
        return new LinkedHashMap<>(out);
    }

    private static void checkKeys(JsonNode node, Set<String> allowed, Path path, String where) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!allowed.contains(key)) {
                throw new SupaException(
                        ErrorCode.CONFIGURATION_INVALID,
                        "Unknown key '" + key + "' in " + where + " of " + path,
                        "Allowed keys there: " + String.join(", ", new TreeSet<>(allowed)) + ".");
            }
        }
    }

    private static String text(JsonNode node, String key) {
        JsonNode v = node.path(key);
        return v.isMissingNode() || v.isNull() ? null : v.asText();
    }
}
