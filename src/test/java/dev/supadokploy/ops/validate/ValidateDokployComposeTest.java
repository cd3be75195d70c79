package dev.supadokploy.ops.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.supadokploy.config.Config;
import dev.supadokploy.config.DokployServerConfig;
import dev.supadokploy.config.InstanceConfig;
import dev.supadokploy.dokploy.DokployApi;
import dev.supadokploy.dokploy.DokployEnv;
import dev.supadokploy.dokploy.Domain;
import dev.supadokploy.dokploy.DomainSpec;
import dev.supadokploy.errors.ErrorCode;
import dev.supadokploy.errors.SupaException;
import dev.supadokploy.ops.OperationContext;
import dev.supadokploy.ops.Policy;
import dev.supadokploy.ops.connection.DokployInput;
import dev.supadokploy.supabase.rules.Finding;
import dev.supadokploy.testing.Hs256;
import dev.supadokploy.testing.NeedsSimulator;
import dev.supadokploy.testing.dokploy.DeployedStack;
import dev.supadokploy.testing.dokploy.DokploySimulator;
import dev.supadokploy.testing.dokploy.DokploySimulator.Sickness;
import dev.supadokploy.testing.dokploy.DokployTemplate.Generation;
import dev.supadokploy.testing.dokploy.OpenApiContract;
import dev.supadokploy.testing.dokploy.ServedStack;
import dev.supadokploy.testing.dokploy.Simulated;
import dev.supadokploy.testing.dokploy.SimulatorEnv;
import dev.supadokploy.util.DotEnv;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code validate config --compose-id} against the Dokploy simulator over real HTTP, its public surface
 * probed through the simulator's edge: the audit, offerFix, and fix with its save, redeploy and second audit.
 */
@NeedsSimulator
class ValidateDokployComposeTest {
    @TempDir
    Path home;

    @Simulated(deployMillis = 30)
    private DokploySimulator sim;

    private DokployApi api;

    @BeforeEach
    void start() {
        api = DeployedStack.api(sim);
    }

    private OperationContext context(boolean yes) {
        return context(yes, Config.empty());
    }

    private OperationContext context(boolean yes, Config config) {
        return SimulatorEnv.context(sim, home)
                .config(config)
                .policy(new Policy(true, yes, false, true, false))
                .build();
    }

    private static ValidateConfigOperation.Input audit(String composeId) {
        return input(composeId, null, null, null);
    }

    private static ValidateConfigOperation.Input input(
            String composeId, Boolean fix, Boolean offerFix, Boolean reveal) {
        return new ValidateConfigOperation.Input(
                null,
                DokployInput.fromEnvironment(),
                composeId,
                null,
                null,
                fix,
                offerFix,
                reveal,
                null,
                null,
                null,
                "30s");
    }

    private ValidateConfigOperation.Result run(ValidateConfigOperation.Input input, boolean yes) {
        return new ValidateConfigOperation().run(input, context(yes));
    }

    private static List<String> labels(List<Finding> findings) {
        return findings.stream().map(f -> f.severity() + " " + f.label()).toList();
    }

    private DeployedStack correctStack(String name) {
        return ServedStack.deploy(sim, name);
    }

    private String host(DeployedStack stack) {
        return api.domains(stack.composeId()).get(0).host();
    }

    private DokploySimulator.ComposeView view(DeployedStack stack) {
        return sim.composes().stream()
                .filter(c -> c.composeId().equals(stack.composeId()))
                .findFirst()
                .orElseThrow();
    }

    private List<String> posts(int since) {
        return sim.requests().subList(since, sim.requests().size()).stream()
                .filter(c -> c.method().equals("POST"))
                .map(DokploySimulator.Call::path)
                .toList();
    }

    /** Every request the tool sent is one Dokploy documents (skipped when the OpenAPI document is absent). */
    private void checkContract(int since) {
        OpenApiContract.assertDocumented(
                sim.requests().subList(since, sim.requests().size()));
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(dev.supadokploy.testing.dokploy.SupabaseTemplates.Variant.class)
    void aCorrectStackOfEveryTemplatePasses(dev.supadokploy.testing.dokploy.SupabaseTemplates.Variant variant) {
        sim.supabaseTemplate(variant);
        DeployedStack stack = correctStack("acme");
        ValidateConfigOperation.Result r = run(audit(stack.composeId()), false);
        assertEquals(List.of(), labels(r.findings()), "no Logflare finding where the compose has no analytics");
        assertTrue(r.probe().ran() && r.probe().passed(), r.probe()::toString);
    }

    @Test
    void anAsymmetricSetOnTheTemplatesComposeIsHalfWired() {
        DeployedStack stack = correctStack("asym");
        String env = api.compose(stack.composeId())
                .env()
                .replaceFirst(
                        "(?m)^JWT_KEYS=.*$",
                        "JWT_KEYS='[{\"kty\":\"EC\",\"kid\":\"k1\",\"crv\":\"P-256\",\"x\":\"AA\",\"y\":\"AA\",\"d\":\"AA\"}]'");
        api.saveEnvironment(stack.composeId(), env);
        ValidateConfigOperation.Result r = run(audit(stack.composeId()), false);
        assertEquals(List.of("error keys.asymmetric-half-wired JWT_KEYS"), labels(r.findings()));
        assertFalse(r.passed());
    }

    @Test
    void aDeployedStackWithNoContainerListedIsNotCalledUndeployed() {
        DeployedStack stack = correctStack("nodocker");
        sim.dockerUnreachable(true);
        ValidateConfigOperation.Result r = run(audit(stack.composeId()), false);
        Finding f = r.findings().stream()
                .filter(x -> x.ruleId().equals("stack.not-running"))
                .findFirst()
                .orElseThrow();
        assertTrue(f.message().startsWith("Dokploy reports the stack deployed but lists no containers"), f::message);
        assertFalse(f.message().contains("never deployed"), f::message);
    }

    @Test
    void aCorrectStackPassesWithItsProbe() {
        DeployedStack stack = correctStack("acme");
        int before = sim.requests().size();
        ValidateConfigOperation.Result r = run(audit(stack.composeId()), false);
        assertEquals(List.of(), labels(r.findings()));
        assertTrue(r.passed());
        assertEquals("dokploy", r.source());
        assertEquals(stack.composeId(), r.applicationId());
        assertEquals("https://" + host(stack), r.publicUrl(), "the public URL is the kong domain's");
        assertTrue(r.probe().ran() && r.probe().passed(), r.probe()::toString);
        assertEquals(5, r.probe().checks().size());
        assertNull(r.fix());
        assertEquals(List.of(), posts(before), "an audit changes nothing");
        checkContract(before);
    }

    /** Moves the stack's JWT_SECRET into its project's env and leaves a reference to it in the compose, redeployed. */
    private String referenceProjectSecret(DeployedStack stack) {
        dev.supadokploy.dokploy.Compose compose = api.compose(stack.composeId());
        String secret = DotEnv.parse(compose.env()).get("JWT_SECRET").orElseThrow();
        String projectId = api.environment(compose.environmentId()).projectId();
        api.client()
                .mutate(
                        "project.update",
                        Map.of("projectId", projectId, "env", "JWT_SECRET=" + secret + "\n"),
                        com.fasterxml.jackson.databind.JsonNode.class);
        api.saveEnvironment(
                stack.composeId(),
                DotEnv.parse(compose.env())
                        .set("JWT_SECRET", "${{project.JWT_SECRET}}")
                        .write()
                        .replace("JWT_SECRET='${{project.JWT_SECRET}}'", "JWT_SECRET=${{project.JWT_SECRET}}"));
        stack.redeploy(sim);
        return secret;
    }

    @Test
    void aSecretReferencedFromTheProjectEnvValidatesCleanAndFixLeavesTheReference() {
        DeployedStack stack = correctStack("shared-secret");
        String secret = referenceProjectSecret(stack);
        assertEquals(secret, sim.containerEnv(stack.composeId()).get("JWT_SECRET"), "Dokploy resolved it at deploy");

        ValidateConfigOperation.Result clean = run(audit(stack.composeId()), false);
        assertEquals(List.of(), labels(clean.findings()), "judged by the project's value, not the reference text");
        assertTrue(clean.probe().passed(), clean.probe()::toString);

        // role-less keys on top: --fix re-signs them with the resolved secret and leaves the reference
        String env = view(stack).env();
        Map<String, String> values = DotEnv.parse(env).toMap();
        String roleless = Hs256.sign(Map.of("iss", "dokploy", "iat", 1_700_000_000L, "exp", 1_900_000_000L), secret);
        api.saveEnvironment(
                stack.composeId(),
                DotEnv.parse(env)
                        .set("ANON_KEY", roleless)
                        .set("SERVICE_ROLE_KEY", roleless)
                        .write());
        stack.redeploy(sim);
        ValidateConfigOperation.Result broken = run(audit(stack.composeId()), false);
        assertTrue(
                labels(broken.findings()).contains("error keys.missing-role ANON_KEY"),
                labels(broken.findings())::toString);
        ValidateConfigOperation.Result fixed = run(input(stack.composeId(), true, null, null), true);
        assertEquals(List.of(), labels(fixed.findings()));
        assertTrue(view(stack).env().contains("JWT_SECRET=${{project.JWT_SECRET}}"), "the reference is kept");
        assertEquals(
                values.get("JWT_SECRET"),
                DotEnv.parse(view(stack).env()).get("JWT_SECRET").orElseThrow());
        assertTrue(
                Hs256.verify(sim.containerEnv(stack.composeId()).get("ANON_KEY"), secret),
                "signed with the project's secret");
    }

    @Test
    void aShortReferencedSecretIsReportedAndNeverOverwritten() {
        DeployedStack stack = correctStack("short-shared");
        referenceProjectSecret(stack);
        String projectId =
                api.environment(api.compose(stack.composeId()).environmentId()).projectId();
        api.client()
                .mutate(
                        "project.update",
                        Map.of("projectId", projectId, "env", "JWT_SECRET=tooshort#but-cut\n"),
                        com.fasterxml.jackson.databind.JsonNode.class);
        ValidateConfigOperation.Result r = run(audit(stack.composeId()), false);
        Finding shortSecret = r.findings().stream()
                .filter(f -> f.label().equals("secrets.jwt-secret-short JWT_SECRET"))
                .findFirst()
                .orElseThrow(() -> new AssertionError(labels(r.findings()).toString()));
        assertTrue(shortSecret.message().contains("has 8 characters"), shortSecret.message());
        assertTrue(
                shortSecret.fix().action().contains("project's env in Dokploy"),
                shortSecret.fix().action());
        String savedBefore = view(stack).env();
        ValidateConfigOperation.Input rotate = new ValidateConfigOperation.Input(
                null,
                DokployInput.fromEnvironment(),
                stack.composeId(),
                null,
                null,
                true,
                null,
                null,
                true,
                null,
                null,
                "30s");
        ValidateConfigOperation.Result after = new ValidateConfigOperation().run(rotate, context(true));
        assertTrue(view(stack).env().contains("JWT_SECRET=${{project.JWT_SECRET}}"), "never replaced by a literal");
        assertTrue(
                after.fix().changes().stream().noneMatch(c -> c.variable().equals("JWT_SECRET")),
                after.fix()::toString);
        assertTrue(savedBefore.contains("JWT_SECRET=${{project.JWT_SECRET}}"));
    }

    @Test
    void roleLessKeysAreFoundThenFixedSavedRedeployedAndPass() {
        sim.templateGeneration(Generation.BUGGY_V0_25_5);
        DeployedStack stack = correctStack("buggy");
        String savedBefore = view(stack).env();
        String deployedBefore = view(stack).deployedEnv();

        ValidateConfigOperation.Result audit = run(audit(stack.composeId()), false);
        assertEquals(
                List.of(
                        "error keys.anon-equals-service ANON_KEY,SERVICE_ROLE_KEY",
                        "error keys.missing-role ANON_KEY",
                        "error keys.missing-role SERVICE_ROLE_KEY"),
                labels(audit.findings()));
        assertFalse(audit.passed());
        assertTrue(
                audit.findings().get(0).fix().command().contains("--compose-id " + stack.composeId() + " --fix"),
                audit.findings().get(0).fix()::command);

        int before = sim.requests().size();
        ValidateConfigOperation.Result fixed = run(input(stack.composeId(), true, null, null), true);
        assertTrue(fixed.passed(), () -> labels(fixed.findings()).toString());
        assertEquals(List.of(), labels(fixed.findings()));
        ValidateConfigOperation.FixReport fix = fixed.fix();
        assertTrue(fix.written() && fix.redeployed(), fix::toString);
        assertEquals(
                List.of("ANON_KEY", "SERVICE_ROLE_KEY"),
                fix.changes().stream().map(c -> c.variable()).toList());
        assertEquals(3, fix.resolved().size());
        assertEquals(3, fix.before().errors());
        assertTrue(fixed.probe().passed(), fixed.probe()::toString);
        assertTrue(
                posts(before).containsAll(List.of("/api/compose.saveEnvironment", "/api/compose.redeploy")),
                posts(before)::toString);
        assertTrue(posts(before).indexOf("/api/compose.saveEnvironment")
                < posts(before).indexOf("/api/compose.redeploy"));

        DokploySimulator.ComposeView after = view(stack);
        assertNotEquals(deployedBefore, after.deployedEnv(), "the redeploy put the new keys in force");
        Map<String, String> deployed = sim.containerEnv(after.composeId());
        assertTrue(
                deployed.entrySet().containsAll(DokployEnv.parse(after.env()).entrySet()),
                "the containers got the saved env");
        assertTrue(Hs256.verify(deployed.get("ANON_KEY"), deployed.get("JWT_SECRET")));
        assertEquals("anon", Hs256.claims(deployed.get("ANON_KEY")).get("role"));
        assertEquals(
                "service_role", Hs256.claims(deployed.get("SERVICE_ROLE_KEY")).get("role"));
        // only the two key lines changed: comments, order and every other line are as they were
        List<String> oldLines = savedBefore.lines().toList();
        List<String> newLines = after.env().lines().toList();
        assertEquals(oldLines.size(), newLines.size());
        int differing = 0;
        for (int i = 0; i < oldLines.size(); i++) {
            if (!oldLines.get(i).equals(newLines.get(i))) {
                differing++;
                assertTrue(
                        newLines.get(i).startsWith("ANON_KEY=")
                                || newLines.get(i).startsWith("SERVICE_ROLE_KEY="),
                        newLines.get(i));
            }
        }
        assertEquals(2, differing);
        assertFalse(
                fix.followUps().stream().anyMatch(f -> f.startsWith("Redeploy the stack")), "the redeploy was done");
        checkContract(before);
    }

    @Test
    void domainSettingsAreFindingsAndFollowUpsNeverChangedBehindTheOperatorsBack() {
        DeployedStack stack = correctStack("tls");
        Domain domain = api.domains(stack.composeId()).get(0);
        api.updateDomain(
                domain.domainId(), new DomainSpec(domain.host(), 8000, true, "none", "kong", stack.composeId(), "/"));
        ValidateConfigOperation.Result selfSigned = run(audit(stack.composeId()), false);
        assertEquals(List.of("error urls.domain-without-certificate"), labels(selfSigned.findings()));
        assertFalse(selfSigned.probe().ran(), "no trusted certificate: nothing to probe");

        // Dokploy's default: HTTPS off while the template's URLs say https
        api.updateDomain(domain.domainId(), DomainSpec.kong(stack.composeId(), domain.host(), false));
        ValidateConfigOperation.Result http = run(audit(stack.composeId()), false);
        assertEquals(
                List.of("error urls.domain-without-https API_EXTERNAL_URL,SUPABASE_PUBLIC_URL"),
                labels(http.findings()));
        assertEquals(domain.host(), http.publicUrl(), "host only: the env's https is the intent, not an error");

        int before = sim.requests().size();
        ValidateConfigOperation.Result fix = run(input(stack.composeId(), true, null, null), true);
        assertFalse(fix.fix().written() || fix.fix().redeployed());
        assertTrue(
                fix.fix().followUps().get(0).startsWith("urls.domain-without-https: In Dokploy"),
                fix.fix().followUps()::toString);
        assertEquals(List.of(), posts(before), "the domain is the operator's to change");
        assertFalse(api.domains(stack.composeId()).get(0).https());
    }

    @Test
    void sickContainersAreFindings() {
        // realtime: nothing waits for it to be healthy, so the deploy itself succeeds (see DokploySimulatorTest for
        // analytics)
        sim.unhealthyService("realtime", Sickness.UNHEALTHY);
        DeployedStack unhealthy = correctStack("sick");
        ValidateConfigOperation.Result r = run(audit(unhealthy.composeId()), false);
        assertEquals(List.of("error stack.service-unhealthy"), labels(r.findings()));
        assertTrue(
                r.findings().get(0).message().startsWith("realtime runs but its health check fails"),
                r.findings().get(0)::message);
        assertTrue(r.probe().passed(), "the API itself answers");

        sim.unhealthyService("auth", Sickness.RESTARTING);
        DeployedStack restarting = correctStack("loop");
        ValidateConfigOperation.Result loop = run(audit(restarting.composeId()), false);
        assertEquals(List.of("error stack.service-restarting"), labels(loop.findings()));
        assertFalse(loop.probe().ran(), loop.probe()::toString);
    }

    @Test
    void aFailedLastDeployIsAFinding() {
        DeployedStack stack = correctStack("failing");
        sim.deployFails(true);
        stack.redeploy(sim);
        ValidateConfigOperation.Result r = run(audit(stack.composeId()), false);
        assertEquals(List.of("error stack.deploy-failed"), labels(r.findings()));
        assertTrue(
                r.findings().get(0).evidence().contains("didn't complete successfully"),
                r.findings().get(0)::evidence);
    }

    @Test
    void keysSavedWithoutRedeployAreNotInForceUntilFixRedeploys() {
        DeployedStack stack = correctStack("saved");
        String secret = "NewSecretNewSecretNewSecretNewSecret0123";
        long now = Instant.now().getEpochSecond();
        String anon = Hs256.sign(
                Map.of("role", "anon", "iss", "supabase", "iat", now, "exp", now + 86_400L * 365 * 5), secret);
        String service = Hs256.sign(
                Map.of("role", "service_role", "iss", "supabase", "iat", now, "exp", now + 86_400L * 365 * 5), secret);
        api.saveEnvironment(
                stack.composeId(),
                DotEnv.parse(api.compose(stack.composeId()).env())
                        .set("JWT_SECRET", secret)
                        .set("ANON_KEY", anon)
                        .set("SERVICE_ROLE_KEY", service)
                        .write());

        ValidateConfigOperation.Result r = run(audit(stack.composeId()), false);
        assertEquals(List.of("error keys.saved-not-deployed ANON_KEY,SERVICE_ROLE_KEY"), labels(r.findings()));
        assertTrue(
                r.findings().get(0).message().contains("Saved but not deployed: redeploy"),
                r.findings().get(0)::message);
        assertFalse(r.probe().passed());

        int before = sim.requests().size();
        ValidateConfigOperation.Result fixed = run(input(stack.composeId(), true, null, null), true);
        assertTrue(fixed.passed(), () -> labels(fixed.findings()).toString());
        assertFalse(fixed.fix().written(), "nothing to change in the env");
        assertTrue(fixed.fix().redeployed());
        assertEquals(List.of("/api/compose.redeploy"), posts(before));
        assertEquals(
                anon, DotEnv.parse(view(stack).deployedEnv()).get("ANON_KEY").orElseThrow());
        checkContract(before);
    }

    @Test
    void aConfigInstanceNamesTheComposeAndTheFixCommands() {
        sim.templateGeneration(Generation.BUGGY_V0_25_5);
        DeployedStack stack = correctStack("named");
        Config config = new Config(
                null,
                new DokployServerConfig(null, null),
                Map.of("production", new InstanceConfig("production", null, null, stack.composeId(), null, null)));
        ValidateConfigOperation.Result r = new ValidateConfigOperation()
                .run(
                        new ValidateConfigOperation.Input(
                                null, null, null, "production", null, null, null, null, null, null, false, null),
                        context(false, config));
        assertEquals(stack.composeId(), r.applicationId());
        assertEquals("not asked (--no-probe)", r.probe().skipped());
        assertEquals(
                "supa-dokploy validate config --instance production --fix",
                r.findings().get(0).fix().command());
    }

    @Test
    void offerFixIsAPatchAndWritesNothing() {
        sim.templateGeneration(Generation.BUGGY_V0_25_5);
        DeployedStack stack = correctStack("offer");
        String saved = view(stack).env();
        int before = sim.requests().size();

        ValidateConfigOperation.Result r = run(input(stack.composeId(), null, true, null), false);
        assertEquals(List.of(), posts(before), "offerFix sends no mutation");
        assertEquals(saved, view(stack).env());
        assertNull(r.fix());
        assertFalse(r.passed(), "the findings stay: nothing was applied");
        List<ValidateConfigOperation.PatchEntry> patch = r.offeredFix().patch();
        assertEquals(
                List.of("ANON_KEY", "SERVICE_ROLE_KEY"),
                patch.stream().map(ValidateConfigOperation.PatchEntry::variable).toList());
        assertEquals("set", patch.get(0).action());
        assertTrue(
                patch.get(0).reason().startsWith("re-signed with the existing JWT_SECRET: role anon"),
                patch.get(0)::reason);
        assertFalse(patch.get(0).redacted(), "ANON_KEY is public by design");
        assertTrue(patch.get(1).redacted());
        assertTrue(patch.get(1).value().matches("eyJ.…\\(redacted, \\d+ chars\\)"), patch.get(1)::value);
        assertTrue(
                r.offeredFix().followUps().stream().anyMatch(f -> f.startsWith("Redeploy the stack")),
                r.offeredFix()::toString);

        ValidateConfigOperation.Result revealed = run(input(stack.composeId(), null, true, true), false);
        String key = revealed.offeredFix().patch().get(1).value();
        String secret = DotEnv.parse(saved).get("JWT_SECRET").orElseThrow();
        assertTrue(Hs256.verify(key, secret), "signed with the existing JWT_SECRET");
        assertEquals("service_role", Hs256.claims(key).get("role"));
        assertEquals(List.of(), posts(before));
        checkContract(before);
    }

    @Test
    void fixWithoutConfirmationChangesNothing() {
        sim.templateGeneration(Generation.BUGGY_V0_25_5);
        DeployedStack stack = correctStack("unconfirmed");
        DokploySimulator.ComposeView was = view(stack);
        int before = sim.requests().size();
        SupaException e =
                assertThrows(SupaException.class, () -> run(input(stack.composeId(), true, null, null), false));
        assertEquals(ErrorCode.VALIDATION_CONFIRMATION_REQUIRED, e.code());
        assertTrue(e.getMessage().contains("ANON_KEY: re-signed"), e::getMessage);
        assertTrue(e.suggestion().contains("--offer-fix") && e.suggestion().contains("--yes"), e::suggestion);
        assertEquals(List.of(), posts(before));
        assertEquals(was, view(stack));
    }

    @Test
    void sourcesAreCheckedFirst() {
        SupaException both = assertThrows(
                SupaException.class,
                () -> run(
                        new ValidateConfigOperation.Input(
                                "/tmp/.env",
                                DokployInput.fromEnvironment(),
                                "abc",
                                null,
                                null,
                                null,
                                null,
                                null,
                                null,
                                null,
                                null,
                                null),
                        false));
        assertEquals(ErrorCode.VALIDATION_INVALID_INPUT, both.code());
        assertTrue(both.getMessage().contains("not both"), both::getMessage);

        SupaException none = assertThrows(SupaException.class, () -> run(audit(null), false));
        assertEquals(ErrorCode.VALIDATION_MISSING_INPUT, none.code());

        SupaException url = assertThrows(
                SupaException.class,
                () -> run(
                        new ValidateConfigOperation.Input(
                                null,
                                DokployInput.fromEnvironment(),
                                "abc",
                                null,
                                "https://x.example.com",
                                null,
                                null,
                                null,
                                null,
                                null,
                                null,
                                null),
                        false));
        assertEquals(ErrorCode.VALIDATION_INVALID_INPUT, url.code());

        SupaException probeOnFile = assertThrows(
                SupaException.class,
                () -> run(
                        new ValidateConfigOperation.Input(
                                "/tmp/.env", null, null, null, null, null, null, null, null, null, false, null),
                        false));
        assertEquals(ErrorCode.VALIDATION_INVALID_INPUT, probeOnFile.code());

        SupaException fixAndOffer = assertThrows(SupaException.class, () -> run(input("abc", true, true, null), false));
        assertEquals(ErrorCode.VALIDATION_INVALID_INPUT, fixAndOffer.code());
        assertEquals(0, sim.requests().size(), "refused before any request");

        SupaException unknown = assertThrows(SupaException.class, () -> run(audit("no-such-compose"), false));
        assertEquals(ErrorCode.DOKPLOY_NOT_FOUND, unknown.code());
    }
}
