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
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** dokploy_sync_schema through the real MCP server: destructive, a dry run works anywhere, a real sync needs --allow-writes. */
@NeedsPostgres
@StartsProcess
class McpSyncSchemaIT {
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
    void withoutAllowWritesOnlyTheDryRunRuns() {
        TestPostgres pg = TestPostgres.get();
        String staging = pg.createSupabaseDatabase("mcp_sync_ro_stg");
        String production = pg.createSupabaseDatabase("mcp_sync_ro_prd");
        pg.execute(staging, "CREATE TABLE public.invoices (id bigint PRIMARY KEY)");
        McpTestClient client = start();

        JsonNode tool = null;
        for (JsonNode t : client.request("tools/list", Map.of()).get("result").get("tools")) {
            if (t.get("name").asText().equals("dokploy_sync_schema")) {
                tool = t;
            }
        }
        assertNotNull(tool, "dokploy_sync_schema is listed");
        assertTrue(tool.get("annotations").get("destructiveHint").asBoolean(), tool::toString);
        assertTrue(tool.get("inputSchema").get("properties").has("allowHazards"), tool::toString);

        JsonNode dry = client.callTool(
                "dokploy_sync_schema",
                Map.of("source", pg.adminUrl(staging), "target", pg.adminUrl(production), "dryRun", true));
        assertFalse(dry.get("isError").asBoolean(), dry::toString);
        assertTrue(
                dry.get("structuredContent").get("script").asText().contains("CREATE TABLE public.invoices"),
                dry::toString);

        JsonNode refused = client.callTool(
                "dokploy_sync_schema", Map.of("source", pg.adminUrl(staging), "target", pg.adminUrl(production)));
        assertTrue(McpResults.error(refused).get("message").asText().contains("--allow-writes"), refused::toString);
    }

    @Test
    void hazardsNeedAllowHazardsThenTheSyncIsRecorded() {
        TestPostgres pg = TestPostgres.get();
        String staging = pg.createSupabaseDatabase("mcp_sync_stg");
        String production = pg.createSupabaseDatabase("mcp_sync_prd");
        pg.execute(staging, "CREATE TABLE public.invoices (id bigint PRIMARY KEY)");
        pg.execute(production, "CREATE TABLE public.stale (id int)");
        McpTestClient client = start("--allow-writes");

        JsonNode refused = client.callTool(
                "dokploy_sync_schema", Map.of("source", pg.adminUrl(staging), "target", pg.adminUrl(production)));
        assertEquals(
                "MIGRATION_HAZARDS_NOT_ALLOWED",
                McpResults.error(refused).get("code").asText(),
                refused::toString);

        JsonNode r = client.callTool(
                "dokploy_sync_schema",
                Map.of("source", pg.adminUrl(staging), "target", pg.adminUrl(production), "allowHazards", true));
        assertFalse(r.get("isError").asBoolean(), r::toString);
        JsonNode s = r.get("structuredContent");
        assertTrue(s.get("applied").asBoolean() && s.get("inSync").asBoolean(), s::toString);
        assertTrue(s.get("migrationVersion").asText().matches("\\d{14}"), s::toString);
        assertEquals(1, s.get("summary").get("table").get("dropped").asInt(), s::toString);
    }
}
