package dev.supadokploy.cli.instances;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.supadokploy.testing.CliRunner;
import dev.supadokploy.testing.NeedsSimulator;
import dev.supadokploy.testing.dokploy.DokploySimulator;
import dev.supadokploy.testing.dokploy.OpenApiContract;
import dev.supadokploy.testing.dokploy.Simulated;
import dev.supadokploy.testing.dokploy.SimulatorEnv;
import dev.supadokploy.testing.dokploy.SupabaseFleet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code instances list} through the real CLI against the simulator holding two Supabase stacks and a web app. */
@NeedsSimulator
class InstancesListCommandTest {
    @TempDir
    Path dir;

    @Simulated
    DokploySimulator sim;

    SupabaseFleet fleet;

    @BeforeEach
    void start() {
        assumeTrue(DokploySimulator.class.getResource("/fixtures/env/dokploy-current.env") != null);
        fleet = SupabaseFleet.create(sim);
    }

    private CliRunner cli() {
        return SimulatorEnv.cli(sim, dir);
    }

    private static List<String> texts(JsonNode array, String field) {
        List<String> values = new ArrayList<>();
        array.forEach(
                n -> values.add(n.path(field).isNull() ? null : n.path(field).asText()));
        return values;
    }

    @Test
    void listsEveryStackByProjectAndEnvironmentAndNoOtherCompose() {
        int before = sim.requests().size();
        CliRunner.Result r = cli().run("instances", "list", "--output", "json");
        assertEquals(0, r.exitCode(), r::toString);
        JsonNode json = r.json();
        JsonNode stacks = json.get("stacks");
        assertEquals(List.of(fleet.productionId(), fleet.stagingId()), texts(stacks, "composeId"), r::toString);
        assertEquals(List.of("acme", "acme"), texts(stacks, "project"));
        assertEquals(List.of("production", "staging"), texts(stacks, "environment"));
        assertEquals(
                List.of(fleet.productionUrl(), fleet.stagingUrl()),
                texts(stacks, "publicUrl"),
                "https only where the domain has it");
        assertEquals(List.of("domain", "domain"), texts(stacks, "publicUrlSource"));
        assertEquals(List.of("idle", "idle"), texts(stacks, "status"), "created from the template, never deployed");
        assertTrue(stacks.get(0).get("appName").asText().startsWith("acme-supabase-"), r::toString);
        assertFalse(r.stdout().contains(fleet.webAppId()), "the web app is not a Supabase stack");
        assertEquals(1, json.get("otherComposeServices").asInt());

        // one project.all, then compose.one per compose service: Dokploy's listing carries no env (its domains come
        // with compose.one), as the contract suite shows on the real v0.30.2 server
        assertEquals(4, json.get("apiCalls").asInt());
        List<String> paths = sim.requests().subList(before, sim.requests().size()).stream()
                .map(DokploySimulator.Call::path)
                .toList();
        assertEquals(List.of("/api/project.all", "/api/compose.one", "/api/compose.one", "/api/compose.one"), paths);
        OpenApiContract.assertDocumented(
                sim.requests().subList(before, sim.requests().size()));

        for (String secret : fleet.secretValues()) {
            assertFalse(r.stdout().contains(secret), "no secret from the stack's env in the result");
        }
        String snippet = stacks.get(1).get("configSnippet").asText();
        assertTrue(
                snippet.startsWith("[instances.staging]\ndokploy_compose_id = \"" + fleet.stagingId() + "\"\n"),
                snippet);
        assertTrue(snippet.contains("supabase_url = \"" + fleet.stagingUrl() + "\""), snippet);
        assertTrue(stacks.get(0).get("configSnippet").asText().startsWith("[instances.production]"), r::toString);
    }

    @Test
    void textGroupsByProjectAndEnvironment() {
        CliRunner.Result r = cli().run("instances", "list");
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.stdout().startsWith("2 Supabase stacks on " + sim.url()), r::toString);
        assertTrue(r.stdout().contains("\nacme / production\n"), r::toString);
        assertTrue(r.stdout().contains("\nacme / staging\n"), r::toString);
        assertTrue(r.stdout().contains("Not in config.toml yet"), r::toString);
        assertFalse(r.stdout().contains("shop"), r::toString);
    }

    @Test
    void aListingWithoutEnvsReadsEachCompose() {
        sim.trimmedProjectList(true);
        int before = sim.requests().size();
        CliRunner.Result r = cli().run("instances", "list", "--output", "json");
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals(
                List.of(fleet.productionId(), fleet.stagingId()), texts(r.json().get("stacks"), "composeId"));
        assertEquals(
                List.of(fleet.productionUrl(), fleet.stagingUrl()),
                texts(r.json().get("stacks"), "publicUrl"));
        // project.all, then compose.one for each of the three services (its domains come with it)
        assertEquals(4, r.json().get("apiCalls").asInt());
        assertEquals(4, sim.requests().size() - before);
    }

    @Test
    void environmentFilter() {
        CliRunner.Result r = cli().run("instances", "list", "--environment", "staging", "--output", "json");
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals(List.of(fleet.stagingId()), texts(r.json().get("stacks"), "composeId"));
        assertEquals("staging", r.json().get("environment").asText());

        CliRunner.Result none = cli().run("instances", "list", "--environment", "dev", "--output", "json");
        assertEquals(0, none.exitCode(), none::toString);
        assertEquals(0, none.json().get("stacks").size());
        assertTrue(none.stderr().contains("has an environment named 'dev'"), none::toString);
        assertTrue(none.stderr().contains("production, staging"), none::toString);
    }

    @Test
    void mergesConfigInstancesAndFlagsTheStaleOne() throws Exception {
        Path config = dir.resolve("config.toml");
        Files.writeString(config, """
                [instances.prod]
                dokploy_compose_id = "%s"
                environment = "production"
                supabase_url = "%s"

                [instances.old]
                dokploy_compose_id = "deleted-compose-id"
                environment = "staging"
                """.formatted(fleet.productionId(), fleet.productionUrl()));
        CliRunner.Result r = cli().run("--config", config.toString(), "instances", "list", "--output", "json");
        assertEquals(0, r.exitCode(), r::toString);
        JsonNode json = r.json();
        JsonNode production = json.get("stacks").get(0);
        assertEquals("prod", production.get("configInstances").get(0).asText());
        assertFalse(production.has("configSnippet"), "a configured stack needs no snippet");
        assertTrue(json.get("stacks").get(1).get("configSnippet").asText().startsWith("[instances.staging]"));

        JsonNode configured = json.get("configured");
        assertEquals(List.of("old", "prod"), texts(configured, "name"));
        assertEquals(List.of("missing", "linked"), texts(configured, "link"));
        assertTrue(configured.get(0).get("note").asText().contains("no longer exists"), r::toString);
        assertEquals(1, json.get("warnings").size(), r::toString);
        assertTrue(r.stderr().contains("warning: [instances.old]"), r::toString);

        CliRunner.Result staging = cli().env("SUPA_DOKPLOY_CONFIG", config.toString())
                .run("instances", "list", "--environment", "staging", "--output", "json");
        assertEquals(
                List.of("old"),
                texts(staging.json().get("configured"), "name"),
                "the filter applies to config instances too");

        CliRunner.Result text = cli().run("--config", config.toString(), "instances", "list");
        assertTrue(text.stdout().contains("config.toml instances"), text::toString);
        assertTrue(text.stdout().contains("missing"), text::toString);
    }

    @Test
    void aWrongKeyIsUnauthorized() {
        CliRunner.Result r = cli().env("DOKPLOY_API_KEY", "not-the-key").run("instances", "list");
        assertEquals(4, r.exitCode(), r::toString);
        assertTrue(r.stderr().contains("[DOKPLOY_UNAUTHORIZED]"), r::toString);
        assertEquals("", r.stdout());
    }

    @Test
    void withoutAnyDokployConfigListsConfigInstancesUnchecked() throws Exception {
        Path config = dir.resolve("config.toml");
        Files.writeString(config, "[instances.prod]\ndokploy_compose_id = \"abc\"\n");
        CliRunner.Result r =
                new CliRunner().run("--config", config.toString(), "instances", "list", "--output", "json");
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals("unchecked", r.json().get("configured").get(0).get("link").asText());
        assertTrue(r.json().get("note").asText().contains("No Dokploy server configured"), r::toString);
        assertTrue(r.stderr().contains("DOKPLOY_URL"), r::toString);

        CliRunner.Result nothing = new CliRunner().run("instances", "list");
        assertEquals(6, nothing.exitCode(), nothing::toString);
        assertTrue(nothing.stderr().contains("[CONFIGURATION_NOT_FOUND]"), nothing::toString);
    }
}
