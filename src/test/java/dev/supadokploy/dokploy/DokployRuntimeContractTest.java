package dev.supadokploy.dokploy;

import static dev.supadokploy.dokploy.ContractTargets.WEB_COMPOSE;
import static dev.supadokploy.dokploy.ContractTargets.createCompose;
import static dev.supadokploy.dokploy.ContractTargets.failure;
import static dev.supadokploy.dokploy.ContractTargets.find;
import static dev.supadokploy.dokploy.ContractTargets.project;
import static dev.supadokploy.dokploy.ContractTargets.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.supadokploy.dokploy.ContractTargets.Backend;
import dev.supadokploy.dokploy.ContractTargets.Target;
import dev.supadokploy.errors.ErrorCode;
import dev.supadokploy.errors.SupaException;
import dev.supadokploy.testing.NeedsSimulator;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The same contract as {@link DokployServerContractTest}, for what happens after a service exists: deployments
 * (errorMessage null, the reason in deployment.readLogs), compose.readLogs's quirks, the logs WebSocket, servers and
 * half-made template deploys, and the template's baseUrl. Each asserts what the real v0.30.2 server answers, seen
 * through the project's client, and the simulator must answer the same.
 */
@NeedsSimulator
class DokployRuntimeContractTest {

    /** Deployments (simulator part: deployments). Without Docker every real deploy fails, which is the case here. */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Backend.class)
    void aFailedDeployHasNoErrorMessageAndItsReasonIsInTheDeploymentLog(Backend backend) throws Exception {
        try (Target t = ContractTargets.open(backend)) {
            if (t.simulator() != null) {
                t.simulator().deployFails(true); // what the real server's missing Docker does to every deploy
            }
            String environmentId =
                    project(t, unique("contract-failed")).environment().environmentId();
            String composeId = createCompose(t, environmentId, unique("contract-failed"), WEB_COMPOSE)
                    .path("composeId")
                    .asText();
            t.mutate("compose.update", Map.of("composeId", composeId, "sourceType", "raw"));
            t.api().deploy(composeId, "contract failing deploy");

            Deployment failed = ContractTargets.awaitDeployment(
                    t.api(),
                    composeId,
                    d -> "contract failing deploy".equals(d.title()) && d.finished(),
                    Duration.ofSeconds(90));
            assertEquals("error", failed.status());
            // Dokploy v0.30.2 packages/server/src/services/deployment.ts: errorMessage is only set when the row itself
            // could not be made; an ordinary failure's output is in logPath
            assertNull(failed.errorMessage(), "errorMessage of an ordinary failed deploy");
            JsonNode row = find(
                    t.query("deployment.allByCompose", Map.of("composeId", composeId)),
                    "deploymentId",
                    failed.deploymentId());
            assertFalse(row.path("logPath").asText("").isEmpty());
            assertEquals("error", t.api().compose(composeId).composeStatus());

            String log = t.client()
                    .query("deployment.readLogs", Map.of("deploymentId", failed.deploymentId()), String.class);
            assertFalse(log.isBlank(), "deployment.readLogs returns the deploy's output");
            // the command's own output, then Dokploy's two closing lines (utils/builders/compose.ts,
            // services/compose.ts):
            // what the tool leaves out when it quotes why a deploy failed
            List<String> lines = log.strip()
                    .lines()
                    .map(String::strip)
                    .filter(l -> !l.isEmpty())
                    .toList();
            assertEquals("Error occurred ❌, check the logs for details.", lines.get(lines.size() - 1), log);
            assertEquals("Error: ❌ Docker command failed", lines.get(lines.size() - 2), log);
        }
    }

    /** Deployments (simulator part: deployments): the list is a filtered select. */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Backend.class)
    void deploymentsOfAnUnknownComposeAreAnEmptyList(Backend backend) {
        try (Target t = ContractTargets.open(backend)) {
            assertEquals(List.of(), t.api().deployments("contract-missing-id"));
        }
    }

    /** compose.readLogs (simulator part: logs): Docker's error text is a 200; a search with no hit is a 500. */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Backend.class)
    void readLogsPassesDockersAnswerThroughAndFailsASearchWithoutAHit(Backend backend) {
        try (Target t = ContractTargets.open(backend)) {
            String environmentId =
                    project(t, unique("contract-logs")).environment().environmentId();
            String composeId = createCompose(t, environmentId, unique("contract-logs"), WEB_COMPOSE)
                    .path("composeId")
                    .asText();
            Map<String, Object> params = new LinkedHashMap<>();
            params.put("composeId", composeId);
            params.put("containerId", "0123456789ab");
            params.put("tail", 10);
            params.put("since", "all");
            params.put("search", "");
            String text = t.client().query("compose.readLogs", params, String.class);
            assertFalse(text.isBlank(), "Docker's own error text, with 200");

            params.put("search", "no line has this");
            SupaException noHit = failure(() -> t.client().query("compose.readLogs", params, String.class));
            assertEquals(500, noHit.details().get("status"), noHit.getMessage());
        }
    }

    /**
     * The logs WebSocket (simulator part: logs socket). A key the server never issued: Dokploy v0.30.2
     * apps/dokploy/server/wss/docker-container-logs.ts closes the socket without a code or a line.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Backend.class)
    void theLogsSocketClosesAtOnceForAWrongKey(Backend backend) {
        try (Target t = ContractTargets.open(backend);
                ContainerLogSocket socket =
                        ContainerLogSocket.open(t.withWrongKey().client(), "0123456789ab", LogQuery.tail(5))) {
            SupaException refused = failure(() -> {
                while (socket.next(Duration.ofSeconds(30), line -> {})) {
                    // nothing is expected before the close
                }
            });
            assertEquals(dev.supadokploy.errors.ErrorCode.DOKPLOY_UNAUTHORIZED, refused.code());
        }
    }

    /**
     * The logs WebSocket (simulator part: logs socket): for a container Docker does not know, local Dokploy streams
     * Docker's answer and leaves the socket open (no onExit handler in docker-container-logs.ts).
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Backend.class)
    void theLogsSocketPassesDockersAnswerForAnUnknownContainerAndStaysOpen(Backend backend) {
        try (Target t = ContractTargets.open(backend);
                ContainerLogSocket socket = ContainerLogSocket.open(t.client(), "0123456789ab", LogQuery.tail(5))) {
            List<LogLine> lines = new java.util.ArrayList<>();
            try {
                assertTrue(socket.next(Duration.ofSeconds(60), lines::add), "Docker's answer arrives as output");
                socket.next(
                        Duration.ofSeconds(3), lines::add); // more of Docker's text, or nothing: either way no close
            } catch (SupaException dockersAnswer) {
                // Docker's own "No such container" text (what a Dokploy with Docker sends) is the client's error, not a
                // log line; a Dokploy without Docker (the real server here) sends its shell's text, which is output
                assertEquals(ErrorCode.DOKPLOY_NOT_FOUND, dockersAnswer.code(), dockersAnswer.getMessage());
            }
            assertFalse(socket.ended(), "the server does not close the socket when docker logs ends");
        }
    }

    /**
     * Servers (simulator parts: servers, half-made deploys). The server gets a loopback address and no SSH key, so
     * nothing leaves this machine.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Backend.class)
    void aComposeOnAServerKeepsItAndTheTemplateHostUsesItsAddress(Backend backend) {
        try (Target t = ContractTargets.open(backend)) {
            String serverName = unique("contract-server");
            // sshKeyId is required but may be null (no connection is tried); the client leaves nulls out of a Map
            com.fasterxml.jackson.databind.node.ObjectNode server = new com.fasterxml.jackson.databind.ObjectMapper()
                    .createObjectNode()
                    .put("name", serverName)
                    .put("description", "contract")
                    .put("ipAddress", "127.0.0.10")
                    .put("port", 22)
                    .put("username", "root")
                    .put("serverType", "deploy")
                    .putNull("sshKeyId");
            String serverId = t.client()
                    .mutate("server.create", server, JsonNode.class)
                    .path("serverId")
                    .asText();

            String projectName = unique("contract-remote");
            CreatedProject created = project(t, projectName);
            String environmentId = created.environment().environmentId();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("name", "remote");
            body.put("environmentId", environmentId);
            body.put("appName", unique("contract-remote"));
            body.put("serverId", serverId);
            body.put("composeFile", WEB_COMPOSE);
            String composeId =
                    t.mutate("compose.create", body).path("composeId").asText();

            assertEquals(serverId, t.api().compose(composeId).serverId());
            assertEquals(
                    serverName,
                    t.query("compose.one", Map.of("composeId", composeId))
                            .path("server")
                            .path("name")
                            .asText());
            JsonNode listed = find(
                    find(
                                    t.query(
                                                    "project.one",
                                                    Map.of(
                                                            "projectId",
                                                            created.project().projectId()))
                                            .path("environments"),
                                    "environmentId",
                                    environmentId)
                            .path("compose"),
                    "composeId",
                    composeId);
            assertEquals(serverName, listed.path("server").path("name").asText());

            assumeTrue(
                    backend == Backend.SIMULATOR || t.templatesBaseUrl() != null,
                    "no templates site for the real server");
            // (simulator part: half-made stacks) a server without an SSH key: the compose is made, then the first file
            // mount fails; the compose stays behind, on its server, with the template's host for the server's address
            SupaException halfMade = failure(() -> ContractTargets.deployTemplate(t, environmentId, serverId));
            assertEquals(400, halfMade.details().get("status"));
            assertTrue(
                    String.valueOf(halfMade.details().get("serverMessage"))
                            .contains("No SSH key available for this server"),
                    halfMade.getMessage());
            Compose left = t.api().environment(environmentId).compose().stream()
                    .filter(c -> "supabase".equals(c.name()))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no half-made supabase compose left behind"));
            Compose read = t.api().compose(left.composeId());
            assertEquals(serverId, read.serverId());
            assertTrue(
                    read.env() != null && read.env().contains("-127-0-0-10.sslip.io"),
                    "the env names the server's host");
        }
    }

    /** Servers and 401s (simulator parts: servers; error statuses): a procedure's own 401 carries its reason. */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Backend.class)
    void aServerTheKeyCannotUseIsAProcedure401WithItsReason(Backend backend) {
        try (Target t = ContractTargets.open(backend)) {
            String environmentId =
                    project(t, unique("contract-noserver")).environment().environmentId();
            SupaException refused =
                    failure(() -> ContractTargets.deployTemplate(t, environmentId, "contract-missing-server"));
            assertEquals(401, refused.details().get("status"));
            assertEquals(
                    "You are not authorized to access this server",
                    refused.details().get("serverMessage"));
        }
    }

    /** The template source (simulator part: baseUrl): Dokploy fetches it from baseUrl and fails with 500 when it cannot. */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Backend.class)
    void aTemplateSiteThatCannotBeReachedIsA500FetchFailed(Backend backend) {
        try (Target t = ContractTargets.open(backend)) {
            String environmentId =
                    project(t, unique("contract-baseurl")).environment().environmentId();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("environmentId", environmentId);
            body.put("id", "supabase");
            body.put("baseUrl", "http://127.0.0.1:9"); // discard port: nothing listens
            SupaException failed = failure(() -> t.mutate("compose.deployTemplate", body));
            assertEquals(500, failed.details().get("status"));
            assertEquals("fetch failed", failed.details().get("serverMessage"));
            assertTrue(t.api().environment(environmentId).compose().isEmpty(), "nothing was made");
        }
    }
}
