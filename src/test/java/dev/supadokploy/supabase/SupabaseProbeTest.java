package dev.supadokploy.supabase;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.supadokploy.config.Secret;
import dev.supadokploy.dokploy.DokployApi;
import dev.supadokploy.dokploy.Domain;
import dev.supadokploy.dokploy.DomainSpec;
import dev.supadokploy.testing.FakeClock;
import dev.supadokploy.testing.NeedsSimulator;
import dev.supadokploy.testing.dokploy.DeployedStack;
import dev.supadokploy.testing.dokploy.DokploySimulator;
import dev.supadokploy.testing.dokploy.DokployTemplate.Generation;
import dev.supadokploy.testing.dokploy.Simulated;
import dev.supadokploy.util.DotEnv;
import dev.supadokploy.util.HttpRouting;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The probe against the simulator's edge, which judges keys as Kong, GoTrue and PostgREST do. */
@NeedsSimulator
class SupabaseProbeTest {
    @Simulated
    private DokploySimulator sim;

    private DokployApi api;
    private SupabaseProbe probe;
    /** The probe's retries pause through this clock: they take no wall time, and the test can read them. */
    private final FakeClock clock = new FakeClock();

    @BeforeEach
    void start() {
        api = DeployedStack.api(sim);
        probe = new SupabaseProbe(HttpRouting.fromEnv(sim.edge().clientEnv()), clock);
    }

    @Test
    void aCorrectlyKeyedStackPassesEveryCheck() {
        DeployedStack stack = DeployedStack.deploy(sim, "probe ok");
        SupabaseProbe.Report report = run(stack, "http");
        assertTrue(report.passed(), () -> report.failures().toString());
        assertEquals(5, report.checks().size());
    }

    @Test
    void roleLessIdenticalKeysFailTheAdminChecks() {
        sim.templateGeneration(Generation.BUGGY_V0_25_5);
        DeployedStack stack = DeployedStack.deploy(sim, "probe bug");
        SupabaseProbe.Report report = run(stack, "http");
        assertFalse(report.passed());
        List<String> failed =
                report.failures().stream().map(SupabaseProbe.Check::name).toList();
        assertTrue(failed.contains("auth admin with the service-role key"), failed::toString);
        // role-less keys are both "anon" to GoTrue: the admin API refuses them alike, so only the service check fails
        assertEquals(List.of("auth admin with the service-role key"), failed);
    }

    @Test
    void keysSavedButNotRedeployedAreRefused() {
        DeployedStack stack = DeployedStack.deploy(sim, "probe saved");
        Map<String, String> env = env(stack);
        String other = "x".repeat(40);
        String rewritten = api.compose(stack.composeId()).env().replace(env.get("JWT_SECRET"), other);
        api.saveEnvironment(stack.composeId(), rewritten);
        // the probe holds keys signed with a secret the running stack does not have
        String forged = dev.supadokploy.testing.Hs256.sign(Map.of("role", "service_role", "iss", "supabase"), other);
        SupabaseProbe.Report report = probe.probe(
                "http://" + host(stack), Secret.of(forged), Secret.of(forged), Duration.ofSeconds(2), () -> false);
        assertFalse(report.passed());
        assertTrue(
                report.checks().get(0).detail().contains("Invalid authentication credentials"),
                report.checks().get(0)::detail);
    }

    @Test
    void httpsWorksOnlyWithTheIssuedCertificate() {
        DeployedStack stack = DeployedStack.deploy(sim, "probe tls");
        Domain domain = api.domains(stack.composeId()).get(0);
        api.updateDomain(
                domain.domainId(), new DomainSpec(domain.host(), 8000, true, "none", "kong", stack.composeId(), "/"));
        SupabaseProbe.Report selfSigned = run(stack, "https", Duration.ofMillis(300));
        assertFalse(selfSigned.passed());
        assertTrue(
                selfSigned.checks().get(0).detail().startsWith("TLS failed"),
                selfSigned.checks().get(0)::detail);

        api.updateDomain(domain.domainId(), DomainSpec.kong(stack.composeId(), domain.host(), true));
        SupabaseProbe.Report issued = run(stack, "https");
        assertTrue(issued.passed(), () -> issued.failures().toString());
        SupabaseProbe.Report plain = run(stack, "http");
        assertEquals(308, plain.checks().get(0).status());
        assertFalse(plain.passed());
    }

    @Test
    void aStoppedStackIsUnreachableUntilThePatienceRunsOut() {
        DeployedStack stack = DeployedStack.deploy(sim, "probe stopped");
        api.stop(stack.composeId());
        SupabaseProbe.Report report = run(stack, "http", Duration.ofMillis(600));
        assertFalse(report.passed());
        assertEquals(404, report.checks().get(0).status());
        // a 404 is retried after 250 ms, not after a further 500 ms, which would end past the patience
        assertEquals(List.of(Duration.ofMillis(250)), clock.pauses().subList(0, 1));
        assertTrue(clock.paused().compareTo(Duration.ofMillis(600)) <= 0, clock.pauses()::toString);
    }

    private SupabaseProbe.Report run(DeployedStack stack, String scheme) {
        return run(stack, scheme, Duration.ofSeconds(5));
    }

    private SupabaseProbe.Report run(DeployedStack stack, String scheme, Duration patience) {
        Map<String, String> env = env(stack);
        return probe.probe(
                scheme + "://" + host(stack),
                Secret.of(env.get("ANON_KEY")),
                Secret.of(env.get("SERVICE_ROLE_KEY")),
                patience,
                () -> false);
    }

    private Map<String, String> env(DeployedStack stack) {
        return DotEnv.parse(api.compose(stack.composeId()).env()).toMap();
    }

    private String host(DeployedStack stack) {
        return api.domains(stack.composeId()).get(0).host();
    }
}
