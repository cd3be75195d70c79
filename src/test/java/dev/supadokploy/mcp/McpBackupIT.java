package dev.supadokploy.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
 * create_backup and restore_backup through the real MCP server: the key comes from the server's environment
 * (SUPA_DOKPLOY_BACKUP_KEY), writing the archive needs --allow-writes, and a dry run reports the rows per table.
 */
@NeedsPostgres
@StartsProcess
class McpBackupIT {
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
    void anAgentBacksUpAndDryRunsARestore() throws Exception {
        TestPostgres pg = TestPostgres.get();
        String db = pg.createDatabase("mcp_bk");
        pg.execute(
                db,
                "CREATE TABLE public.items (id bigint PRIMARY KEY, name text); "
                        + "INSERT INTO public.items SELECT g, 'item ' || g FROM generate_series(1, 1234) g;");
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
        Path out = home.resolve("backups");
        Files.createDirectories(out);

        JsonNode created = client.callTool(
                "create_backup",
                Map.of("connectionString", pg.adminUrl(db), "outputPath", out.toString(), "encrypt", true));
        assertFalse(created.get("isError").asBoolean(), created::toString);
        JsonNode c = created.get("structuredContent");
        assertEquals(1234, c.get("rows").asLong());
        assertTrue(c.get("encrypted").asBoolean());

        JsonNode dry =
                client.callTool("restore_backup", Map.of("file", c.get("file").asText(), "dryRun", true));
        assertFalse(dry.get("isError").asBoolean(), dry::toString);
        JsonNode d = dry.get("structuredContent");
        assertEquals("would_restore", d.get("verdict").asText());
        assertEquals("public.items", d.get("tables").get(0).get("table").asText());
        assertEquals(1234, d.get("tables").get(0).get("rows").asLong());

        String scratch = pg.createDatabase("mcp_bk_scratch");
        JsonNode compared = client.callTool(
                "verify_backup", Map.of("file", c.get("file").asText(), "restoreTo", pg.adminUrl(scratch)));
        assertFalse(compared.get("isError").asBoolean(), compared::toString);
        assertEquals(1, compared.get("structuredContent").get("tablesVerified").asInt(), compared::toString);
        assertEquals(
                0, compared.get("structuredContent").get("schemaDifferences").asInt(), compared::toString);

        Map<String, Object> clean = Map.of(
                "file",
                c.get("backupId").asText(),
                "directory",
                out.toString(),
                "connectionString",
                pg.adminUrl(scratch),
                "clean",
                true);
        JsonNode unconfirmed = client.callTool("restore_backup", clean);
        assertEquals(
                "VALIDATION_CONFIRMATION_REQUIRED",
                McpResults.error(unconfirmed).get("code").asText(),
                unconfirmed::toString);
        Map<String, Object> confirmed = new java.util.HashMap<>(clean);
        confirmed.put("confirm", true);
        JsonNode cleaned = client.callTool("restore_backup", confirmed);
        assertFalse(cleaned.get("isError").asBoolean(), cleaned::toString);
        assertEquals("restored", cleaned.get("structuredContent").get("verdict").asText());
        assertEquals(
                "table public.items",
                cleaned.get("structuredContent").get("dropped").get(0).asText(),
                cleaned::toString);

        JsonNode wrong = client.callTool(
                "verify_backup", Map.of("file", c.get("file").asText(), "decryptionKey", "not the passphrase!"));
        assertEquals("BACKUP_WRONG_KEY", McpResults.code(wrong), wrong::toString);
    }
}
