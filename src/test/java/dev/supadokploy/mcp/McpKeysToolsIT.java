package dev.supadokploy.mcp;

import static dev.supadokploy.testing.McpResults.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.supadokploy.ops.keys.JwtCheck;
import dev.supadokploy.testing.McpProcess;
import dev.supadokploy.testing.McpResults;
import dev.supadokploy.testing.McpTestClient;
import dev.supadokploy.testing.StartsProcess;
import dev.supadokploy.util.DotEnv;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The keys tools through the real server process: what an agent sees, and what it does not. */
@StartsProcess
class McpKeysToolsIT {
    static final String SECRET = "McpSecretMcpSecretMcpSecretMcpSecret0123";

    @TempDir
    Path home;

    McpProcess server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.finishCleanly();
        }
    }

    private McpTestClient start(String... args) {
        server = McpProcess.start(
                Map.of(
                        "HOME",
                        home.toString(),
                        "XDG_CONFIG_HOME",
                        home.resolve("config").toString(),
                        "SERVER_SECRET",
                        SECRET),
                args);
        server.client().initialize();
        return server.client();
    }

    @Test
    void generatedSecretsAreRedactedUnlessTheCallAsksForThem() throws Exception {
        McpTestClient client = start();
        JsonNode result = client.callTool("supabase_generate_keys", Map.of("all", true, "newApiKeys", true));
        JsonNode s = ok(result);
        assertEquals("…(redacted, 48 chars)", s.get("values").get("JWT_SECRET").asText());
        assertTrue(
                s.get("values").get("SERVICE_ROLE_KEY").asText().matches("eyJ.…\\(redacted, \\d+ chars\\)"),
                s::toString);
        assertTrue(s.get("values").get("SUPABASE_SECRET_KEY").asText().startsWith("sb_secret_…(redacted"));
        assertTrue(s.get("values").get("ANON_KEY").asText().split("\\.").length == 3, "the anon key is public");
        assertTrue(
                result.get("content").get(0).get("text").asText().contains("redacted"),
                "the text content is redacted too");

        JsonNode revealed = ok(client.callTool("supabase_generate_keys", Map.of("reveal", true)));
        assertTrue(JwtCheck.hs256Valid(
                revealed.get("values").get("SERVICE_ROLE_KEY").asText(),
                revealed.get("values").get("JWT_SECRET").asText()));
    }

    @Test
    void aWrittenFileGetsTheRealValuesWhileTheResultStaysRedacted() throws Exception {
        Path env = home.resolve("stack.env");
        Files.writeString(env, "# stack\nSITE_URL=https://app.example.com\n");
        JsonNode refused = start().callTool("supabase_generate_keys", Map.of("write", env.toString(), "all", true));
        assertEquals(
                "VALIDATION_INVALID_INPUT",
                McpResults.code(refused),
                "an agent writes the server's files only with --allow-writes");
        assertEquals("# stack\nSITE_URL=https://app.example.com\n", Files.readString(env), "the file is untouched");
        server.close();
        JsonNode s = ok(start("--allow-writes")
                .callTool("supabase_generate_keys", Map.of("write", env.toString(), "all", true)));
        Map<String, String> file = DotEnv.parse(Files.readString(env)).toMap();
        assertEquals("https://app.example.com", file.get("SITE_URL"));
        assertTrue(JwtCheck.hs256Valid(file.get("SERVICE_ROLE_KEY"), file.get("JWT_SECRET")));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(env)));
        assertTrue(s.get("values").get("JWT_SECRET").asText().startsWith("…(redacted"));
        assertEquals(env.toString(), s.get("written").get("file").asText());
    }

    @Test
    void inspectTakesLiteralKeysAndASecretButNeverEchoesThem() throws Exception {
        String anon = JwtCheck.hs256("{\"role\":\"anon\",\"iss\":\"supabase\",\"exp\":4000000000}", SECRET);
        String service = JwtCheck.hs256("{\"role\":\"service_role\",\"iss\":\"supabase\",\"exp\":4000000000}", SECRET);
        McpTestClient client = start();
        JsonNode result = client.callTool(
                "supabase_inspect_keys", Map.of("keys", List.of("ANON_KEY=" + anon, service), "jwtSecret", SECRET));
        JsonNode s = ok(result);
        assertTrue(s.get("ok").asBoolean(), s::toString);
        assertTrue(s.get("untrustedData").asBoolean(), "claims come from the keys given: data, not instructions");
        assertEquals("service_role", s.get("keys").get(1).get("role").asText());
        assertTrue(s.get("keys").get(1).get("signatureValid").asBoolean());
        assertFalse(result.toString().contains(service.split("\\.")[2]), "no key is echoed back");
        assertFalse(result.toString().contains(SECRET), "nor the secret");

        JsonNode reference = client.callTool(
                "supabase_inspect_keys", Map.of("keys", List.of(anon), "jwtSecret", "env:SERVER_SECRET"));
        assertEquals(
                "VALIDATION_INVALID_INPUT",
                McpResults.code(reference),
                "an agent cannot read the server's environment");
    }
}
