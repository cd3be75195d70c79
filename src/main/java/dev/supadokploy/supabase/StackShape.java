package dev.supadokploy.supabase;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Supabase stack's shape as its compose file ({@code compose.one}'s {@code composeFile}) declares it: the services,
 * which of them Docker health-checks, the gateway serving the API and its port, the db image and its Postgres major,
 * which variables reach which service, and the files each service mounts from Dokploy's {@code ../files/}.
 *
 * <p>The stack is whatever the file says, not a fixed list: Dokploy's template dropped {@code analytics} and
 * {@code vector} (Dokploy/templates PR #1068), operators remove them too, and Supabase v0.8.0 replaced Kong by an Envoy
 * service {@code api-gw}. Only what the file states is read: a value Docker would interpolate stays {@code ${…}}.
 */
public record StackShape(List<Service> services) {
    /** The gateways Supabase ships, in the order they are looked for. */
    public static final List<String> GATEWAYS = List.of("kong", "api-gw");

    /** The services that verify the API keys and user sessions with their own copy of the JWT secret. */
    public static final Map<String, String> JWT_VERIFIERS = verifiers();

    private static final YAMLMapper YAML = new YAMLMapper();
    private static final Pattern POSTGRES_MAJOR = Pattern.compile(":(\\d+)(?:\\.|$)");

    /**
     * @param healthcheck  the compose defines a health check that is not disabled
     * @param environment  the service's {@code environment}, as written (values may be {@code ${VAR}} references)
     * @param fileMounts   bind mounts of files Dokploy writes for the template ({@code ../files/...})
     * @param ports        container ports from {@code expose} and {@code ports}
     */
    public record Service(
            String name,
            String image,
            boolean healthcheck,
            Map<String, String> environment,
            List<Mount> fileMounts,
            List<Integer> ports,
            List<String> entrypoint) {
        public Service {
            environment = Collections.unmodifiableMap(new LinkedHashMap<>(environment));
            fileMounts = List.copyOf(fileMounts);
            ports = List.copyOf(ports);
            entrypoint = List.copyOf(entrypoint);
        }

        /** Whether a value of this service's environment uses {@code variable} ({@code ${VAR}}, {@code ${VAR:-…}}, {@code $VAR}). */
        public boolean reads(String variable) {
            Pattern use = Pattern.compile("\\$\\{" + Pattern.quote(variable) + "(?=[}:?\\-+])|\\$"
                    + Pattern.quote(variable) + "(?![A-Za-z0-9_])");
            return environment.values().stream()
                    .anyMatch(v -> v != null && use.matcher(v).find());
        }
    }

    /** A file bind mount: {@code ../files/volumes/api/kong.yml} → {@code /home/kong/temp.yml}. */
    public record Mount(String source, String target) {}

    public StackShape {
        services = List.copyOf(services);
    }

    /** The shape, or empty when there is no compose file or it is not YAML with {@code services}. */
    public static Optional<StackShape> read(String composeFile) {
        if (composeFile == null || composeFile.isBlank()) {
            return Optional.empty();
        }
        JsonNode root;
        try {
            root = YAML.readTree(composeFile);
        } catch (Exception unreadable) {
            return Optional.empty();
        }
        if (root == null
                || !root.path("services").isObject()
                || root.path("services").isEmpty()) {
            return Optional.empty();
        }
        List<Service> services = new ArrayList<>();
        root.path("services").fields().forEachRemaining(e -> services.add(service(e.getKey(), e.getValue())));
        return Optional.of(new StackShape(services));
    }

    public List<String> serviceNames() {
        return services.stream().map(Service::name).toList();
    }

    public boolean has(String service) {
        return service(service).isPresent();
    }

    public Optional<Service> service(String name) {
        return services.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /** Whether Docker health-checks the service (false for a service the file does not have). */
    public boolean healthChecked(String service) {
        return service(service).map(Service::healthcheck).orElse(false);
    }

    /** The gateway serving the API: {@code kong}, Envoy's {@code api-gw}, or else a service running a Kong or Envoy image. */
    public Optional<Service> gateway() {
        for (String name : GATEWAYS) {
            Optional<Service> s = service(name);
            if (s.isPresent()) {
                return s;
            }
        }
        return services.stream()
                .filter(s -> s.image() != null
                        && (s.image().contains("kong") || s.image().contains("envoyproxy/envoy")))
                .findFirst();
    }

    /** The gateway's API port: 8000 when it exposes it (both Supabase gateways do), else its first port. */
    public OptionalInt gatewayPort() {
        return gateway()
                .map(g -> g.ports().contains(8000)
                        ? OptionalInt.of(8000)
                        : g.ports().isEmpty()
                                ? OptionalInt.empty()
                                : OptionalInt.of(g.ports().get(0)))
                .orElse(OptionalInt.empty());
    }

    /** The db service's image, e.g. {@code supabase/postgres:17.6.1.136}. */
    public Optional<String> dbImage() {
        return service("db").map(Service::image).filter(i -> !i.isBlank());
    }

    /** The Postgres major of the db image's tag: 15 for {@code supabase/postgres:15.8.1.085}, 17 for 17.6.1.136. */
    public OptionalInt postgresMajor() {
        return dbImage().map(StackShape::postgresMajor).orElse(OptionalInt.empty());
    }

    public static OptionalInt postgresMajor(String image) {
        int slash = image.lastIndexOf('/');
        Matcher m = POSTGRES_MAJOR.matcher(image.substring(Math.max(0, slash)));
        return m.find() ? OptionalInt.of(Integer.parseInt(m.group(1))) : OptionalInt.empty();
    }

    /**
     * The services the stack cannot serve its API without: db and the gateway, plus auth and rest where the file
     * has them.
     */
    public List<String> essentialServices() {
        List<String> essential = new ArrayList<>();
        vitalServices().forEach(essential::add);
        for (String s : List.of("auth", "rest")) {
            if (has(s)) {
                essential.add(s);
            }
        }
        return List.copyOf(essential);
    }

    /** Without these nothing answers at all: the db and the gateway (those of them the file has). */
    public List<String> vitalServices() {
        List<String> vital = new ArrayList<>();
        if (has("db")) {
            vital.add("db");
        }
        gateway().ifPresent(g -> vital.add(g.name()));
        return List.copyOf(vital);
    }

    /** The services whose environment uses {@code variable}. */
    public List<String> servicesReading(String variable) {
        return services.stream()
                .filter(s -> s.reads(variable))
                .map(Service::name)
                .toList();
    }

    /**
     * The JWT-verifying services present in the file (PostgREST, Realtime, Storage) that are not handed
     * {@code JWT_JWKS}: they accept only HS256 tokens signed with JWT_SECRET, whatever GoTrue signs with.
     */
    public List<String> verifiersWithoutJwks() {
        return JWT_VERIFIERS.keySet().stream()
                .filter(this::has)
                .filter(s -> !service(s).orElseThrow().reads("JWT_JWKS"))
                .toList();
    }

    private static Map<String, String> verifiers() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("rest", "PGRST_JWT_SECRET");
        m.put("realtime", "API_JWT_SECRET");
        m.put("storage", "AUTH_JWT_SECRET");
        return Collections.unmodifiableMap(m);
    }

    private static Service service(String name, JsonNode node) {
        String image = node.path("image").asText("");
        return new Service(
                name,
                image,
                healthcheck(node.get("healthcheck")),
                environment(node.get("environment")),
                fileMounts(node.get("volumes")),
                ports(node),
                strings(node.get("entrypoint")));
    }

    /**
     * A health check counts when the file defines one that is not switched off: {@code disable: true},
     * {@code test: ["NONE"]} and the shorthand {@code healthcheck: disable} all mean none.
     */
    private static boolean healthcheck(JsonNode node) {
        if (node == null || node.isNull()) {
            return false;
        }
        if (node.isTextual()) {
            return !node.asText().strip().equalsIgnoreCase("disable");
        }
        if (node.path("disable").asBoolean(false)) {
            return false;
        }
        JsonNode test = node.get("test");
        if (test == null) {
            return false;
        }
        String first = test.isArray() ? (test.isEmpty() ? "" : test.get(0).asText()) : test.asText();
        return !first.equalsIgnoreCase("NONE") && !first.isBlank();
    }

    /** Both forms Compose accepts: a map, or a list of {@code KEY=value} (a bare {@code KEY} passes the host's value). */
    private static Map<String, String> environment(JsonNode node) {
        Map<String, String> env = new LinkedHashMap<>();
        if (node == null) {
            return env;
        }
        if (node.isObject()) {
            node.fields()
                    .forEachRemaining(e -> env.put(
                            e.getKey(),
                            e.getValue().isNull() ? "" : e.getValue().asText()));
        } else if (node.isArray()) {
            for (JsonNode item : node) {
                String line = item.asText();
                int eq = line.indexOf('=');
                env.put(eq < 0 ? line : line.substring(0, eq), eq < 0 ? "${" + line + "}" : line.substring(eq + 1));
            }
        }
        return env;
    }

    /** Short ({@code SRC:DST[:MODE]}) and long ({@code type: bind, source, target}) volume entries from {@code ../files/}. */
    private static List<Mount> fileMounts(JsonNode node) {
        List<Mount> mounts = new ArrayList<>();
        if (node == null || !node.isArray()) {
            return mounts;
        }
        for (JsonNode v : node) {
            String source;
            String target;
            if (v.isObject()) {
                source = v.path("source").asText("");
                target = v.path("target").asText("");
            } else {
                String[] parts = v.asText().split(":");
                source = parts[0];
                target = parts.length > 1 ? parts[1] : "";
            }
            if (source.startsWith("../files/")) {
                mounts.add(new Mount(source, target));
            }
        }
        return mounts;
    }

    private static List<Integer> ports(JsonNode node) {
        List<Integer> ports = new ArrayList<>();
        for (String key : List.of("expose", "ports")) {
            JsonNode list = node.get(key);
            if (list == null || !list.isArray()) {
                continue;
            }
            for (JsonNode p : list) {
                String text = p.isObject() ? p.path("target").asText("") : p.asText();
                // "8000", "8000/tcp", "127.0.0.1:8000:8000": the container port is the last number
                String[] parts = text.split(":");
                String last = parts[parts.length - 1].split("/")[0].strip();
                if (last.matches("\\d+")) {
                    ports.add(Integer.parseInt(last));
                }
            }
        }
        return ports;
    }

    private static List<String> strings(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node == null || node.isNull()) {
            return out;
        }
        if (node.isArray()) {
            node.forEach(n -> out.add(n.asText()));
        } else {
            out.add(node.asText());
        }
        return out;
    }

    @Override
    public String toString() {
        return "StackShape" + serviceNames().toString().toLowerCase(Locale.ROOT);
    }
}
