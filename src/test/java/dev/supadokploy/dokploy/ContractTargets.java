package dev.supadokploy.dokploy;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.supadokploy.config.Secret;
import dev.supadokploy.errors.SupaException;
import dev.supadokploy.testing.dokploy.DokploySimulator;
import dev.supadokploy.testing.dokploy.DokployTemplate;
import dev.supadokploy.testing.dokploy.EnvFixtureGenerator;
import dev.supadokploy.testing.dokploy.RealDokploy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.function.Executable;

/**
 * The two servers the contract suites run the same test bodies against: the real Dokploy v0.30.2 of
 * {@code ../shared/dokploy/server} ({@link RealDokploy}: skipped when it is neither running nor prepared) and the
 * {@link DokploySimulator} set to the same version. Every call goes through the project's own
 * {@link DokployApi}/{@link DokployClient}.
 */
final class ContractTargets {
    /** The version of the real server; the simulator is set to it so both take the same code paths. */
    static final String VERSION = "v0.30.2";

    enum Backend {
        REAL,
        SIMULATOR
    }

    /** One server for one test: the API, the raw client (for shapes and for inputs the API does not send) and its closer. */
    record Target(
            Backend backend,
            DokployApi api,
            DokployClient client,
            String templatesBaseUrl,
            String url,
            DokploySimulator simulator)
            implements AutoCloseable {
        JsonNode query(String procedure, Map<String, ?> params) {
            return client.query(procedure, params, JsonNode.class);
        }

        JsonNode mutate(String procedure, Map<String, ?> body) {
            return client.mutate(procedure, body, JsonNode.class);
        }

        /** A client of the same server holding a key the server never issued. */
        DokployApi withWrongKey() {
            return new DokployApi(ContractTargets.client(
                    url, Secret.of("wrong-" + UUID.randomUUID().toString().replace("-", ""))));
        }

        @Override
        public void close() {
            if (simulator != null) {
                simulator.close();
            }
        }
    }

    private ContractTargets() {}

    static Target open(Backend backend) {
        if (backend == Backend.REAL) {
            RealDokploy.Server server = RealDokploy.require();
            DokployClient client = client(server.url(), server.apiKey());
            return new Target(backend, new DokployApi(client), client, server.templatesBaseUrl(), server.url(), null);
        }
        DokploySimulator simulator = DokploySimulator.start(
                DokploySimulator.Options.defaults().withVersion(VERSION).withDeployDuration(Duration.ofMillis(200)));
        DokployClient client = client(simulator.url(), Secret.of(simulator.apiKey()));
        return new Target(backend, new DokployApi(client), client, null, simulator.url(), simulator);
    }

    /** Next.js dev mode compiles a route on its first hit, which takes tens of seconds on two cores: read patiently. */
    static DokployClient client(String url, Secret key) {
        return new DokployClient(
                DokployEndpoint.of(url, key),
                new DokployClient.Options(Duration.ofSeconds(5), Duration.ofSeconds(180), RetryPolicy.NONE));
    }

    /** A name no earlier run used: the real server keeps every project the suite made. */
    static String unique(String prefix) {
        return prefix + "-" + Long.toString(System.nanoTime() & 0xffffffffL, 36);
    }

    /** A new project with its production environment, as {@code deploy setup} makes it. */
    static CreatedProject project(Target t, String name) {
        return t.api().createProject(name, "contract test");
    }

    /** {@code compose.create} with a raw compose file, the way the contract needs a compose without the template. */
    static JsonNode createCompose(Target t, String environmentId, String appName, String composeFile) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", appName);
        body.put("environmentId", environmentId);
        body.put("composeType", "docker-compose");
        body.put("appName", appName);
        body.put("composeFile", composeFile);
        return t.mutate("compose.create", body);
    }

    static final String WEB_COMPOSE = "services:\n  web:\n    image: nginx:alpine\n";

    /** {@code compose.deployTemplate} for Supabase, from the local templates site on the real server. */
    static JsonNode deployTemplate(Target t, String environmentId, String serverId) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("environmentId", environmentId);
        body.put("id", "supabase");
        body.put("serverId", serverId);
        // Without baseUrl Dokploy fetches templates.dokploy.com, which this machine cannot reach.
        body.put("baseUrl", t.templatesBaseUrl());
        return t.mutate("compose.deployTemplate", body);
    }

    /** Dokploy's {@code slugify} (packages/server/src/setup/server-setup.ts): punctuation deleted, then slugged. */
    static String dokploySlug(String text) {
        String cleaned = text.strip().replaceAll("[^a-zA-Z0-9\\s]", "");
        return cleaned.toLowerCase(Locale.ROOT).strip().replaceAll("\\s+", "-");
    }

    /** The template's env lines and file mounts, read from the same template.toml both servers serve. */
    record TemplateCounts(int envLines, int mounts) {}

    @SuppressWarnings("unchecked")
    static TemplateCounts templateCounts() {
        try {
            Map<String, Object> parsed = DokployTemplate.parse(Files.readString(EnvFixtureGenerator.templatePath()));
            Map<String, Object> config = (Map<String, Object>) parsed.get("config");
            return new TemplateCounts(
                    ((List<Object>) config.get("env")).size(), ((List<Object>) config.get("mounts")).size());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** The fields of an object that are not lists: its columns, without the relations Dokploy nests as arrays. */
    static Set<String> scalarFieldNames(JsonNode node) {
        Set<String> names = new TreeSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (!field.getValue().isArray()) {
                names.add(field.getKey());
            }
        }
        return names;
    }

    static JsonNode find(JsonNode array, String field, String value) {
        for (JsonNode item : array) {
            if (value.equals(item.path(field).asText(null))) {
                return item;
            }
        }
        return fail("no element with " + field + "=" + value + " in " + array);
    }

    static SupaException failure(Executable call) {
        return assertThrows(SupaException.class, call);
    }

    /** Polls until a deployment matches (deploys are queued: the row appears once the worker takes the job). */
    static Deployment awaitDeployment(DokployApi api, String composeId, Predicate<Deployment> wanted, Duration timeout)
            throws InterruptedException {
        Instant end = Instant.now().plus(timeout);
        List<Deployment> seen = new ArrayList<>();
        while (Instant.now().isBefore(end)) {
            seen = api.deployments(composeId);
            Optional<Deployment> match = seen.stream().filter(wanted).findFirst();
            if (match.isPresent()) {
                return match.get();
            }
            Thread.sleep(250);
        }
        return fail("no matching deployment of " + composeId + " within " + timeout + "; seen: " + seen);
    }
}
