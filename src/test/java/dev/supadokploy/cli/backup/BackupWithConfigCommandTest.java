package dev.supadokploy.cli.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.supadokploy.dokploy.Compose;
import dev.supadokploy.dokploy.DokployApi;
import dev.supadokploy.testing.CliRunner;
import dev.supadokploy.testing.NeedsPostgres;
import dev.supadokploy.testing.NeedsSimulator;
import dev.supadokploy.testing.TestPostgres;
import dev.supadokploy.testing.dokploy.DeployedStack;
import dev.supadokploy.testing.dokploy.DokploySimulator;
import dev.supadokploy.testing.dokploy.Simulated;
import dev.supadokploy.util.DotEnv;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** backup create of a Dokploy-linked instance → restore --with-config onto another, as an operator types it. */
@NeedsPostgres
@NeedsSimulator
class BackupWithConfigCommandTest {
    static final String SECRET = "value-the-terminal-never-shows";

    @Simulated(deployMillis = 50)
    DokploySimulator sim;

    @TempDir
    Path dir;

    @Test
    void theTextAndJsonNameEnvKeysNeverTheirValues() throws Exception {
        TestPostgres pg = TestPostgres.get();
        DokployApi api = DeployedStack.api(sim);
        DeployedStack source = DeployedStack.deploy(sim, "production");
        DeployedStack target = DeployedStack.deploy(sim, "fresh");
        Compose compose = api.compose(source.composeId());
        api.saveEnvironment(
                source.composeId(),
                DotEnv.parse(compose.env()).set("STRIPE_WEBHOOK_SECRET", SECRET).write());
        String sourceDb = pg.createDatabase("cfgcli_src");
        pg.execute(sourceDb, "CREATE TABLE t (id int PRIMARY KEY)");
        String targetDb = pg.createDatabase("cfgcli_new");
        Path config = dir.resolve("config.toml");
        Files.writeString(config, """
                [instances.production]
                database_url = "%s"
                dokploy_compose_id = "%s"

                [instances.fresh]
                database_url = "%s"
                dokploy_compose_id = "%s"
                """.formatted(
                        pg.adminUrlWithoutPassword(sourceDb),
                        source.composeId(),
                        pg.adminUrlWithoutPassword(targetDb),
                        target.composeId()));
        CliRunner cli = CliRunner.forServer(pg)
                .env("BK_KEY", "a long enough passphrase")
                .env("DOKPLOY_URL", sim.url())
                .env("DOKPLOY_API_KEY", sim.apiKey());

        CliRunner.Result created = cli.run(
                "backup",
                "create",
                "--config",
                config.toString(),
                "--instance",
                "production",
                "--output-path",
                dir + "/",
                "--encrypt",
                "--encryption-key",
                "env:BK_KEY",
                "--stack-config",
                "--output",
                "json");
        assertEquals(0, created.exitCode(), created::toString);
        JsonNode part = null;
        for (JsonNode p : created.json().get("parts")) {
            part = p.get("part").asText().equals("config") ? p : part;
        }
        assertNotNull(part, created::toString);
        assertEquals("included", part.get("status").asText());
        String file = created.json().get("file").asText();

        CliRunner.Result refused = cli.run(
                "backup",
                "restore",
                file,
                "--config",
                config.toString(),
                "--instance",
                "fresh",
                "--decryption-key",
                "env:BK_KEY",
                "--with-config");
        assertEquals(5, refused.exitCode(), refused::toString);
        assertTrue(refused.stderr().contains("VALIDATION_CONFIRMATION_REQUIRED"), refused.stderr());
        assertFalse(api.compose(target.composeId()).env().contains(SECRET), "nothing was put on the compose");

        CliRunner.Result restored = cli.run(
                "backup",
                "restore",
                file,
                "--config",
                config.toString(),
                "--instance",
                "fresh",
                "--decryption-key",
                "env:BK_KEY",
                "--with-config",
                "--yes");
        assertEquals(0, restored.exitCode(), restored::toString);
        assertTrue(restored.stdout().contains("Stack config put onto"), restored.stdout());
        assertTrue(restored.stdout().contains("STRIPE_WEBHOOK_SECRET"), restored.stdout());
        assertFalse(restored.stdout().contains(SECRET), restored.stdout());
        assertFalse(restored.stderr().contains(SECRET), restored.stderr());
        assertTrue(api.compose(target.composeId()).env().contains("STRIPE_WEBHOOK_SECRET=" + SECRET));
    }
}
