package dev.supadokploy.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.supadokploy.testing.McpProcess;
import dev.supadokploy.testing.McpResults;
import dev.supadokploy.testing.McpTestClient;
import dev.supadokploy.testing.NeedsPostgres;
import dev.supadokploy.testing.StartsProcess;
import dev.supadokploy.testing.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * dokploy_promote_deployment through the real MCP server started with --allow-writes: it needs confirm, encrypts the
 * backup with the server's own key, and a failed apply comes back as a coded error carrying the steps and restore command.
 */
@NeedsPostgres
@StartsProcess
class McpPromoteIT {
    @TempDir
    Path home;

    McpProcess server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void promotionNeedsConfirmThenBacksUpAndApplies() throws Exception {
        TestPostgres pg = TestPostgres.get();
        String staging = pg.createSupabaseDatabase("mcp_prom_stg");
        String production = pg.createSupabaseDatabase("mcp_prom_prd");
        pg.execute(staging, "CREATE TABLE public.invoices (id bigint PRIMARY KEY, note text NOT NULL)");
        pg.execute(
                production,
                "CREATE TABLE public.invoices (id bigint PRIMARY KEY, note text); INSERT INTO public.invoices VALUES (1, null)");
        Path backups = Files.createDirectories(home.resolve("backups"));
        server = McpProcess.start(
                Map.of(
                        "HOME",
                        home.toString(),
                        "XDG_CONFIG_HOME",
                        home.resolve("config").toString(),
                        "SUPA_DOKPLOY_BACKUP_KEY",
                        "the server's own passphrase"),
                "--allow-writes");
        McpTestClient client = server.client();
        client.initialize();

        JsonNode tool = null;
        for (JsonNode t : client.request("tools/list", Map.of()).get("result").get("tools")) {
            if (t.get("name").asText().equals("dokploy_promote_deployment")) {
                tool = t;
            }
        }
        assertNotNull(tool, "dokploy_promote_deployment is listed");
        assertTrue(tool.get("annotations").get("destructiveHint").asBoolean(), tool::toString);
        assertTrue(tool.get("inputSchema").get("properties").has("createBackup"), tool::toString);

        Map<String, Object> args = Map.of(
                "source",
                pg.adminUrl(staging),
                "target",
                pg.adminUrl(production),
                "backupPath",
                backups.toString(),
                "allowHazards",
                true);
        JsonNode unconfirmed = client.callTool("dokploy_promote_deployment", args);
        assertEquals(
                "VALIDATION_CONFIRMATION_REQUIRED",
                McpResults.error(unconfirmed).get("code").asText(),
                unconfirmed::toString);

        java.util.Map<String, Object> confirmed = new java.util.HashMap<>(args);
        confirmed.put("confirm", true);
        JsonNode failed = client.callTool("dokploy_promote_deployment", confirmed);
        assertEquals(
                "MIGRATION_APPLY_FAILED", McpResults.error(failed).get("code").asText(), failed::toString);
        assertTrue(failed.toString().contains("supa-dokploy backup restore"), failed::toString);
        assertFalse(failed.toString().contains("the server's own passphrase"), failed::toString);

        pg.execute(production, "UPDATE public.invoices SET note = 'fixed'");
        JsonNode r = client.callTool("dokploy_promote_deployment", confirmed);
        assertFalse(r.get("isError").asBoolean(), r::toString);
        JsonNode s = r.get("structuredContent");
        assertEquals("promoted", s.get("status").asText(), s::toString);
        assertEquals(4, s.get("steps").size(), s::toString);
        assertTrue(
                s.get("restoreCommand").asText().contains("--decryption-key env:SUPA_DOKPLOY_BACKUP_KEY"), s::toString);
        assertTrue(Files.exists(Path.of(s.get("backupFile").asText())), s::toString);
    }
}
