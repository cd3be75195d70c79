package dev.supadokploy.dokploy;

import static dev.supadokploy.dokploy.DokployTestServers.client;
import static dev.supadokploy.dokploy.DokployTestServers.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

class ComposeEnvTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Shaped like the Supabase template's env: comments, blank lines, quoting, a '$' that must stay literal. */
    private static final String ENV = """
            # Supabase secrets
            POSTGRES_PASSWORD=abc123
            JWT_SECRET='s3cr$t'
            ANON_KEY=old.anon.key
              # indented comment

            export SITE_URL="http://x.traefik.me"
            SERVICE_ROLE_KEY=old.service.key
            SMTP_ADMIN_EMAIL=admin@example.com # inline comment
            """;

    private static Compose compose(String env) {
        return new Compose(
                "c1",
                "supabase",
                "app",
                null,
                env,
                "done",
                "e1",
                null,
                null,
                null,
                null,
                null,
                List.of(),
                List.of(),
                null);
    }

    @Test
    void unchangedEnvRoundTripsByteForByte() {
        ComposeEnv env = ComposeEnv.of(compose(ENV));
        assertEquals(ENV, env.text());
        assertFalse(env.changed());
    }

    @Test
    void settingValuesRewritesOnlyThoseLines() {
        ComposeEnv env = ComposeEnv.of(compose(ENV))
                .set("ANON_KEY", "new.anon.key")
                .set("SITE_URL", "https://sb.example.com")
                .set("NEW_VAR", "has space");
        String expected = ENV.replace("ANON_KEY=old.anon.key", "ANON_KEY=new.anon.key")
                        .replace("export SITE_URL=\"http://x.traefik.me\"", "export SITE_URL=https://sb.example.com")
                + "NEW_VAR='has space'\n";
        assertEquals(expected, env.text());
        assertTrue(env.changed());
        assertEquals("s3cr$t", env.get("JWT_SECRET").orElseThrow());
    }

    @Test
    void nullEnvIsEmpty() {
        ComposeEnv env = ComposeEnv.of(compose(null));
        assertEquals("", env.text());
        assertEquals("A=1\n", env.set("A", "1").text());
    }

    @Test
    void readAndSaveGoThroughComposeOneAndSaveEnvironment() throws Exception {
        try (MockWebServer server = new MockWebServer()) {
            server.start();
            server.enqueue(ok(JSON.writeValueAsString(Map.of("composeId", "c1", "appName", "app", "env", ENV))));
            server.enqueue(ok("true"));
            DokployApi api = new DokployApi(client(server));

            ComposeEnv env = ComposeEnv.read(api, "c1");
            assertFalse(env.save(api), "nothing changed: nothing sent");
            assertTrue(env.set("ANON_KEY", "new.anon.key").save(api));

            assertEquals(
                    "/api/compose.one",
                    server.takeRequest(1, TimeUnit.SECONDS).getUrl().encodedPath());
            RecordedRequest save = server.takeRequest(1, TimeUnit.SECONDS);
            assertEquals("/api/compose.saveEnvironment", save.getUrl().encodedPath());
            JsonNode body = JSON.readTree(save.getBody().utf8());
            assertEquals("c1", body.path("composeId").asText());
            assertTrue(body.path("env").isTextual(), "env is one dotenv string, never a map");
            assertEquals(
                    ENV.replace("old.anon.key", "new.anon.key"),
                    body.path("env").asText());
            assertEquals(2, server.getRequestCount());
        }
    }

    @Test
    void aReferenceIsNeverOverwrittenAndHashValuesAreQuoted() {
        ComposeEnv env =
                ComposeEnv.of(compose("JWT_SECRET=${{project.JWT_SECRET}}\nSMTP_PASS: ${{vault.aws.smtp}}\nA=1\n"));
        env.set("JWT_SECRET", "literal-secret").set("SMTP_PASS", "literal-pass").set("A", "x#y");
        assertEquals(List.of("JWT_SECRET", "SMTP_PASS"), List.copyOf(env.keptReferences()));
        Map<String, String> dokploy = dev.supadokploy.dokploy.DokployEnv.parse(env.text());
        assertEquals("${{project.JWT_SECRET}}", dokploy.get("JWT_SECRET"));
        assertEquals("${{vault.aws.smtp}}", dokploy.get("SMTP_PASS"), "a KEY: value line Dokploy reads counts too");
        assertEquals("x#y", dokploy.get("A"), "written quoted, so Dokploy's dotenv does not cut it at '#'");
    }
}
