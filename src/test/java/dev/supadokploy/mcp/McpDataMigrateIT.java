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
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * cross_instance_migrate through the real MCP server: refused without --allow-writes before touching the target; with
 * it, rows arrive, progress notifications flow for the caller's token, and the verdict is in structuredContent.
 */
@NeedsPostgres
@StartsProcess
class McpDataMigrateIT {
    @TempDir
    Path home;

    McpProcess server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private McpTestClient start(String... args) {
        server = McpProcess.start(
                Map.of(
                        "HOME",
                        home.toString(),
                        "XDG_CONFIG_HOME",
                        home.resolve("config").toString()),
                args);
        McpTestClient client = server.client();
        client.initialize();
        return client;
    }

    @Test
    void anAgentMigratesRowsOnlyWithAllowWrites() throws Exception {
        TestPostgres pg = TestPostgres.get();
        String a = pg.createDatabase("mcp_data_a");
        String b = pg.createDatabase("mcp_data_b");
        String ddl = "CREATE TABLE public.items (id bigint PRIMARY KEY, name text, price numeric(10,2));";
        pg.execute(
                a, ddl + "INSERT INTO public.items SELECT g, 'item ' || g, g / 7.0 FROM generate_series(1, 20000) g;");
        pg.execute(b, ddl);
        Map<String, Object> args =
                Map.of("source", pg.adminUrl(a), "target", pg.adminUrl(b), "jobs", 2, "splitSize", "64kB");

        JsonNode refused = start().callTool("cross_instance_migrate", args);
        assertTrue(McpResults.error(refused).toString().contains("--allow-writes"), refused::toString);
        assertEquals(0, count(pg, b));
        server.close();

        McpTestClient client = start("--allow-writes");
        JsonNode tool = null;
        for (JsonNode t : client.request("tools/list", Map.of()).get("result").get("tools")) {
            if (t.get("name").asText().equals("cross_instance_migrate")) {
                tool = t;
            }
        }
        assertNotNull(tool, "cross_instance_migrate is listed");
        assertFalse(tool.get("annotations").get("readOnlyHint").asBoolean(), tool::toString);
        assertTrue(tool.get("inputSchema").get("properties").has("verifyIntegrity"), tool::toString);

        JsonNode response = client.request(
                "tools/call",
                Map.of(
                        "name",
                        "cross_instance_migrate",
                        "arguments",
                        args,
                        "_meta",
                        Map.of("progressToken", "copy-1")));
        JsonNode result = response.get("result");
        assertFalse(result.get("isError").asBoolean(), result::toString);
        JsonNode s = result.get("structuredContent");
        assertEquals("verified", s.get("verdict").asText(), s::toString);
        assertEquals(20000, s.get("rowsMigrated").asLong());
        assertTrue(s.get("tables").get(0).get("parts").asInt() > 1, s::toString);
        assertEquals(20000, count(pg, b));
        List<JsonNode> progress = client.notifications("notifications/progress");
        assertFalse(progress.isEmpty(), "progress notifications for the token");
        assertEquals(
                "copy-1", progress.get(0).get("params").get("progressToken").asText());

        JsonNode again = client.callTool("cross_instance_migrate", args);
        assertEquals(
                "MIGRATION_TARGET_NOT_EMPTY",
                McpResults.error(again).get("code").asText(),
                again::toString);
    }

    private static long count(TestPostgres pg, String db) throws Exception {
        try (Connection c = pg.adminConnection(db);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT count(*) FROM public.items")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
