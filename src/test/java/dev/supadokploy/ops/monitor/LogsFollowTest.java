package dev.supadokploy.ops.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.supadokploy.ops.Cancellation;
import dev.supadokploy.ops.OperationContext;
import dev.supadokploy.ops.connection.DokployInput;
import dev.supadokploy.testing.NeedsSimulator;
import dev.supadokploy.testing.dokploy.DeployedStack;
import dev.supadokploy.testing.dokploy.DokploySimulator;
import dev.supadokploy.testing.dokploy.Simulated;
import dev.supadokploy.testing.dokploy.SimulatorEnv;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link MonitorLogsOperation#follow} against the simulator's logs WebSocket: new lines arrive, and closing stops Dokploy's follow. */
@NeedsSimulator
class LogsFollowTest {
    @TempDir
    Path home;

    @Simulated(deployMillis = 30)
    DokploySimulator sim;

    @Test
    void aFollowerGetsNewLinesAndClosingItEndsTheFollowOnTheServer() throws Exception {
        sim.version("v0.28.0");
        sim.logEvery(Duration.ofMillis(100));
        DeployedStack stack = DeployedStack.deploy(sim, "acme");
        Cancellation cancellation = new Cancellation();
        OperationContext ctx =
                SimulatorEnv.context(sim, home).cancellation(cancellation).build();
        MonitorLogsOperation.Input input = new MonitorLogsOperation.Input(
                DokployInput.fromEnvironment(), stack.composeId(), null, "kong", null, 2, null, null, true);

        List<MonitorLogsOperation.Line> lines = new ArrayList<>();
        try (MonitorLogsOperation.Follower follower = new MonitorLogsOperation().follow(input, ctx)) {
            assertEquals(stack.appName() + "-kong-1", follower.container());
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (lines.size() < 6 && System.nanoTime() < deadline && !follower.ended()) {
                follower.next(Duration.ofMillis(500), lines::add);
            }
            assertEquals(1, sim.logFollowers());
        }
        assertTrue(lines.size() >= 6, "the tail of 2 and lines written since: " + lines);
        assertTrue(
                lines.stream().allMatch(l -> l.text().equals("kong health check ok") && l.timestamp() != null),
                lines::toString);
        assertTrue(
                java.time.Instant.parse(lines.get(5).timestamp())
                        .isAfter(java.time.Instant.parse(lines.get(2).timestamp())),
                "oldest first: " + lines);
        long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        while (sim.logFollowers() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(0, sim.logFollowers(), "closing the follower ends docker logs --follow on the server");
    }

    /**
     * A member's key has no docker permission (memberRole in access-control.ts): the socket names the compose as its
     * service, which canAccessDockerOverWss (v0.29.13+) accepts instead, so the member follows without a 4003.
     */
    @Test
    void aMemberFollowsThroughTheComposesServiceAccess() throws Exception {
        DeployedStack stack = DeployedStack.deploy(sim, "acme");
        sim.memberKey(true);
        OperationContext ctx = SimulatorEnv.context(sim, home).build();
        MonitorLogsOperation.Input input = new MonitorLogsOperation.Input(
                DokployInput.fromEnvironment(), stack.composeId(), null, "rest", null, 1, null, null, false);
        List<MonitorLogsOperation.Line> lines = new ArrayList<>();
        try (MonitorLogsOperation.Follower follower = new MonitorLogsOperation().follow(input, ctx)) {
            follower.next(Duration.ofSeconds(5), lines::add);
        }
        assertEquals(
                List.of("rest health check ok"),
                lines.stream().map(MonitorLogsOperation.Line::text).toList());
        DokploySimulator.Call socket = sim.requests().stream()
                .filter(c -> c.path().equals("/docker-container-logs"))
                .findFirst()
                .orElseThrow();
        assertEquals(stack.composeId(), socket.query().get("serviceId"));
        assertNull(socket.query().get("serverId"), "the stack runs on Dokploy's own host");
    }

    /**
     * Dokploy's own host never closes the socket when a redeploy removes the container: the follower lists the
     * stack's containers once the stream has been silent for the check interval, and ends naming the new container.
     */
    @Test
    void aFollowerEndsWhenARedeployReplacesItsContainerThoughTheSocketStaysOpen() throws Exception {
        DeployedStack stack = DeployedStack.deploy(sim, "acme");
        OperationContext ctx = SimulatorEnv.context(sim, home).build();
        MonitorLogsOperation.Input input = new MonitorLogsOperation.Input(
                DokployInput.fromEnvironment(), stack.composeId(), null, "kong", null, 1, null, null, false);
        try (MonitorLogsOperation.Follower follower =
                new MonitorLogsOperation().follow(input, ctx, Duration.ofMillis(300))) {
            follower.next(Duration.ofSeconds(2), line -> {});
            for (int i = 0; i < 5; i++) {
                follower.next(Duration.ofMillis(100), line -> {});
            }
            assertFalse(follower.ended(), "the container still runs: " + follower.endReason());
            stack.redeploy(sim);
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (!follower.ended() && System.nanoTime() < deadline) {
                follower.next(Duration.ofMillis(100), line -> {});
            }
            assertTrue(follower.ended(), "noticed the replaced container");
            assertEquals(1, sim.logFollowers(), "Dokploy kept the socket open; the follower ended on its own");
            assertTrue(
                    follower.endReason()
                            .startsWith(stack.appName() + "-kong-1 was replaced (a redeploy made container "),
                    follower.endReason());
        }
    }
}
