package dev.supadokploy.ops.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.supadokploy.ops.Cancellation;
import dev.supadokploy.ops.DokployInput;
import dev.supadokploy.ops.OperationContext;
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

/** {@link LogsOperation#follow} against the simulator's logs WebSocket: new lines arrive, and closing stops Dokploy's follow. */
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
        OperationContext ctx = SimulatorEnv.context(sim, home).cancellation(cancellation).build();
        LogsOperation.Input input = new LogsOperation.Input(DokployInput.fromEnvironment(), stack.composeId(), null, "kong", null,
                2, null, null, true);

        List<LogsOperation.Line> lines = new ArrayList<>();
        try (LogsOperation.Follower follower = new LogsOperation().follow(input, ctx)) {
            assertEquals(stack.appName() + "-kong-1", follower.container());
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (lines.size() < 6 && System.nanoTime() < deadline && !follower.ended()) {
                follower.next(Duration.ofMillis(500), lines::add);
            }
            assertEquals(1, sim.logFollowers());
        }
        assertTrue(lines.size() >= 6, "the tail of 2 and lines written since: " + lines);
        assertTrue(lines.stream().allMatch(l -> l.text().equals("kong health check ok") && l.timestamp() != null), lines::toString);
        assertTrue(java.time.Instant.parse(lines.get(5).timestamp()).isAfter(java.time.Instant.parse(lines.get(2).timestamp())),
                "oldest first: " + lines);
        long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        while (sim.logFollowers() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(0, sim.logFollowers(), "closing the follower ends docker logs --follow on the server");
    }
}
