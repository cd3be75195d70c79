package dev.supadokploy.testing.dokploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The three Supabase templates operators really have, as test resources derived from the July copy of Dokploy's
 * blueprint ({@code ../shared/dokploy/supabase-template/}, Dokploy/templates {@code blueprints/supabase} at
 * {@code 285e667c}). Derived in code rather than copied, so they follow the July copy and a test that needs them is
 * skipped with a message when it is absent (as {@link DokploySimulator#start} does).
 *
 * <ul>
 *   <li>{@link Variant#JULY}: the file as it is (13 services, Kong 3.9.1, Postgres 17.6.1.136).</li>
 *   <li>{@link Variant#PR1068}: Dokploy/templates PR #1068 (merged 2026-08-06), from its description (FIDELITY.md
 *       §4.1): {@code analytics} and {@code vector} removed with every reference to them ({@code depends_on}, the
 *       {@code LOGFLARE_*} and {@code DOCKER_SOCKET_LOCATION} variables in the compose and the env, the
 *       {@code vector.yml} mount), db image {@code supabase/postgres:17.6.1.136}, Kong {@code 3.9.3}, Studio
 *       {@code 2026.08.03-sha-022b374} with {@code ENABLED_FEATURES_LOGS_ALL: "false"} and
 *       {@code POSTGRES_USER_READ_WRITE: postgres}, pg-meta connecting as {@code postgres}.</li>
 *   <li>{@link Variant#ENVOY}: Supabase self-hosted v0.8.0's gateway in place of Kong, as far as it could be learned
 *       without upstream's file (the supabase/supabase snapshot could not be fetched): a service {@code api-gw} on
 *       image {@code envoyproxy/envoy}, port 8000, its configuration directory mounted at {@code /etc/envoy} and
 *       started by {@code /bin/sh /etc/envoy/docker-entrypoint.sh} (what third-party adapters of "self-hosted/v0.8.0"
 *       list for it), and every {@code kong:8000} URL pointing at {@code api-gw:8000}. The image tag and the absence
 *       of a compose health check on it are our assumptions (so services that waited for a healthy Kong wait for
 *       api-gw to be started).</li>
 * </ul>
 */
public final class SupabaseTemplates {
    public enum Variant {
        JULY,
        PR1068,
        ENVOY
    }

    /** Envoy image of the ENVOY variant; the exact tag upstream pins is not known here. */
    public static final String ENVOY_IMAGE = "envoyproxy/envoy:v1.34-latest";

    public static final String PR1068_KONG_IMAGE = "kong/kong:3.9.3";
    public static final String PR1068_DB_IMAGE = "supabase/postgres:17.6.1.136";

    private static final YAMLMapper YAML = YAMLMapper.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .build();

    private SupabaseTemplates() {}

    /** The July copy's docker-compose.yml, beside the template.toml the simulator reads. */
    public static Path julyCompose() {
        return EnvFixtureGenerator.templatePath().resolveSibling("docker-compose.yml");
    }

    /** The variant's docker-compose.yml; skips the calling test when the July copy is absent. */
    public static String compose(Variant variant) {
        Path july = julyCompose();
        org.junit.jupiter.api.Assumptions.assumeTrue(
                Files.isRegularFile(july),
                "Dokploy's Supabase template " + july
                        + " is absent (../shared/dokploy/ missing): tests of the template " + "variants are skipped");
        try {
            return derive(variant, Files.readString(july));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The July file turned into the variant. */
    public static String derive(Variant variant, String julyCompose) {
        if (variant == Variant.JULY) {
            return julyCompose;
        }
        ObjectNode root;
        try {
            root = (ObjectNode) YAML.readTree(julyCompose);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ObjectNode services = (ObjectNode) root.get("services");
        if (variant == Variant.PR1068) {
            removeService(services, "analytics");
            removeService(services, "vector");
            services.fields().forEachRemaining(e -> dropVariables(e.getValue(), "LOGFLARE_", "DOCKER_SOCKET_LOCATION"));
            ((ObjectNode) services.get("db")).put("image", PR1068_DB_IMAGE);
            ((ObjectNode) services.get("kong")).put("image", PR1068_KONG_IMAGE);
            // the rest of the PR's description: Studio without the logs feature, writing as postgres; pg-meta as
            // postgres
            ObjectNode studio = (ObjectNode) services.get("studio");
            studio.put("image", "supabase/studio:2026.08.03-sha-022b374");
            ((ObjectNode) studio.get("environment"))
                    .put("ENABLED_FEATURES_LOGS_ALL", "false")
                    .put("POSTGRES_USER_READ_WRITE", "postgres");
            ((ObjectNode) services.get("meta").get("environment")).put("PG_META_DB_USER", "postgres");
        } else {
            ObjectNode kong = (ObjectNode) services.get("kong");
            ObjectNode gw = YAML.createObjectNode();
            gw.put("image", ENVOY_IMAGE);
            gw.put("restart", "unless-stopped");
            gw.set("depends_on", kong.get("depends_on"));
            gw.putArray("expose").add(8000);
            gw.putArray("volumes").add("../files/volumes/api/envoy:/etc/envoy:z");
            ObjectNode env = gw.putObject("environment");
            kong.path("environment").fields().forEachRemaining(e -> {
                if (!e.getKey().startsWith("KONG_")) {
                    env.set(e.getKey(), e.getValue());
                }
            });
            gw.putArray("entrypoint").add("/bin/sh").add("/etc/envoy/docker-entrypoint.sh");
            ObjectNode renamed = YAML.createObjectNode();
            services.fields()
                    .forEachRemaining(e -> renamed.set(
                            e.getKey().equals("kong") ? "api-gw" : e.getKey(),
                            e.getKey().equals("kong") ? gw : e.getValue()));
            root.set("services", renamed);
            renamed.fields().forEachRemaining(e -> pointAtGateway(e.getValue()));
        }
        try {
            return YAML.writeValueAsString(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The env Dokploy would store for the variant: PR #1068 removed {@code LOGFLARE_*} and {@code DOCKER_SOCKET_LOCATION}. */
    public static String env(Variant variant, String processedJulyEnv) {
        if (variant != Variant.PR1068) {
            return processedJulyEnv;
        }
        return processedJulyEnv
                .lines()
                .filter(l -> !l.startsWith("LOGFLARE_") && !l.startsWith("DOCKER_SOCKET_LOCATION"))
                .collect(Collectors.joining("\n"));
    }

    /**
     * The compose file with JWT_JWKS handed to PostgREST, Realtime and Storage, as Supabase's own compose does for
     * PostgREST ({@code PGRST_JWT_SECRET: ${JWT_JWKS:-${JWT_SECRET}}}); Dokploy's template hands it to none of them.
     * Realtime's and Storage's variable names here are ours: what matters to the tool is that JWT_JWKS reaches them.
     */
    public static String wireJwks(String composeFile) {
        String wired = composeFile
                .replace("PGRST_JWT_SECRET: ${JWT_SECRET}", "PGRST_JWT_SECRET: ${JWT_JWKS:-${JWT_SECRET}}")
                .replace(
                        "\n      API_JWT_SECRET: ${JWT_SECRET}",
                        "\n      API_JWT_SECRET: ${JWT_SECRET}\n      API_JWT_JWKS: ${JWT_JWKS}")
                .replace(
                        "\n      AUTH_JWT_SECRET: ${JWT_SECRET}",
                        "\n      AUTH_JWT_SECRET: ${JWT_SECRET}\n      JWT_JWKS: ${JWT_JWKS}");
        if (wired.equals(composeFile)) {
            throw new IllegalArgumentException("no JWT-verifying service found to wire");
        }
        return wired;
    }

    /** The service a Dokploy domain of the variant routes to: the gateway. */
    public static String gateway(Variant variant) {
        return variant == Variant.ENVOY ? "api-gw" : "kong";
    }

    /** Removes a service and every {@code depends_on} entry naming it. */
    private static void removeService(ObjectNode services, String name) {
        services.remove(name);
        services.fields().forEachRemaining(e -> {
            JsonNode depends = e.getValue().get("depends_on");
            if (depends instanceof ObjectNode map) {
                map.remove(name);
                if (map.isEmpty()) {
                    ((ObjectNode) e.getValue()).remove("depends_on");
                }
            } else if (depends instanceof ArrayNode list) {
                for (int i = list.size() - 1; i >= 0; i--) {
                    if (list.get(i).asText().equals(name)) {
                        list.remove(i);
                    }
                }
            }
        });
    }

    /** Drops environment entries named with, or referring to, the prefixes, and volumes that use them. */
    private static void dropVariables(JsonNode service, String... prefixes) {
        JsonNode env = service.get("environment");
        if (env instanceof ObjectNode map) {
            List<String> drop = new ArrayList<>();
            map.fields().forEachRemaining(e -> {
                if (mentions(e.getKey(), prefixes)
                        || mentions(e.getValue().asText(), prefixes)
                        || e.getValue().asText().contains("analytics:4000")) {
                    drop.add(e.getKey());
                }
            });
            drop.forEach(map::remove);
        }
        JsonNode volumes = service.get("volumes");
        if (volumes instanceof ArrayNode list) {
            for (Iterator<JsonNode> it = list.elements(); it.hasNext(); ) {
                if (mentions(it.next().asText(), prefixes)) {
                    it.remove();
                }
            }
        }
    }

    private static boolean mentions(String text, String... prefixes) {
        for (String p : prefixes) {
            if (text.startsWith(p) || text.contains("${" + p) || text.contains("$" + p)) {
                return true;
            }
        }
        return false;
    }

    /** Every {@code kong:8000} URL and the mailer's allowed host {@code kong} now name {@code api-gw}. */
    private static void pointAtGateway(JsonNode service) {
        JsonNode env = service.get("environment");
        if (env instanceof ObjectNode map) {
            for (Map.Entry<String, JsonNode> e : iterable(map)) {
                String v = e.getValue().asText();
                String changed =
                        v.replace("http://kong:8000", "http://api-gw:8000").replaceFirst("^kong,", "api-gw,");
                if (!changed.equals(v)) {
                    map.set(e.getKey(), TextNode.valueOf(changed));
                }
            }
        }
        JsonNode depends = service.get("depends_on");
        if (depends instanceof ObjectNode map && map.has("kong")) {
            // no compose healthcheck is known for api-gw, and Compose refuses service_healthy on a service without one
            ObjectNode started = YAML.createObjectNode().put("condition", "service_started");
            map.remove("kong");
            map.set("api-gw", started);
        }
    }

    private static List<Map.Entry<String, JsonNode>> iterable(ObjectNode node) {
        List<Map.Entry<String, JsonNode>> entries = new ArrayList<>();
        node.fields().forEachRemaining(entries::add);
        return entries;
    }
}
