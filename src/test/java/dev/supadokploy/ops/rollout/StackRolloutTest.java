package dev.supadokploy.ops.rollout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.supadokploy.dokploy.Compose;
import dev.supadokploy.dokploy.CreatedProject;
import dev.supadokploy.dokploy.DokployApi;
import dev.supadokploy.dokploy.ServiceParent;
import dev.supadokploy.errors.ErrorCode;
import dev.supadokploy.errors.SupaException;
import dev.supadokploy.ops.Cancellation;
import dev.supadokploy.ops.OperationContext;
import dev.supadokploy.ops.Progress;
import dev.supadokploy.ops.monitor.MonitorHealthOperation;
import dev.supadokploy.testing.FakeClock;
import dev.supadokploy.testing.NeedsSimulator;
import dev.supadokploy.testing.TestContext;
import dev.supadokploy.testing.dokploy.DeployedStack;
import dev.supadokploy.testing.dokploy.DokploySimulator;
import dev.supadokploy.testing.dokploy.DokploySimulator.Sickness;
import dev.supadokploy.testing.dokploy.Simulated;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link StackRollout#deployAndWait} against the Dokploy simulator: deploy, redeploy, failures, patience, cancel. */
@NeedsSimulator
class StackRolloutTest {
    private static final Duration PATIENCE = Duration.ofSeconds(20);

    @Simulated(deployMillis = 50)
    DokploySimulator sim;

    DokployApi api;
    Cancellation cancellation = new Cancellation();
    List<String> steps = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        api = DeployedStack.api(sim);
    }

    /**
     * The clock the timeout tests wait through: their pauses take no wall time. Tests that wait for the simulator's
     * deploy to finish keep the real clock (on a fake one the patience would run out before the deploy ends).
     */
    FakeClock clock = new FakeClock();

    private OperationContext ctx() {
        return ctx(Clock.systemUTC());
    }

    private OperationContext ctx(Clock clock) {
        Progress progress = (step, done, total) -> steps.add(step);
        return TestContext.with(Map.of())
                .progress(progress)
                .cancellation(cancellation)
                .clock(clock)
                .build();
    }

    /** A template compose created but never deployed, the way deploy setup leaves it before its first deploy. */
    private String newCompose(String project) {
        CreatedProject created = api.createProject(project, "rollout test");
        ServiceParent parent = created.environment() == null
                ? new ServiceParent(created.project().projectId(), null)
                : ServiceParent.environment(
                        created.project().projectId(), created.environment().environmentId());
        return api.deployTemplate(parent, "supabase", null)
                .map(Compose::composeId)
                .orElseThrow();
    }

    @Test
    void aFirstDeployReachesHealthy() {
        String composeId = newCompose("acme");
        assertEquals(0, api.deployments(composeId).size());

        StackRollout.Outcome outcome =
                StackRollout.deployAndWait(api, composeId, "first deploy", true, PATIENCE, ctx());

        var deployments = api.deployments(composeId);
        assertEquals(1, deployments.size());
        assertEquals(deployments.get(0).deploymentId(), outcome.deploymentId());
        assertEquals("first deploy", deployments.get(0).title());
        assertEquals(MonitorHealthOperation.HEALTHY, outcome.health().overall());
        assertEquals(DokploySimulator.SUPABASE_SERVICES.size(), outcome.health().ready());
        assertEquals("done", outcome.health().lastDeployment().status());
        assertTrue(
                sim.requests().stream().anyMatch(c -> c.path().equals("/api/compose.deploy")),
                "a first deploy is compose.deploy");
        assertTrue(sim.requests().stream().noneMatch(c -> c.path().equals("/api/compose.redeploy")));
        assertTrue(outcome.healthyAfter().compareTo(outcome.deployTime()) >= 0, outcome::toString);
        assertTrue(steps.contains("deploying") && steps.contains("waiting for healthy containers"), steps::toString);
    }

    @Test
    void aRedeployWaitsForTheNewDeploymentNotTheFinishedOne() {
        DeployedStack stack = DeployedStack.deploy(sim, "acme");
        String old = api.deployments(stack.composeId()).get(0).deploymentId();
        sim.deployDuration(Duration.ofMillis(1500));

        StackRollout.Outcome outcome =
                StackRollout.deployAndWait(api, stack.composeId(), "rotate keys", false, PATIENCE, ctx());

        assertNotEquals(old, outcome.deploymentId(), "the old, finished deployment is not the answer");
        assertTrue(outcome.deployTime().toMillis() >= 1400, "waited for the running deploy: " + outcome.deployTime());
        var deployments = api.deployments(stack.composeId());
        assertEquals(2, deployments.size());
        assertEquals(outcome.deploymentId(), deployments.get(0).deploymentId());
        assertEquals("done", deployments.get(0).status());
        assertEquals(MonitorHealthOperation.HEALTHY, outcome.health().overall());
        assertTrue(
                sim.requests().stream().anyMatch(c -> c.path().equals("/api/compose.redeploy")),
                "a running stack is redeployed");
    }

    @Test
    void aFailedDeployIsDeployFailedWithDokploysMessage() {
        String composeId = newCompose("acme");
        sim.deployFails(true);

        SupaException e = assertThrows(
                SupaException.class,
                () -> StackRollout.deployAndWait(api, composeId, "first deploy", true, PATIENCE, ctx()));

        assertEquals(ErrorCode.DOKPLOY_DEPLOY_FAILED, e.code());
        // Dokploy leaves errorMessage null for an ordinary failure: the reason is the deployment log's tail
        assertNull(e.details().get("errorMessage"));
        List<?> tail = (List<?>) e.details().get("logTail");
        assertEquals("Error occurred ❌, check the logs for details.", tail.get(tail.size() - 1), tail::toString);
        assertTrue(tail.contains("Error: ❌ Docker command failed"), tail::toString);
        assertEquals(
                api.deployments(composeId).get(0).deploymentId(), e.details().get("deploymentId"));
        // the last lines before Dokploy's trailer, quoted as data; the boxed header is left out
        assertTrue(
                e.getMessage()
                        .endsWith(": \"Initializing deployment\" / \"service \"db\" didn't "
                                + "complete successfully: exit 1\" (deployment log)"),
                e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), "one line of the log in the message");
        assertTrue(
                sim.requests().stream()
                        .anyMatch(c -> c.path().equals("/api/deployment.readLogs")
                                && "8".equals(c.query().get("tail"))),
                "the log's tail was read");
    }

    @Test
    void aServiceThatNeverTurnsHealthyTimesOutWithItsLastLogLines() {
        DeployedStack stack = DeployedStack.deploy(sim, "acme");
        sim.unhealthyService("auth", Sickness.UNHEALTHY);
        clock.duringPause(sim::awaitQueuedDeploys); // the deploy ends within the budget; the health wait times out
        long start = System.nanoTime();

        SupaException e = assertThrows(
                SupaException.class,
                () -> StackRollout.deployAndWait(
                        api, stack.composeId(), "redeploy", false, Duration.ofSeconds(2), ctx(clock)));

        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(ErrorCode.DOKPLOY_STACK_UNHEALTHY, e.code());
        // Growing pauses (from 250 ms again when the deploy is done and the health wait starts), the last cut to end
        // exactly at the deadline
        assertEquals(Duration.ofSeconds(2), clock.paused(), "kept to its timeout: " + clock.pauses());
        assertEquals(Duration.ofMillis(250), clock.pauses().get(0));
        assertTrue(
                clock.pauses().stream().allMatch(p -> p.compareTo(Duration.ofSeconds(3)) <= 0),
                clock.pauses()::toString);
        assertTrue(millis < 1900, "the pauses went through the context's clock, not a real sleep: " + millis + " ms");
        assertTrue(e.getMessage().contains("auth (Up"), e.getMessage());
        assertAuthLogsInDetails(e);
        assertTrue(e.suggestion().contains("--service auth"), e.suggestion());
        assertEquals(MonitorHealthOperation.DEGRADED, e.details().get("overall"));
    }

    @SuppressWarnings("unchecked")
    static void assertAuthLogsInDetails(SupaException e) {
        Map<String, List<String>> logs = (Map<String, List<String>>) e.details().get("lastLogLines");
        assertEquals(List.of("auth"), List.copyOf(logs.keySet()), "only the failing container's log");
        List<String> auth = logs.get("auth");
        assertTrue(auth.stream().anyMatch(l -> l.contains("invalid JWT: signature is invalid")), auth::toString);
        assertTrue(auth.get(0).matches("\\d{4}-\\d\\d-\\d\\dT\\S+Z .*"), "lines keep their timestamps: " + auth);
    }

    @Test
    void aCancelStopsTheWaitPromptly() throws Exception {
        DeployedStack stack = DeployedStack.deploy(sim, "acme");
        sim.deployDuration(Duration.ofSeconds(30));
        OperationContext ctx = ctx();
        CompletableFuture<StackRollout.Outcome> rollout = CompletableFuture.supplyAsync(
                () -> StackRollout.deployAndWait(api, stack.composeId(), "redeploy", false, PATIENCE, ctx));

        Thread.sleep(2200); // into the longer pauses between polls
        long cancelledAt = System.nanoTime();
        cancellation.cancel();
        ExecutionException e = assertThrows(ExecutionException.class, () -> rollout.get(5, TimeUnit.SECONDS));
        long millis = (System.nanoTime() - cancelledAt) / 1_000_000;

        SupaException cause = (SupaException) e.getCause();
        assertEquals(ErrorCode.INTERRUPTED, cause.code());
        assertTrue(millis < 600, "stopped " + millis + " ms after the cancel, not at the end of a pause");
        assertEquals(
                "running", api.deployments(stack.composeId()).get(0).status(), "the deploy itself goes on in Dokploy");
    }

    @Test
    void anOldServerWithoutEnvironmentsWorksToo() {
        sim.version("v0.24.3");
        String composeId = newCompose("legacy");

        StackRollout.Outcome outcome =
                StackRollout.deployAndWait(api, composeId, "first deploy", true, PATIENCE, ctx());

        assertEquals(MonitorHealthOperation.HEALTHY, outcome.health().overall());
        assertEquals(api.deployments(composeId).get(0).deploymentId(), outcome.deploymentId());
    }

    /** Before v0.29 the failing container's log comes over the logs WebSocket; the error carries it all the same. */
    @Test
    void onAnOldServerTheUnhealthyErrorStillCarriesTheLog() {
        sim.version("v0.24.3");
        String composeId = newCompose("legacy");
        sim.unhealthyService("auth", Sickness.UNHEALTHY);
        sim.deployDuration(Duration.ofMillis(300)); // longer, in real time, than polls on a fake clock take
        clock.duringPause(sim::awaitQueuedDeploys); // the deploy ends within the budget; the health wait times out

        SupaException e = assertThrows(
                SupaException.class,
                () -> StackRollout.deployAndWait(
                        api, composeId, "first deploy", true, Duration.ofSeconds(1), ctx(clock)));

        assertEquals(ErrorCode.DOKPLOY_STACK_UNHEALTHY, e.code());
        assertAuthLogsInDetails(e);
        assertTrue(sim.requests().stream().noneMatch(c -> c.path().equals("/api/compose.readLogs")));
    }

    @Test
    void theTimeoutCoversASlowDeployToo() {
        String composeId = newCompose("acme");
        sim.deployDuration(Duration.ofSeconds(30));

        SupaException e = assertThrows(
                SupaException.class,
                () -> StackRollout.deployAndWait(
                        api, composeId, "first deploy", true, Duration.ofMillis(800), ctx(clock)));

        assertEquals(ErrorCode.DOKPLOY_STACK_UNHEALTHY, e.code());
        assertTrue(e.getMessage().contains("did not finish within"), e.getMessage());
    }
}
