package dev.supadokploy.dokploy;

import static dev.supadokploy.dokploy.DokployTestServers.KEY;
import static dev.supadokploy.dokploy.DokployTestServers.client;
import static dev.supadokploy.dokploy.DokployTestServers.json;
import static dev.supadokploy.dokploy.DokployTestServers.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.supadokploy.errors.ErrorCode;
import dev.supadokploy.errors.SupaException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DokployClientTest {
    private MockWebServer server;

    @BeforeEach
    void start() throws Exception {
        server = new MockWebServer();
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void queryIsAGetWithQueryParametersAndTheKeyHeader() throws Exception {
        server.enqueue(ok("{\"composeId\":\"c1\",\"name\":\"supabase\"}"));
        JsonNode answer = client(server).query("compose.one", Map.of("composeId", "c 1/x"), JsonNode.class);
        assertEquals("c1", answer.path("composeId").asText());

        RecordedRequest r = server.takeRequest(1, TimeUnit.SECONDS);
        assertEquals("GET", r.getMethod());
        assertEquals("/api/compose.one", r.getUrl().encodedPath());
        assertEquals("c 1/x", r.getUrl().queryParameter("composeId"));
        assertEquals(KEY, r.getHeaders().get("x-api-key"));
        assertEquals(0, r.getBodySize());
    }

    @Test
    void mutationIsAPostWithAJsonBodyAndNullsLeftOut() throws Exception {
        server.enqueue(ok("true"));
        java.util.LinkedHashMap<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("composeId", "c1");
        body.put("title", null);
        client(server).mutate("compose.deploy", body, JsonNode.class);

        RecordedRequest r = server.takeRequest(1, TimeUnit.SECONDS);
        assertEquals("POST", r.getMethod());
        assertEquals("/api/compose.deploy", r.getUrl().encodedPath());
        assertTrue(
                r.getHeaders().get("Content-Type").startsWith("application/json"),
                r.getHeaders().get("Content-Type"));
        assertEquals(KEY, r.getHeaders().get("x-api-key"));
        assertEquals("{\"composeId\":\"c1\"}", r.getBody().utf8());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/", "/api", "/api/"})
    void urlWorksWithOrWithoutTrailingSlashOrApi(String suffix) throws Exception {
        server.enqueue(ok("[]"));
        String base = server.url("/").toString().replaceAll("/$", "");
        client(base + suffix, Duration.ofSeconds(5)).query("project.all", Map.of(), JsonNode.class);
        assertEquals(
                "/api/project.all",
                server.takeRequest(1, TimeUnit.SECONDS).getUrl().encodedPath());
    }

    @Test
    void urlUnderAPathPrefixKeepsThePrefix() {
        assertEquals(
                "https://example.com/dokploy/api",
                DokployClient.apiBase("https://example.com/dokploy/api/").toString());
        assertEquals(
                "https://example.com/api",
                DokployClient.apiBase("https://example.com").toString());
    }

    @Test
    void urlWithoutSchemeIsAClearError() {
        SupaException e = assertThrows(SupaException.class, () -> DokployClient.apiBase("dokploy.example.com"));
        assertEquals(ErrorCode.CONNECTION_INVALID_URL, e.code());
        assertTrue(e.suggestion().contains("https://dokploy.example.com"), e.suggestion());
    }

    @Test
    void unauthorizedSaysWhereToCreateAKey() {
        server.enqueue(json(401, "{\"message\":\"Unauthorized\"}"));
        SupaException e =
                assertThrows(SupaException.class, () -> client(server).query("project.all", Map.of(), JsonNode.class));
        assertEquals(ErrorCode.DOKPLOY_UNAUTHORIZED, e.code());
        assertTrue(
                e.getMessage().contains("wrong or revoked")
                        && e.getMessage().contains("another organization")
                        && e.getMessage().contains("rate-limited"),
                "Dokploy answers all of them alike: " + e.getMessage());
        assertTrue(e.suggestion().contains("Settings → Profile → API/CLI"), e.suggestion());
        assertTrue(e.suggestion().contains("DOKPLOY_API_KEY"), e.suggestion());
        assertTrue(
                e.suggestion().contains("rateLimitEnabled:false"), "how a key dies after 5 calls: " + e.suggestion());
        assertEquals("project.all", e.details().get("procedure"));
        assertFalse(e.getMessage().contains(KEY) || e.details().toString().contains(KEY), "the key never shows");
        assertEquals(1, server.getRequestCount(), "a 401 is not retried");
    }

    /**
     * Past the gate, procedures use 401 {@code code:"UNAUTHORIZED"} for authorization (routers/compose.ts one/readLogs)
     * and for placement (compose.ts deployTemplate with IS_CLOUD or remoteServersOnly): neither is a key problem.
     */
    @Test
    void aProceduresUnauthorizedIsNamedForWhatItSays() {
        server.enqueue(
                json(401, "{\"message\":\"You are not authorized to access this compose\",\"code\":\"UNAUTHORIZED\"}"));
        SupaException denied = assertThrows(
                SupaException.class,
                () -> client(server).query("compose.one", Map.of("composeId", "c9"), JsonNode.class));
        assertEquals(ErrorCode.DOKPLOY_FORBIDDEN, denied.code());
        assertTrue(
                denied.getMessage()
                        .contains("accepted the API key but refused compose.one (composeId=c9): You are not "
                                + "authorized to access this compose"),
                denied.getMessage());
        assertFalse(
                denied.suggestion().contains("DOKPLOY_API_KEY"), "not 'check your API key': " + denied.suggestion());
        assertEquals("UNAUTHORIZED", denied.details().get("serverCode"));

        server.enqueue(
                json(401, "{\"message\":\"You need to use a server to create a compose\",\"code\":\"UNAUTHORIZED\"}"));
        SupaException server1 = assertThrows(
                SupaException.class,
                () -> client(server)
                        .mutate(
                                "compose.deployTemplate",
                                Map.of("environmentId", "e1", "id", "supabase"),
                                JsonNode.class));
        assertEquals(ErrorCode.DOKPLOY_SERVER_REQUIRED, server1.code());
        assertTrue(server1.getMessage().contains("You need to use a server to create a compose"), server1.getMessage());
        assertTrue(
                server1.suggestion().contains("--server-id")
                        && server1.suggestion().contains("--server NAME"),
                server1.suggestion());

        server.enqueue(json(
                401, "{\"message\":\"unauthorized to access resource \\\"docker\\\"\",\"code\":\"UNAUTHORIZED\"}"));
        assertEquals(
                ErrorCode.DOKPLOY_FORBIDDEN,
                assertThrows(
                                SupaException.class,
                                () -> client(server)
                                        .query(
                                                "docker.getContainersByAppNameMatch",
                                                Map.of("appName", "a"),
                                                JsonNode.class))
                        .code(),
                "a permission");

        // protectedProcedure's bare code: the tRPC context's own key check failed after the gate's passed
        server.enqueue(json(401, "{\"message\":\"UNAUTHORIZED\",\"code\":\"UNAUTHORIZED\"}"));
        assertEquals(
                ErrorCode.DOKPLOY_UNAUTHORIZED,
                assertThrows(SupaException.class, () -> client(server).query("project.all", Map.of(), JsonNode.class))
                        .code());
    }

    /** environment.one's 403, and the 400s of routers that rewrap every error, a refusal included. */
    @Test
    void forbiddenAndRewrappedRefusalsAreAuthorizationFailures() {
        server.enqueue(
                json(403, "{\"message\":\"You are not allowed to access this environment\",\"code\":\"FORBIDDEN\"}"));
        SupaException one = assertThrows(
                SupaException.class,
                () -> client(server).query("environment.one", Map.of("environmentId", "e1"), JsonNode.class));
        assertEquals(ErrorCode.DOKPLOY_FORBIDDEN, one.code());
        assertTrue(one.getMessage().contains("You are not allowed to access this environment"), one.getMessage());

        server.enqueue(json(
                400,
                "{\"message\":\"Error fetching environments: You are not allowed to access this environment\","
                        + "\"code\":\"BAD_REQUEST\"}"));
        assertEquals(
                ErrorCode.DOKPLOY_FORBIDDEN,
                assertThrows(
                                SupaException.class,
                                () -> client(server)
                                        .query("environment.byProjectId", Map.of("projectId", "p1"), JsonNode.class))
                        .code());

        server.enqueue(json(
                400,
                "{\"message\":\"Error creating the project: unauthorized to access resource \\\"project\\\"\","
                        + "\"code\":\"BAD_REQUEST\"}"));
        assertEquals(
                ErrorCode.DOKPLOY_FORBIDDEN,
                assertThrows(
                                SupaException.class,
                                () -> client(server).mutate("project.create", Map.of("name", "x"), JsonNode.class))
                        .code());

        server.enqueue(json(
                400,
                "{\"message\":\"Error creating the project: No servers available, Please subscribe to a plan\","
                        + "\"code\":\"BAD_REQUEST\"}"));
        assertEquals(
                ErrorCode.DOKPLOY_SERVER_REQUIRED,
                assertThrows(
                                SupaException.class,
                                () -> client(server).mutate("project.create", Map.of("name", "x"), JsonNode.class))
                        .code(),
                "Dokploy Cloud");

        server.enqueue(json(
                400, "{\"message\":\"Error creating the project: duplicate key value\",\"code\":\"BAD_REQUEST\"}"));
        assertEquals(
                ErrorCode.VALIDATION_REJECTED_BY_SERVER,
                assertThrows(
                                SupaException.class,
                                () -> client(server).mutate("project.create", Map.of("name", "x"), JsonNode.class))
                        .code(),
                "other 400s stay");
    }

    /**
     * {@code --verbose} prints the stack trace, causes included: Dokploy's answer is the cause, with the key, env
     * values, JWTs and long tokens redacted. The message and details carry no secret either.
     */
    @Test
    void dokploysAnswerIsTheCauseWithItsSecretsRedacted() {
        String jwt = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJyb2xlIjoic2VydmljZV9yb2xlIn0.c2lnbmF0dXJlc2lnbmF0dXJl";
        String body = "{\"message\":\"Command failed: echo JWT_SECRET=hunter2hunter2hunter2 > .env\\nSERVICE_ROLE_KEY="
                + jwt + "\\nkey " + KEY
                + " token Zx9kQ2mP7vR4tY8wB3nL6hJ1fD5sA0cE\",\"code\":\"INTERNAL_SERVER_ERROR\"}";
        server.enqueue(json(500, body));
        SupaException e = assertThrows(
                SupaException.class,
                () -> client(server).mutate("compose.deploy", Map.of("composeId", "c1"), JsonNode.class));
        assertEquals(ErrorCode.DOKPLOY_SERVER_ERROR, e.code());
        String cause = String.valueOf(e.getCause());
        assertTrue(cause.contains("Dokploy's answer to POST compose.deploy: HTTP 500"), cause);
        assertTrue(cause.contains("JWT_SECRET=") && cause.contains("SERVICE_ROLE_KEY=eyJh…(redacted"), cause);
        assertTrue(cause.contains("…(redacted API key)"), cause);
        String everything = cause + e.getMessage() + e.details() + e.suggestion();
        for (String secret : List.of("hunter2hunter2hunter2", jwt, KEY, "Zx9kQ2mP7vR4tY8wB3nL6hJ1fD5sA0cE")) {
            assertFalse(everything.contains(secret), "leaked " + secret + ": " + everything);
        }
        assertTrue(
                e.getMessage().contains("Command failed: echo JWT_SECRET="),
                "the message still says what failed: " + e.getMessage());
    }

    @Test
    void notFoundNamesTheProcedureAndTheId() {
        server.enqueue(json(404, "{\"message\":\"Compose not found\",\"code\":\"NOT_FOUND\"}"));
        SupaException e = assertThrows(
                SupaException.class,
                () -> client(server).query("compose.one", Map.of("composeId", "abc123"), JsonNode.class));
        assertEquals(ErrorCode.DOKPLOY_NOT_FOUND, e.code());
        assertTrue(e.getMessage().contains("compose.one (composeId=abc123)"), e.getMessage());
        assertTrue(e.getMessage().contains("Compose not found"), e.getMessage());
        assertEquals("abc123", e.details().get("composeId"));
    }

    @Test
    void badRequestListsTheZodIssues() {
        server.enqueue(json(400, """
                {"message":"Input validation failed","code":"BAD_REQUEST","issues":[
                  {"code":"too_small","message":"String must contain at least 1 character(s)","path":["name"]},
                  {"code":"invalid_enum_value","message":"Invalid enum value","path":["domains",0,"certificateType"]}]}
                """));
        SupaException e = assertThrows(
                SupaException.class, () -> client(server).mutate("project.create", Map.of("name", ""), JsonNode.class));
        assertEquals(ErrorCode.VALIDATION_REJECTED_BY_SERVER, e.code());
        assertTrue(e.getMessage().contains("name: String must contain at least 1 character(s)"), e.getMessage());
        assertTrue(e.getMessage().contains("domains.0.certificateType: Invalid enum value"), e.getMessage());
        assertEquals(
                List.of(
                        "name: String must contain at least 1 character(s)",
                        "domains.0.certificateType: Invalid enum value"),
                e.details().get("issues"));
        assertEquals("project.create", e.details().get("procedure"));
    }

    @Test
    void serverErrorCarriesTheServersMessage() {
        server.enqueue(json(500, "{\"message\":\"Docker daemon not reachable\",\"code\":\"INTERNAL_SERVER_ERROR\"}"));
        SupaException e = assertThrows(
                SupaException.class,
                () -> client(server).mutate("compose.deploy", Map.of("composeId", "c1"), JsonNode.class));
        assertEquals(ErrorCode.DOKPLOY_SERVER_ERROR, e.code());
        assertTrue(e.getMessage().contains("Docker daemon not reachable"), e.getMessage());
        assertEquals(500, e.details().get("status"));
        assertEquals("compose.deploy", e.details().get("procedure"));
    }

    @Test
    void htmlInsteadOfJsonIsAClearError() {
        server.enqueue(new MockResponse.Builder()
                .code(200)
                .addHeader("Content-Type", "text/html")
                .body("<!DOCTYPE html><html><body>Login</body></html>")
                .build());
        SupaException e =
                assertThrows(SupaException.class, () -> client(server).query("project.all", Map.of(), JsonNode.class));
        assertEquals(ErrorCode.DOKPLOY_INVALID_RESPONSE, e.code());
        assertTrue(e.getMessage().contains("HTML page"), e.getMessage());
        assertEquals("project.all", e.details().get("procedure"));
    }

    @Test
    void jsonOfTheWrongShapeIsAClearError() {
        server.enqueue(ok("{\"not\":\"a list\"}"));
        SupaException e = assertThrows(SupaException.class, () -> new DokployApi(client(server)).projects());
        assertEquals(ErrorCode.DOKPLOY_INVALID_RESPONSE, e.code());
        assertEquals("project.all", e.details().get("procedure"));
    }

    @Test
    void getIsRetriedOn503ThenSucceeds() {
        server.enqueue(json(503, "{\"message\":\"busy\"}"));
        server.enqueue(json(502, "<html>bad gateway</html>"));
        server.enqueue(ok("[]"));
        JsonNode answer = client(server).query("project.all", Map.of(), JsonNode.class);
        assertTrue(answer.isArray());
        assertEquals(3, server.getRequestCount());
    }

    @Test
    void retryAfterIsHonoured() {
        server.enqueue(new MockResponse.Builder()
                .code(429)
                .addHeader("Retry-After", "1")
                .body("slow down")
                .build());
        server.enqueue(ok("[]"));
        long start = System.nanoTime();
        client(server).query("project.all", Map.of(), JsonNode.class);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(millis >= 900, "waited " + millis + " ms for Retry-After: 1");
        assertTrue(millis < 2900, "waited " + millis + " ms, far beyond Retry-After: 1");
        assertEquals(2, server.getRequestCount());
    }

    @Test
    void getGivesUpAfterTheLastAttempt() {
        for (int i = 0; i < 4; i++) {
            server.enqueue(json(503, "{\"message\":\"Service Unavailable\"}"));
        }
        SupaException e =
                assertThrows(SupaException.class, () -> client(server).query("project.all", Map.of(), JsonNode.class));
        assertEquals(ErrorCode.DOKPLOY_SERVER_ERROR, e.code());
        assertEquals(4, server.getRequestCount());
    }

    @Test
    void postIsNeverRetried() {
        server.enqueue(json(503, "{\"message\":\"Service Unavailable\"}"));
        server.enqueue(ok("{}"));
        SupaException e = assertThrows(
                SupaException.class,
                () -> client(server).mutate("project.create", Map.of("name", "p"), JsonNode.class));
        assertEquals(ErrorCode.DOKPLOY_SERVER_ERROR, e.code());
        assertEquals(1, server.getRequestCount(), "a mutation is sent once");
    }

    @Test
    void connectionRefusedNamesTheUrl() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String url = "http://127.0.0.1:" + port;
        SupaException e = assertThrows(
                SupaException.class,
                () -> client(url, Duration.ofSeconds(2)).query("project.all", Map.of(), JsonNode.class));
        assertEquals(ErrorCode.CONNECTION_REFUSED, e.code());
        assertTrue(e.getMessage().contains(url), e.getMessage());
        assertEquals("project.all", e.details().get("procedure"));
    }

    @Test
    void refusedMutationWasNotApplied() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        SupaException e = assertThrows(
                SupaException.class,
                () -> client("http://127.0.0.1:" + port, Duration.ofSeconds(2))
                        .mutate("compose.deploy", Map.of("composeId", "c1"), JsonNode.class));
        assertEquals(ErrorCode.CONNECTION_REFUSED, e.code(), "nothing left the client, so nothing is uncertain");
    }

    @Test
    void unknownHostNamesTheUrl() {
        SupaException e = assertThrows(
                SupaException.class,
                () -> client("https://dokploy.nothing.invalid", Duration.ofSeconds(2))
                        .query("project.all", Map.of(), JsonNode.class));
        assertEquals(ErrorCode.CONNECTION_UNKNOWN_HOST, e.code());
        assertTrue(e.getMessage().contains("dokploy.nothing.invalid"), e.getMessage());
    }

    @Test
    void slowAnswerTimesOutWithoutWaitingAgain() {
        for (int i = 0; i < 4; i++) {
            server.enqueue(new MockResponse.Builder()
                    .code(200)
                    .body("[]")
                    .headersDelay(2, TimeUnit.SECONDS)
                    .build());
        }
        SupaException e = assertThrows(
                SupaException.class,
                () -> client(server.url("/").toString(), Duration.ofMillis(200))
                        .query("project.all", Map.of(), JsonNode.class));
        assertEquals(ErrorCode.CONNECTION_TIMEOUT, e.code());
        assertEquals("project.all", e.details().get("procedure"));
        assertEquals(1, server.getRequestCount(), "a request the server took and sat on is not sent again");
    }

    @Test
    void mutationTimingOutAfterSendingMayHaveBeenApplied() {
        server.enqueue(new MockResponse.Builder()
                .code(200)
                .body("{}")
                .headersDelay(2, TimeUnit.SECONDS)
                .build());
        SupaException e = assertThrows(
                SupaException.class,
                () -> client(server.url("/").toString(), Duration.ofMillis(200))
                        .mutate("project.create", Map.of("name", "p"), JsonNode.class));
        assertEquals(ErrorCode.DOKPLOY_OUTCOME_UNKNOWN, e.code());
        assertTrue(e.getMessage().contains("may or may not have been applied"), e.getMessage());
        assertTrue(e.suggestion().contains("Check the current state"), e.suggestion());
        assertEquals(1, server.getRequestCount());
    }

    @Test
    void droppedConnectionOnAGetIsRetried() {
        server.enqueue(new MockResponse.Builder()
                .onRequestStart(new mockwebserver3.SocketEffect.CloseSocket())
                .build());
        server.enqueue(ok("[]"));
        assertTrue(client(server).query("project.all", Map.of(), JsonNode.class).isArray());
        assertEquals(2, server.getRequestCount());
    }

    @Test
    void aKeyThatCannotBeAHeaderIsRejectedWithoutEchoingIt() {
        SupaException e = assertThrows(
                SupaException.class,
                () -> new DokployClient(
                        DokployEndpoint.of("https://d.example.com", dev.supadokploy.config.Secret.of("abc\ndef")),
                        DokployClient.Options.DEFAULT));
        assertEquals(ErrorCode.CONFIGURATION_INVALID, e.code());
        assertFalse(e.getMessage().contains("abc"), e.getMessage());
    }

    @Test
    void emptyBodyOfAMutationIsFine() {
        server.enqueue(new MockResponse.Builder().code(200).build());
        assertNull(client(server).mutate("compose.stop", Map.of("composeId", "c1"), JsonNode.class));
    }
}
