package dev.supadokploy.ops.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.supadokploy.dokploy.Domain;
import dev.supadokploy.ops.OperationContext;
import dev.supadokploy.ops.Policy;
import dev.supadokploy.ops.deploy.DeploySetupOperation.Result;
import dev.supadokploy.testing.NeedsSimulator;
import dev.supadokploy.testing.dokploy.DeployedStack;
import dev.supadokploy.testing.dokploy.DokploySimulator;
import dev.supadokploy.testing.dokploy.Simulated;
import dev.supadokploy.testing.dokploy.SimulatorEnv;
import dev.supadokploy.testing.dokploy.SupabaseTemplates;
import dev.supadokploy.testing.dokploy.SupabaseTemplates.Variant;
import dev.supadokploy.util.DotEnv;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code deploy setup} on Dokploy's current template (PR #1068) and on an Envoy-gateway one. */
@NeedsSimulator
class SetupTemplatesTest {
    @TempDir
    Path home;

    @Simulated(deployMillis = 40)
    DokploySimulator sim;

    private Result setup() {
        OperationContext ctx = SimulatorEnv.context(sim, home)
                .env("SMTP_SECRET", "smtp-pass-123")
                .policy(new Policy(true, false, false, true, true))
                .build();
        return new DeploySetupOperation().run(DeploySetupOperationTest.input("Acme", null), ctx);
    }

    @Test
    void prNumber1068sTemplateTurnsHealthyWithoutLogflareTokens() {
        sim.supabaseTemplate(Variant.PR1068);
        Result r = setup();
        assertEquals("healthy", r.health().overall(), r::toString);
        assertTrue(r.probe().stream().allMatch(DeploySetupOperation.ProbeCheck::passed), r.probe()::toString);
        Map<String, String> env =
                DotEnv.parse(sim.composes().get(0).deployedEnv()).toMap();
        assertTrue(
                env.keySet().stream().noneMatch(k -> k.startsWith("LOGFLARE_")),
                "no tokens for an analytics that is not there");
        assertFalse(env.containsKey("DOCKER_SOCKET_LOCATION"));
        assertTrue(
                r.warnings().stream().noneMatch(w -> w.contains("LOGFLARE") || w.contains("analytics")),
                r.warnings()::toString);
    }

    @Test
    void anEnvoyStacksDomainGoesToItsGateway() {
        sim.supabaseTemplate(Variant.ENVOY);
        Result r = setup();
        assertEquals("healthy", r.health().overall(), r::toString);
        List<Domain> domains = DeployedStack.api(sim).domains(r.applicationId());
        assertEquals(
                List.of("api-gw"), domains.stream().map(Domain::serviceName).toList());
        assertEquals(DeploySetupOperationTest.DOMAIN, domains.get(0).host());
        assertEquals(8000, domains.get(0).port());
        assertTrue(domains.get(0).https());
        assertTrue(r.probe().stream().allMatch(DeploySetupOperation.ProbeCheck::passed), r.probe()::toString);
        assertTrue(
                r.steps().stream()
                        .anyMatch(s -> s.name().equals("domain") && s.detail().contains("api-gw:8000")),
                r.steps()::toString);
        Map<String, String> env =
                DotEnv.parse(sim.composes().get(0).deployedEnv()).toMap();
        assertTrue(env.containsKey("LOGFLARE_PUBLIC_ACCESS_TOKEN"), "this variant keeps analytics, and its tokens");
        assertTrue(SupabaseTemplates.compose(Variant.ENVOY).contains("api-gw"));
    }
}
