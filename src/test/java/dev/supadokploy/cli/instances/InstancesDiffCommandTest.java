package dev.supadokploy.cli.instances;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.supadokploy.testing.CliRunner;
import dev.supadokploy.testing.NeedsPostgres;
import dev.supadokploy.testing.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** instances diff --all: the matrix on a terminal and in JSON, before and after a sync-schema. */
@NeedsPostgres
class InstancesDiffCommandTest {
    @TempDir
    Path dir;

    @Test
    void theMatrixShowsDriftUntilASyncRemovesIt() throws Exception {
        TestPostgres pg = TestPostgres.get();
        String staging = pg.createSupabaseDatabase("driftcli_stg");
        String production = pg.createSupabaseDatabase("driftcli_prd");
        pg.execute(staging, "CREATE TABLE public.invoices (id bigint PRIMARY KEY)");
        Path config = dir.resolve("config.toml");
        Files.writeString(
                config, """
                [instances.staging]
                database_url = "%s"

                [instances.production]
                database_url = "%s"
                """.formatted(pg.adminUrlWithoutPassword(staging), pg.adminUrlWithoutPassword(production)));
        CliRunner cli = new CliRunner();
        if (pg.adminPassword() != null) {
            cli.env("PGPASSWORD", pg.adminPassword());
        }

        CliRunner.Result text = cli.run("--config", config.toString(), "instances", "diff", "--all");
        assertEquals(0, text.exitCode(), text::toString);
        assertTrue(text.stdout().contains("2 different schema(s) across 2 instance(s)"), text.stdout());
        assertTrue(
                text.stdout().contains("INSTANCE")
                        && text.stdout().contains("staging")
                        && text.stdout().contains("production"),
                text.stdout());

        CliRunner.Result sync = cli.run(
                "--config", config.toString(), "instances", "sync-schema", "--from", "staging", "--to", "production");
        assertEquals(0, sync.exitCode(), sync::toString);

        CliRunner.Result json =
                cli.run("--config", config.toString(), "instances", "diff", "--all", "--output", "json");
        assertEquals(0, json.exitCode(), json::toString);
        JsonNode j = json.json();
        assertTrue(j.get("inSync").asBoolean(), j::toString);
        assertEquals("staging", j.get("instances").get(1).get("instance").asText(), "by name");
        assertEquals("production", j.get("instances").get(1).get("sameAs").asText(), j::toString);
        assertFalse(json.stdout().contains("INSTANCE"));
    }
}
