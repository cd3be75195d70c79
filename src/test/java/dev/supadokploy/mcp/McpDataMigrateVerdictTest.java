package dev.supadokploy.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.supadokploy.ops.catalog.OperationCatalog;
import dev.supadokploy.testing.InProcessMcp;
import dev.supadokploy.testing.McpTestClient;
import dev.supadokploy.testing.NeedsPostgres;
import dev.supadokploy.testing.SupabaseUpstream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * cross_instance_migrate through the server in-process, with the real operation catalog, from the application on an
 * upstream-built stack into a new one: the agent gets the dangling keys as the verdict, in structuredContent and in the
 * text, as a result (not an error), marked as data since sample keys come from rows.
 */
@NeedsPostgres
class McpDataMigrateVerdictTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(ints = {15, 17})
    void anAgentGetsDanglingReferencesAsTheVerdict(int major) throws Exception {
        SupabaseUpstream upstream = SupabaseUpstream.of(major);
        try (SupabaseUpstream.Scratch dbs = upstream.scratch()) {
            String source = dbs.app("mcp_fk_src");
            String target = dbs.stack("mcp_fk_new");
            // the agent names instances; their password is the server's, from its environment, never in the agent's
            // arguments
            Path config = dir.resolve("config.toml");
            Files.writeString(
                    config,
                    "[instances.old]\ndatabase_url = \"" + upstream.loginUrlWithoutPassword(source) + "\"\n"
                            + "database_password = \"env:STACK_PASSWORD\"\n\n[instances.new]\ndatabase_url = \""
                            + upstream.loginUrlWithoutPassword(target)
                            + "\"\ndatabase_password = \"env:STACK_PASSWORD\"\n");
            McpServerSettings settings = new McpServerSettings(
                    "test",
                    config,
                    Map.of("XDG_CONFIG_HOME", dir.toString(), "STACK_PASSWORD", SupabaseUpstream.PASSWORD),
                    true,
                    McpServerSettings.DEFAULT_DRAIN_TIMEOUT);
            try (InProcessMcp server = InProcessMcp.start(settings, OperationCatalog.all())) {
                assertVerdict(server.client());
            }
        }
    }

    private static void assertVerdict(McpTestClient client) throws Exception {
        JsonNode result = client.callTool(
                "cross_instance_migrate", Map.of("source", "old", "target", "new", "createTables", true, "jobs", 2));
        assertFalse(result.get("isError").asBoolean(), "a verdict, not a failure: " + result);
        JsonNode s = result.get("structuredContent");
        assertEquals("dangling_references", s.get("verdict").asText(), s::toString);
        assertTrue(s.get(ToolSchemas.UNTRUSTED_MARKER).asBoolean(), "sample keys are row data");
        TreeSet<String> constraints = new TreeSet<>();
        s.get("danglingReferences")
                .forEach(d -> constraints.add(d.get("constraint").asText()));
        assertEquals(
                new TreeSet<>(List.of("order_notes_author_fkey", "orders_user_id_fkey", "profiles_id_fkey")),
                constraints);
        assertTrue(
                s.get("warnings").toString().contains("The selection leaves out auth.users"),
                s.get("warnings")::toString);

        String text = result.get("content").get(0).get("text").asText();
        Matcher fenced = Pattern.compile("<(untrusted-data-[0-9a-f]{16})>\\n(.*)\\n</\\1>$", Pattern.DOTALL)
                .matcher(text);
        assertTrue(fenced.find(), text);
        assertEquals(s, new ObjectMapper().readTree(fenced.group(2)), "the text carries the same verdict");
    }
}
