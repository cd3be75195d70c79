package dev.supadokploy.testing.dokploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.supadokploy.dokploy.DokployEnv;
import dev.supadokploy.testing.NeedsSimulator;
import dev.supadokploy.testing.dokploy.DokploySimulator.Sickness;
import dev.supadokploy.testing.dokploy.DokployTemplate.Generation;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Drives {@link DokploySimulator} with plain okhttp calls, the way a client would, and checks every request and
 * every answer against Dokploy's OpenAPI document through {@link ContractRecorder} (when the document is there).
 */
@NeedsSimulator
class DokploySimulatorTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final MediaType APPLICATION_JSON = MediaType.get("application/json");

    private DokploySimulator simulator;
    private ContractRecorder contract;
    private OkHttpClient http;

    @BeforeEach
    void start() {
        assumeTrue(
                Files.isRegularFile(EnvFixtureGenerator.templatePath()),
                "../shared/dokploy/supabase-template/template.toml absent: simulator tests skipped");
        simulator =
                DokploySimulator.start(DokploySimulator.Options.defaults().withDeployDuration(Duration.ofMillis(40)));
        contract = new ContractRecorder(OpenApiContract.available() ? OpenApiContract.load() : null);
        http = new OkHttpClient.Builder()
                .addInterceptor(contract)
                .readTimeout(Duration.ofSeconds(5))
                .build();
    }

    @AfterEach
    void stop() {
        if (simulator != null) {
            simulator.close();
            assertEquals(List.of(), contract.unexpected(), "requests or answers outside openapi.json");
        }
    }

    @Test
    void wholeSupabaseFlow() throws Exception {
        Reply health =
                send(new Request.Builder().url(simulator.url() + "/api/health").build());
        assertEquals(200, health.status());
        assertTrue(health.json().path("ok").asBoolean());

        assertEquals("v0.30.0", get("settings.getDokployVersion").json().asText());

        JsonNode created =
                post("project.create", object().put("name", "Acme Prod")).json();
        String projectId = created.path("project").path("projectId").asText();
        String environmentId = created.path("environment").path("environmentId").asText();
        assertEquals("production", created.path("environment").path("name").asText());
        assertEquals(
                environmentId,
                get("environment.byProjectId", "projectId", projectId)
                        .json()
                        .path(0)
                        .path("environmentId")
                        .asText());
        assertEquals(
                "Acme Prod",
                get("environment.one", "environmentId", environmentId)
                        .json()
                        .path("project")
                        .path("name")
                        .asText());

        JsonNode compose = post(
                        "compose.deployTemplate",
                        object().put("environmentId", environmentId).put("id", "supabase"))
                .json();
        String composeId = compose.path("composeId").asText();
        String appName = compose.path("appName").asText();
        assertTrue(appName.startsWith("acme-prod-supabase-"), appName);
        assertEquals("idle", compose.path("composeStatus").asText(), "deployTemplate does not deploy");
        String env = compose.path("env").asText();
        assertNotEquals(envValue(env, "ANON_KEY"), envValue(env, "SERVICE_ROLE_KEY"));
        assertEquals(
                1,
                get("project.all")
                        .json()
                        .path(0)
                        .path("environments")
                        .path(0)
                        .path("compose")
                        .size());

        JsonNode domains = get("domain.byComposeId", "composeId", composeId).json();
        assertEquals(1, domains.size());
        JsonNode kong = domains.path(0);
        assertEquals("kong", kong.path("serviceName").asText());
        assertEquals(8000, kong.path("port").asInt());
        assertFalse(kong.path("https").asBoolean());
        assertEquals("none", kong.path("certificateType").asText());

        String ourEnv =
                env.replaceFirst("(?m)^SUPABASE_PUBLIC_URL=.*$", "SUPABASE_PUBLIC_URL=https://supabase.acme.test");
        assertTrue(post(
                        "compose.saveEnvironment",
                        object().put("composeId", composeId).put("env", ourEnv))
                .json()
                .asBoolean());
        assertEquals(
                ourEnv,
                get("compose.one", "composeId", composeId).json().path("env").asText(),
                "env replaced whole");
        JsonNode updated = post(
                        "domain.update",
                        object().put("domainId", kong.path("domainId").asText())
                                .put("host", "supabase.acme.test")
                                .put("https", true)
                                .put("certificateType", "letsencrypt"))
                .json();
        assertTrue(updated.path("https").asBoolean());
        assertEquals("letsencrypt", updated.path("certificateType").asText());
        assertEquals(List.of(), containers(appName), "nothing runs before the first deploy");

        simulator.deployDuration(Duration.ofMillis(300)); // long enough to see it running
        post("compose.deploy", object().put("composeId", composeId));
        assertEquals(
                "running",
                get("compose.one", "composeId", composeId)
                        .json()
                        .path("composeStatus")
                        .asText());
        assertEquals("done", awaitStatus(composeId));
        JsonNode deployments =
                get("deployment.allByCompose", "composeId", composeId).json();
        assertEquals(1, deployments.size());
        assertEquals("done", deployments.path(0).path("status").asText());
        Map<String, String> deployed = simulator.containerEnv(composeId);
        assertTrue(
                deployed.entrySet().containsAll(DokployEnv.parse(ourEnv).entrySet()), "a deploy writes the saved env");
        assertEquals(appName, deployed.get("COMPOSE_PROJECT_NAME"), "with Dokploy's own variables");

        List<JsonNode> running = containers(appName);
        assertEquals(DokploySimulator.SUPABASE_SERVICES.size(), running.size());
        for (JsonNode container : running) {
            assertTrue(container.path("name").asText().matches(appName + "-[a-z]+-1"), container.toString());
            assertEquals("running", container.path("state").asText());
            // Dokploy v0.30.2 passes Docker's status through: a health state only where the compose has a healthcheck
            boolean checked = !List.of("rest", "meta", "functions")
                    .contains(container.path("name").asText().replaceAll("^" + appName + "-|-1$", ""));
            assertEquals(
                    checked, container.path("status").asText().matches("Up .+ \\(healthy\\)"), container.toString());
            assertEquals(!checked, container.path("status").asText().matches("Up [^(]+"), container.toString());
        }

        JsonNode auth = running.stream()
                .filter(c -> c.path("name").asText().equals(appName + "-auth-1"))
                .findFirst()
                .orElseThrow();
        Reply logReply = get(
                "compose.readLogs",
                "composeId",
                composeId,
                "containerId",
                auth.path("containerId").asText(),
                "tail",
                "2",
                "since",
                "5m");
        assertEquals(200, logReply.status(), logReply.text());
        String logs = logReply.json().asText();
        String[] lines = logs.split("\n");
        assertEquals(2, lines.length, logs);
        for (String line : lines) {
            Instant.parse(line.substring(0, line.indexOf(' '))); // RFC 3339 timestamp first, as docker logs -t
        }

        post("compose.stop", object().put("composeId", composeId));
        assertTrue(containers(appName).stream()
                .allMatch(c -> c.path("state").asText().equals("exited")));
        post("compose.start", object().put("composeId", composeId));
        assertTrue(containers(appName).stream()
                .allMatch(c -> c.path("status").asText().startsWith("Up ")));
        assertEquals(
                10,
                containers(appName).stream()
                        .filter(c -> c.path("status").asText().endsWith("(healthy)"))
                        .count(),
                "every service with a healthcheck is healthy again");
        String newerEnv = ourEnv + "\nEXTRA=1";
        post("compose.saveEnvironment", object().put("composeId", composeId).put("env", newerEnv));
        post("compose.stop", object().put("composeId", composeId));
        post("compose.start", object().put("composeId", composeId));
        assertEquals(deployed, simulator.containerEnv(composeId), "start does not re-read the env");
        simulator.deployDuration(Duration.ofMillis(20));
        post("compose.redeploy", object().put("composeId", composeId));
        awaitDeployments(composeId, 2);
        assertEquals("1", simulator.containerEnv(composeId).get("EXTRA"), "a redeploy does");

        if (contract.active()) {
            assertTrue(contract.checked().size() >= 20, contract.checked().toString());
        }
        assertTrue(simulator.requests().stream().anyMatch(call -> call.path().equals("/api/compose.deploy")));
    }

    @Test
    void composeCreateUpdateAndDomainCreate() throws Exception {
        String environmentId = post("project.create", object().put("name", "hand made"))
                .json()
                .path("environment")
                .path("environmentId")
                .asText();
        JsonNode compose = post(
                        "compose.create",
                        object().put("name", "My Stack")
                                .put("environmentId", environmentId)
                                .put("composeType", "docker-compose"))
                .json();
        String composeId = compose.path("composeId").asText();
        // no appName asked for: Dokploy's generateAppName("compose"), not the name (see DokployServerContractTest)
        assertTrue(compose.path("appName").asText().startsWith("compose-"), compose.toString());
        assertTrue(compose.path("env").isNull(), "a new compose's env is null");
        assertEquals("github", compose.path("sourceType").asText());

        JsonNode updated = post(
                        "compose.update", object().put("composeId", composeId).put("env", "A=1\n# note\nB=\"two\""))
                .json();
        assertEquals("A=1\n# note\nB=\"two\"", updated.path("env").asText(), "the dotenv string is kept as written");

        JsonNode domain = post(
                        "domain.create",
                        object().put("host", "stack.acme.test")
                                .put("port", 8000)
                                .put("https", true)
                                .put("certificateType", "letsencrypt")
                                .put("composeId", composeId)
                                .put("serviceName", "kong")
                                .put("domainType", "compose"))
                .json();
        assertEquals("letsencrypt", domain.path("certificateType").asText());
        assertEquals(
                domain.path("domainId").asText(),
                get("domain.byComposeId", "composeId", composeId)
                        .json()
                        .path(0)
                        .path("domainId")
                        .asText());
        assertEquals(
                1,
                get("compose.one", "composeId", composeId)
                        .json()
                        .path("domains")
                        .size());

        Reply gone = post("domain.create", object().put("host", "x.test").put("composeId", "gone"));
        assertEquals(400, gone.status(), "domain.create rewraps every error as 400: " + gone.text());
        assertTrue(
                gone.json().path("message").asText().startsWith("Failed query: insert into \"domain\""), gone.text());
        assertEquals(
                404, post("compose.deploy", object().put("composeId", "gone")).status());
        // Dokploy's lookups throw NOT_FOUND inside mutations too, but the document lists no 404 for any POST
        assertContractViolations(1, "POST /compose.deploy: status 404 is not documented");
        assertEquals(404, get("compose.noSuchProcedure").status());
        assertContractViolations(2, "compose.noSuchProcedure: no such operation"); // its request and its answer
    }

    @Test
    void authGateAndContentType() throws Exception {
        Reply noKey = send(
                new Request.Builder().url(simulator.url() + "/api/project.all").build());
        assertEquals(401, noKey.status());
        assertEquals("{\"message\":\"Unauthorized\"}", noKey.text());
        Reply wrongKey = send(new Request.Builder()
                .url(simulator.url() + "/api/project.all")
                .header("x-api-key", "nope")
                .build());
        assertEquals(401, wrongKey.status());

        String oldKey = simulator.apiKey();
        simulator.apiKey("rotated");
        assertEquals(
                401,
                send(new Request.Builder()
                                .url(simulator.url() + "/api/project.all")
                                .header("x-api-key", oldKey)
                                .build())
                        .status());
        simulator.apiKey(oldKey);
        // Dokploy's key gate answers before tRPC, without the "code" the document's error.UNAUTHORIZED requires
        assertContractViolations(3, "401 body");

        Reply textBody = send(new Request.Builder()
                .url(simulator.url() + "/api/project.create")
                .header("x-api-key", simulator.apiKey())
                .post(RequestBody.create("name=x", MediaType.get("text/plain")))
                .build());
        assertEquals(415, textBody.status());
        assertEquals("UNSUPPORTED_MEDIA_TYPE", textBody.json().path("code").asText());
        assertContractViolations(1, "status 415 is not documented");
        contract.expect("request body is not JSON");
    }

    @Test
    void notFoundAndBadInputUseTheDocumentedErrorShapes() throws Exception {
        Reply missing = get("compose.one", "composeId", "no-such-compose");
        assertEquals(404, missing.status());
        assertEquals("NOT_FOUND", missing.json().path("code").asText());
        assertEquals("Compose not found", missing.json().path("message").asText());

        Reply noParent = post("compose.create", object().put("name", "x"));
        assertEquals(400, noParent.status());
        assertEquals("BAD_REQUEST", noParent.json().path("code").asText());
        assertEquals(
                "environmentId: Required",
                noParent.json().path("issues").path(0).path("message").asText());
        assertContractViolations(1, "request body");

        Reply wrongMethod = get("compose.deploy", "composeId", "x");
        assertEquals(404, wrongMethod.status());
        assertEquals("NOT_FOUND", wrongMethod.json().path("code").asText());
        assertContractViolations(2, "GET /compose.deploy: no such operation");

        Reply noQuery = get("project.one");
        assertEquals(400, noQuery.status());
        assertContractViolations(1, "query parameter 'projectId' is required");
    }

    @Test
    void serverErrorBurstsThenRecovers() throws Exception {
        simulator.failNext(2, 503, 1);
        Reply first = get("project.all");
        assertEquals(503, first.status());
        assertEquals("1", first.header("Retry-After"));
        assertEquals(503, get("project.all").status());
        assertEquals(200, get("project.all").status());
        assertContractViolations(2, "status 503 is not documented"); // a proxy's answer, not Dokploy's

        simulator.failNext(1, 500, null);
        Reply internal = get("settings.getDokployVersion");
        assertEquals(500, internal.status());
        assertEquals("INTERNAL_SERVER_ERROR", internal.json().path("code").asText());
        assertEquals(200, get("settings.getDokployVersion").status());
    }

    @Test
    void slowAnswersTimeOutAClientThatWillNotWait() {
        simulator.latency(Duration.ofMillis(300));
        OkHttpClient impatient =
                http.newBuilder().readTimeout(Duration.ofMillis(50)).build();
        Request request = new Request.Builder()
                .url(simulator.url() + "/api/project.all")
                .header("x-api-key", simulator.apiKey())
                .build();
        assertThrows(
                InterruptedIOException.class,
                () -> impatient.newCall(request).execute().close());
        simulator.latency(Duration.ZERO);
    }

    @Test
    void beforeEnvironmentsServicesHangOffTheProject() throws Exception {
        simulator.version("v0.24.3");
        JsonNode project =
                post("project.create", object().put("name", "legacy")).json();
        String projectId = project.path("projectId").asText();
        assertFalse(project.has("environment"), "before v0.25 create returns the project row");
        assertEquals(404, get("environment.byProjectId", "projectId", projectId).status());

        JsonNode compose = post(
                        "compose.deployTemplate",
                        object().put("projectId", projectId).put("id", "supabase"))
                .json();
        assertEquals(projectId, compose.path("projectId").asText());
        assertEquals(
                1,
                get("project.one", "projectId", projectId)
                        .json()
                        .path("compose")
                        .size());
        assertEquals(
                404,
                get("compose.readLogs", "composeId", compose.path("composeId").asText(), "containerId", "x")
                        .status());
        // today's document wants environmentId: the contract check sees the old input for what it is
        assertContractViolations(1, "request body");
    }

    @Test
    void readLogsArrivesWithV029() throws Exception {
        simulator.version("v0.28.9");
        assertEquals(
                404,
                get("compose.readLogs", "composeId", "c", "containerId", "x").status());
        simulator.version("v0.29.0");
        assertEquals(
                "Compose not found",
                get("compose.readLogs", "composeId", "c", "containerId", "x")
                        .json()
                        .path("message")
                        .asText());
    }

    @Test
    void v0255KeyBugGivesIdenticalKeysWithoutRole() throws Exception {
        simulator.templateGeneration(Generation.BUGGY_V0_25_5);
        String env = deployTemplate("bug").path("env").asText();
        assertEquals(envValue(env, "ANON_KEY"), envValue(env, "SERVICE_ROLE_KEY"));
        String payload = new String(java.util.Base64.getUrlDecoder()
                .decode(envValue(env, "ANON_KEY").split("\\.")[1]));
        assertFalse(payload.contains("\"role\""), payload);
    }

    /** Dokploy v0.30.2 docker.ts: the exact compose project, on the compose's server only. */
    @Test
    void containersAreTheComposesOwnOnItsServer() throws Exception {
        JsonNode compose = deployTemplate("acme");
        String composeId = compose.path("composeId").asText();
        String appName = compose.path("appName").asText();
        post("compose.deploy", object().put("composeId", composeId));
        assertEquals("done", awaitStatus(composeId));
        assertEquals(13, containers(appName).size());
        assertEquals(
                List.of(),
                containers(appName.substring(0, appName.length() - 1)),
                "a prefix of the project is another project");
        simulator.composeServer(composeId, "srv-1");
        assertEquals(
                "srv-1",
                get("compose.one", "composeId", composeId)
                        .json()
                        .path("serverId")
                        .asText());
        assertEquals(List.of(), containers(appName), "Dokploy's own host runs none of them");
        assertEquals(
                13,
                get(
                                "docker.getContainersByAppNameMatch",
                                "appName",
                                appName,
                                "appType",
                                "docker-compose",
                                "serverId",
                                "srv-1")
                        .json()
                        .size());
        assertEquals(
                0,
                get(
                                "docker.getContainersByAppNameMatch",
                                "appName",
                                appName,
                                "appType",
                                "docker-compose",
                                "serverId",
                                "srv-2")
                        .json()
                        .size());
        simulator.dockerUnreachable(true);
        assertEquals(
                0,
                get(
                                "docker.getContainersByAppNameMatch",
                                "appName",
                                appName,
                                "appType",
                                "docker-compose",
                                "serverId",
                                "srv-1")
                        .json()
                        .size(),
                "any Docker error answers []");
    }

    /** PR #1068's template: 11 services, and containers for exactly those. */
    @Test
    void theTemplateServedIsTheOneChosen() throws Exception {
        simulator.supabaseTemplate(SupabaseTemplates.Variant.PR1068);
        JsonNode compose = deployTemplate("acme");
        String composeId = compose.path("composeId").asText();
        JsonNode one = get("compose.one", "composeId", composeId).json();
        assertFalse(one.path("composeFile").asText().contains("analytics"));
        assertFalse(one.path("env").asText().contains("LOGFLARE_"));
        post("compose.deploy", object().put("composeId", composeId));
        assertEquals("done", awaitStatus(composeId));
        List<String> services = containers(compose.path("appName").asText()).stream()
                .map(c -> c.path("name")
                        .asText()
                        .replaceAll("^" + compose.path("appName").asText() + "-|-1$", ""))
                .sorted()
                .toList();
        assertEquals(
                List.of(
                        "auth",
                        "db",
                        "functions",
                        "imgproxy",
                        "kong",
                        "meta",
                        "realtime",
                        "rest",
                        "storage",
                        "studio",
                        "supavisor"),
                services);
    }

    /** Dokploy v0.30.2 deployment.ts: a failure keeps errorMessage null; its output is read with deployment.readLogs. */
    @Test
    void aFailedDeploysOutputIsItsLog() throws Exception {
        simulator.deployFails(true);
        JsonNode compose = deployTemplate("acme");
        String composeId = compose.path("composeId").asText();
        post("compose.deploy", object().put("composeId", composeId));
        assertEquals("error", awaitStatus(composeId));
        JsonNode deployment =
                get("deployment.allByCompose", "composeId", composeId).json().get(0);
        assertEquals("error", deployment.path("status").asText());
        assertTrue(deployment.path("errorMessage").isNull(), deployment.toString());
        assertEquals(
                List.of(), containers(compose.path("appName").asText()), "a failed first deploy leaves no containers");
        assertEquals(null, simulator.composes().get(0).deployedEnv(), "nor a deployed env");
        Reply log = get(
                "deployment.readLogs",
                "deploymentId",
                deployment.path("deploymentId").asText(),
                "tail",
                "4");
        assertEquals(200, log.status(), log.text());
        assertEquals(
                List.of(
                        "service \"db\" didn't complete successfully: exit 1",
                        "Error: ❌ Docker command failed",
                        "",
                        "Error occurred ❌, check the logs for details."),
                log.json().asText().lines().toList());
        assertEquals(404, get("deployment.readLogs", "deploymentId", "nope").status());
        simulator.version("v0.29.4");
        assertEquals(
                404,
                get(
                                "deployment.readLogs",
                                "deploymentId",
                                deployment.path("deploymentId").asText())
                        .status(),
                "readLogs came with v0.29.5");
        simulator.version("v0.29.5");
        assertEquals(
                200,
                get(
                                "deployment.readLogs",
                                "deploymentId",
                                deployment.path("deploymentId").asText())
                        .status());
    }

    /** Dokploy v0.30.2 cancel-deployments.ts: a restart marks running deploys cancelled and the compose idle. */
    @Test
    void aRestartCancelsRunningDeploys() throws Exception {
        simulator.deployDuration(Duration.ofSeconds(30));
        JsonNode compose = deployTemplate("acme");
        String composeId = compose.path("composeId").asText();
        post("compose.deploy", object().put("composeId", composeId));
        assertEquals(
                "running",
                get("compose.one", "composeId", composeId)
                        .json()
                        .path("composeStatus")
                        .asText());
        simulator.restartDokploy();
        assertEquals(
                "cancelled",
                get("deployment.allByCompose", "composeId", composeId)
                        .json()
                        .get(0)
                        .path("status")
                        .asText());
        assertEquals(
                "idle",
                get("compose.one", "composeId", composeId)
                        .json()
                        .path("composeStatus")
                        .asText());
        assertEquals(List.of(), containers(compose.path("appName").asText()), "the cancelled deploy started nothing");
    }

    @Test
    void aServiceThatNeverTurnsHealthy() throws Exception {
        simulator.unhealthyService("auth", Sickness.UNHEALTHY);
        JsonNode compose = deployTemplate("sick");
        String composeId = compose.path("composeId").asText();
        String appName = compose.path("appName").asText();
        post("compose.deploy", object().put("composeId", composeId));
        assertEquals("done", awaitStatus(composeId), "the deploy itself succeeds");
        JsonNode auth = container(appName, "auth");
        assertTrue(auth.path("status").asText().endsWith("(unhealthy)"), auth.toString());
        assertTrue(container(appName, "storage").path("status").asText().endsWith("(healthy)"));
        assertTrue(container(appName, "rest").path("status").asText().matches("Up [^(]+"), "rest has no health check");
        Reply logReply = get(
                "compose.readLogs",
                "composeId",
                composeId,
                "containerId",
                auth.path("containerId").asText(),
                "search",
                "fatal");
        assertEquals(200, logReply.status(), logReply.text());
        String logs = logReply.json().asText();
        assertTrue(logs.contains("invalid JWT"), logs);

        simulator.unhealthyService("auth", Sickness.RESTARTING);
        post("compose.redeploy", object().put("composeId", composeId));
        awaitDeployments(composeId, 2);
        assertEquals("restarting", container(appName, "auth").path("state").asText());
    }

    /**
     * docker-container-logs.ts runs docker logs in a node-pty with no exit handler: when a redeploy removes the
     * container, docker logs ends and the socket stays open, silent, until the client closes it.
     */
    @Test
    void theLogsSocketSendsTheTailThenNewLinesAndStaysOpenWhenARedeployReplacesTheContainer() throws Exception {
        simulator.logEvery(Duration.ofMillis(150));
        JsonNode compose = deployTemplate("logs");
        String composeId = compose.path("composeId").asText();
        post("compose.deploy", object().put("composeId", composeId));
        assertEquals("done", awaitStatus(composeId));
        String rest = container(compose.path("appName").asText(), "rest")
                .path("containerId")
                .asText();

        SocketEvents events =
                openLogSocket(simulator.apiKey(), "containerId", rest, "tail", "2", "since", "all", "search", "");
        String first = events.next();
        assertTrue(first.matches("(\\S+Z rest \\S.*\r\n){2}"), "the tail, two lines as a terminal ends them: " + first);
        String later = events.next();
        assertTrue(later.matches("(\\S+Z rest health check ok\r\n)+"), "lines written since: " + later);
        assertEquals(1, simulator.logFollowers());

        post("compose.redeploy", object().put("composeId", composeId));
        awaitDeployments(composeId, 2);
        events.drain(Duration.ofMillis(400)); // what the old container wrote before it went
        assertNull(
                events.poll(Duration.ofSeconds(1)), "nothing more, and no close: Dokploy's own host never closes it");
        assertEquals(1, simulator.logFollowers(), "the socket is still open");
        events.close();
        await(simulator::logFollowers, n -> n == 0);
        assertEquals(
                101,
                simulator.requests().stream()
                        .filter(c -> c.path().equals("/docker-container-logs"))
                        .findFirst()
                        .orElseThrow()
                        .status());
    }

    @Test
    void theLogsSocketFiltersLikeGrepAndRefusesAWrongKeyOrNoContainer() throws Exception {
        simulator.unhealthyService("auth", Sickness.UNHEALTHY);
        JsonNode compose = deployTemplate("logs");
        String composeId = compose.path("composeId").asText();
        post("compose.deploy", object().put("composeId", composeId));
        assertEquals("done", awaitStatus(composeId));
        String auth = container(compose.path("appName").asText(), "auth")
                .path("containerId")
                .asText();

        SocketEvents found = openLogSocket(
                simulator.apiKey(), "containerId", auth, "tail", "100", "since", "1h", "search", "INVALID jwt");
        String lines = found.next();
        assertEquals(1, lines.split("\r\n").length, lines);
        assertTrue(lines.contains("auth: invalid JWT"), lines);

        SocketEvents wrongKey =
                openLogSocket("not-the-key", "containerId", auth, "tail", "100", "since", "all", "search", "");
        assertEquals("closed 1000", wrongKey.next(), "closed before any output");
        SocketEvents noKey = openLogSocket(null, "containerId", auth, "tail", "100", "since", "all", "search", "");
        assertEquals("closed 1000", noKey.next());
        SocketEvents noContainer = openLogSocket(simulator.apiKey(), "tail", "100");
        assertEquals("closed 4000 containerId no provided", noContainer.next());
        SocketEvents unknown =
                openLogSocket(simulator.apiKey(), "containerId", "f00", "tail", "100", "since", "all", "search", "");
        assertEquals("Error response from daemon: No such container: f00\r\n", unknown.next());
        SocketEvents days =
                openLogSocket(simulator.apiKey(), "containerId", auth, "tail", "100", "since", "1d", "search", "");
        assertTrue(days.next().startsWith("invalid value for \"since\""), "docker reads Go durations: no days");
    }

    @Test
    void aPlainGetOfTheLogsSocketPathIsNotFound() throws Exception {
        try (Response response = new OkHttpClient()
                .newCall(new Request.Builder()
                        .url(simulator.url() + "/docker-container-logs?containerId=x")
                        .header("x-api-key", simulator.apiKey())
                        .build())
                .execute()) {
            assertEquals(404, response.code(), "only a WebSocket upgrade is served there");
        }
    }

    @Test
    void contractCheckerIsNotVacuous() {
        assumeTrue(OpenApiContract.available(), "../shared/dokploy/openapi.json absent: contract tests skipped");
        OpenApiContract openApi = OpenApiContract.load();
        assertEquals(
                List.of(),
                openApi.validateRequest(
                        "POST",
                        "/api/compose.create",
                        java.util.Map.of(),
                        "{\"name\":\"a\",\"environmentId\":\"e\",\"composeType\":\"docker-compose\"}"));
        assertFalse(openApi.validateRequest(
                        "POST",
                        "/api/compose.create",
                        java.util.Map.of(),
                        "{\"name\":\"a\",\"environmentId\":\"e\",\"composeType\":\"swarm\"}")
                .isEmpty());
        assertFalse(
                openApi.validateRequest(
                                "GET",
                                "/api/compose.readLogs",
                                java.util.Map.of("composeId", "c", "containerId", "x", "tail", "0"),
                                null)
                        .isEmpty(),
                "tail minimum 1");
        assertFalse(
                openApi.validateRequest("GET", "/api/compose.deploy", java.util.Map.of(), null)
                        .isEmpty(),
                "wrong method");
        assertFalse(
                openApi.validateResponse("GET", "/api/compose.one", 404, "{\"message\":\"x\"}")
                        .isEmpty(),
                "code required");
        assertEquals(
                List.of(),
                openApi.validateResponse("GET", "/api/compose.one", 404, "{\"message\":\"x\",\"code\":\"NOT_FOUND\"}"));
    }

    // ---- helpers -----------------------------------------------------------------------------------------

    /** What a WebSocket received, in order: text frames as they are, then "closed CODE[ REASON]" or "failed …". */
    private static final class SocketEvents extends okhttp3.WebSocketListener {
        private final java.util.concurrent.BlockingQueue<String> events =
                new java.util.concurrent.LinkedBlockingQueue<>();
        private volatile okhttp3.WebSocket socket;

        @Override
        public void onOpen(okhttp3.WebSocket ws, Response response) {
            socket = ws;
        }

        /** The next event within {@code wait}, or null. */
        String poll(Duration wait) throws InterruptedException {
            return events.poll(wait.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        }

        /** Takes text frames until {@code quiet} passes without one; a close fails the test. */
        void drain(Duration quiet) throws InterruptedException {
            for (String event = poll(quiet); event != null; event = poll(quiet)) {
                assertFalse(event.startsWith("closed") || event.startsWith("failed"), event);
            }
        }

        /** The client leaves, as Ctrl-C does. */
        void close() {
            socket.close(1000, "done");
        }

        @Override
        public void onMessage(okhttp3.WebSocket ws, String text) {
            events.add(text);
        }

        @Override
        public void onClosing(okhttp3.WebSocket ws, int code, String reason) {
            events.add(("closed " + code + " " + reason).strip());
            ws.close(1000, null);
        }

        @Override
        public void onFailure(okhttp3.WebSocket ws, Throwable t, Response response) {
            events.add("failed " + t + (response == null ? "" : " HTTP " + response.code()));
        }

        String next() throws InterruptedException {
            String event = events.poll(5, java.util.concurrent.TimeUnit.SECONDS);
            assertTrue(event != null, "nothing came on the socket in 5 s");
            return event;
        }

        /** Skips text frames up to the close. */
        String nextClose() throws InterruptedException {
            String event = next();
            while (!event.startsWith("closed") && !event.startsWith("failed")) {
                event = next();
            }
            return event;
        }
    }

    /** wss/utils.ts isValid* → 4000 before the key is even looked at; wss/authorize.ts → 4003 for a member (v0.29.13+). */
    @Test
    void theLogsSocketRefusesBadParametersWith4000AndAMemberWithoutTheServiceWith4003() throws Exception {
        JsonNode compose = deployTemplate("logs");
        String composeId = compose.path("composeId").asText();
        post("compose.deploy", object().put("composeId", composeId));
        assertEquals("done", awaitStatus(composeId));
        String rest = container(compose.path("appName").asText(), "rest")
                .path("containerId")
                .asText();

        assertEquals(
                "closed 4000 Invalid container ID format",
                openLogSocket(simulator.apiKey(), "containerId", "-x", "tail", "1")
                        .next());
        assertEquals(
                "closed 4000 Invalid tail parameter",
                openLogSocket(simulator.apiKey(), "containerId", rest, "tail", "10001")
                        .next());
        assertEquals(
                "closed 4000 Invalid since parameter",
                openLogSocket(simulator.apiKey(), "containerId", rest, "tail", "1", "since", "2w")
                        .next());
        assertEquals(
                "closed 4000 Invalid search parameter",
                openLogSocket("not-the-key", "containerId", rest, "tail", "1", "search", "a'b")
                        .next(),
                "before the key check");

        simulator.memberKey(true);
        assertEquals(
                "closed 4003 Not authorized",
                openLogSocket(simulator.apiKey(), "containerId", rest, "tail", "1")
                        .next(),
                "a member has no docker permission");
        assertEquals(
                "closed 4003 Not authorized",
                openLogSocket(simulator.apiKey(), "containerId", rest, "tail", "1", "serviceId", "nope")
                        .next());
        assertTrue(
                openLogSocket(simulator.apiKey(), "containerId", rest, "tail", "1", "serviceId", composeId)
                        .next()
                        .contains("rest health check ok"),
                "access to the service is enough");

        simulator.version("v0.29.12"); // before canAccessDockerOverWss
        assertTrue(openLogSocket(simulator.apiKey(), "containerId", rest, "tail", "1")
                .next()
                .contains("rest health check ok"));
    }

    /** Dokploy runs docker logs where serverId says; a remote server's stream (ssh2) closes the socket when it ends. */
    @Test
    void theLogsSocketReadsOnTheServerItIsToldAndOnlyARemoteStreamCloses() throws Exception {
        JsonNode compose = deployTemplate("logs");
        String composeId = compose.path("composeId").asText();
        post("compose.deploy", object().put("composeId", composeId));
        assertEquals("done", awaitStatus(composeId));
        String rest = container(compose.path("appName").asText(), "rest")
                .path("containerId")
                .asText();

        SocketEvents elsewhere =
                openLogSocket(simulator.apiKey(), "containerId", rest, "tail", "1", "serverId", "srv-other");
        assertEquals(
                "Error response from daemon: No such container: " + rest + "\r\n",
                elsewhere.next(),
                "the stack runs on Dokploy's host, not on that server");
        assertEquals("closed 1000", elsewhere.next(), "the remote stream ended");

        SocketEvents unknown = openLogSocket(simulator.apiKey(), "containerId", "f00", "tail", "1");
        assertEquals("Error response from daemon: No such container: f00\r\n", unknown.next());
        assertNull(unknown.poll(Duration.ofMillis(500)), "on Dokploy's own host the socket stays open");
        unknown.close();
    }

    /**
     * compose.readLogs as getContainerLogs runs it: grep -iF, stdout as it is (trailing newline), 500 when grep finds
     * nothing, 200 with Docker's text for an unknown container, the org check of routers/compose.ts.
     */
    @Test
    void readLogsGrepsCaseInsensitivelyFailsOnNoHitAndAnswersDockersTextForAnUnknownContainer() throws Exception {
        simulator.unhealthyService("auth", Sickness.UNHEALTHY);
        JsonNode compose = deployTemplate("logs");
        String composeId = compose.path("composeId").asText();
        post("compose.deploy", object().put("composeId", composeId));
        assertEquals("done", awaitStatus(composeId));
        String auth = container(compose.path("appName").asText(), "auth")
                .path("containerId")
                .asText();

        Reply hit = get("compose.readLogs", "composeId", composeId, "containerId", auth, "search", "INVALID jwt");
        assertEquals(200, hit.status(), hit.text());
        assertTrue(hit.json().asText().matches("\\S+Z \\{.*auth: invalid JWT.*\\}\n"), hit.text());

        Reply none = get(
                "compose.readLogs",
                "composeId",
                composeId,
                "containerId",
                auth,
                "tail",
                "5",
                "search",
                "nothing like it");
        assertEquals(500, none.status(), none.text());
        assertEquals("INTERNAL_SERVER_ERROR", none.json().path("code").asText());
        assertTrue(
                none.json()
                        .path("message")
                        .asText()
                        .startsWith("Command execution failed: Command failed: docker container "
                                + "logs --timestamps --tail 5  " + auth + " 2>&1 | grep -iF 'nothing like it'"),
                none.text());

        Reply unknown = get("compose.readLogs", "composeId", composeId, "containerId", "f00");
        assertEquals(200, unknown.status());
        assertEquals(
                "Error response from daemon: No such container: f00\n",
                unknown.json().asText());
        assertEquals(
                500,
                get("compose.readLogs", "composeId", composeId, "containerId", "f00", "search", "auth")
                        .status(),
                "Docker's error goes through the grep too");

        simulator.foreignOrganization(composeId);
        Reply foreign = get("compose.readLogs", "composeId", composeId, "containerId", auth);
        assertEquals(401, foreign.status());
        assertEquals("UNAUTHORIZED", foreign.json().path("code").asText());
        assertEquals(
                "You are not authorized to access this compose",
                foreign.json().path("message").asText());
        assertEquals(401, get("compose.one", "composeId", composeId).status());
    }

    /** The refusals Dokploy makes past its gate, each in its router's own shape, and a rate-limited key at the gate. */
    @Test
    void refusalsComeInEachRoutersShapeAndARateLimitedKeyDiesAfterFiveCalls() throws Exception {
        JsonNode created =
                post("project.create", object().put("name", "Other org")).json();
        String projectId = created.path("project").path("projectId").asText();
        String environmentId = created.path("environment").path("environmentId").asText();
        simulator.foreignOrganization(projectId);

        Reply one = get("environment.one", "environmentId", environmentId);
        assertEquals(403, one.status(), one.text());
        assertEquals("FORBIDDEN", one.json().path("code").asText());
        Reply byProject = get("environment.byProjectId", "projectId", projectId);
        assertEquals(400, byProject.status(), byProject.text());
        assertEquals(
                "Error fetching environments: You are not allowed to access this environment",
                byProject.json().path("message").asText());
        assertEquals(
                "You are not authorized to access this project",
                get("project.one", "projectId", projectId)
                        .json()
                        .path("message")
                        .asText());

        simulator.memberKey(true);
        Reply create = post("project.create", object().put("name", "Not mine"));
        assertEquals(400, create.status());
        assertEquals(
                "Error creating the project: unauthorized to access resource \"project\"",
                create.json().path("message").asText());
        simulator.memberKey(false);

        simulator.rateLimitedKey(true);
        for (int call = 1; call <= 5; call++) {
            assertEquals(200, get("settings.getDokployVersion").status(), "call " + call);
        }
        Reply dead = get("settings.getDokployVersion");
        assertEquals(401, dead.status());
        assertEquals("{\"message\":\"Unauthorized\"}", dead.text(), "the gate's answer, as for a wrong key");
        assertContractViolations(1, "401 body"); // the gate's body is not in openapi.json
        simulator.rateLimitedKey(false);
        assertEquals(200, get("settings.getDokployVersion").status());
    }

    /** The logs socket through plain okhttp (not the contract recorder: the socket is not part of openapi.json). */
    private SocketEvents openLogSocket(String key, String... params) {
        HttpUrl.Builder url =
                HttpUrl.get(simulator.url() + "/docker-container-logs").newBuilder();
        for (int i = 0; i < params.length; i += 2) {
            url.addQueryParameter(params[i], params[i + 1]);
        }
        Request.Builder request = new Request.Builder().url(url.build());
        if (key != null) {
            request.header("x-api-key", key);
        }
        SocketEvents events = new SocketEvents();
        new OkHttpClient().newWebSocket(request.build(), events);
        return events;
    }

    private record Reply(int status, String text, okhttp3.Headers headers) {
        JsonNode json() throws IOException {
            return JSON.readTree(text);
        }

        String header(String name) {
            return headers.get(name);
        }
    }

    private void assertContractViolations(int count, String fragment) {
        if (contract.active()) {
            assertEquals(count, contract.expect(fragment).size(), fragment + " in " + contract.unexpected());
        }
    }

    private JsonNode deployTemplate(String projectName) throws IOException {
        String environmentId = post("project.create", object().put("name", projectName))
                .json()
                .path("environment")
                .path("environmentId")
                .asText();
        return post(
                        "compose.deployTemplate",
                        object().put("environmentId", environmentId).put("id", "supabase"))
                .json();
    }

    private String awaitStatus(String composeId) throws Exception {
        return await(
                () -> get("compose.one", "composeId", composeId)
                        .json()
                        .path("composeStatus")
                        .asText(),
                status -> !status.equals("running"));
    }

    private void awaitDeployments(String composeId, int finished) throws Exception {
        await(
                () -> {
                    int count = 0;
                    for (JsonNode deployment : get("deployment.allByCompose", "composeId", composeId)
                            .json()) {
                        count += deployment.path("status").asText().equals("running") ? 0 : 1;
                    }
                    return count;
                },
                count -> count >= finished);
    }

    private interface Probe<T> {
        T read() throws Exception;
    }

    private static <T> T await(Probe<T> probe, Predicate<T> done) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        T value = probe.read();
        while (!done.test(value) && System.nanoTime() < deadline) {
            Thread.sleep(10);
            value = probe.read();
        }
        return value;
    }

    private List<JsonNode> containers(String appName) throws IOException {
        List<JsonNode> list = new ArrayList<>();
        get("docker.getContainersByAppNameMatch", "appName", appName, "appType", "docker-compose")
                .json()
                .forEach(list::add);
        return list;
    }

    private JsonNode container(String appName, String service) throws IOException {
        return containers(appName).stream()
                .filter(c -> c.path("name").asText().equals(appName + "-" + service + "-1"))
                .findFirst()
                .orElseThrow();
    }

    private static String envValue(String env, String key) {
        return env.lines()
                .filter(line -> line.startsWith(key + "="))
                .map(line -> line.substring(key.length() + 1))
                .findFirst()
                .orElseThrow(() -> new AssertionError(key + " not in env"));
    }

    private static ObjectNode object() {
        return JSON.createObjectNode();
    }

    private Reply get(String procedure, String... params) throws IOException {
        HttpUrl.Builder url = HttpUrl.get(simulator.url() + "/api/" + procedure).newBuilder();
        for (int i = 0; i < params.length; i += 2) {
            url.addQueryParameter(params[i], params[i + 1]);
        }
        return send(new Request.Builder()
                .url(url.build())
                .header("x-api-key", simulator.apiKey())
                .build());
    }

    private Reply post(String procedure, ObjectNode body) throws IOException {
        return send(new Request.Builder()
                .url(simulator.url() + "/api/" + procedure)
                .header("x-api-key", simulator.apiKey())
                .post(RequestBody.create(body.toString(), APPLICATION_JSON))
                .build());
    }

    private Reply send(Request request) throws IOException {
        try (Response response = http.newCall(request).execute()) {
            return new Reply(response.code(), response.body().string(), response.headers());
        }
    }
}
