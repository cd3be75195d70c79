package dev.supadokploy.dokploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.supadokploy.config.Secret;
import dev.supadokploy.errors.ErrorCode;
import dev.supadokploy.errors.SupaException;
import dev.supadokploy.testing.NeedsSimulator;
import dev.supadokploy.testing.dokploy.DokploySimulator;
import dev.supadokploy.testing.dokploy.OpenApiContract;
import dev.supadokploy.testing.dokploy.Simulated;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The production client against the stateful simulator: the whole Supabase flow through typed calls, and
 * every request the client sent (as the simulator recorded it) checked against Dokploy's OpenAPI document.
 */
@NeedsSimulator
class DokployClientAgainstSimulatorTest {
    @Simulated(deployMillis = 150)
    DokploySimulator sim;

    DokployApi api;

    @BeforeEach
    void start() {
        assumeTrue(DokploySimulator.class.getResource("/fixtures/env/dokploy-current.env") != null);
        api = new DokployApi(new DokployClient(
                DokployEndpoint.of(sim.url(), Secret.of(sim.apiKey())), DokployClient.Options.DEFAULT));
    }

    @Test
    void deploysSupabaseThroughTypedCallsAndEveryRequestMatchesTheContract() throws Exception {
        assertTrue(api.version().toString().contains("0.30"), api.version().toString());
        CreatedProject created = api.createProject("acme-supabase", "test");
        assertEquals("production", created.environment().name());
        ServiceParent parent = ServiceParent.environment(
                created.project().projectId(), created.environment().environmentId());
        String composeId = api.deployTemplate(parent, "supabase", null)
                .map(Compose::composeId)
                .orElseGet(() -> sim.composes().get(0).composeId());
        Compose compose = api.compose(composeId);
        assertEquals(created.environment().environmentId(), compose.environmentId());
        ComposeEnv env = ComposeEnv.of(compose);
        String anon = env.get("ANON_KEY").orElseThrow();
        assertNotEquals(anon, env.get("SERVICE_ROLE_KEY").orElseThrow(), "the current template signs distinct keys");
        env.set("SITE_URL", "https://app.example.com");
        assertTrue(env.save(api));
        assertEquals(
                "https://app.example.com",
                ComposeEnv.read(api, compose.composeId()).get("SITE_URL").orElseThrow());

        List<Domain> domains = api.domains(compose.composeId());
        assertEquals(1, domains.size());
        api.deploy(compose.composeId(), "first deploy");
        long deadline = System.nanoTime() + 10_000_000_000L;
        List<Container> containers = List.of();
        while (System.nanoTime() < deadline) {
            containers = api.containers(compose.appName());
            if (!containers.isEmpty()
                    && containers.stream().allMatch(c -> c.parsedStatus().ready())
                    && "done".equals(api.compose(compose.composeId()).composeStatus())) {
                break;
            }
            Thread.sleep(50);
        }
        assertEquals(DokploySimulator.SUPABASE_SERVICES.size(), containers.size());
        assertTrue(containers.stream().allMatch(c -> c.parsedStatus().ready()), containers::toString);
        assertTrue(
                containers.stream().anyMatch(c -> "auth".equals(c.service(compose.appName()))), containers::toString);
        assertEquals("done", api.deployments(compose.composeId()).get(0).status());

        assumeTrue(OpenApiContract.available(), "../shared/dokploy/openapi.json absent: contract check skipped");
        List<String> violations = OpenApiContract.load()
                .violations(sim.requests().stream()
                        .filter(call -> !call.path().equals("/api/health"))
                        .toList());
        assertTrue(sim.requests().size() > 10, "the flow made real calls");
        assertEquals(List.of(), violations, "every request the client sent is one Dokploy documents");
    }

    @Test
    void aWrongKeyIsUnauthorized() {
        sim.apiKey("rotated-key");
        SupaException unauthorized = assertThrows(SupaException.class, () -> api.projects());
        assertEquals(ErrorCode.DOKPLOY_UNAUTHORIZED, unauthorized.code());
        assertTrue(unauthorized.suggestion().contains("API"), unauthorized.suggestion());
    }

    /** A key made through the API without rateLimitEnabled:false: five calls, then the gate's 401 like a wrong key. */
    @Test
    void aRateLimitedKeyDiesAfterFiveCallsAndIsToldApart() {
        sim.rateLimitedKey(true);
        for (int i = 0; i < 5; i++) {
            api.projects();
        }
        SupaException dead = assertThrows(SupaException.class, () -> api.projects());
        assertEquals(ErrorCode.DOKPLOY_UNAUTHORIZED, dead.code());
        assertTrue(dead.getMessage().contains("rate-limited"), dead.getMessage());
        assertTrue(dead.suggestion().contains("rateLimitEnabled:false"), dead.suggestion());
    }

    /** Each router's own refusal for another organization's resources, all told apart from a bad key. */
    @Test
    void anotherOrganizationsResourcesAreAuthorizationFailuresNotKeyFailures() {
        CreatedProject created = api.createProject("theirs", "another org");
        String composeId = api.deployTemplate(
                        ServiceParent.environment(
                                created.project().projectId(),
                                created.environment().environmentId()),
                        "supabase",
                        null)
                .map(Compose::composeId)
                .orElseThrow();
        sim.foreignOrganization(created.project().projectId()); // its environment and compose with it

        SupaException compose = assertThrows(SupaException.class, () -> api.compose(composeId));
        assertEquals(ErrorCode.DOKPLOY_FORBIDDEN, compose.code());
        assertTrue(
                compose.getMessage().contains("You are not authorized to access this compose"), compose.getMessage());
        assertEquals(
                ErrorCode.DOKPLOY_FORBIDDEN,
                assertThrows(
                                SupaException.class,
                                () -> api.environment(created.environment().environmentId()))
                        .code(),
                "environment.one's 403");
        assertEquals(
                ErrorCode.DOKPLOY_FORBIDDEN,
                assertThrows(
                                SupaException.class,
                                () -> api.environments(created.project().projectId()))
                        .code(),
                "environment.byProjectId's rewrapped 400");

        sim.memberKey(true);
        assertEquals(
                ErrorCode.DOKPLOY_FORBIDDEN,
                assertThrows(SupaException.class, () -> api.createProject("mine", null))
                        .code(),
                "project.create's rewrapped permission error");
    }

    /** compose.readLogs: a search without a hit is Dokploy's 500, read as no lines. */
    @Test
    void aLogSearchWithoutAHitIsNoLines() throws Exception {
        CreatedProject created = api.createProject("logs", null);
        String composeId = api.deployTemplate(
                        ServiceParent.environment(
                                created.project().projectId(),
                                created.environment().environmentId()),
                        "supabase",
                        null)
                .map(Compose::composeId)
                .orElseThrow();
        api.deploy(composeId, "first");
        Compose compose = api.compose(composeId);
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (api.containers(compose.appName()).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        Container rest = api.containers(compose.appName()).stream()
                .filter(c -> "rest".equals(c.service(compose.appName())))
                .findFirst()
                .orElseThrow();
        assertEquals(List.of(), api.readLogs(compose, rest.containerId(), new LogQuery(100, "all", "no such text")));
        assertEquals(
                1,
                api.readLogs(compose, rest.containerId(), new LogQuery(100, "all", "READY"))
                        .size());
        assertTrue(
                sim.requests().stream().anyMatch(c -> c.path().equals("/api/compose.readLogs") && c.status() == 500));
    }

    @Test
    void anUnknownComposeIsNotFound() {
        SupaException e = assertThrows(SupaException.class, () -> api.compose("does-not-exist"));
        assertEquals(ErrorCode.DOKPLOY_NOT_FOUND, e.code());
        assertTrue(e.getMessage().contains("does-not-exist"), e.getMessage());
    }

    @Test
    void aBurstOf503sOnAQueryIsRetriedAway() {
        sim.failNext(2, 503, null);
        assertTrue(api.projects().isEmpty());
    }

    /**
     * The slow-answers knob: a query that outlasts the read timeout is a timeout, not retried; a mutation that does
     * is reported as possibly applied, and the simulator shows why that matters: the project exists afterwards.
     */
    @Test
    void aSlowServerTimesOutQueriesAndLeavesAMutationsOutcomeOpen() throws InterruptedException {
        sim.apiKey(DokployTestServers.KEY);
        DokployApi impatient = new DokployApi(DokployTestServers.client(sim.url(), Duration.ofMillis(300)));
        impatient.version(); // asked before the server turns slow
        sim.latency(Duration.ofMillis(900));

        SupaException query = assertThrows(SupaException.class, impatient::projects);
        assertEquals(ErrorCode.CONNECTION_TIMEOUT, query.code());

        SupaException mutation = assertThrows(SupaException.class, () -> impatient.createProject("slow", "knob"));
        assertEquals(ErrorCode.DOKPLOY_OUTCOME_UNKNOWN, mutation.code());
        assertTrue(mutation.suggestion().toLowerCase(java.util.Locale.ROOT).contains("check"), mutation.suggestion());
        // the simulator records a call after its handler ran: wait for the record, not only for the project
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (postCount() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(1, sim.projectCount(), "the server finished what the client stopped waiting for");
        Thread.sleep(1_000); // longer than the latency: a resent mutation would be recorded by now
        assertEquals(1, postCount(), "a mutation is never resent");
    }

    private long postCount() {
        return sim.requests().stream().filter(c -> c.method().equals("POST")).count();
    }
}
