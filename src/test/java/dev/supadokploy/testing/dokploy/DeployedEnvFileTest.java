package dev.supadokploy.testing.dokploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.supadokploy.dokploy.Compose;
import dev.supadokploy.dokploy.DokployApi;
import dev.supadokploy.testing.NeedsSimulator;
import dev.supadokploy.util.DotEnv;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The simulator's deploy pipeline for the .env the containers read, through the real client: Dokploy's quoting by
 * version, references resolved from the project's and environment's env (updated as Dokploy updates them), vault
 * references refused when no provider has them, and {@code env: null} stored as null.
 */
@NeedsSimulator
class DeployedEnvFileTest {
    @Simulated(deployMillis = 20)
    private DokploySimulator sim;

    private static Map<String, Object> body(Object... pairs) {
        Map<String, Object> body = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            body.put((String) pairs[i], pairs[i + 1]);
        }
        return body;
    }

    private String deployWith(DokployApi api, DeployedStack stack, String env) {
        api.saveEnvironment(stack.composeId(), env);
        stack.redeploy(sim);
        return sim.envFileError(stack.composeId());
    }

    @Test
    void fromV030EveryValueIsQuotedAndLiteral() {
        DokployApi api = DeployedStack.api(sim);
        DeployedStack stack = DeployedStack.deploy(sim, "quoted");
        assertNull(deployWith(api, stack, "A=abc#def\nB=\"x#y\"\nC=pa$$word\nD='it''s'\nbroken line\nE=\"l1\\nl2\"\n"));
        Map<String, String> got = sim.containerEnv(stack.composeId());
        assertEquals("abc", got.get("A"), "dotenv ends an unquoted value at '#'");
        assertEquals("x#y", got.get("B"));
        assertEquals("pa$$word", got.get("C"), "'$' is escaped from v0.30.0");
        assertEquals("l1\nl2", got.get("E"));
        assertEquals(stack.appName(), got.get("APP_NAME"));
        assertEquals("/root/.docker", got.get("DOCKER_CONFIG"));
        assertTrue(
                sim.composes().stream()
                        .filter(c -> c.composeId().equals(stack.composeId()))
                        .findFirst()
                        .orElseThrow()
                        .deployedEnv()
                        .contains("C=\"pa\\$\\$word\""),
                "written KEY=\"…\" with '$' escaped");
    }

    @Test
    void beforeV030ValuesWereWrittenUnquotedAndComposeExpandedThem() {
        sim.version("v0.29.4");
        DokployApi api = DeployedStack.api(sim);
        DeployedStack stack = DeployedStack.deploy(sim, "unquoted");
        assertNull(deployWith(api, stack, "PW=abc\nURL=postgres://u:${PW}@db\nB=\"x #y\"\n"));
        Map<String, String> got = sim.containerEnv(stack.composeId());
        assertEquals("postgres://u:abc@db", got.get("URL"));
        assertEquals("x", got.get("B"));
    }

    @Test
    void referencesResolveFromTheProjectAndEnvironmentEnv() {
        DokployApi api = DeployedStack.api(sim);
        DeployedStack stack = DeployedStack.deploy(sim, "shared");
        Compose compose = api.compose(stack.composeId());
        String projectId = api.environment(compose.environmentId()).projectId();
        api.client()
                .mutate(
                        "project.update",
                        body("projectId", projectId, "env", "JWT_SECRET=from-the-project\n"),
                        JsonNode.class);
        api.client()
                .mutate(
                        "environment.update",
                        body("environmentId", compose.environmentId(), "env", "SITE=https://a.example"),
                        JsonNode.class);
        JsonNode one = api.client().query("compose.one", Map.of("composeId", stack.composeId()), JsonNode.class);
        assertEquals(
                "SITE=https://a.example",
                one.path("environment").path("env").asText(),
                "compose.one carries the shared envs");
        assertEquals(
                "JWT_SECRET=from-the-project\n",
                one.path("environment").path("project").path("env").asText());

        assertNull(deployWith(
                api,
                stack,
                "JWT_SECRET=${{project.JWT_SECRET}}\nSITE_URL=${{environment.SITE}}/app\nCOPY=${{SITE_URL}}\n"));
        Map<String, String> got = sim.containerEnv(stack.composeId());
        assertEquals("from-the-project", got.get("JWT_SECRET"));
        assertEquals("https://a.example/app", got.get("SITE_URL"));
        assertEquals("${{environment.SITE}}/app", got.get("COPY"), "a self-reference takes the raw value");

        String error = deployWith(api, stack, "JWT_SECRET=${{project.NOPE}}\n");
        assertEquals("Invalid project environment variable: project.NOPE", error);
        assertEquals(
                "from-the-project",
                sim.containerEnv(stack.composeId()).get("JWT_SECRET"),
                "a failed deploy leaves the old .env");
    }

    @Test
    void beforeV025OnlyProjectReferencesResolveAndTheClientReadsTheProjectEnv() {
        sim.version("v0.24.0");
        DokployApi api = DeployedStack.api(sim);
        String projectId = api.createProject("old", "v0.24").project().projectId();
        String composeId = api.deployTemplate(
                        new dev.supadokploy.dokploy.ServiceParent(projectId, null), "supabase", null)
                .orElseThrow()
                .composeId();
        DeployedStack stack =
                new DeployedStack(composeId, api.compose(composeId).appName());
        api.client().mutate("project.update", body("projectId", projectId, "env", "A=from-project"), JsonNode.class);
        assertEquals(
                dev.supadokploy.dokploy.DokployEnv.Shared.of("A=from-project", ""),
                api.sharedEnv(stack.composeId()),
                "compose.one nests project (no environment) before v0.25");
        assertNull(deployWith(api, stack, "A=${{project.A}}\nB=${{environment.B}}\nC=${{A}}\n"));
        Map<String, String> got = sim.containerEnv(stack.composeId());
        assertEquals("from-project", got.get("A"));
        assertEquals("${{environment.B}}", got.get("B"), "no environments, no environment references: the text stays");
        assertEquals("${{A}}", got.get("C"));
        // and the tool's view agrees with the simulator's pipeline
        dev.supadokploy.dokploy.DokployEnv view = dev.supadokploy.dokploy.DokployEnv.of(
                "A=${{project.A}}\nB=${{environment.B}}\n", api.sharedEnv(stack.composeId()), api.version());
        assertEquals(Map.of("A", "from-project", "B", "${{environment.B}}"), view.values());
    }

    @Test
    void vaultReferencesNeedAProvider() {
        DokployApi api = DeployedStack.api(sim);
        DeployedStack stack = DeployedStack.deploy(sim, "vault");
        String error = deployWith(api, stack, "SMTP_PASS=${{vault.aws.smtp}}\n");
        assertNotNull(error);
        assertTrue(error.contains("Vault provider \"aws\" not found"), error);
        sim.vaultSecret("aws", "smtp", "s3cr#t$");
        assertNull(deployWith(api, stack, "SMTP_PASS=${{vault.aws.smtp}}\n"));
        assertEquals(
                "s3cr",
                sim.containerEnv(stack.composeId()).get("SMTP_PASS"),
                "the secret is spliced into the raw env before dotenv reads it, so an unquoted '#' cuts it");
    }

    @Test
    void saveEnvironmentNullIsStoredAsNull() {
        DokployApi api = DeployedStack.api(sim);
        DeployedStack stack = DeployedStack.deploy(sim, "nulled");
        // {env: null} is valid input (string | null); the client leaves nulls out, so send the body as JSON
        api.client()
                .mutate(
                        "compose.saveEnvironment",
                        new com.fasterxml.jackson.databind.ObjectMapper()
                                .createObjectNode()
                                .put("composeId", stack.composeId())
                                .putNull("env"),
                        JsonNode.class);
        JsonNode one = api.client().query("compose.one", Map.of("composeId", stack.composeId()), JsonNode.class);
        assertTrue(one.get("env").isNull(), one.get("env")::toString);
        stack.redeploy(sim);
        assertEquals(
                Map.of(
                        "APP_NAME",
                        stack.appName(),
                        "COMPOSE_PROJECT_NAME",
                        stack.appName(),
                        "DOCKER_CONFIG",
                        "/root/.docker"),
                sim.containerEnv(stack.composeId()));
        assertTrue(DotEnv.parse("").entries().isEmpty());
    }
}
