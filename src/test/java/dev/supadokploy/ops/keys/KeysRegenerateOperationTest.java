package dev.supadokploy.ops.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.supadokploy.config.Secret;
import dev.supadokploy.dokploy.DokployApi;
import dev.supadokploy.dokploy.Domain;
import dev.supadokploy.errors.ErrorCode;
import dev.supadokploy.errors.SupaException;
import dev.supadokploy.ops.OperationContext;
import dev.supadokploy.ops.Policy;
import dev.supadokploy.ops.connection.DokployInput;
import dev.supadokploy.ops.keys.KeysRegenerateOperation.Input;
import dev.supadokploy.ops.keys.KeysRegenerateOperation.Result;
import dev.supadokploy.supabase.SupabaseProbe;
import dev.supadokploy.supabase.rules.EnvFixer;
import dev.supadokploy.supabase.rules.Finding;
import dev.supadokploy.testing.Hs256;
import dev.supadokploy.testing.NeedsSimulator;
import dev.supadokploy.testing.dokploy.DeployedStack;
import dev.supadokploy.testing.dokploy.DokploySimulator;
import dev.supadokploy.testing.dokploy.DokploySimulator.Sickness;
import dev.supadokploy.testing.dokploy.DokployTemplate.Generation;
import dev.supadokploy.testing.dokploy.OpenApiContract;
import dev.supadokploy.testing.dokploy.Simulated;
import dev.supadokploy.testing.dokploy.SimulatorEnv;
import dev.supadokploy.util.DotEnv;
import dev.supadokploy.util.HttpRouting;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** keys regenerate against the Dokploy simulator and its Supabase edge: the keys really change in the running stack. */
@NeedsSimulator
class KeysRegenerateOperationTest {
    @Simulated(deployMillis = 30)
    DokploySimulator sim;

    DokployApi api;

    @TempDir
    Path home;

    @BeforeEach
    void start() {
        assumeTrue(DokploySimulator.class.getResource("/fixtures/env/dokploy-current.env") != null);
        api = DeployedStack.api(sim);
    }

    private OperationContext context(boolean yes) {
        return context(yes, sim.apiKey(), true);
    }

    private OperationContext context(boolean yes, String apiKey, boolean allowWrites) {
        return SimulatorEnv.context(sim, home)
                .env("DOKPLOY_API_KEY", apiKey)
                .policy(new Policy(allowWrites, yes, false, true, true))
                .build();
    }

    private static Input input(String composeId) {
        return new Input(DokployInput.fromEnvironment(), composeId, null, null, null, null, "20s", null);
    }

    private Map<String, String> saved(String composeId) {
        return DotEnv.parse(api.compose(composeId).env()).toMap();
    }

    private DokploySimulator.ComposeView view(String composeId) {
        return sim.composes().stream()
                .filter(c -> c.composeId().equals(composeId))
                .findFirst()
                .orElseThrow();
    }

    private SupabaseProbe.Report probe(String composeId, Map<String, String> env) {
        String host = api.domains(composeId).get(0).host();
        return new SupabaseProbe(HttpRouting.fromEnv(sim.edge().clientEnv()), Clock.systemUTC())
                .probe(
                        "http://" + host,
                        Secret.of(env.get("ANON_KEY")),
                        Secret.of(env.get("SERVICE_ROLE_KEY")),
                        Duration.ofSeconds(5),
                        () -> false);
    }

    private long posts(int from) {
        return sim.requests().subList(from, sim.requests().size()).stream()
                .filter(c -> c.method().equals("POST"))
                .count();
    }

    /** JWT_SECRET moved into the project's env, the compose referring to it; returns the secret. */
    private String referenceProjectSecret(DeployedStack stack) {
        String env = api.compose(stack.composeId()).env();
        String secret = DotEnv.parse(env).get("JWT_SECRET").orElseThrow();
        String projectId =
                api.environment(api.compose(stack.composeId()).environmentId()).projectId();
        api.client()
                .mutate(
                        "project.update",
                        Map.of("projectId", projectId, "env", "JWT_SECRET=" + secret + "\n"),
                        com.fasterxml.jackson.databind.JsonNode.class);
        api.saveEnvironment(
                stack.composeId(), env.replaceFirst("(?m)^JWT_SECRET=.*$", "JWT_SECRET=\\$\\{\\{project.JWT_SECRET}}"));
        stack.redeploy(sim);
        return secret;
    }

    @Test
    void aReferencedSecretSignsTheKeysAsDokployResolvesItAndStays() {
        sim.templateGeneration(Generation.BUGGY_V0_25_5);
        DeployedStack stack = DeployedStack.deploy(sim, "shared");
        String secret = referenceProjectSecret(stack);
        Result r = new KeysRegenerateOperation().run(input(stack.composeId()), context(true));
        Map<String, String> now = saved(stack.composeId());
        assertEquals("${{project.JWT_SECRET}}", now.get("JWT_SECRET"), "the reference is kept");
        assertTrue(
                Hs256.verify(now.get("ANON_KEY"), secret), "signed with the project's secret, not the reference text");
        assertTrue(probe(stack.composeId(), now).passed(), "the running stack accepts them");
        assertTrue(r.jwtSecretKept());
    }

    @Test
    void aDollarInTheSecretSignsFromV030AndIsRefusedBefore() {
        DeployedStack stack = DeployedStack.deploy(sim, "dollar");
        String secret = "9kVTQcoKB6MOLaGBluFE3XSVWoy7NN4n$7iEmLdrso62rSRMM";
        api.saveEnvironment(
                stack.composeId(),
                DotEnv.parse(api.compose(stack.composeId()).env())
                        .set("JWT_SECRET", secret)
                        .write());
        stack.redeploy(sim);
        assertEquals(
                secret, sim.containerEnv(stack.composeId()).get("JWT_SECRET"), "v0.30 writes '$' escaped: literal");
        new KeysRegenerateOperation().run(input(stack.composeId()), context(true));
        Map<String, String> now = saved(stack.composeId());
        assertTrue(Hs256.verify(now.get("ANON_KEY"), secret));
        assertTrue(probe(stack.composeId(), now).passed(), "the running stack accepts keys signed with it");

        sim.version("v0.29.4"); // Dokploy wrote the .env unquoted: Compose would expand '$'
        SupaException old = assertThrows(
                SupaException.class,
                () -> new KeysRegenerateOperation()
                        .run(
                                input(stack.composeId()),
                                SimulatorEnv.context(sim, home)
                                        .env("DOKPLOY_API_KEY", sim.apiKey())
                                        .policy(new Policy(true, true, false, true, true))
                                        .build()));
        assertTrue(old.getMessage().contains("contains '$'"), old.getMessage());
    }

    @Test
    void regenerateRefusesToWriteOverReferences() {
        DeployedStack stack = DeployedStack.deploy(sim, "refs");
        referenceProjectSecret(stack);
        int from = sim.requests().size();
        SupaException rotate = assertThrows(
                SupaException.class,
                () -> new KeysRegenerateOperation()
                        .run(
                                new Input(
                                        DokployInput.fromEnvironment(),
                                        stack.composeId(),
                                        null,
                                        true,
                                        null,
                                        null,
                                        "20s",
                                        null),
                                context(true)));
        assertTrue(rotate.getMessage().contains("JWT_SECRET is a ${{…}} reference"), rotate.getMessage());
        assertTrue(rotate.getMessage().contains("the project's env in Dokploy"), rotate.getMessage());

        String env = api.compose(stack.composeId()).env();
        api.saveEnvironment(
                stack.composeId(), env.replaceFirst("(?m)^ANON_KEY=.*$", "ANON_KEY=\\$\\{\\{environment.ANON}}"));
        SupaException key = assertThrows(
                SupaException.class, () -> new KeysRegenerateOperation().run(input(stack.composeId()), context(true)));
        assertTrue(key.getMessage().contains("ANON_KEY is a ${{…}} reference"), key.getMessage());
        assertEquals(1, posts(from), "nothing but the test's own save was sent");

        api.saveEnvironment(
                stack.composeId(), env.replaceFirst("(?m)^JWT_SECRET=.*$", "JWT_SECRET=\\$\\{\\{vault.aws.jwt}}"));
        SupaException vault = assertThrows(
                SupaException.class, () -> new KeysRegenerateOperation().run(input(stack.composeId()), context(true)));
        assertTrue(
                vault.getMessage().contains("cannot be signed with a secret this tool cannot see"), vault.getMessage());
    }

    @Test
    void roleLessIdenticalKeysAreReplacedRedeployedAndProven() throws Exception {
        sim.templateGeneration(Generation.BUGGY_V0_25_5);
        DeployedStack stack = DeployedStack.deploy(sim, "buggy");
        String id = stack.composeId();
        String oldText = api.compose(id).env();
        Map<String, String> old = saved(id);
        assertEquals(old.get("ANON_KEY"), old.get("SERVICE_ROLE_KEY"), "the v0.25.5 bug: one role-less key for both");
        assertFalse(probe(id, old).passed(), "the stack as deployed fails the probe");
        int deploymentsBefore = view(id).deployments();
        int from = sim.requests().size();

        Result r = new KeysRegenerateOperation().run(input(id), context(true));

        List<String> rules = r.before().stream().map(Finding::ruleId).toList();
        assertTrue(rules.contains("keys.anon-equals-service"), rules::toString);
        assertTrue(rules.contains("keys.missing-role"), rules::toString);
        Map<String, String> now = saved(id);
        String secret = now.get("JWT_SECRET");
        assertEquals(old.get("JWT_SECRET"), secret, "JWT_SECRET kept");
        assertTrue(r.jwtSecretKept());
        assertEquals(List.of("ANON_KEY", "SERVICE_ROLE_KEY"), r.envChanged());
        assertEquals("absent", r.asymmetricKeys());
        for (String key : List.of("ANON_KEY", "SERVICE_ROLE_KEY")) {
            assertTrue(Hs256.verify(now.get(key), secret), key + " verifies against the kept JWT_SECRET");
            assertNotEquals(old.get(key), now.get(key));
            assertEquals("supabase", Hs256.claims(now.get(key)).get("iss"));
        }
        assertEquals("anon", Hs256.claims(now.get("ANON_KEY")).get("role"));
        assertEquals("service_role", Hs256.claims(now.get("SERVICE_ROLE_KEY")).get("role"));
        assertNotEquals(now.get("ANON_KEY"), now.get("SERVICE_ROLE_KEY"));

        // only the two key lines changed: comments, order and every other line are as they were
        List<String> before = oldText.lines().toList();
        List<String> after = api.compose(id).env().lines().toList();
        assertEquals(before.size(), after.size());
        for (int i = 0; i < before.size(); i++) {
            if (!before.get(i).startsWith("ANON_KEY=") && !before.get(i).startsWith("SERVICE_ROLE_KEY=")) {
                assertEquals(before.get(i), after.get(i), "line " + (i + 1));
            }
        }

        // the running stack has the new keys: a redeploy happened and the edge accepts them
        DokploySimulator.ComposeView view = view(id);
        assertEquals(deploymentsBefore + 1, view.deployments());
        assertTrue(sim.containerEnv(id).entrySet().containsAll(now.entrySet()), "the containers got the saved env");
        assertTrue(sim.requests().subList(from, sim.requests().size()).stream()
                .anyMatch(c -> c.method().equals("POST") && c.path().equals("/api/compose.redeploy")));
        assertTrue(probe(id, now).passed());
        assertEquals(r.deploymentId(), api.deployments(id).get(0).deploymentId());
        assertEquals("healthy", r.health());
        assertEquals(5, r.probe().size());
        assertTrue(r.probe().stream().allMatch(KeysRegenerateOperation.ProbeCheck::passed), r.probe()::toString);
        assertEquals(
                "http://" + api.domains(id).get(0).host() + "/",
                r.publicUrl(),
                "the env says https, but the kong domain serves http only: Traefik's routing wins");
        assertEquals(
                List.of("read", "plan", "confirm", "backup", "save", "redeploy", "probe"),
                r.steps().stream().map(KeysRegenerateOperation.Step::name).toList());

        // claims, not secrets, in the result; the old env is kept in a 0600 file
        assertEquals(
                List.of("anon", "service_role"),
                r.after().stream().map(KeysRegenerateOperation.NewKey::role).toList());
        assertEquals(now.get("ANON_KEY"), r.values().get("ANON_KEY"), "the anon key is public");
        assertTrue(r.values().get("SERVICE_ROLE_KEY").contains("redacted"), r.values()::toString);
        assertEquals(List.of("SERVICE_ROLE_KEY"), r.redacted());
        Path backup = Path.of(r.backup());
        assertTrue(backup.startsWith(home.resolve("state/supa-dokploy/env-backups")), backup::toString);
        assertEquals(oldText, Files.readString(backup));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(backup)));
        assertTrue(r.followUps().get(0).contains("Give the new ANON_KEY"), r.followUps()::toString);

        checkContract(sim.requests().subList(from, sim.requests().size()));
    }

    /** Every request the operation sent is one Dokploy documents (skipped when the OpenAPI document is absent). */
    private static void checkContract(List<DokploySimulator.Call> calls) {
        OpenApiContract.assertDocumented(calls);
        assertTrue(calls.stream().anyMatch(c -> c.path().equals("/api/compose.saveEnvironment")));
    }

    @Test
    void aDryRunShowsThePlanAndChangesNothing() {
        sim.templateGeneration(Generation.BUGGY_V0_25_5);
        DeployedStack stack = DeployedStack.deploy(sim, "dry");
        String env = api.compose(stack.composeId()).env();
        int deployments = view(stack.composeId()).deployments();
        int from = sim.requests().size();
        Input dry = new Input(DokployInput.fromEnvironment(), stack.composeId(), null, null, null, true, null, null);

        Result r = new KeysRegenerateOperation().run(dry, context(false));

        assertTrue(r.dryRun());
        assertEquals(List.of("ANON_KEY", "SERVICE_ROLE_KEY"), r.envChanged());
        assertEquals("service_role", r.after().get(1).role());
        assertNull(r.deploymentId());
        assertNull(r.backup());
        assertEquals(0, posts(from), "no POST reached Dokploy");
        assertEquals(env, api.compose(stack.composeId()).env());
        assertEquals(deployments, view(stack.composeId()).deployments());
        assertFalse(Files.exists(home.resolve("state/supa-dokploy")), "no backup for a dry run");
    }

    @Test
    void withoutYesAndNobodyToAskNothingChanges() {
        DeployedStack stack = DeployedStack.deploy(sim, "noyes");
        String env = api.compose(stack.composeId()).env();
        int from = sim.requests().size();
        SupaException e = assertThrows(
                SupaException.class, () -> new KeysRegenerateOperation().run(input(stack.composeId()), context(false)));
        assertEquals(ErrorCode.VALIDATION_CONFIRMATION_REQUIRED, e.code());
        assertTrue(e.getMessage().contains("ANON_KEY, SERVICE_ROLE_KEY"), e::getMessage);
        assertEquals(0, posts(from));
        assertEquals(env, api.compose(stack.composeId()).env());
    }

    @Test
    void aFailedDeployReportsTheEnvAsSavedAndWhereTheOldOneIs() {
        DeployedStack stack = DeployedStack.deploy(sim, "fails");
        String oldEnv = api.compose(stack.composeId()).env();
        sim.deployFails(true);
        SupaException e = assertThrows(
                SupaException.class, () -> new KeysRegenerateOperation().run(input(stack.composeId()), context(true)));
        assertEquals(ErrorCode.DOKPLOY_DEPLOY_FAILED, e.code());
        assertTrue(e.getMessage().contains("the new env is saved in Dokploy"), e::getMessage);
        assertEquals(true, e.details().get("envSaved"));
        assertEquals(false, e.details().get("deployed"));
        assertEquals("redeploy", e.details().get("failedStep"));
        String backup = (String) e.details().get("backup");
        assertTrue(e.suggestion().contains(backup), e::suggestion);
        assertNotEquals(oldEnv, api.compose(stack.composeId()).env(), "the env was saved before the deploy failed");
        assertFalse(
                e.getMessage().contains(saved(stack.composeId()).get("SERVICE_ROLE_KEY")), "no secret in the message");
    }

    @Test
    void anUnhealthyServiceAfterTheRedeployIsReported() {
        DeployedStack stack = DeployedStack.deploy(sim, "sick");
        sim.unhealthyService("auth", Sickness.RESTARTING);
        Input quick = new Input(DokployInput.fromEnvironment(), stack.composeId(), null, null, null, null, "2s", null);
        SupaException e =
                assertThrows(SupaException.class, () -> new KeysRegenerateOperation().run(quick, context(true)));
        assertEquals(ErrorCode.DOKPLOY_STACK_UNHEALTHY, e.code());
        assertTrue(e.getMessage().contains("auth"), e::getMessage);
        assertEquals(true, e.details().get("envSaved"));
        assertTrue(e.details().containsKey("lastLogLines"), "the rollout's details are kept");
    }

    @Test
    void aPublicUrlThatDoesNotServeTheStackFailsTheProbeAfterTheDeploy() {
        DeployedStack stack = DeployedStack.deploy(sim, "elsewhere");
        String env = api.compose(stack.composeId()).env();
        api.saveEnvironment(
                stack.composeId(),
                env.replaceFirst("(?m)^SUPABASE_PUBLIC_URL=.*$", "SUPABASE_PUBLIC_URL=http://elsewhere.example.com"));
        Input quick = new Input(DokployInput.fromEnvironment(), stack.composeId(), null, null, null, null, "2s", null);
        SupaException e =
                assertThrows(SupaException.class, () -> new KeysRegenerateOperation().run(quick, context(true)));
        assertEquals(ErrorCode.DOKPLOY_PROBE_FAILED, e.code());
        assertTrue(e.getMessage().contains("http://elsewhere.example.com/"), e::getMessage);
        assertTrue(e.getMessage().contains("State: the new env is saved and deployed."), e::getMessage);
        assertEquals(true, e.details().get("envSaved"));
        assertEquals(true, e.details().get("deployed"));
        assertTrue(e.suggestion().contains((String) e.details().get("backup")), e::suggestion);
        assertTrue(
                sim.containerEnv(stack.composeId())
                        .entrySet()
                        .containsAll(saved(stack.composeId()).entrySet()),
                "deployed");
    }

    @Test
    void aWrongDokployKeyStopsBeforeAnyChange() {
        DeployedStack stack = DeployedStack.deploy(sim, "key");
        int from = sim.requests().size();
        SupaException e = assertThrows(
                SupaException.class,
                () -> new KeysRegenerateOperation().run(input(stack.composeId()), context(true, "wrong-key", true)));
        assertEquals(ErrorCode.DOKPLOY_UNAUTHORIZED, e.code());
        assertEquals(0, posts(from));
        assertFalse(Files.exists(home.resolve("state/supa-dokploy")));
    }

    @Test
    void rotatingTheJwtSecretSignsWithTheNewOneAndListsTheDatabaseWork() {
        DeployedStack stack = DeployedStack.deploy(sim, "rotate");
        Map<String, String> old = saved(stack.composeId());
        Input rotate =
                new Input(DokployInput.fromEnvironment(), stack.composeId(), null, true, "365d", null, "20s", true);

        Result r = new KeysRegenerateOperation().run(rotate, context(true));

        Map<String, String> now = saved(stack.composeId());
        assertNotEquals(old.get("JWT_SECRET"), now.get("JWT_SECRET"));
        assertFalse(r.jwtSecretKept());
        assertEquals(List.of("JWT_SECRET", "ANON_KEY", "SERVICE_ROLE_KEY"), r.envChanged());
        assertTrue(Hs256.verify(now.get("SERVICE_ROLE_KEY"), now.get("JWT_SECRET")));
        assertFalse(Hs256.verify(now.get("SERVICE_ROLE_KEY"), old.get("JWT_SECRET")));
        assertTrue(r.followUps().contains(EnvFixer.JWT_SECRET_ROTATED), r.followUps()::toString);
        assertEquals(now.get("JWT_SECRET"), r.values().get("JWT_SECRET"), "revealed on request");
        assertEquals(List.of(), r.redacted());
        long lifetime = ((Number) Hs256.claims(now.get("ANON_KEY")).get("exp")).longValue()
                - ((Number) Hs256.claims(now.get("ANON_KEY")).get("iat")).longValue();
        assertEquals(365L * 86400, lifetime);
        assertTrue(probe(stack.composeId(), now).passed());
    }

    @Test
    void anUnusableJwtSecretNeedsRotateJwtSecret() {
        DeployedStack stack = DeployedStack.deploy(sim, "short");
        String env = api.compose(stack.composeId()).env();
        String shortSecret = env.replaceFirst("(?m)^JWT_SECRET=.*$", "JWT_SECRET=tooshort");
        api.saveEnvironment(stack.composeId(), shortSecret);
        int from = sim.requests().size();
        SupaException e = assertThrows(
                SupaException.class, () -> new KeysRegenerateOperation().run(input(stack.composeId()), context(true)));
        assertEquals(ErrorCode.VALIDATION_INVALID_INPUT, e.code());
        assertTrue(e.getMessage().contains("cannot sign new keys"), e::getMessage);
        assertTrue(e.suggestion().contains("--rotate-jwt-secret"), e::suggestion);
        assertFalse(e.getMessage().contains("tooshort"), "the secret is not shown");
        assertEquals(0, posts(from));
    }

    @Test
    void anAsymmetricSetOnTheTemplatesHalfWiredComposeIsRefused() {
        DeployedStack stack = DeployedStack.deploy(sim, "halfwired");
        String env = api.compose(stack.composeId())
                .env()
                .replaceFirst("(?m)^JWT_KEYS=.*$", "JWT_KEYS='[{\"kty\":\"oct\",\"k\":\"b2xk\"}]'");
        api.saveEnvironment(stack.composeId(), env);
        int from = sim.requests().size();
        Input input = new Input(DokployInput.fromEnvironment(), stack.composeId(), null, null, null, null, "20s", null);

        SupaException e =
                assertThrows(SupaException.class, () -> new KeysRegenerateOperation().run(input, context(true)));

        assertEquals(ErrorCode.VALIDATION_KEYS_UNWIRED, e.code());
        assertTrue(
                e.getMessage()
                        .contains("rest (PGRST_JWT_SECRET), realtime (API_JWT_SECRET), storage (AUTH_JWT_SECRET)"),
                e::getMessage);
        assertTrue(
                e.suggestion().contains("JWT_KEYS=[]") && e.suggestion().contains("PGRST_JWT_SECRET"), e::suggestion);
        assertEquals(0, posts(from), "nothing saved, nothing deployed");
        assertEquals(env, api.compose(stack.composeId()).env());
    }

    @Test
    void anAsymmetricSetIsRegeneratedWithTheKeptSecret() throws Exception {
        DeployedStack stack = DeployedStack.deploy(sim, "asym");
        dev.supadokploy.dokploy.Compose compose = api.compose(stack.composeId());
        api.updateCompose(new dev.supadokploy.dokploy.ComposeUpdate(
                stack.composeId(),
                null,
                null,
                dev.supadokploy.testing.dokploy.SupabaseTemplates.wireJwks(compose.composeFile())));
        String env = api.compose(stack.composeId()).env();
        api.saveEnvironment(
                stack.composeId(),
                env.replaceFirst("(?m)^JWT_KEYS=.*$", "JWT_KEYS='[{\"kty\":\"oct\",\"k\":\"b2xk\"}]'"));
        Map<String, String> old = saved(stack.composeId());
        Input input = new Input(DokployInput.fromEnvironment(), stack.composeId(), null, null, null, null, "20s", null);

        Result r = new KeysRegenerateOperation().run(input, context(true));

        assertEquals("regenerated", r.asymmetricKeys());
        assertTrue(r.envChanged().containsAll(KeysGenerateOperation.NEW_API_KEYS), r.envChanged()::toString);
        assertTrue(r.values().get("SUPABASE_SECRET_KEY").contains("redacted"));
        assertTrue(r.followUps().stream().anyMatch(f -> f.contains("sb_ keys")), r.followUps()::toString);
        Map<String, String> now = saved(stack.composeId());
        assertEquals(old.get("JWT_SECRET"), now.get("JWT_SECRET"));
        // one consistent set: the ES256 keys verify against the new JWKS, which carries the kept secret as its oct key
        List<dev.supadokploy.supabase.keys.Es256.PublicJwk> jwks =
                dev.supadokploy.supabase.keys.Es256.publicKeys(now.get("JWT_JWKS"));
        dev.supadokploy.supabase.keys.SupabaseJwt.Decoded asym =
                dev.supadokploy.supabase.keys.SupabaseJwt.decode(now.get("SERVICE_ROLE_KEY_ASYMMETRIC"));
        assertEquals("service_role", asym.role().orElseThrow());
        assertTrue(dev.supadokploy.supabase.keys.Es256.verify(asym, jwks.get(0).key()));
        String oct = java.util.Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(now.get("JWT_SECRET").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertTrue(now.get("JWT_JWKS").contains(oct), "JWT_JWKS still verifies the HS256 keys");
        assertTrue(now.get("SUPABASE_SECRET_KEY").startsWith("sb_secret_"));
    }

    @Test
    void publishedExampleKeysAreReportedAndNeedANewSecret() {
        DeployedStack stack = DeployedStack.deploy(sim, "demo");
        String env = api.compose(stack.composeId())
                .env()
                .replaceFirst(
                        "(?m)^JWT_SECRET=.*$",
                        "JWT_SECRET=" + dev.supadokploy.supabase.keys.PublishedExamples.DOCKER_JWT_SECRET)
                .replaceFirst(
                        "(?m)^ANON_KEY=.*$",
                        "ANON_KEY=" + dev.supadokploy.supabase.keys.PublishedExamples.DOCKER_ANON_KEY)
                .replaceFirst(
                        "(?m)^SERVICE_ROLE_KEY=.*$",
                        "SERVICE_ROLE_KEY=" + dev.supadokploy.supabase.keys.PublishedExamples.DOCKER_SERVICE_ROLE_KEY);
        api.saveEnvironment(stack.composeId(), env);
        SupaException e = assertThrows(
                SupaException.class, () -> new KeysRegenerateOperation().run(input(stack.composeId()), context(true)));
        assertTrue(e.getMessage().contains("docker/.env.example"), e::getMessage);
        assertTrue(e.suggestion().contains("--rotate-jwt-secret"), e::suggestion);

        Input rotate = new Input(DokployInput.fromEnvironment(), stack.composeId(), null, true, null, true, null, null);
        Result r = new KeysRegenerateOperation().run(rotate, context(false));
        List<String> labels = r.before().stream().map(Finding::label).toList();
        assertTrue(labels.contains("secrets.published-example ANON_KEY"), labels::toString);
        assertTrue(labels.contains("secrets.published-example JWT_SECRET"), labels::toString);
        assertEquals(List.of("JWT_SECRET", "ANON_KEY", "SERVICE_ROLE_KEY"), r.envChanged());
    }

    @Test
    void thePublicUrlFollowsTheDomainThatServesTheEnvsHost() {
        DotEnv env = DotEnv.parse("SUPABASE_PUBLIC_URL=https://api.example.com\n");
        Domain http = new Domain("d1", "api.example.com", 8000, false, "none", "kong", "c", "compose", "/");
        Domain other = new Domain("d2", "other.example.com", 8000, true, "letsencrypt", "kong", "c", "compose", "/");
        assertEquals("http://api.example.com", KeysRegenerateOperation.publicUrl(env, List.of(other, http)));
        assertEquals(
                "https://api.example.com",
                KeysRegenerateOperation.publicUrl(env, List.of(other)),
                "a host no domain serves (another proxy): the env's URL as written");
        assertEquals(
                "https://other.example.com", KeysRegenerateOperation.publicUrl(DotEnv.parse(""), List.of(http, other)));
        SupaException e =
                assertThrows(SupaException.class, () -> KeysRegenerateOperation.publicUrl(DotEnv.parse(""), List.of()));
        assertEquals(ErrorCode.DOKPLOY_PROBE_FAILED, e.code());
    }
}
