package dev.supadokploy.ops.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.supadokploy.dokploy.Compose;
import dev.supadokploy.dokploy.CreatedProject;
import dev.supadokploy.dokploy.DokployApi;
import dev.supadokploy.dokploy.ServiceParent;
import dev.supadokploy.errors.ErrorCode;
import dev.supadokploy.errors.SupaException;
import dev.supadokploy.ops.OperationContext;
import dev.supadokploy.ops.connection.DokployInput;
import dev.supadokploy.ops.rollout.StackRollout;
import dev.supadokploy.testing.NeedsSimulator;
import dev.supadokploy.testing.dokploy.DeployedStack;
import dev.supadokploy.testing.dokploy.DokploySimulator;
import dev.supadokploy.testing.dokploy.DokploySimulator.Sickness;
import dev.supadokploy.testing.dokploy.Simulated;
import dev.supadokploy.testing.dokploy.SimulatorEnv;
import dev.supadokploy.testing.dokploy.SupabaseTemplates.Variant;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Health and rollout judged by the compose's own file, on the three templates, on a remote Dokploy server, with
 * Docker unreachable, and with the deployment states real Dokploy has (cancelled; error with a null errorMessage).
 */
@NeedsSimulator
class StackShapeHealthTest {
    private static final Duration PATIENCE = Duration.ofSeconds(20);

    @Simulated(deployMillis = 50)
    DokploySimulator sim;

    @TempDir
    Path home;

    DokployApi api;

    @BeforeEach
    void start() {
        api = DeployedStack.api(sim);
    }

    private OperationContext ctx() {
        return SimulatorEnv.context(sim, home).build();
    }

    private MonitorHealthOperation.Result health(String composeId) {
        return new MonitorHealthOperation()
                .run(new MonitorHealthOperation.Input(DokployInput.fromEnvironment(), composeId, null), ctx());
    }

    private String newCompose(String project) {
        CreatedProject created = api.createProject(project, "shape test");
        return api.deployTemplate(
                        ServiceParent.environment(
                                created.project().projectId(),
                                created.environment().environmentId()),
                        "supabase",
                        null)
                .map(Compose::composeId)
                .orElseThrow();
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void everyTemplateRollsOutHealthy(Variant variant) {
        sim.supabaseTemplate(variant);
        String composeId = newCompose("acme");
        int services = variant == Variant.PR1068 ? 11 : 13;

        StackRollout.Outcome outcome =
                StackRollout.deployAndWait(api, composeId, "first deploy", true, PATIENCE, ctx());

        assertEquals(
                MonitorHealthOperation.HEALTHY,
                outcome.health().overall(),
                outcome.health().alerts()::toString);
        assertEquals(services, outcome.health().ready());
        MonitorHealthOperation.Result health = health(composeId);
        assertEquals(MonitorHealthOperation.HEALTHY, health.overall());
        assertEquals(List.of(), health.missing());
        assertEquals(List.of(), health.alerts(), "nothing to say about a healthy stack");
        String gateway = variant == Variant.ENVOY ? "api-gw" : "kong";
        assertTrue(
                health.containers().stream().anyMatch(c -> c.service().equals(gateway) && c.essential()),
                health::toString);
        assertEquals(
                variant != Variant.PR1068,
                health.containers().stream().anyMatch(c -> c.service().equals("analytics")));
        assertEquals(
                List.of("db", gateway, "auth", "rest"),
                health.containers().subList(0, 4).stream()
                        .map(MonitorHealthOperation.ContainerHealth::service)
                        .toList(),
                "the data path first");
    }

    @Test
    void theGatewayIsVitalWhateverItsName() {
        sim.supabaseTemplate(Variant.ENVOY);
        sim.unhealthyService("api-gw", Sickness.RESTARTING);
        String composeId = newCompose("envoy");
        SupaException e = assertThrows(
                SupaException.class,
                () -> StackRollout.deployAndWait(api, composeId, "first deploy", true, Duration.ofSeconds(2), ctx()));
        assertEquals(ErrorCode.DOKPLOY_STACK_UNHEALTHY, e.code());
        assertEquals(MonitorHealthOperation.DOWN, e.details().get("overall"));
        assertTrue(e.suggestion().contains("--service api-gw"), e::suggestion);
        MonitorHealthOperation.Result health = health(composeId);
        assertEquals(MonitorHealthOperation.DOWN, health.overall(), "the API cannot answer without its gateway");
        MonitorHealthOperation.Alert gw = health.alerts().stream()
                .filter(a -> "api-gw".equals(a.service()))
                .findFirst()
                .orElseThrow();
        assertEquals("critical", gw.severity());
        assertTrue(gw.action().contains("--service api-gw"), gw::action);
    }

    @Test
    void aServiceTheFileAddedButNotDeployedIsMissingAndNamed() {
        sim.supabaseTemplate(Variant.PR1068);
        DeployedStack stack = DeployedStack.deploy(sim, "acme");
        Compose compose = api.compose(stack.composeId());
        // the operator adds analytics back to the file (Dokploy's July template) but has not redeployed
        api.updateCompose(new dev.supadokploy.dokploy.ComposeUpdate(
                stack.composeId(),
                null,
                null,
                dev.supadokploy.testing.dokploy.SupabaseTemplates.compose(Variant.JULY)));
        MonitorHealthOperation.Result health = health(stack.composeId());
        assertEquals(List.of("analytics", "vector"), health.missing());
        assertEquals(MonitorHealthOperation.DEGRADED, health.overall());
        MonitorHealthOperation.Alert missing = health.alerts().stream()
                .filter(a -> "analytics".equals(a.service()))
                .findFirst()
                .orElseThrow();
        assertTrue(missing.action().contains("The compose file defines 'analytics'"), missing::action);

        SupaException e = StackRollout.unhealthy(api, stack.composeId(), health, Duration.ofSeconds(5));
        assertTrue(e.getMessage().endsWith("analytics, vector missing"), e::getMessage);
        assertTrue(
                e.suggestion().contains("--service analytics"),
                "the hint names the missing service, not auth: " + e.suggestion());
        assertFalse(compose.composeFile().contains("analytics"));
    }

    @Test
    void aStackOnARemoteServerIsSeenThere() {
        String composeId = newCompose("cloud");
        sim.composeServer(composeId, "srv-remote-1");
        StackRollout.Outcome outcome =
                StackRollout.deployAndWait(api, composeId, "first deploy", true, PATIENCE, ctx());
        assertEquals(MonitorHealthOperation.HEALTHY, outcome.health().overall());
        String appName = api.compose(composeId).appName();
        assertEquals(List.of(), api.containers(appName), "Dokploy's own host runs none of them");
        assertEquals(13, api.containers(appName, "srv-remote-1").size());
        assertTrue(
                sim.requests().stream()
                        .anyMatch(c -> c.path().equals("/api/docker.getContainersByAppNameMatch")
                                && "srv-remote-1".equals(c.query().get("serverId"))),
                "the rollout asked the compose's server");
    }

    @Test
    void anEmptyListingOfADeployedStackIsNotNeverDeployed() {
        DeployedStack stack = DeployedStack.deploy(sim, "acme");
        sim.dockerUnreachable(true);
        MonitorHealthOperation.Result health = health(stack.composeId());
        assertEquals(MonitorHealthOperation.DOWN, health.overall());
        MonitorHealthOperation.Alert alert = health.alerts().get(0);
        assertTrue(
                alert.message()
                        .startsWith(
                                "Dokploy reports the stack deployed but lists no containers: Docker on the Dokploy host "
                                        + "may be unreachable"),
                alert::message);
        assertFalse(alert.message().contains("never deployed"));

        String fresh = newCompose("fresh");
        MonitorHealthOperation.Alert never = health(fresh).alerts().get(0);
        assertTrue(never.message().contains("never deployed"), never::message);
    }

    @Test
    void aCancelledDeployEndsTheWaitAtOnce() throws Exception {
        DeployedStack stack = DeployedStack.deploy(sim, "acme");
        sim.deployDuration(Duration.ofSeconds(30));
        CompletableFuture<StackRollout.Outcome> rollout = CompletableFuture.supplyAsync(
                () -> StackRollout.deployAndWait(api, stack.composeId(), "redeploy", false, PATIENCE, ctx()));
        while (!"running".equals(api.compose(stack.composeId()).composeStatus())) {
            Thread.sleep(20);
        }
        sim.restartDokploy();
        long restartedAt = System.nanoTime();
        ExecutionException e = assertThrows(ExecutionException.class, () -> rollout.get(10, TimeUnit.SECONDS));
        long millis = (System.nanoTime() - restartedAt) / 1_000_000;

        SupaException cause = (SupaException) e.getCause();
        assertEquals(ErrorCode.DOKPLOY_DEPLOY_CANCELLED, cause.code());
        assertTrue(millis < 4000, "ended at the next poll, not at the timeout: " + millis + " ms");
        MonitorHealthOperation.Result health = health(stack.composeId());
        assertEquals("cancelled", health.lastDeployment().status());
        assertEquals("idle", health.composeStatus());
        assertTrue(
                health.alerts().stream().anyMatch(a -> a.message().contains("cancelled")), health.alerts()::toString);
    }

    @Test
    void aFailedDeploysReasonIsTheTailOfItsLog() {
        DeployedStack stack = DeployedStack.deploy(sim, "acme");
        sim.deployFails(true);
        stack.redeploy(sim);
        MonitorHealthOperation.Result health = health(stack.composeId());
        MonitorHealthOperation.LastDeployment last = health.lastDeployment();
        assertEquals("error", last.status());
        assertEquals(null, last.errorMessage(), "Dokploy leaves it null for an ordinary failure");
        assertEquals(
                "Error occurred ❌, check the logs for details.",
                last.logTail().get(last.logTail().size() - 1),
                "Dokploy's closing line ends the tail");
        assertTrue(last.logTail().size() <= MonitorHealthOperation.FAILURE_LOG_LINES);
        assertTrue(health.alerts().get(0).message().startsWith("The last deploy failed: "), health.alerts()::toString);
    }

    @Test
    void aDependencyThatNeverTurnsHealthyLeavesItsDependentsCreated() {
        sim.unhealthyService("analytics", Sickness.UNHEALTHY);
        String composeId = newCompose("acme");
        SupaException e = assertThrows(
                SupaException.class,
                () -> StackRollout.deployAndWait(api, composeId, "first deploy", true, PATIENCE, ctx()));
        assertEquals(ErrorCode.DOKPLOY_DEPLOY_FAILED, e.code());
        assertTrue(
                e.getMessage().contains("dependency failed to start: container ")
                        && e.getMessage().contains("-analytics-1 is unhealthy"),
                e::getMessage);

        MonitorHealthOperation.Result health = health(composeId);
        assertEquals(MonitorHealthOperation.DOWN, health.overall(), "kong waits for studio, which waits for analytics");
        List<String> created = health.containers().stream()
                .filter(c -> c.state().equals("created"))
                .map(MonitorHealthOperation.ContainerHealth::service)
                .sorted()
                .toList();
        assertEquals(List.of("functions", "kong", "studio"), created, "functions waits for a healthy kong too");
        assertTrue(health.alerts().stream()
                .anyMatch(a -> "kong".equals(a.service()) && a.message().contains("never started")));
    }
}
