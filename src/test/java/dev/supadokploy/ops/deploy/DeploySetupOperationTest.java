package dev.supadokploy.ops.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.supadokploy.dokploy.Domain;
import dev.supadokploy.errors.ErrorCode;
import dev.supadokploy.errors.SupaException;
import dev.supadokploy.ops.OperationContext;
import dev.supadokploy.ops.Policy;
import dev.supadokploy.ops.connection.DokployInput;
import dev.supadokploy.ops.deploy.DeploySetupOperation.Result;
import dev.supadokploy.ops.deploy.DeploySetupOperation.Step;
import dev.supadokploy.testing.Hs256;
import dev.supadokploy.testing.NeedsSimulator;
import dev.supadokploy.testing.dokploy.DeployedStack;
import dev.supadokploy.testing.dokploy.DokploySimulator;
import dev.supadokploy.testing.dokploy.DokploySimulator.ComposeView;
import dev.supadokploy.testing.dokploy.DokploySimulator.Sickness;
import dev.supadokploy.testing.dokploy.DokployTemplate.Generation;
import dev.supadokploy.testing.dokploy.OpenApiContract;
import dev.supadokploy.testing.dokploy.Simulated;
import dev.supadokploy.testing.dokploy.SimulatorEnv;
import dev.supadokploy.util.DotEnv;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code deploy setup} against the Dokploy simulator over real HTTP, probing the simulator's Supabase edge. */
@NeedsSimulator
class DeploySetupOperationTest {
    static final String DOMAIN = "supabase.acme.test";

    @TempDir
    Path home;

    @Simulated(deployMillis = 40)
    DokploySimulator sim;

    final List<String> progress = new ArrayList<>();

    private OperationContext context(boolean allowWrites) {
        return SimulatorEnv.context(sim, home)
                .env("SMTP_SECRET", "smtp-pass-123")
                .policy(new Policy(allowWrites, false, false, true, true))
                .progress((step, done, total) -> progress.add(step + " " + done + "/" + total))
                .build();
    }

    static DeploySetupOperation.Input input(String project, Boolean dryRun) {
        return new DeploySetupOperation.Input(
                DokployInput.fromEnvironment(),
                project,
                null,
                "https://" + DOMAIN + "/",
                null,
                new DeploySetupOperation.Smtp(
                        "smtp.acme.test", 587, "mailer", "env:SMTP_SECRET", "noreply@acme.test", "Acme"),
                dryRun,
                "30s",
                null,
                null);
    }

    private Result setup(DeploySetupOperation.Input input) {
        return new DeploySetupOperation().run(input, context(true));
    }

    private static Step step(Result r, String name) {
        return r.steps().stream()
                .filter(s -> s.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no step " + name + " in " + r.steps()));
    }

    private Domain kongDomain(String composeId) {
        List<Domain> kong = DeployedStack.api(sim).domains(composeId).stream()
                .filter(d -> "kong".equals(d.serviceName()))
                .toList();
        assertEquals(1, kong.size(), kong::toString);
        return kong.get(0);
    }

    @Test
    void aFirstRunDeploysAStackWithCorrectKeysAndWritesTheCredentials() throws Exception {
        long t0 = System.nanoTime();
        Result r = setup(input("Acme", null));
        double seconds = (System.nanoTime() - t0) / 1e9;
        List<DokploySimulator.Call> seen = sim.requests();
        System.out.printf(
                "deploy setup, simulated end to end: %.2f s, %d Dokploy API calls%n", seconds, r.dokployApiCalls());

        assertEquals(1, sim.projectCount());
        assertEquals(1, sim.composes().size());
        ComposeView compose = sim.composes().get(0);
        assertEquals(compose.composeId(), r.applicationId());
        assertEquals(1, compose.deployments());
        Map<String, String> env = DotEnv.parse(compose.deployedEnv()).toMap();
        String secret = env.get("JWT_SECRET");
        assertEquals(48, secret.length(), "our JWT_SECRET, not the template's 32 characters");
        assertTrue(Hs256.verify(env.get("ANON_KEY"), secret));
        assertTrue(Hs256.verify(env.get("SERVICE_ROLE_KEY"), secret));
        assertEquals("anon", Hs256.claims(env.get("ANON_KEY")).get("role"));
        assertEquals("service_role", Hs256.claims(env.get("SERVICE_ROLE_KEY")).get("role"));
        assertEquals("https://" + DOMAIN, env.get("SUPABASE_PUBLIC_URL"));
        assertEquals("https://" + DOMAIN, env.get("API_EXTERNAL_URL"));
        assertEquals("https://" + DOMAIN, env.get("SITE_URL"));
        // the template's '/*' entry, moved to the domain, covers every page (GoTrue's '*' stops at a '/')
        assertEquals("https://" + DOMAIN + "/**,http://localhost:3000/*", env.get("ADDITIONAL_REDIRECT_URLS"));
        assertEquals(DOMAIN, env.get("SUPABASE_HOST"));
        assertEquals("smtp.acme.test", env.get("SMTP_HOST"));
        assertEquals("587", env.get("SMTP_PORT"));
        assertEquals("smtp-pass-123", env.get("SMTP_PASS"));
        assertEquals("noreply@acme.test", env.get("SMTP_ADMIN_EMAIL"));
        assertTrue(compose.env().startsWith("############"), "the template's comments and order are kept");

        Domain kong = kongDomain(r.applicationId());
        assertEquals(DOMAIN, kong.host());
        assertTrue(kong.https());
        assertEquals("letsencrypt", kong.certificateType());
        assertEquals(8000, kong.port());

        assertEquals("healthy", r.health().overall());
        assertEquals("deploy", r.health().deploy());
        assertEquals(5, r.probe().size());
        assertTrue(r.probe().stream().allMatch(DeploySetupOperation.ProbeCheck::passed), r.probe()::toString);
        assertEquals("https://" + DOMAIN, r.supabaseUrl());

        Path file = Path.of(r.credentialsFile());
        assertEquals(home.resolve("config/supa-dokploy/credentials/acme-production.env"), file);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        Map<String, String> creds = DotEnv.parse(Files.readString(file)).toMap();
        assertEquals("https://" + DOMAIN, creds.get("SUPABASE_URL"));
        assertEquals(env.get("ANON_KEY"), creds.get("SUPABASE_ANON_KEY"));
        assertEquals(env.get("SERVICE_ROLE_KEY"), creds.get("SUPABASE_SERVICE_ROLE_KEY"));
        assertEquals(secret, creds.get("JWT_SECRET"));
        assertEquals(env.get("POSTGRES_PASSWORD"), creds.get("POSTGRES_PASSWORD"));
        assertEquals(env.get("DASHBOARD_PASSWORD"), creds.get("DASHBOARD_PASSWORD"));
        assertEquals("supabase", creds.get("DASHBOARD_USERNAME"));

        assertEquals(env.get("ANON_KEY"), r.credentials().anonKey(), "the anon key is public");
        assertEquals(secret, r.credentials().jwtSecret(), "the policy reveals secrets by default at the CLI");
        assertEquals(
                List.of(
                        "check server",
                        "project",
                        "environment",
                        "compose",
                        "env",
                        "domain",
                        "credentials",
                        "deploy",
                        "probe"),
                r.steps().stream().map(Step::name).toList());
        assertEquals("created", step(r, "project").outcome());
        assertEquals("found", step(r, "environment").outcome(), "a new project comes with production");
        assertEquals("created", step(r, "compose").outcome());
        assertEquals(
                seen.size(),
                r.dokployApiCalls(),
                () -> "the client counts every request the server saw: "
                        + seen.stream().map(c -> c.method() + " " + c.path()).toList());
        assertTrue(progress.contains("probe 8/9") && progress.contains("probe 9/9"), progress::toString);
        assertTrue(r.warnings().stream().noneMatch(w -> w.contains("SMTP")), r.warnings()::toString);
        assertContract(List.of());
    }

    @Test
    void aSecondRunFindsEverythingKeepsTheSecretsAndDoesNotRedeploy() {
        Result first = setup(input("Acme", null));
        String envAfterFirst = sim.composes().get(0).env();
        Result second = setup(input("  Acme  ", null));

        assertEquals(1, sim.projectCount());
        assertEquals(1, sim.composes().size());
        kongDomain(first.applicationId());
        assertEquals(first.applicationId(), second.applicationId());
        assertEquals(1, sim.composes().get(0).deployments(), "nothing changed: no redeploy");
        assertEquals(envAfterFirst, sim.composes().get(0).env());
        Map<String, String> creds =
                DotEnv.parse(read(Path.of(second.credentialsFile()))).toMap();
        assertEquals(first.credentials().jwtSecret(), creds.get("JWT_SECRET"));
        assertEquals(first.credentials().postgresPassword(), creds.get("POSTGRES_PASSWORD"));
        assertEquals("found", step(second, "project").outcome());
        assertEquals("found", step(second, "compose").outcome());
        assertEquals("unchanged", step(second, "env").outcome());
        assertEquals("unchanged", step(second, "domain").outcome());
        assertEquals("unchanged", step(second, "credentials").outcome());
        assertEquals("skipped", step(second, "deploy").outcome());
        assertEquals("skipped", second.health().deploy());
        assertTrue(second.probe().stream().allMatch(DeploySetupOperation.ProbeCheck::passed));
        assertTrue(
                sim.requests().stream()
                        .skip(first.dokployApiCalls())
                        .noneMatch(c -> c.method().equals("POST")),
                "a run with nothing to do changes nothing");

        // A change of domain on the deployed stack: new URLs, same secrets, one redeploy.
        DeploySetupOperation.Input moved = new DeploySetupOperation.Input(
                DokployInput.fromEnvironment(), "Acme", null, "api.acme.test", null, null, null, "30s", null, null);
        Result third = setup(moved);
        ComposeView compose = sim.composes().get(0);
        assertEquals(2, compose.deployments());
        Map<String, String> env = DotEnv.parse(compose.deployedEnv()).toMap();
        assertEquals(first.credentials().jwtSecret(), env.get("JWT_SECRET"));
        assertEquals(first.credentials().postgresPassword(), env.get("POSTGRES_PASSWORD"));
        assertEquals("https://api.acme.test", env.get("API_EXTERNAL_URL"));
        assertEquals("api.acme.test", kongDomain(first.applicationId()).host());
        assertEquals("redeploy", third.health().deploy());
        assertTrue(step(third, "credentials").detail().contains(".bak"), "the previous credentials are kept beside");
    }

    @Test
    void aDryRunOnlyReadsAndPrintsThePlan() {
        Result plan = setup(input("Acme", true));
        assertTrue(plan.dryRun());
        assertTrue(sim.requests().stream().allMatch(c -> c.method().equals("GET")), sim.requests()::toString);
        assertEquals(0, sim.projectCount());
        assertEquals("would create", step(plan, "project").outcome());
        assertEquals("would create", step(plan, "compose").outcome());
        assertEquals("would deploy", step(plan, "deploy").outcome());
        assertFalse(Files.exists(Path.of(plan.credentialsFile())));
        assertNull(plan.credentials());

        // on an existing, healthy stack the plan names the changes
        setup(input("Acme", null));
        int before = sim.requests().size();
        DeploySetupOperation.Input newDomain = new DeploySetupOperation.Input(
                DokployInput.fromEnvironment(), "Acme", null, "api.acme.test", false, null, true, null, null, null);
        Result replan = setup(newDomain);
        assertTrue(sim.requests().stream().skip(before).allMatch(c -> c.method().equals("GET")));
        assertEquals("would update", step(replan, "env").outcome());
        assertTrue(step(replan, "env").detail().contains("API_EXTERNAL_URL"), step(replan, "env")::detail);
        assertEquals("would update", step(replan, "domain").outcome());
        assertEquals("would deploy", step(replan, "deploy").outcome());
        assertTrue(step(replan, "deploy").detail().startsWith("redeploy"), step(replan, "deploy")::detail);
    }

    @Test
    void anOldDokployWithoutEnvironmentsGetsTheStackInTheProject() {
        sim.version("v0.24.3");
        DeploySetupOperation.Input staging = new DeploySetupOperation.Input(
                DokployInput.fromEnvironment(),
                "Acme",
                "staging",
                DOMAIN,
                null,
                null,
                null,
                "30s",
                null,
                null,
                null,
                null,
                null,
                false,
                null,
                null);
        Result r = setup(staging);
        assertNull(r.environmentId());
        assertEquals("skipped", step(r, "environment").outcome());
        assertTrue(
                r.warnings().stream().anyMatch(w -> w.contains("no environments") && w.contains("staging")),
                r.warnings()::toString);
        // no SMTP, by the operator's choice of sign-up without confirmation e-mails
        assertEquals(
                "true",
                DotEnv.parse(sim.composes().get(0).deployedEnv()).toMap().get("ENABLE_EMAIL_AUTOCONFIRM"));
        assertTrue(r.probe().stream().allMatch(DeploySetupOperation.ProbeCheck::passed));
        assertTrue(sim.requests().stream()
                .anyMatch(c -> c.path().equals("/api/compose.deployTemplate")
                        && c.body().contains("\"projectId\"")
                        && !c.body().contains("environmentId")));
        assertEquals(1, sim.composes().size());
        // the old server's projectId input is the one documented difference
        assertContract(List.of("compose.deployTemplate"));
    }

    @Test
    void aNewEnvironmentIsCreatedInAnExistingProject() {
        setup(input("Acme", null));
        DeploySetupOperation.Input staging = new DeploySetupOperation.Input(
                DokployInput.fromEnvironment(),
                "Acme",
                "staging",
                "staging.acme.test",
                null,
                null,
                null,
                "30s",
                null,
                null,
                null,
                null,
                null,
                false,
                null,
                null);
        Result r = setup(staging);
        assertEquals("created", step(r, "environment").outcome());
        assertEquals("created", step(r, "compose").outcome());
        assertEquals(1, sim.projectCount());
        assertEquals(2, sim.composes().size());
        assertTrue(r.credentialsFile().endsWith("acme-staging.env"));
        assertContract(List.of());
    }

    @Test
    void theBuggyTemplatesRoleLessKeysAreReplaced() {
        sim.templateGeneration(Generation.BUGGY_V0_25_5);
        Result r = setup(input("Acme", null));
        Map<String, String> env =
                DotEnv.parse(sim.composes().get(0).deployedEnv()).toMap();
        assertNotEquals(env.get("ANON_KEY"), env.get("SERVICE_ROLE_KEY"));
        assertEquals("service_role", Hs256.claims(env.get("SERVICE_ROLE_KEY")).get("role"));
        assertTrue(r.probe().stream().allMatch(DeploySetupOperation.ProbeCheck::passed), r.probe()::toString);
    }

    @Test
    void aServiceThatNeverTurnsHealthyFailsNamingItsLogAndTheCredentials() {
        sim.unhealthyService("auth", Sickness.RESTARTING);
        DeploySetupOperation.Input quick = new DeploySetupOperation.Input(
                DokployInput.fromEnvironment(),
                "Acme",
                null,
                DOMAIN,
                null,
                null,
                null,
                "2s",
                null,
                null,
                null,
                null,
                null,
                false,
                null,
                null);
        SupaException e = assertThrows(SupaException.class, () -> setup(quick));
        assertEquals(ErrorCode.DOKPLOY_STACK_UNHEALTHY, e.code());
        String composeId = sim.composes().get(0).composeId();
        assertTrue(e.getMessage().contains("auth") && e.getMessage().contains(composeId), e.getMessage());
        Path file = home.resolve("config/supa-dokploy/credentials/acme-production.env");
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertTrue(Files.exists(file), "the credentials were written before the deploy");
        assertEquals(file.toString(), e.details().get("credentialsFile"));
        assertEquals(composeId, e.details().get("applicationId"));
        @SuppressWarnings("unchecked")
        Map<String, List<String>> logs = (Map<String, List<String>>) e.details().get("lastLogLines");
        assertTrue(logs.get("auth").stream().anyMatch(l -> l.contains("invalid JWT")), logs::toString);
        assertFalse(
                e.getMessage().contains(DotEnv.parse(read(file)).toMap().get("JWT_SECRET")), "no secret in the error");

        // healed, a rerun finishes the job without a second compose
        sim.unhealthyService(null, null);
        Result r = setup(input("Acme", null));
        assertEquals(1, sim.composes().size());
        assertEquals("healthy", r.health().overall());
        assertEquals(
                DotEnv.parse(read(file)).toMap().get("JWT_SECRET"),
                r.credentials().jwtSecret());
    }

    @Test
    void aFailedDeployIsReportedWithWhatWasCreated() {
        sim.deployFails(true);
        SupaException e = assertThrows(SupaException.class, () -> setup(input("Acme", null)));
        assertEquals(ErrorCode.DOKPLOY_DEPLOY_FAILED, e.code());
        assertTrue(e.getMessage().contains(sim.composes().get(0).composeId()), e.getMessage());
        assertNotNull(e.details().get("credentialsFile"));
        assertTrue(e.suggestion().contains("again"), e.suggestion());
    }

    @Test
    void anUnreachablePublicUrlFailsTheProbeNamingTheComposeAndTheCredentials() {
        OperationContext routed = context(true);
        Map<String, String> env = new HashMap<>(routed.env());
        env.keySet().removeAll(sim.edge().clientEnv().keySet()); // the domain's DNS points nowhere we can reach
        OperationContext unrouted = new OperationContext(
                routed.config(),
                env,
                routed.secrets(),
                routed.policy(),
                routed.interaction(),
                routed.progress(),
                routed.cancellation(),
                routed.clock(),
                routed.warnings());
        SupaException e = assertThrows(
                SupaException.class,
                () -> new DeploySetupOperation(Duration.ofMillis(300)).run(input("Acme", null), unrouted));
        assertEquals(ErrorCode.DOKPLOY_PROBE_FAILED, e.code());
        String composeId = sim.composes().get(0).composeId();
        Path file = home.resolve("config/supa-dokploy/credentials/acme-production.env");
        assertTrue(e.getMessage().contains(composeId) && e.getMessage().contains(file.toString()), e.getMessage());
        assertEquals(composeId, e.details().get("applicationId"));
        assertTrue(e.details().get("failedChecks").toString().contains("auth health"), e.details()::toString);
        assertEquals(
                "done", DeployedStack.api(sim).compose(composeId).composeStatus(), "deployed; only the probe failed");
    }

    @Test
    void aWrongKeyIsUnauthorizedAndNothingIsCreated() {
        OperationContext ctx = context(true);
        sim.apiKey("another-key"); // the key the context holds is revoked
        SupaException e =
                assertThrows(SupaException.class, () -> new DeploySetupOperation().run(input("Acme", null), ctx));
        assertEquals(ErrorCode.DOKPLOY_UNAUTHORIZED, e.code());
        assertEquals(0, sim.projectCount());
        assertTrue(sim.requests().stream().noneMatch(c -> c.method().equals("POST")));
        assertFalse(Files.exists(home.resolve("config/supa-dokploy/credentials/acme-production.env")));
    }

    @Test
    void aBurstOfServerErrorsOnReadsIsRetriedAway() {
        sim.failNext(3, 503, 0);
        Result r = setup(input("Acme", null));
        assertEquals("healthy", r.health().overall());
        assertEquals(1, sim.projectCount());
        assertEquals(3, sim.requests().stream().filter(c -> c.status() == 503).count());
    }

    @Test
    void anAgentWithoutWritesIsRefusedBeforeAnythingHappens() {
        SupaException e = assertThrows(
                SupaException.class, () -> new DeploySetupOperation().run(input("Acme", null), context(false)));
        assertEquals(ErrorCode.VALIDATION_INVALID_INPUT, e.code());
        assertTrue(e.getMessage().contains("credentials file"), e.getMessage());
        assertTrue(sim.requests().isEmpty());
        // a dry run writes nothing, so it is allowed
        assertTrue(new DeploySetupOperation()
                .run(input("Acme", true), context(false))
                .dryRun());
    }

    @Test
    void namesAndDomainsAreCheckedBeforeAnyRequest() {
        SupaException blank = assertThrows(SupaException.class, () -> setup(input(" \t\n ", null)));
        assertEquals(ErrorCode.VALIDATION_MISSING_INPUT, blank.code());
        assertTrue(blank.getMessage().contains("project name"), blank.getMessage());
        SupaException path = assertThrows(
                SupaException.class,
                () -> setup(new DeploySetupOperation.Input(
                        DokployInput.fromEnvironment(),
                        "Acme",
                        null,
                        "https://acme.test/api",
                        null,
                        null,
                        null,
                        null,
                        null,
                        null)));
        assertEquals(ErrorCode.VALIDATION_INVALID_INPUT, path.code());
        assertTrue(sim.requests().isEmpty());
        assertEquals("supabase.acme.test", SetupNames.domain("HTTPS://Supabase.Acme.Test/"));
        assertEquals("Acme Corp", SetupNames.name("  Acme \n Corp ", "project name", "--project-name"));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Every request is one Dokploy documents, apart from violations naming the expected procedures. */
    private void assertContract(List<String> expectedIn) {
        OpenApiContract.assertDocumented(sim.requests().stream()
                .filter(call -> expectedIn.stream().noneMatch(call.path()::contains))
                .toList());
    }
}
