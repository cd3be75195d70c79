package dev.supadokploy.cli.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.supadokploy.testing.CliRunner;
import dev.supadokploy.testing.NeedsSimulator;
import dev.supadokploy.testing.dokploy.DeployedStack;
import dev.supadokploy.testing.dokploy.DokploySimulator;
import dev.supadokploy.testing.dokploy.DokploySimulator.Sickness;
import dev.supadokploy.testing.dokploy.Simulated;
import dev.supadokploy.testing.dokploy.SimulatorEnv;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code monitor logs} through the CLI against the Dokploy simulator. */
@NeedsSimulator
class MonitorLogsCommandTest {
    @TempDir
    Path home;

    @Simulated(deployMillis = 30)
    DokploySimulator sim;

    CliRunner cli;
    DeployedStack stack;

    @BeforeEach
    void start() {
        assumeTrue(DokploySimulator.class.getResource("/fixtures/env/dokploy-current.env") != null);
        cli = SimulatorEnv.cli(sim, home);
        sim.unhealthyService("auth", Sickness.UNHEALTHY);
        stack = DeployedStack.deploy(sim, "acme");
    }

    @Test
    void readsTheServicesContainerWithTailAndSearch() {
        CliRunner.Result all =
                cli.run("monitor", "logs", "--compose-id", stack.composeId(), "--service", "rest", "--output", "json");
        assertEquals(0, all.exitCode(), all::toString);
        JsonNode json = all.json();
        assertEquals("rest", json.get("service").asText());
        assertEquals(stack.appName() + "-rest-1", json.get("container").asText());
        assertEquals(3, json.get("count").asInt());
        assertFalse(json.get("lines").get(0).has("timestamp"), "no timestamps unless asked");

        CliRunner.Result tail =
                cli.run("monitor", "logs", "--compose-id", stack.composeId(), "--service", "rest", "--tail", "1");
        assertEquals(0, tail.exitCode(), tail::toString);
        assertEquals("rest health check ok\n", tail.stdout(), "the lines alone on stdout");
        assertTrue(tail.stderr().contains(stack.appName() + "-rest-1"), tail.stderr());

        CliRunner.Result search = cli.run(
                "monitor",
                "logs",
                "--compose-id",
                stack.composeId(),
                "--service",
                "auth",
                "--search",
                "invalid JWT",
                "--timestamps",
                "--since",
                "1h",
                "--output",
                "json");
        assertEquals(0, search.exitCode(), search::toString);
        JsonNode lines = search.json().get("lines");
        assertEquals(1, lines.size(), lines::toString);
        assertTrue(lines.get(0).get("text").asText().contains("auth: invalid JWT"), lines::toString);
        assertTrue(lines.get(0).get("timestamp").asText().matches("\\d{4}-\\d\\d-\\d\\dT.*Z"), lines::toString);
        assertEquals("1h", search.json().get("since").asText());
    }

    @Test
    void aContainerIdPrefixWorksAsWellAsTheService() {
        JsonNode byService = cli.run(
                        "monitor", "logs", "--compose-id", stack.composeId(), "--service", "kong", "--output", "json")
                .json();
        String id = byService.get("containerId").asText();
        CliRunner.Result byId = cli.run(
                "monitor",
                "logs",
                "--compose-id",
                stack.composeId(),
                "--container-id",
                id.substring(0, 12),
                "--output",
                "json");
        assertEquals(0, byId.exitCode(), byId::toString);
        assertEquals("kong", byId.json().get("service").asText());
    }

    @Test
    void anUnknownServiceListsTheServicesFound() {
        CliRunner.Result r = cli.run("monitor", "logs", "--compose-id", stack.composeId(), "--service", "gotrue");
        assertEquals(5, r.exitCode(), r::toString);
        assertTrue(r.stderr().contains("[VALIDATION_INVALID_INPUT]"), r.stderr());
        assertTrue(r.stderr().contains("auth, db, functions"), r.stderr());
        CliRunner.Result none = cli.run("monitor", "logs", "--compose-id", stack.composeId());
        assertEquals(5, none.exitCode(), none::toString);
        assertTrue(
                none.stderr().contains("[VALIDATION_MISSING_INPUT]")
                        && none.stderr().contains("--service auth"),
                none.stderr());
    }

    @Test
    void badQueryValuesAreRefusedBeforeAnyCall() {
        int before = sim.requests().size();
        CliRunner.Result r = cli.run(
                "monitor", "logs", "--compose-id", stack.composeId(), "--service", "auth", "--since", "yesterday");
        assertEquals(5, r.exitCode(), r::toString);
        CliRunner.Result tail =
                cli.run("monitor", "logs", "--compose-id", stack.composeId(), "--service", "auth", "--tail", "0");
        assertEquals(5, tail.exitCode(), tail::toString);
        assertEquals(before, sim.requests().size(), "nothing was sent");
    }

    @Test
    void aWrongKeyExitsFour() {
        sim.apiKey("rotated-key");
        CliRunner.Result r = cli.run("monitor", "logs", "--compose-id", stack.composeId(), "--service", "auth");
        assertEquals(4, r.exitCode(), r::toString);
        assertTrue(r.stderr().contains("[DOKPLOY_UNAUTHORIZED]"), r.stderr());
    }

    /** Dokploy answers a search without a hit with HTTP 500 (grep exits 1): the command shows no lines, not an error. */
    @Test
    void aSearchWithoutAHitIsNoLines() {
        CliRunner.Result none = cli.run(
                "monitor",
                "logs",
                "--compose-id",
                stack.composeId(),
                "--service",
                "rest",
                "--search",
                "nothing like this",
                "--output",
                "json");
        assertEquals(0, none.exitCode(), none::toString);
        assertEquals(0, none.json().get("count").asInt());
        assertTrue(
                sim.requests().stream().anyMatch(c -> c.path().equals("/api/compose.readLogs") && c.status() == 500),
                "Dokploy's own answer was the 500");

        CliRunner.Result upper = cli.run(
                "monitor",
                "logs",
                "--compose-id",
                stack.composeId(),
                "--service",
                "rest",
                "--search",
                "HEALTH CHECK",
                "--output",
                "json");
        assertEquals(1, upper.json().get("count").asInt(), "grep -iF: case-insensitive: " + upper);
    }

    /** Before v0.29 logs come only over Dokploy's WebSocket: the same answers, read through it. */
    @Test
    void beforeV029LogsComeThroughTheWebSocket() {
        sim.version("v0.28.0");
        CliRunner.Result r = cli.run(
                "monitor",
                "logs",
                "--compose-id",
                stack.composeId(),
                "--service",
                "auth",
                "--search",
                "invalid JWT",
                "--timestamps",
                "--output",
                "json");
        assertEquals(0, r.exitCode(), r::toString);
        JsonNode lines = r.json().get("lines");
        assertEquals(1, lines.size(), lines::toString);
        assertTrue(lines.get(0).get("text").asText().contains("auth: invalid JWT"), lines::toString);
        assertTrue(lines.get(0).get("timestamp").asText().matches("\\d{4}-\\d\\d-\\d\\dT.*Z"), lines::toString);

        sim.logEvery(Duration.ofMillis(100)); // a busy container: the socket never falls quiet
        long start = System.nanoTime();
        CliRunner.Result tail = cli.run(
                "monitor",
                "logs",
                "--compose-id",
                stack.composeId(),
                "--service",
                "rest",
                "--tail",
                "3",
                "--since",
                "1d");
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(0, tail.exitCode(), tail::toString);
        assertEquals("rest health check ok\n".repeat(3), tail.stdout(), "the tail, not what was logged while reading");
        assertTrue(millis < 5000, "ended with the tail: " + millis + " ms");

        assertFalse(
                sim.requests().stream().anyMatch(c -> c.path().equals("/api/compose.readLogs")),
                "no readLogs before v0.29");
        List<DokploySimulator.Call> sockets = sim.requests().stream()
                .filter(c -> c.path().equals("/docker-container-logs"))
                .toList();
        assertEquals(2, sockets.size());
        assertEquals(101, sockets.get(0).status());
        assertEquals("24h", sockets.get(1).query().get("since"), "docker logs --since knows no days");
    }

    /**
     * Dokploy on its own host never closes the socket when the container goes away (the simulator keeps it open, as
     * docker-container-logs.ts does): the follower notices the replaced container by listing the stack's containers
     * once the stream has been silent for 10 s, says which container replaced it, and ends.
     */
    @Test
    void followEndsWithAMessageWhenARedeployReplacesTheContainerThoughDokployKeepsTheSocketOpen() throws Exception {
        sim.logEvery(Duration.ofMillis(200));
        CompletableFuture<CliRunner.Result> follow = CompletableFuture.supplyAsync(() -> cli.run(
                "monitor", "logs", "--compose-id", stack.composeId(), "--service", "rest", "--tail", "1", "--follow"));
        awaitFollowers(1);
        Thread.sleep(1000); // a few lines go by
        stack.redeploy(sim);
        String newRest = currentContainer("rest");
        CliRunner.Result r = follow.get(30, TimeUnit.SECONDS);

        assertEquals(0, r.exitCode(), r::toString);
        List<String> lines = r.stdout().lines().toList();
        assertTrue(lines.size() >= 4, "the tail and the lines written while following: " + lines);
        assertTrue(lines.stream().allMatch("rest health check ok"::equals), lines::toString);
        assertTrue(r.stderr().contains("Following " + stack.appName() + "-rest-1"), r.stderr());
        assertTrue(
                r.stderr()
                        .contains(stack.appName() + "-rest-1 was replaced (a redeploy made container "
                                + newRest.substring(0, 12) + ")"),
                r.stderr());
        awaitFollowers(0);
    }

    private String currentContainer(String service) {
        return new dev.supadokploy.dokploy.DokployApi(new dev.supadokploy.dokploy.DokployClient(
                        dev.supadokploy.dokploy.DokployEndpoint.of(
                                sim.url(), dev.supadokploy.config.Secret.of(sim.apiKey())),
                        dev.supadokploy.dokploy.DokployClient.Options.DEFAULT))
                .containers(stack.appName()).stream()
                        .filter(c -> c.name().equals(stack.appName() + "-" + service + "-1"))
                        .findFirst()
                        .orElseThrow()
                        .containerId();
    }

    private void awaitFollowers(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (sim.logFollowers() != count && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(count, sim.logFollowers(), "followers of the logs socket");
    }
}
