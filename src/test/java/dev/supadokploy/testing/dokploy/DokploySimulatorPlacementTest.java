package dev.supadokploy.testing.dokploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.supadokploy.testing.NeedsSimulator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * The simulator's servers, Cloud mode, template base URL, half-made template deploys, encrypted env and
 * environment rules, each as the Dokploy v0.30.2 source its comment names does it; raw HTTP, so status and body are
 * what the client would see.
 */
@NeedsSimulator
class DokploySimulatorPlacementTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @Simulated
    DokploySimulator sim;

    private record Reply(int status, JsonNode body) {}

    private Reply get(String procedure, String query) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create(sim.url() + "/api/" + procedure + (query == null ? "" : "?" + query)))
                .header("x-api-key", sim.apiKey())
                .GET()
                .build();
        HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), JSON.readTree(r.body()));
    }

    private Reply post(String procedure, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(sim.url() + "/api/" + procedure))
                .header("x-api-key", sim.apiKey())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), JSON.readTree(r.body()));
    }

    /** A project and its production environment id. */
    private String[] project(String name) throws Exception {
        Reply made = post("project.create", "{\"name\":\"" + name + "\",\"description\":\"x\"}");
        return new String[] {
            made.body().path("project").path("projectId").asText(),
            made.body().path("environment").path("environmentId").asText()
        };
    }

    private String server(boolean sshKey) throws Exception {
        Reply made = post(
                "server.create",
                "{\"name\":\"edge\",\"description\":\"x\",\"ipAddress\":\"127.0.0.10\",\"port\":22,"
                        + "\"username\":\"root\",\"sshKeyId\":" + (sshKey ? "\"key-1\"" : "null")
                        + ",\"serverType\":\"deploy\"}");
        assertEquals(200, made.status(), made.body()::toString);
        assertEquals("active", made.body().path("serverStatus").asText(), "no connection check (server.ts create)");
        return made.body().path("serverId").asText();
    }

    @Test
    void cloudAndRemoteServersOnlyNeedAServerForATemplate() throws Exception {
        String env = project("Acme")[1];
        assertFalse(get("settings.isCloud", null).body().asBoolean());
        sim.cloud(true);
        assertTrue(get("settings.isCloud", null).body().asBoolean());
        Reply refused = post("compose.deployTemplate", "{\"environmentId\":\"" + env + "\",\"id\":\"supabase\"}");
        assertEquals(401, refused.status());
        assertEquals("UNAUTHORIZED", refused.body().path("code").asText());
        assertEquals(
                "You need to use a server to create a compose",
                refused.body().path("message").asText());
        Reply foreign = post(
                "compose.deployTemplate",
                "{\"environmentId\":\"" + env + "\",\"id\":\"supabase\",\"serverId\":\"nope\"}");
        assertEquals(401, foreign.status());
        assertEquals(
                "You are not authorized to access this server",
                foreign.body().path("message").asText());
        assertTrue(sim.composes().isEmpty(), "refused before creating anything");

        sim.cloud(false);
        sim.remoteServersOnly(true);
        assertFalse(get("settings.isCloud", null).body().asBoolean(), "remoteServersOnly is not Cloud");
        assertEquals(
                401,
                post("compose.deployTemplate", "{\"environmentId\":\"" + env + "\",\"id\":\"supabase\"}")
                        .status());

        String serverId = server(true);
        Reply made = post(
                "compose.deployTemplate",
                "{\"environmentId\":\"" + env + "\",\"id\":\"supabase\",\"serverId\":\"" + serverId + "\"}");
        assertEquals(200, made.status(), made.body()::toString);
        JsonNode one = get(
                        "compose.one",
                        "composeId=" + made.body().path("composeId").asText())
                .body();
        assertEquals(serverId, one.path("serverId").asText());
        assertEquals("edge", one.path("server").path("name").asText());
        assertEquals(15, one.path("mounts").size());
        assertTrue(
                one.path("domains").get(0).path("host").asText().contains("127-0-0-10"),
                "the server's IP names the host");
        JsonNode servers = get("server.all", null).body();
        assertEquals(1, servers.size());
        assertEquals(1, servers.get(0).path("totalSum").asInt());
    }

    @Test
    void aTemplateBaseUrlTheServerCannotReachFailsWithFetchFailed() throws Exception {
        String env = project("Acme")[1];
        Reply unknown = post(
                "compose.deployTemplate",
                "{\"environmentId\":\"" + env + "\",\"id\":\"supabase\",\"baseUrl\":" + "\"http://mirror.test\"}");
        assertEquals(500, unknown.status());
        assertEquals("fetch failed", unknown.body().path("message").asText());
        sim.templateMirror("http://mirror.test");
        assertEquals(
                200,
                post(
                                "compose.deployTemplate",
                                "{\"environmentId\":\"" + env + "\",\"id\":\"supabase\",\"baseUrl\":"
                                        + "\"http://mirror.test\"}")
                        .status());
        sim.templatesOffline(true);
        assertEquals(
                500,
                post("compose.deployTemplate", "{\"environmentId\":\"" + env + "\",\"id\":\"supabase\"}")
                        .status());
        assertEquals(1, sim.composes().size());
    }

    @Test
    void aServerWithoutSshKeyLeavesTheTemplateHalfMade() throws Exception {
        String env = project("Acme")[1];
        String serverId = server(false);
        Reply failed = post(
                "compose.deployTemplate",
                "{\"environmentId\":\"" + env + "\",\"id\":\"supabase\",\"serverId\":\"" + serverId + "\"}");
        assertEquals(400, failed.status());
        assertEquals(
                "Error Error creating the mount No SSH key available for this server",
                failed.body().path("message").asText());
        assertEquals(1, sim.composes().size(), "the compose row stays (no transaction)");
        String composeId = sim.composes().get(0).composeId();
        JsonNode one = get("compose.one", "composeId=" + composeId).body();
        assertEquals(1, one.path("mounts").size(), "the first mount's row was inserted before its file failed");
        assertEquals(0, one.path("domains").size(), "domains come after the mounts");
        assertTrue(one.path("env").asText().contains("JWT_SECRET="), "the env was written with the row");

        Reply deleted = post("compose.delete", "{\"composeId\":\"" + composeId + "\",\"deleteVolumes\":true}");
        assertEquals(200, deleted.status());
        assertTrue(sim.composes().isEmpty());
    }

    @Test
    void anEnvSavedUnderAnotherKeyReadsAsCiphertextUntilSavedAgain() throws Exception {
        String env = project("Acme")[1];
        String composeId = post("compose.deployTemplate", "{\"environmentId\":\"" + env + "\",\"id\":\"supabase\"}")
                .body()
                .path("composeId")
                .asText();
        sim.encryptionKeyChanged();
        String read =
                get("compose.one", "composeId=" + composeId).body().path("env").asText();
        assertTrue(read.startsWith("enc:v1:") && !read.contains("JWT_SECRET"), read);
        assertEquals(
                200,
                post("compose.saveEnvironment", "{\"composeId\":\"" + composeId + "\",\"env\":\"A=1\"}")
                        .status());
        assertEquals(
                "A=1",
                get("compose.one", "composeId=" + composeId).body().path("env").asText());
    }

    @Test
    void environmentCreateRefusesProductionAndAllowsDuplicates() throws Exception {
        String[] acme = project("Acme");
        Reply production = post("environment.create", "{\"projectId\":\"" + acme[0] + "\",\"name\":\"production\"}");
        assertEquals(400, production.status());
        assertEquals("BAD_REQUEST", production.body().path("code").asText());
        assertEquals(
                "You cannot create a environment with the name 'production'",
                production.body().path("message").asText());
        assertFalse(production.body().has("issues"), "a procedure's own error, not zod's");
        assertEquals(
                200,
                post("environment.create", "{\"projectId\":\"" + acme[0] + "\",\"name\":\"dev\"}")
                        .status());
        assertEquals(
                200,
                post("environment.create", "{\"projectId\":\"" + acme[0] + "\",\"name\":\"dev\"}")
                        .status());
        assertEquals(3, sim.environmentCount());

        Reply defaultOne = post("environment.remove", "{\"environmentId\":\"" + acme[1] + "\"}");
        assertEquals(400, defaultOne.status());
        assertEquals(
                "You cannot delete the default environment",
                defaultOne.body().path("message").asText());
        assertEquals(
                200,
                post("project.remove", "{\"projectId\":\"" + acme[0] + "\"}").status());
        assertEquals(0, sim.projectCount());
        assertEquals(0, sim.environmentCount());
    }
}
