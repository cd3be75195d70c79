package dev.supadokploy.cli.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.supadokploy.dokploy.DokployApi;
import dev.supadokploy.testing.CliRunner;
import dev.supadokploy.testing.NeedsSimulator;
import dev.supadokploy.testing.dokploy.DeployedStack;
import dev.supadokploy.testing.dokploy.DokploySimulator;
import dev.supadokploy.testing.dokploy.DokployTemplate.Generation;
import dev.supadokploy.testing.dokploy.Simulated;
import dev.supadokploy.testing.dokploy.SimulatorEnv;
import dev.supadokploy.util.DotEnv;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code keys regenerate} through the CLI: text and JSON, secrets redacted, --yes needed without a terminal. */
@NeedsSimulator
class KeysRegenerateCommandTest {
    @Simulated(deployMillis = 30)
    DokploySimulator sim;

    CliRunner cli;
    DokployApi api;

    @TempDir
    Path home;

    @BeforeEach
    void start() {
        assumeTrue(DokploySimulator.class.getResource("/fixtures/env/dokploy-current.env") != null);
        sim.templateGeneration(Generation.BUGGY_V0_25_5);
        api = DeployedStack.api(sim);
        cli = SimulatorEnv.cli(sim, home);
    }

    @Test
    void textThenJsonWithSecretsRedacted() {
        DeployedStack stack = DeployedStack.deploy(sim, "cli");
        String id = stack.composeId();

        CliRunner.Result refused = cli.run("keys", "regenerate", "--compose-id", id);
        assertEquals(5, refused.exitCode(), refused::toString);
        assertTrue(refused.stderr().contains("[VALIDATION_CONFIRMATION_REQUIRED]"), refused::toString);

        CliRunner.Result dry = cli.run("keys", "regenerate", "--compose-id", id, "--dry-run");
        assertEquals(0, dry.exitCode(), dry::toString);
        assertTrue(dry.stdout().startsWith("Plan (dry run, nothing changed): "), dry::toString);
        assertTrue(dry.stdout().contains("keys.anon-equals-service"), dry::toString);

        CliRunner.Result text = cli.run("keys", "regenerate", "--compose-id", id, "--yes");
        assertEquals(0, text.exitCode(), text::toString);
        Map<String, String> env = DotEnv.parse(api.compose(id).env()).toMap();
        String service = env.get("SERVICE_ROLE_KEY");
        assertTrue(text.stdout().contains("Keys regenerated: "), text::toString);
        assertTrue(text.stdout().matches("(?s).*JWT_SECRET:\\s+kept.*"), text::toString);
        assertTrue(text.stdout().matches("(?s).*SERVICE_ROLE_KEY\\s+service_role\\s+supabase.*"), text::toString);
        assertTrue(text.stdout().contains("ok   auth admin refuses the anon key"), text::toString);
        assertFalse(
                text.stdout().contains(service) || text.stderr().contains(service), "the service key is not printed");
        assertFalse(text.stdout().contains(env.get("JWT_SECRET")), "nor the JWT secret");

        CliRunner.Result json = cli.run("keys", "regenerate", "--compose-id", id, "--yes", "--output", "json");
        assertEquals(0, json.exitCode(), json::toString);
        JsonNode r = json.json();
        Map<String, String> latest = DotEnv.parse(api.compose(id).env()).toMap();
        assertEquals(latest.get("ANON_KEY"), r.get("values").get("ANON_KEY").asText());
        assertTrue(r.get("values").get("SERVICE_ROLE_KEY").asText().contains("redacted"), r::toString);
        assertFalse(json.stdout().contains(latest.get("SERVICE_ROLE_KEY")));
        assertEquals(0, r.get("before").size(), "the second run found nothing wrong: " + r.get("before"));
        assertTrue(r.get("jwtSecretKept").asBoolean());
        assertEquals("healthy", r.get("health").asText());
        assertEquals("service_role", r.get("after").get(1).get("role").asText());
        assertTrue(r.get("backup").asText().startsWith(home.resolve("state").toString()), r::toString);

        CliRunner.Result revealed =
                cli.run("keys", "regenerate", "--compose-id", id, "--yes", "--reveal", "--output", "json");
        assertEquals(0, revealed.exitCode(), revealed::toString);
        assertEquals(
                DotEnv.parse(api.compose(id).env()).toMap().get("SERVICE_ROLE_KEY"),
                revealed.json().get("values").get("SERVICE_ROLE_KEY").asText());
    }
}
