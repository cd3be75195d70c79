package dev.supadokploy.ops.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.supadokploy.config.Config;
import dev.supadokploy.config.DokployServerConfig;
import dev.supadokploy.dokploy.CreatedProject;
import dev.supadokploy.dokploy.DokployApi;
import dev.supadokploy.dokploy.ServiceParent;
import dev.supadokploy.errors.ErrorCode;
import dev.supadokploy.errors.SupaException;
import dev.supadokploy.ops.OperationContext;
import dev.supadokploy.ops.Policy;
import dev.supadokploy.ops.connection.DokployInput;
import dev.supadokploy.ops.deploy.DeploySetupOperation.Result;
import dev.supadokploy.ops.deploy.DeploySetupOperation.Step;
import dev.supadokploy.ops.instances.InstancesListOperation;
import dev.supadokploy.ops.keys.KeysRegenerateOperation;
import dev.supadokploy.ops.validate.ValidateConfigOperation;
import dev.supadokploy.testing.Inputs;
import dev.supadokploy.testing.NeedsSimulator;
import dev.supadokploy.testing.TestContext;
import dev.supadokploy.testing.dokploy.DeployedStack;
import dev.supadokploy.testing.dokploy.DokploySimulator;
import dev.supadokploy.testing.dokploy.OpenApiContract;
import dev.supadokploy.testing.dokploy.Simulated;
import dev.supadokploy.testing.dokploy.SimulatorEnv;
import dev.supadokploy.util.DotEnv;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code deploy setup} where Dokploy places, fetches and stores things its own way (issue 16 items 2, 6, 9, 10; issue
 * 23 items 2–4): servers and Dokploy Cloud, the template's base URL, half-made stacks, encrypted env, the mail choice,
 * old servers' template, and --no-probe. Every case runs against the simulator over real HTTP.
 */
@NeedsSimulator
class SetupPlacementTest {
    static final String DOMAIN = "supabase.acme.test";

    @TempDir
    Path home;

    @Simulated(deployMillis = 40)
    DokploySimulator sim;

    private TestContext base() {
        return SimulatorEnv.context(sim, home)
                .env("SMTP_SECRET", "smtp-pass-123")
                .policy(new Policy(true, false, false, true, true));
    }

    private Result setup(DeploySetupOperation.Input input) {
        return new DeploySetupOperation().run(input, base().build());
    }

    /** No SMTP: sign-up without confirmation e-mails (emailConfirmation false), the other choices as given. */
    static DeploySetupOperation.Input input(
            String project,
            String serverId,
            String server,
            String templatesUrl,
            Boolean probe,
            Boolean replaceIncomplete) {
        return new DeploySetupOperation.Input(
                DokployInput.fromEnvironment(),
                project,
                null,
                DOMAIN,
                null,
                null,
                null,
                "30s",
                null,
                null,
                serverId,
                server,
                templatesUrl,
                false,
                probe,
                replaceIncomplete);
    }

    static DeploySetupOperation.Input plain(String project) {
        return input(project, null, null, null, null, null);
    }

    private static Step step(Result r, String name) {
        return r.steps().stream()
                .filter(s -> s.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no step " + name + " in " + r.steps()));
    }

    private boolean posted() {
        return sim.requests().stream().anyMatch(c -> c.method().equals("POST"));
    }

    private ValidateConfigOperation.Result validate(String composeId) {
        return new ValidateConfigOperation()
                .run(
                        Inputs.of(
                                ValidateConfigOperation.Input.class,
                                Map.of("dokploy", DokployInput.fromEnvironment(), "applicationId", composeId)),
                        base().build());
    }

    // ---- setup and validate agree on mail (16.10) ----

    @Test
    void withoutSmtpOrTheNoMailChoiceNothingIsCreated() {
        DeploySetupOperation.Input undecided = new DeploySetupOperation.Input(
                DokployInput.fromEnvironment(), "Acme", null, DOMAIN, null, null, null, "30s", null, null);
        SupaException e = assertThrows(SupaException.class, () -> setup(undecided));
        assertEquals(ErrorCode.VALIDATION_MISSING_INPUT, e.code());
        assertTrue(e.getMessage().contains("smtp.placeholder"), e.getMessage());
        assertTrue(
                e.suggestion().contains("--no-email-confirmation")
                        && e.suggestion().contains("--smtp-host"),
                e.suggestion());
        assertEquals(0, sim.projectCount());
        assertFalse(posted(), "refused before any change");
    }

    @Test
    void aStackSetUpWithoutMailValidatesClean() {
        sim.trimmedProjectList(true); // project.all as Dokploy sends it: no env, so the rerun reads compose.one
        long t0 = System.nanoTime();
        Result r = setup(plain("Acme"));
        double first = (System.nanoTime() - t0) / 1e9;
        // the choice is kept in the stack's env: a rerun needs neither SMTP nor the option again, and changes nothing
        int before = sim.requests().size();
        t0 = System.nanoTime();
        Result again = setup(new DeploySetupOperation.Input(
                DokployInput.fromEnvironment(), "Acme", null, DOMAIN, null, null, null, "30s", null, null));
        double rerun = (System.nanoTime() - t0) / 1e9;
        System.out.printf(
                "deploy setup without mail: first run %.2f s, %d API calls; rerun %.2f s, %d API calls%n",
                first, r.dokployApiCalls(), rerun, again.dokployApiCalls());
        assertEquals("skipped", again.health().deploy());
        assertTrue(
                sim.requests().stream().skip(before).noneMatch(c -> c.method().equals("POST")),
                "a rerun changes nothing");
        Map<String, String> env =
                DotEnv.parse(sim.composes().get(0).deployedEnv()).toMap();
        assertEquals("true", env.get("ENABLE_EMAIL_AUTOCONFIRM"));
        assertEquals("supabase-mail", env.get("SMTP_HOST"), "the placeholder stays: nothing sends mail");
        assertTrue(r.warnings().stream().noneMatch(w -> w.contains("SMTP")), r.warnings()::toString);

        ValidateConfigOperation.Result v = validate(r.applicationId());
        assertTrue(v.passed(), v.findings()::toString);
        assertTrue(v.findings().stream().noneMatch(f -> f.ruleId().equals("smtp.placeholder")), v.findings()::toString);
    }

    @Test
    void aStackSetUpWithSmtpValidatesClean() {
        Result r = setup(new DeploySetupOperation.Input(
                DokployInput.fromEnvironment(),
                "Acme",
                null,
                DOMAIN,
                null,
                new DeploySetupOperation.Smtp(
                        "smtp.acme.test", 587, "mailer", "env:SMTP_SECRET", "noreply@acme.test", "Acme"),
                null,
                "30s",
                null,
                null));
        assertNotEquals(
                "true",
                DotEnv.parse(sim.composes().get(0).deployedEnv()).toMap().get("ENABLE_EMAIL_AUTOCONFIRM"));
        ValidateConfigOperation.Result v = validate(r.applicationId());
        assertTrue(v.passed(), v.findings()::toString);
    }

    // ---- servers and Dokploy Cloud (16.2, 23.2) ----

    @Test
    void dokployCloudNeedsAServerAndSaysWhichBeforeCreatingAnything() {
        sim.cloud(true);
        String edge = sim.addServer("edge-1", "127.0.0.10", true);
        SupaException e = assertThrows(SupaException.class, () -> setup(plain("Acme")));
        assertEquals(ErrorCode.DOKPLOY_SERVER_REQUIRED, e.code());
        assertTrue(e.getMessage().contains("You need to use a server"), e.getMessage());
        assertTrue(e.suggestion().contains("'edge-1' (" + edge), e.suggestion());
        assertEquals(0, sim.projectCount(), "no empty project left behind");
        assertFalse(posted());

        Result r = setup(input("Acme", null, "edge-1", null, null, null));
        assertEquals(edge, r.serverId());
        assertEquals(edge, sim.serverOf(r.applicationId()).orElse(null));
        assertTrue(sim.requests().stream()
                .anyMatch(c -> c.path().equals("/api/compose.deployTemplate")
                        && c.body().contains("\"serverId\":\"" + edge + "\"")));
        assertEquals("healthy", r.health().overall());
        assertTrue(step(r, "check server").detail().contains("edge-1"), step(r, "check server")::detail);
        OpenApiContract.assertDocumented(sim.requests()); // settings.isCloud, server.all, deployTemplate with serverId
    }

    @Test
    void remoteServersOnlyIsMetAtTheTemplateDeployAndWhatTheRunMadeIsRemoved() {
        sim.remoteServersOnly(true); // settings.isCloud says false: only deployTemplate's 401 tells
        sim.addServer("edge-1", "127.0.0.10", true);
        SupaException e = assertThrows(SupaException.class, () -> setup(plain("Acme")));
        assertEquals(ErrorCode.DOKPLOY_SERVER_REQUIRED, e.code());
        assertTrue(e.getMessage().contains("Removed what this run had made: project"), e.getMessage());
        assertTrue(e.suggestion().contains("edge-1"), e.suggestion());
        assertEquals(0, sim.projectCount(), "the project this run created is removed again");
        assertTrue(sim.composes().isEmpty());

        // in a project that exists, only the environment this run made goes again
        DeployedStack.api(sim).createProject("Acme", "the operator's");
        SupaException inStaging = assertThrows(
                SupaException.class,
                () -> setup(Inputs.of(
                        DeploySetupOperation.Input.class,
                        Map.of(
                                "dokploy",
                                DokployInput.fromEnvironment(),
                                "projectName",
                                "Acme",
                                "environment",
                                "staging",
                                "domain",
                                DOMAIN,
                                "waitTimeout",
                                "30s",
                                "emailConfirmation",
                                false))));
        assertEquals(ErrorCode.DOKPLOY_SERVER_REQUIRED, inStaging.code());
        assertTrue(
                inStaging.getMessage().contains("Removed what this run had made: environment"), inStaging.getMessage());
        assertEquals(1, sim.projectCount());
        assertEquals(1, sim.environmentCount(), "production stays, staging is gone");
    }

    @Test
    void aServerIsCheckedBeforeAnythingIsCreated() {
        sim.addServer("edge-1", "127.0.0.10", true);
        String bare = sim.addServer("bare", "127.0.0.11", false);
        SupaException unknown =
                assertThrows(SupaException.class, () -> setup(input("Acme", null, "edge-2", null, null, null)));
        assertEquals(ErrorCode.VALIDATION_INVALID_INPUT, unknown.code());
        assertTrue(
                unknown.suggestion().contains("'edge-1'")
                        && unknown.suggestion().contains("'bare'"),
                unknown.suggestion());

        SupaException noKey =
                assertThrows(SupaException.class, () -> setup(input("Acme", bare, null, null, null, null)));
        assertEquals(ErrorCode.VALIDATION_INVALID_INPUT, noKey.code());
        assertTrue(
                noKey.getMessage().contains("no SSH key") && noKey.getMessage().contains("half-made"),
                noKey.getMessage());
        SupaException both =
                assertThrows(SupaException.class, () -> setup(input("Acme", bare, "bare", null, null, null)));
        assertEquals(ErrorCode.VALIDATION_INVALID_INPUT, both.code());
        assertEquals(0, sim.projectCount());
        assertFalse(posted());
    }

    // ---- the template's source (23.3) ----

    @Test
    void aServerWithoutInternetNeedsATemplatesMirror() {
        sim.templatesOffline(true);
        SupaException e = assertThrows(SupaException.class, () -> setup(plain("Acme")));
        assertEquals(ErrorCode.DOKPLOY_TEMPLATE_UNAVAILABLE, e.code());
        assertTrue(
                e.getMessage().contains("fetch failed") && e.getMessage().contains("https://templates.dokploy.com"),
                e.getMessage());
        assertTrue(e.suggestion().contains("--templates-url"), e.suggestion());
        assertEquals(0, sim.projectCount(), "the project made for it is removed again");
        OpenApiContract.assertDocumented(sim.requests()); // project.remove among them

        sim.templateMirror("http://templates.internal:8080");
        Result r = setup(input("Acme", null, null, "http://templates.internal:8080/", null, null));
        assertEquals("healthy", r.health().overall());
        assertTrue(
                sim.requests().stream()
                        .anyMatch(c -> c.path().equals("/api/compose.deployTemplate")
                                && c.body().contains("\"baseUrl\":\"http://templates.internal:8080\"")),
                "the trailing slash is dropped");
    }

    @Test
    void theTemplatesUrlComesFromConfigTomlWhenNotGiven() {
        sim.templatesOffline(true);
        sim.templateMirror("http://mirror.test");
        OperationContext ctx = base().config(
                        new Config(null, new DokployServerConfig(null, null, "http://mirror.test"), Map.of()))
                .build();
        Result r = new DeploySetupOperation().run(plain("Acme"), ctx);
        assertEquals("created", step(r, "compose").outcome());
        assertTrue(step(r, "compose").detail().contains("http://mirror.test"), step(r, "compose")::detail);

        SupaException bad =
                assertThrows(SupaException.class, () -> setup(input("Acme", null, null, "ftp://mirror", null, null)));
        assertEquals(ErrorCode.VALIDATION_INVALID_INPUT, bad.code());
    }

    @Test
    void dokployOlderThan0225GetsThePreTemplate() {
        sim.version("v0.22.0");
        setup(plain("Acme"));
        assertTrue(
                sim.requests().stream()
                        .anyMatch(c -> c.path().equals("/api/compose.deployTemplate")
                                && c.body().contains("\"id\":\"pre0.22.5-supabase\"")),
                sim.requests()::toString);
    }

    // ---- half-made stacks (23.4) ----

    /** What a template deploy onto a server without SSH key leaves: a compose with one mount, no domain. */
    private String halfMade(String serverId) {
        DokployApi api = DeployedStack.api(sim);
        CreatedProject created = api.createProject("Acme", "made elsewhere");
        ServiceParent parent = ServiceParent.environment(
                created.project().projectId(), created.environment().environmentId());
        SupaException failed =
                assertThrows(SupaException.class, () -> api.deployTemplate(parent, "supabase", serverId, null));
        assertTrue(
                String.valueOf(failed.details().get("serverMessage")).contains("No SSH key"),
                failed.details()::toString);
        assertEquals(1, sim.composes().size());
        String id = sim.composes().get(0).composeId();
        assertEquals(1, sim.mountCount(id));
        assertTrue(api.domains(id).isEmpty());
        return id;
    }

    @Test
    void aHalfMadeStackIsNamedAndNeverDuplicated() {
        String bare = sim.addServer("bare", "127.0.0.11", false);
        String id = halfMade(bare);
        int before = sim.requests().size();

        SupaException e = assertThrows(SupaException.class, () -> setup(plain("Acme")));
        assertEquals(ErrorCode.DOKPLOY_STACK_INCOMPLETE, e.code());
        assertTrue(
                e.getMessage().contains(id)
                        && e.getMessage().contains("half-made")
                        && e.getMessage().contains("no domain")
                        && e.getMessage().contains("1 file mount")
                        && e.getMessage().contains("'bare'"),
                e.getMessage());
        assertTrue(
                e.suggestion().contains("--replace-incomplete")
                        && e.suggestion().contains("SSH key"),
                e.suggestion());
        assertEquals(1, sim.composes().size(), "no second compose");
        assertTrue(
                sim.requests().stream().skip(before).noneMatch(c -> c.method().equals("POST")));

        // asked to replace it while its server still has no key: refused before removing anything
        SupaException still =
                assertThrows(SupaException.class, () -> setup(input("Acme", null, null, null, null, true)));
        assertTrue(still.getMessage().contains("no SSH key"), still.getMessage());
        assertEquals(id, sim.composes().get(0).composeId());

        // the key given, it is removed and made anew on the same server
        sim.giveSshKey(bare);
        Result r = setup(input("Acme", null, null, null, null, true));
        assertEquals(1, sim.composes().size());
        assertNotEquals(id, r.applicationId());
        assertEquals(bare, sim.serverOf(r.applicationId()).orElse(null));
        assertEquals(15, sim.mountCount(r.applicationId()), "the template's file mounts, all of them");
        assertEquals("healthy", r.health().overall());
        assertTrue(
                r.warnings().stream().anyMatch(w -> w.contains("Removed the half-made compose " + id)),
                r.warnings()::toString);
        OpenApiContract.assertDocumented(sim.requests()); // compose.delete among them
    }

    @Test
    void aDryRunShowsTheReplacementWithoutRemovingAnything() {
        String id = halfMade(sim.addServer("bare", "127.0.0.11", false));
        int before = sim.requests().size();
        Result plan = setup(Inputs.of(
                DeploySetupOperation.Input.class,
                Map.of(
                        "dokploy",
                        DokployInput.fromEnvironment(),
                        "projectName",
                        "Acme",
                        "domain",
                        DOMAIN,
                        "dryRun",
                        true,
                        "waitTimeout",
                        "30s",
                        "emailConfirmation",
                        false)));
        assertTrue(plan.dryRun());
        assertEquals("would create", step(plan, "compose").outcome());
        assertTrue(step(plan, "compose").detail().contains(id), step(plan, "compose")::detail);
        assertTrue(
                plan.warnings().stream().anyMatch(w -> w.contains("half-made") && w.contains("--replace-incomplete")),
                plan.warnings()::toString);
        assertTrue(sim.requests().stream().skip(before).allMatch(c -> c.method().equals("GET")));
        assertEquals(
                List.of(id),
                sim.composes().stream()
                        .map(DokploySimulator.ComposeView::composeId)
                        .toList());
    }

    // ---- encrypted env (16.6) ----

    @Test
    void aStackWhoseEnvDokployCannotDecryptIsNeverDuplicated() {
        Result first = setup(plain("Acme"));
        sim.encryptionKeyChanged();

        SupaException e = assertThrows(SupaException.class, () -> setup(plain("Acme")));
        assertEquals(ErrorCode.DOKPLOY_ENV_ENCRYPTED, e.code());
        assertTrue(
                e.getMessage().contains(first.applicationId())
                        && e.getMessage().contains("BETTER_AUTH_SECRET")
                        && e.getMessage().contains("ENCRYPTION_KEY"),
                e.getMessage());
        assertFalse(e.getMessage().contains("enc:v1:") && e.getMessage().length() > 2000, "no ciphertext dump");
        assertEquals(1, sim.composes().size(), "no second Supabase compose beside it");

        SupaException validated = assertThrows(SupaException.class, () -> validate(first.applicationId()));
        assertEquals(ErrorCode.DOKPLOY_ENV_ENCRYPTED, validated.code());

        SupaException keys = assertThrows(
                SupaException.class,
                () -> new KeysRegenerateOperation()
                        .run(
                                Inputs.of(
                                        KeysRegenerateOperation.Input.class,
                                        Map.of(
                                                "dokploy",
                                                DokployInput.fromEnvironment(),
                                                "applicationId",
                                                first.applicationId(),
                                                "dryRun",
                                                true)),
                                base().build()));
        assertEquals(ErrorCode.DOKPLOY_ENV_ENCRYPTED, keys.code(), "never a new env saved over the unreadable one");

        InstancesListOperation.Result listed = new InstancesListOperation()
                .run(new InstancesListOperation.Input(DokployInput.fromEnvironment(), null), base().build());
        assertEquals(1, listed.stacks().size(), "listed, not silently dropped");
        assertEquals(first.applicationId(), listed.stacks().get(0).composeId());
        assertTrue(
                listed.stacks().get(0).problem().contains("decrypt"),
                listed.stacks().get(0)::toString);
        assertTrue(
                listed.warnings().stream().anyMatch(w -> w.contains(first.applicationId()) && w.contains("decrypt")),
                listed.warnings()::toString);
    }

    // ---- the probe (16.9) ----

    @Test
    void noProbeSkipsThePublicCheckWhileDnsIsNotReady() {
        OperationContext routed = base().build();
        Map<String, String> env = new HashMap<>(routed.env());
        env.keySet().removeAll(sim.edge().clientEnv().keySet()); // DNS does not reach the stack yet
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
        Result r = new DeploySetupOperation().run(input("Acme", null, null, null, false, null), unrouted);
        assertEquals("skipped", step(r, "probe").outcome());
        assertTrue(r.probe().isEmpty());
        assertEquals("healthy", r.health().overall());
        assertTrue(r.credentials() != null && !r.credentials().anonKey().isEmpty());
    }

    // ---- environments (16.9) ----

    @Test
    void productionIsFoundAsTheDefaultAndDuplicateEnvironmentNamesAreTolerated() {
        DokployApi api = DeployedStack.api(sim);
        CreatedProject created = api.createProject("Acme", "x");
        SupaException refused = assertThrows(
                SupaException.class,
                () -> api.createEnvironment(created.project().projectId(), "production", "again"));
        assertTrue(
                String.valueOf(refused.details().get("serverMessage")).contains("production"),
                refused.details()::toString);
        api.createEnvironment(created.project().projectId(), "staging", "one");
        api.createEnvironment(created.project().projectId(), "staging", "two"); // Dokploy has no uniqueness check
        assertEquals(3, sim.environmentCount());

        Result r = setup(Inputs.of(
                DeploySetupOperation.Input.class,
                Map.of(
                        "dokploy",
                        DokployInput.fromEnvironment(),
                        "projectName",
                        "Acme",
                        "environment",
                        "staging",
                        "domain",
                        "staging.acme.test",
                        "waitTimeout",
                        "30s",
                        "emailConfirmation",
                        false)));
        assertEquals("found", step(r, "environment").outcome());
        assertTrue(
                r.warnings().stream().anyMatch(w -> w.contains("2 environments") && w.contains("staging")),
                r.warnings()::toString);
        assertEquals(
                List.of(r.applicationId()),
                sim.composes().stream()
                        .map(DokploySimulator.ComposeView::composeId)
                        .toList());
    }
}
