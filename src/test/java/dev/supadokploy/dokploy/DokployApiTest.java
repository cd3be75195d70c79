package dev.supadokploy.dokploy;

import static dev.supadokploy.dokploy.DokployTestServers.client;
import static dev.supadokploy.dokploy.DokployTestServers.json;
import static dev.supadokploy.dokploy.DokployTestServers.ok;
import static dev.supadokploy.dokploy.DokployTestServers.version;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.supadokploy.errors.ErrorCode;
import dev.supadokploy.errors.SupaException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DokployApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private MockWebServer server;
    private DokployApi api;

    @BeforeEach
    void start() throws Exception {
        server = new MockWebServer();
        server.start();
        api = new DokployApi(client(server));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private RecordedRequest next() throws InterruptedException {
        return server.takeRequest(1, TimeUnit.SECONDS);
    }

    private JsonNode body(RecordedRequest r) throws Exception {
        assertEquals("POST", r.getMethod());
        return JSON.readTree(r.getBody().utf8());
    }

    @Test
    void versionIsReadOnce() throws Exception {
        server.enqueue(version("v0.26.1"));
        assertEquals(DokployVersion.of(0, 26, 1), api.version());
        assertEquals(DokployVersion.of(0, 26, 1), api.version());
        assertEquals(1, server.getRequestCount());
        RecordedRequest r = next();
        assertEquals("GET", r.getMethod());
        assertEquals("/api/settings.getDokployVersion", r.getUrl().encodedPath());
    }

    @Test
    void projectsWithEnvironmentsAndComposeIgnoreUnknownFields() throws Exception {
        server.enqueue(ok("""
                [{"projectId":"p1","name":"shop","organizationId":"o1","brandNewField":{"x":1},
                  "environments":[{"environmentId":"e1","name":"production","projectId":"p1","isDefault":true,
                    "compose":[{"composeId":"c1","name":"supabase","appName":"shop-supabase-abc","composeStatus":"done",
                                "environmentId":"e1","somethingElse":[1,2]}],
                    "applications":[],"postgres":[]}]}]
                """));
        List<Project> projects = api.projects();
        assertEquals(1, projects.size());
        Project p = projects.get(0);
        assertEquals("production", p.environments().get(0).name());
        Compose c = p.allCompose().get(0);
        assertEquals("c1", c.composeId());
        assertEquals("shop-supabase-abc", c.appName());
        assertEquals("done", c.composeStatus());
        assertEquals("/api/project.all", next().getUrl().encodedPath());
    }

    @Test
    void projectOneSendsTheId() throws Exception {
        server.enqueue(ok("{\"projectId\":\"p1\",\"name\":\"shop\",\"environments\":[]}"));
        assertEquals("shop", api.project("p1").name());
        RecordedRequest r = next();
        assertEquals("/api/project.one", r.getUrl().encodedPath());
        assertEquals("p1", r.getUrl().queryParameter("projectId"));
    }

    @Test
    void projectCreateReturnsProjectAndEnvironmentFromV025() throws Exception {
        server.enqueue(ok("""
                {"project":{"projectId":"p1","name":"shop"},
                 "environment":{"environmentId":"e1","name":"production","projectId":"p1"}}
                """));
        CreatedProject created = api.createProject("shop", null);
        assertEquals("p1", created.project().projectId());
        assertEquals("e1", created.environment().environmentId());
        JsonNode body = body(next());
        assertEquals("shop", body.path("name").asText());
        assertFalse(body.has("description"), "null fields are left out");
    }

    @Test
    void projectCreateBeforeV025ReturnsTheProjectAlone() {
        server.enqueue(ok("{\"projectId\":\"p1\",\"name\":\"shop\"}"));
        CreatedProject created = api.createProject("shop", "desc");
        assertEquals("p1", created.project().projectId());
        assertNull(created.environment());
    }

    @Test
    void environmentLookups() throws Exception {
        server.enqueue(version("v0.25.0"));
        server.enqueue(ok("{\"environmentId\":\"e1\",\"name\":\"production\",\"projectId\":\"p1\",\"compose\":[]}"));
        server.enqueue(
                ok(
                        "[{\"environmentId\":\"e1\",\"name\":\"production\"},{\"environmentId\":\"e2\",\"name\":\"staging\"}]"));
        assertEquals("production", api.environment("e1").name());
        assertEquals(2, api.environments("p1").size());
        next();
        RecordedRequest one = next();
        assertEquals("/api/environment.one", one.getUrl().encodedPath());
        assertEquals("e1", one.getUrl().queryParameter("environmentId"));
        RecordedRequest byProject = next();
        assertEquals("/api/environment.byProjectId", byProject.getUrl().encodedPath());
        assertEquals("p1", byProject.getUrl().queryParameter("projectId"));
    }

    @Test
    void environmentsOnAnOldServerAreUnsupported() {
        server.enqueue(version("v0.24.3"));
        SupaException e = assertThrows(SupaException.class, () -> api.environments("p1"));
        assertEquals(ErrorCode.DOKPLOY_UNSUPPORTED_VERSION, e.code());
        assertTrue(e.getMessage().contains("v0.24.3"), e.getMessage());
    }

    @Test
    void deployTemplateUsesEnvironmentIdFromV025() throws Exception {
        server.enqueue(version("v0.26.0"));
        server.enqueue(ok("null"));
        assertTrue(api.deployTemplate(ServiceParent.environment("p1", "e1"), "supabase", null)
                .isEmpty());
        next();
        RecordedRequest r = next();
        assertEquals("/api/compose.deployTemplate", r.getUrl().encodedPath());
        assertEquals(JSON.readTree("{\"environmentId\":\"e1\",\"id\":\"supabase\"}"), body(r));
    }

    @Test
    void deployTemplateUsesProjectIdBeforeV025() throws Exception {
        server.enqueue(version("v0.24.0"));
        server.enqueue(ok("{\"composeId\":\"c1\",\"name\":\"supabase\",\"appName\":\"db-x\"}"));
        Compose c = api.deployTemplate(ServiceParent.environment("p1", null), "supabase", null)
                .orElseThrow();
        assertEquals("c1", c.composeId());
        next();
        JsonNode body = body(next());
        assertEquals("p1", body.path("projectId").asText());
        assertFalse(body.has("environmentId"));
        assertEquals("supabase", body.path("id").asText());
    }

    @Test
    void composeOneKeepsTheEnvStringAsIs() throws Exception {
        String env = "# Secrets\nJWT_SECRET='a$b'\n\nANON_KEY=ey.x.y\n";
        server.enqueue(ok(JSON.writeValueAsString(java.util.Map.of(
                "composeId",
                "c1",
                "appName",
                "a",
                "env",
                env,
                "composeStatus",
                "running",
                "environmentId",
                "e1",
                "domains",
                List.of(java.util.Map.of(
                        "domainId",
                        "d1",
                        "host",
                        "sb.example.com",
                        "port",
                        8000,
                        "https",
                        true,
                        "certificateType",
                        "letsencrypt",
                        "serviceName",
                        "kong"))))));
        Compose c = api.compose("c1");
        assertEquals(env, c.env());
        assertEquals("https://sb.example.com", c.domains().get(0).url());
        assertFalse(c.toString().contains("JWT_SECRET"), "env stays out of toString");
        assertEquals("c1", next().getUrl().queryParameter("composeId"));
    }

    @Test
    void composeMutationsSendTheirInputs() throws Exception {
        for (int i = 0; i < 6; i++) {
            server.enqueue(ok("true"));
        }
        api.updateCompose(new ComposeUpdate("c1", "supabase", null, null));
        api.saveEnvironment("c1", "A=1\n");
        api.deploy("c1", "supa-dokploy setup");
        api.redeploy("c1", null);
        api.stop("c1");
        api.start("c1");
        String[][] expected = {
            {"compose.update", "{\"composeId\":\"c1\",\"name\":\"supabase\"}"},
            {"compose.saveEnvironment", "{\"composeId\":\"c1\",\"env\":\"A=1\\n\"}"},
            {"compose.deploy", "{\"composeId\":\"c1\",\"title\":\"supa-dokploy setup\"}"},
            {"compose.redeploy", "{\"composeId\":\"c1\"}"},
            {"compose.stop", "{\"composeId\":\"c1\"}"},
            {"compose.start", "{\"composeId\":\"c1\"}"}
        };
        for (String[] e : expected) {
            RecordedRequest r = next();
            assertEquals("/api/" + e[0], r.getUrl().encodedPath());
            assertEquals(JSON.readTree(e[1]), body(r), e[0]);
        }
    }

    @Test
    void deploymentsByCompose() throws Exception {
        server.enqueue(
                ok(
                        "[{\"deploymentId\":\"d1\",\"title\":\"Deploy\",\"status\":\"running\",\"composeId\":\"c1\",\"logPath\":\"/x\"}]"));
        Deployment d = api.deployments("c1").get(0);
        assertEquals("running", d.status());
        assertFalse(d.finished());
        RecordedRequest r = next();
        assertEquals("/api/deployment.allByCompose", r.getUrl().encodedPath());
        assertEquals("c1", r.getUrl().queryParameter("composeId"));
    }

    @Test
    void domainsCreateAndUpdate() throws Exception {
        server.enqueue(
                ok(
                        "[{\"domainId\":\"d1\",\"host\":\"x.traefik.me\",\"port\":8000,\"https\":false,"
                                + "\"certificateType\":\"none\",\"serviceName\":\"kong\",\"composeId\":\"c1\",\"domainType\":\"compose\"}]"));
        server.enqueue(ok("{\"domainId\":\"d2\",\"host\":\"sb.example.com\"}"));
        server.enqueue(ok("true"));
        assertEquals("http://x.traefik.me", api.domains("c1").get(0).url());
        assertEquals(
                "d2",
                api.createDomain(DomainSpec.kong("c1", "sb.example.com", true)).domainId());
        api.updateDomain("d1", DomainSpec.kong("c1", "sb.example.com", true));

        RecordedRequest list = next();
        assertEquals("/api/domain.byComposeId", list.getUrl().encodedPath());
        assertEquals("c1", list.getUrl().queryParameter("composeId"));
        RecordedRequest create = next();
        assertEquals("/api/domain.create", create.getUrl().encodedPath());
        assertEquals(JSON.readTree("""
                {"host":"sb.example.com","port":8000,"https":true,"certificateType":"letsencrypt",
                 "serviceName":"kong","composeId":"c1","domainType":"compose"}"""), body(create));
        RecordedRequest update = next();
        assertEquals("/api/domain.update", update.getUrl().encodedPath());
        assertEquals(JSON.readTree("""
                {"host":"sb.example.com","port":8000,"https":true,"certificateType":"letsencrypt",
                 "serviceName":"kong","domainType":"compose","domainId":"d1"}"""), body(update));
    }

    @Test
    void containersByAppName() throws Exception {
        server.enqueue(ok("""
                [{"containerId":"abc","name":"shop-supabase-x-auth-1","state":"running","status":"Up 3 minutes (healthy)"},
                 {"containerId":"def","name":"shop-supabase-x-db-1","state":"restarting","status":"Restarting (1) 5 seconds ago"}]
                """));
        List<Container> containers = api.containers("shop-supabase-x");
        assertEquals("auth", containers.get(0).service("shop-supabase-x"));
        assertTrue(containers.get(0).parsedStatus().ready());
        assertEquals(
                ContainerStatus.Phase.RESTARTING,
                containers.get(1).parsedStatus().phase());
        RecordedRequest r = next();
        assertEquals("GET", r.getMethod());
        assertEquals("/api/docker.getContainersByAppNameMatch", r.getUrl().encodedPath());
        assertEquals("shop-supabase-x", r.getUrl().queryParameter("appName"));
        assertEquals("docker-compose", r.getUrl().queryParameter("appType"));
    }

    @Test
    void readLogsParsesTimestampedText() throws Exception {
        server.enqueue(version("v0.29.2"));
        server.enqueue(
                ok("\"2026-11-24T02:03:04.123456789Z starting GoTrue\\n2026-11-24T02:03:05Z listening on :9999\\n\""));
        List<LogLine> lines = api.readLogs("c1", "abc", new LogQuery(50, "10m", "GoTrue"));
        assertEquals(2, lines.size());
        assertEquals(
                Instant.parse("2026-11-24T02:03:04.123456789Z"), lines.get(0).timestamp());
        assertEquals("listening on :9999", lines.get(1).message());
        next();
        RecordedRequest r = next();
        assertEquals("/api/compose.readLogs", r.getUrl().encodedPath());
        assertEquals("c1", r.getUrl().queryParameter("composeId"));
        assertEquals("abc", r.getUrl().queryParameter("containerId"));
        assertEquals("50", r.getUrl().queryParameter("tail"));
        assertEquals("10m", r.getUrl().queryParameter("since"));
        assertEquals("GoTrue", r.getUrl().queryParameter("search"));
    }

    @Test
    void readLogsAcceptsPlainText() {
        server.enqueue(version("v0.30.0"));
        server.enqueue(new MockResponse.Builder()
                .code(200)
                .addHeader("Content-Type", "text/plain")
                .body("2026-11-24T02:03:04Z one\n")
                .build());
        assertEquals("one", api.readLogs("c1", "abc", LogQuery.tail(10)).get(0).message());
    }

    @Test
    void readLogsBeforeV029UsesTheWebSocket() throws Exception {
        server.enqueue(version("v0.28.5"));
        server.enqueue(new MockResponse.Builder()
                .webSocketUpgrade(new okhttp3.WebSocketListener() {
                    @Override
                    public void onOpen(okhttp3.WebSocket ws, okhttp3.Response response) {
                        ws.send("2026-11-24T02:03:04Z from the socket\r\n");
                    }

                    @Override
                    public void onClosing(okhttp3.WebSocket ws, int code, String reason) {
                        ws.close(1000, null);
                    }
                })
                .build());
        List<LogLine> lines = api.readLogs("c1", "abc", LogQuery.tail(10));
        assertEquals(List.of(new LogLine(Instant.parse("2026-11-24T02:03:04Z"), "from the socket")), lines);
        next();
        assertEquals("/docker-container-logs", next().getUrl().encodedPath());
    }

    /** getContainerLogs (packages/server/src/services/docker.ts) rethrows grep's exit 1: no hit is a 500, read as no lines. */
    @Test
    void readLogsReadsASearchsNoHit500AsNoLinesAndOnlyThat() {
        String local =
                "{\"message\":\"Command execution failed: Command failed: docker container logs --timestamps --tail 100  "
                        + "abc 2>&1 | grep -iF 'GoTrue'\\n\",\"code\":\"INTERNAL_SERVER_ERROR\"}";
        server.enqueue(version("v0.30.2"));
        server.enqueue(json(500, local));
        assertEquals(List.of(), api.readLogs("c1", "abc", new LogQuery(100, "all", "GoTrue")));

        server.enqueue(json(
                500, "{\"message\":\"Remote command failed with exit code 1\",\"code\":\"INTERNAL_SERVER_ERROR\"}"));
        assertEquals(
                List.of(),
                api.readLogs("c1", "abc", new LogQuery(100, "all", "GoTrue")),
                "the same on a remote server");

        server.enqueue(json(500, local));
        SupaException noSearch = assertThrows(SupaException.class, () -> api.readLogs("c1", "abc", LogQuery.tail(100)));
        assertEquals(ErrorCode.DOKPLOY_SERVER_ERROR, noSearch.code(), "without a search a 500 is a failure");

        server.enqueue(
                json(500, "{\"message\":\"No SSH key available for this server\",\"code\":\"INTERNAL_SERVER_ERROR\"}"));
        SupaException other =
                assertThrows(SupaException.class, () -> api.readLogs("c1", "abc", new LogQuery(100, "all", "x")));
        assertEquals(ErrorCode.DOKPLOY_SERVER_ERROR, other.code());
        assertTrue(other.getMessage().contains("No SSH key available"), other.getMessage());
    }

    /** An unknown container is 200 with Docker's error as the text: an error, not a log line. */
    @Test
    void readLogsTurnsDockersNoSuchContainerIntoNotFound() {
        server.enqueue(version("v0.30.2"));
        server.enqueue(ok("\"Error response from daemon: No such container: abc\\n\""));
        SupaException e = assertThrows(SupaException.class, () -> api.readLogs("c1", "abc", LogQuery.tail(10)));
        assertEquals(ErrorCode.DOKPLOY_NOT_FOUND, e.code());
        assertTrue(e.getMessage().contains("No such container: abc"), e.getMessage());
        assertEquals("abc", e.details().get("containerId"));

        server.enqueue(ok("\"Error: No such container: abc\\n\""));
        assertEquals(
                ErrorCode.DOKPLOY_NOT_FOUND,
                assertThrows(SupaException.class, () -> api.readLogs("c1", "abc", LogQuery.tail(10)))
                        .code());

        server.enqueue(ok("\"2026-11-24T02:03:04Z Error: no such table users\\n\""));
        assertEquals(
                "Error: no such table users",
                api.readLogs("c1", "abc", LogQuery.tail(10)).get(0).message(),
                "a container's own line that mentions an error is a line");
    }

    /** Before v0.29 the socket reads the logs; it needs the compose's server and names the compose as the service. */
    @Test
    void readLogsOfAComposeSendsItsServerToTheSocket() throws Exception {
        server.enqueue(version("v0.28.5"));
        server.enqueue(new MockResponse.Builder()
                .webSocketUpgrade(new okhttp3.WebSocketListener() {
                    @Override
                    public void onOpen(okhttp3.WebSocket ws, okhttp3.Response response) {
                        ws.send("2026-11-24T02:03:04Z remote\r\n");
                    }

                    @Override
                    public void onClosing(okhttp3.WebSocket ws, int code, String reason) {
                        ws.close(1000, null);
                    }
                })
                .build());
        Compose compose = new Compose(
                "c1",
                "supabase",
                "app",
                null,
                null,
                "done",
                "e1",
                null,
                "srv-9",
                "raw",
                "docker-compose",
                null,
                null,
                null,
                null);
        assertEquals(
                "remote", api.readLogs(compose, "abc", LogQuery.tail(1)).get(0).message());
        next();
        RecordedRequest socket = next();
        assertEquals("srv-9", socket.getUrl().queryParameter("serverId"));
        assertEquals("c1", socket.getUrl().queryParameter("serviceId"));
    }

    // ---- the procedures the stack's shape needs: containers on the compose's server, a deployment's log, cancelled
    // deploys

    @Test
    void containersAreAskedOnTheComposesServer() throws Exception {
        server.enqueue(ok("[]"));
        server.enqueue(ok("[]"));
        api.containers("acme-supabase-x1y2z3", "srv-1");
        api.containers("acme-supabase-x1y2z3", null);
        RecordedRequest remote = next();
        assertEquals("/api/docker.getContainersByAppNameMatch", remote.getUrl().encodedPath());
        assertEquals("srv-1", remote.getUrl().queryParameter("serverId"));
        assertEquals("docker-compose", remote.getUrl().queryParameter("appType"));
        assertNull(next().getUrl().queryParameter("serverId"), "no serverId: Dokploy's own host");
    }

    @Test
    void aDeploymentsLogFromV0295() throws Exception {
        server.enqueue(version("v0.29.5"));
        server.enqueue(ok("\"line 1\\nError: ❌ Docker command failed\\n\""));
        assertEquals(Optional.of("line 1\nError: ❌ Docker command failed\n"), api.deploymentLog("d1", 8));
        next();
        RecordedRequest r = next();
        assertEquals("/api/deployment.readLogs", r.getUrl().encodedPath());
        assertEquals("d1", r.getUrl().queryParameter("deploymentId"));
        assertEquals("8", r.getUrl().queryParameter("tail"));
    }

    @Test
    void noDeploymentLogBeforeV0295() throws Exception {
        server.enqueue(version("v0.29.4"));
        assertEquals(Optional.empty(), api.deploymentLog("d1", 8));
        assertEquals(1, server.getRequestCount(), "only the version was asked");
    }

    @Test
    void aCancelledDeploymentIsFinished() {
        Deployment cancelled = new Deployment("d1", "t", "", "cancelled", null, null, null, null, "c1");
        assertTrue(cancelled.finished());
        assertTrue(cancelled.cancelled());
        assertFalse(new Deployment("d2", "t", "", "running", null, null, null, null, "c1").finished());
    }
}
