package dev.supadokploy.cli.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.supadokploy.testing.CliRunner;
import dev.supadokploy.testing.NeedsSimulator;
import dev.supadokploy.testing.dokploy.DokploySimulator;
import dev.supadokploy.testing.dokploy.Simulated;
import dev.supadokploy.testing.dokploy.SimulatorEnv;
import dev.supadokploy.util.DotEnv;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code deploy setup} through the CLI: text for people, one JSON document with the secrets redacted for scripts. */
@NeedsSimulator
class DeploySetupCommandTest {
    @TempDir
    Path home;

    @Simulated(deployMillis = 30)
    DokploySimulator sim;

    CliRunner cli;

    @BeforeEach
    void start() {
        cli = SimulatorEnv.cli(sim, home);
    }

    @Test
    void textShowsTheStepsAndJsonRedactsTheSecrets() throws Exception {
        Path smtpPassword = home.resolve("smtp-password");
        Files.writeString(smtpPassword, "mail-secret-1\n");
        Files.setPosixFilePermissions(
                smtpPassword, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        CliRunner.Result text = cli.run(
                "deploy",
                "setup",
                "--project-name",
                "acme",
                "--domain",
                "supabase.acme.test",
                "--smtp-host",
                "smtp.acme.test",
                "--smtp-port",
                "587",
                "--smtp-user",
                "mailer",
                "--smtp-password-file",
                smtpPassword.toString(),
                "--smtp-admin-email",
                "noreply@acme.test",
                "--wait-timeout",
                "30s");
        assertEquals(0, text.exitCode(), text::toString);
        assertTrue(text.stdout().startsWith("Supabase is up at https://supabase.acme.test\n"), text::toString);
        assertTrue(text.stdout().matches("(?s).*\\ncompose +created +.*"), text::toString);
        assertTrue(text.stdout().contains("5 of 5 checks passed"), text::toString);
        Path file = home.resolve("config/supa-dokploy/credentials/acme-production.env");
        Map<String, String> creds = DotEnv.parse(Files.readString(file)).toMap();
        // not a terminal: the secrets stay in the file
        assertFalse(text.stdout().contains(creds.get("JWT_SECRET")), text::toString);
        assertTrue(
                text.stdout().contains("SUPABASE_ANON_KEY=" + creds.get("SUPABASE_ANON_KEY")),
                "the anon key is public");
        assertTrue(text.stdout().contains("JWT_SECRET=…(redacted, 48 chars)"), text::toString);
        assertEquals(
                "mail-secret-1",
                DotEnv.parse(sim.composes().get(0).deployedEnv()).toMap().get("SMTP_PASS"));

        CliRunner.Result json = cli.run(
                "deploy", "setup", "--project-name", "acme", "--domain", "supabase.acme.test", "--output", "json");
        assertEquals(0, json.exitCode(), json::toString);
        JsonNode r = json.json();
        assertEquals(sim.composes().get(0).composeId(), r.get("applicationId").asText());
        assertEquals("skipped", r.get("health").get("deploy").asText());
        assertFalse(r.get("credentials").get("revealed").asBoolean());
        assertTrue(r.get("credentials").get("serviceRoleKey").asText().startsWith("eyJh…(redacted"), r::toString);
        assertFalse(json.stdout().contains(creds.get("JWT_SECRET")));
        assertFalse(json.stdout().contains(creds.get("POSTGRES_PASSWORD")));
        assertEquals(
                creds.get("SUPABASE_ANON_KEY"),
                r.get("credentials").get("anonKey").asText());
        assertTrue(r.get("dokployApiCalls").asInt() > 0);
        assertEquals(1, sim.composes().size());

        CliRunner.Result shown = cli.run(
                "deploy",
                "setup",
                "--project-name",
                "acme",
                "--domain",
                "supabase.acme.test",
                "--output",
                "json",
                "--show-secrets");
        assertEquals(
                creds.get("JWT_SECRET"),
                shown.json().get("credentials").get("jwtSecret").asText());
    }

    @Test
    void withoutLetsEncryptTheStackIsServedOverHttp() {
        CliRunner.Result r = cli.run(
                "deploy",
                "setup",
                "--project-name",
                "plain",
                "--domain",
                "http://plain.acme.test/",
                "--no-use-lets-encrypt",
                "--no-email-confirmation",
                "--credentials-file",
                home.resolve("plain.env").toString(),
                "--output",
                "json");
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals("http://plain.acme.test", r.json().get("supabaseUrl").asText());
        Map<String, String> env =
                DotEnv.parse(sim.composes().get(0).deployedEnv()).toMap();
        assertEquals("http://plain.acme.test", env.get("API_EXTERNAL_URL"));
        var kong = dev.supadokploy.testing.dokploy.DeployedStack.api(sim)
                .domains(sim.composes().get(0).composeId())
                .get(0);
        assertFalse(kong.https());
        assertEquals("none", kong.certificateType());
        assertTrue(Files.exists(home.resolve("plain.env")));
        assertEquals("true", env.get("ENABLE_EMAIL_AUTOCONFIRM"), "--no-email-confirmation: sign-up needs no mail");
    }

    @Test
    void onAServerAHalfMadeStackIsReplacedWithYesAndRefusedWithoutIt() {
        String server = sim.addServer("edge-1", "127.0.0.10", false);
        var api = dev.supadokploy.testing.dokploy.DeployedStack.api(sim);
        var created = api.createProject("acme", "x");
        org.junit.jupiter.api.Assertions.assertThrows(
                dev.supadokploy.errors.SupaException.class,
                () -> api.deployTemplate(
                        dev.supadokploy.dokploy.ServiceParent.environment(
                                created.project().projectId(),
                                created.environment().environmentId()),
                        "supabase",
                        server,
                        null));
        String halfMade = sim.composes().get(0).composeId();
        sim.giveSshKey(server);

        CliRunner.Result refused = cli.run(
                "deploy",
                "setup",
                "--project-name",
                "acme",
                "--domain",
                "supabase.acme.test",
                "--no-email-confirmation",
                "--server",
                "edge-1",
                "--wait-timeout",
                "30s");
        assertEquals(4, refused.exitCode(), refused::toString);
        assertTrue(
                refused.stderr().contains("DOKPLOY_STACK_INCOMPLETE")
                        && refused.stderr().contains(halfMade),
                refused::toString);
        assertEquals(1, sim.composes().size());

        CliRunner.Result r = cli.run(
                "deploy",
                "setup",
                "--project-name",
                "acme",
                "--domain",
                "supabase.acme.test",
                "--no-email-confirmation",
                "--server",
                "edge-1",
                "--wait-timeout",
                "30s",
                "--yes",
                "--output",
                "json");
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals(1, sim.composes().size());
        assertFalse(halfMade.equals(r.json().get("applicationId").asText()));
        assertEquals(server, r.json().get("serverId").asText());
    }

    @Test
    void withoutSmtpOrTheChoiceOfNoMailNothingIsCreatedAndTheExitIsFive() {
        CliRunner.Result r = cli.run("deploy", "setup", "--project-name", "acme", "--domain", "supabase.acme.test");
        assertEquals(5, r.exitCode(), r::toString);
        assertTrue(
                r.stderr().contains("VALIDATION_MISSING_INPUT") && r.stderr().contains("--no-email-confirmation"),
                r::toString);
        assertEquals(0, sim.projectCount());
        assertTrue(sim.requests().stream().noneMatch(c -> c.method().equals("POST")), sim.requests()::toString);
    }

    @Test
    void aDryRunPrintsThePlanAndAWrongKeyExitsFour() {
        CliRunner.Result plan = cli.run(
                "deploy",
                "setup",
                "--project-name",
                "acme",
                "--domain",
                "supabase.acme.test",
                "--dry-run",
                "--no-email-confirmation");
        assertEquals(0, plan.exitCode(), plan::toString);
        assertTrue(
                plan.stdout().startsWith("Plan for https://supabase.acme.test (dry run: nothing was changed)"),
                plan::toString);
        assertTrue(plan.stdout().contains("would create"), plan::toString);
        assertTrue(sim.requests().stream().allMatch(c -> c.method().equals("GET")));

        CliRunner.Result refused = cli.env("DOKPLOY_API_KEY", "wrong")
                .run("deploy", "setup", "--project-name", "acme", "--domain", "supabase.acme.test");
        assertEquals(4, refused.exitCode(), refused::toString);
        assertTrue(refused.stderr().contains("DOKPLOY_UNAUTHORIZED"), refused::toString);
        assertEquals(0, sim.projectCount());
    }
}
