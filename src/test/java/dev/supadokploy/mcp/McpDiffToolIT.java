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

/** generate_diff through the real MCP server: listed read-only, the script and summary in structuredContent. */
@NeedsPostgres
@StartsProcess
class McpDiffToolIT {
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
    void generateDiffIsReadOnlyAndReturnsTheScript() {
        TestPostgres pg = TestPostgres.get();
        String a = pg.createDatabase("mcp_diff_a");
        String b = pg.createDatabase("mcp_diff_b");
        pg.execute(a, "CREATE TABLE public.\"Invoices\" (id bigint PRIMARY KEY, \"Total\" numeric NOT NULL)");
        pg.execute(b, "CREATE TABLE public.stale (id int)");
        server = McpProcess.start(Map.of(
                "HOME",
                home.toString(),
                "XDG_CONFIG_HOME",
                home.resolve("config").toString()));
        McpTestClient client = server.client();
        client.initialize();

        JsonNode tool = null;
        for (JsonNode t : client.request("tools/list", Map.of()).get("result").get("tools")) {
            if (t.get("name").asText().equals("generate_diff")) {
                tool = t;
            }
        }
        assertNotNull(tool, "generate_diff is listed");
        assertTrue(tool.get("annotations").get("readOnlyHint").asBoolean(), tool::toString);
        assertFalse(tool.get("annotations").get("destructiveHint").asBoolean(), tool::toString);
        assertTrue(tool.get("inputSchema").get("required").toString().contains("source"), tool::toString);

        JsonNode r = client.callTool("generate_diff", Map.of("source", pg.adminUrl(a), "target", pg.adminUrl(b)));
        assertFalse(r.get("isError").asBoolean(), r::toString);
        JsonNode s = r.get("structuredContent");
        assertTrue(s.get("untrustedData").asBoolean(), s::toString);
        String script = s.get("script").asText();
        assertTrue(script.contains("CREATE TABLE public.\"Invoices\""), script);
        assertTrue(script.contains("DROP TABLE public.stale;"), script);
        assertEquals(1, s.get("summary").get("table").get("created").asInt(), s::toString);
        assertEquals(1, s.get("summary").get("table").get("dropped").asInt(), s::toString);
        assertEquals("drops_data", s.get("hazards").get(0).get("kind").asText(), s::toString);
        assertFalse(s.get("empty").asBoolean());

        JsonNode unknown = client.callTool("generate_diff", Map.of("source", pg.adminUrl(a), "target", "nope"));
        assertEquals(
                "CONFIGURATION_UNKNOWN_INSTANCE",
                McpResults.error(unknown).get("code").asText(),
                unknown::toString);
    }
}
