package dev.supadokploy.ops.instances;

import static dev.supadokploy.ops.instances.InstancesSyncSchemaOperationTest.PRODUCTION;
import static dev.supadokploy.ops.instances.InstancesSyncSchemaOperationTest.STAGING;
import static dev.supadokploy.ops.instances.InstancesSyncSchemaOperationTest.pair;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.supadokploy.config.Config;
import dev.supadokploy.config.InstanceConfig;
import dev.supadokploy.dokploy.Compose;
import dev.supadokploy.dokploy.ComposeUpdate;
import dev.supadokploy.dokploy.DokployApi;
import dev.supadokploy.errors.ErrorCode;
import dev.supadokploy.errors.SupaException;
import dev.supadokploy.ops.OperationContext;
import dev.supadokploy.ops.Policy;
import dev.supadokploy.ops.connection.Databases;
import dev.supadokploy.testing.NeedsPostgres;
import dev.supadokploy.testing.NeedsSimulator;
import dev.supadokploy.testing.TestContext;
import dev.supadokploy.testing.TestPostgres;
import dev.supadokploy.testing.dokploy.DeployedStack;
import dev.supadokploy.testing.dokploy.DokploySimulator;
import dev.supadokploy.testing.dokploy.Simulated;
import dev.supadokploy.util.DotEnv;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** instances promote --with-config against the Dokploy simulator and real databases. */
@NeedsPostgres
@NeedsSimulator
class PromoteWithConfigTest {
    static final String OLD_AUTH = "supabase/gotrue:v2.189.0";
    static final String NEW_AUTH = "supabase/gotrue:v2.190.1";

    @Simulated(deployMillis = 50)
    DokploySimulator sim;

    @TempDir
    Path dir;

    private OperationContext context(Config config) {
        TestPostgres pg = TestPostgres.get();
        TestContext ctx = TestContext.with(Map.of("DOKPLOY_URL", sim.url(), "DOKPLOY_API_KEY", sim.apiKey()))
                .policy(new Policy(true, true, false, true))
                .config(config);
        if (pg.adminPassword() != null) {
            ctx.env("PGPASSWORD", pg.adminPassword());
        }
        return ctx.build();
    }

    @Test
    void imagesAndSettingsMoveSecretsAndNamesStayThenTheStackIsRedeployedHealthy() {
        InstancesSyncSchemaOperationTest.pg = TestPostgres.get();
        String[] dbs = pair("promote_cfg", STAGING, PRODUCTION);
        DokployApi api = DeployedStack.api(sim);
        DeployedStack staging = DeployedStack.deploy(sim, "staging");
        DeployedStack production = DeployedStack.deploy(sim, "production");
        Compose stagingCompose = api.compose(staging.composeId());
        assertTrue(stagingCompose.composeFile().contains("image: " + OLD_AUTH), "the template's auth image");
        api.updateCompose(new ComposeUpdate(
                staging.composeId(), null, null, stagingCompose.composeFile().replace(OLD_AUTH, NEW_AUTH)));
        api.saveEnvironment(
                staging.composeId(),
                DotEnv.parse(stagingCompose.env())
                        .set("ENABLE_EMAIL_SIGNUP", "false")
                        .write());
        Compose before = api.compose(production.composeId());

        TestPostgres pg = TestPostgres.get();
        Config config = new Config(
                Path.of("config.toml"),
                null,
                Map.of(
                        "staging",
                                new InstanceConfig(
                                        "staging",
                                        pg.adminUrlWithoutPassword(dbs[0]),
                                        null,
                                        staging.composeId(),
                                        null,
                                        null),
                        "production",
                                new InstanceConfig(
                                        "production",
                                        pg.adminUrlWithoutPassword(dbs[1]),
                                        null,
                                        production.composeId(),
                                        null,
                                        null)));
        InstancesPromoteOperation.Result r = new InstancesPromoteOperation()
                .run(
                        new InstancesPromoteOperation.Input(
                                new Databases("staging", "production", null, null),
                                null,
                                null,
                                dir.toString(),
                                null,
                                null,
                                null,
                                null,
                                true,
                                null,
                                null,
                                null),
                        context(config));

        assertEquals(InstancesPromoteOperation.Status.promoted, r.status(), r::toString);
        assertEquals(
                List.of("preflight", "backup", "schema", "config", "verify"),
                r.steps().stream().map(InstancesPromoteOperation.Step::name).toList());
        assertEquals(List.of("auth: " + OLD_AUTH + " → " + NEW_AUTH), r.images());
        assertEquals(List.of("ENABLE_EMAIL_SIGNUP"), r.settings());
        assertTrue(
                r.keptSettings()
                        .containsAll(List.of("JWT_SECRET", "ANON_KEY", "SERVICE_ROLE_KEY", "POSTGRES_PASSWORD")),
                r.keptSettings()::toString);
        assertEquals("healthy", r.health());

        Compose after = api.compose(production.composeId());
        assertEquals(
                before.composeFile().replace(OLD_AUTH, NEW_AUTH), after.composeFile(), "only the image line changed");
        List<String> changedLines = new ArrayList<>();
        List<String> was = before.env().lines().toList();
        List<String> now = after.env().lines().toList();
        assertEquals(was.size(), now.size());
        for (int i = 0; i < was.size(); i++) {
            if (!was.get(i).equals(now.get(i))) {
                changedLines.add(now.get(i));
            }
        }
        assertEquals(List.of("ENABLE_EMAIL_SIGNUP=false"), changedLines, "secrets, URLs, comments and order untouched");
        assertTrue(sim.requests().stream().anyMatch(c -> c.path().equals("/api/compose.redeploy")));
        assertTrue(InstancesSyncSchemaOperationTest.diff(dbs[0], dbs[1]).empty());
    }

    @Test
    void aPostgres15SourceNeverDowngradesAPostgres17Target() throws Exception {
        InstancesSyncSchemaOperationTest.pg = TestPostgres.get();
        String[] dbs = pair("promote_cfg_pg", STAGING, PRODUCTION);
        DokployApi api = DeployedStack.api(sim);
        DeployedStack staging = DeployedStack.deploy(sim, "staging");
        DeployedStack production = DeployedStack.deploy(sim, "production");
        Compose stagingCompose = api.compose(staging.composeId());
        api.updateCompose(new ComposeUpdate(
                staging.composeId(),
                null,
                null,
                stagingCompose.composeFile().replace("supabase/postgres:17.6.1.136", "supabase/postgres:15.8.1.085")));
        Compose before = api.compose(production.composeId());
        int from = sim.requests().size();

        SupaException e = assertThrows(
                SupaException.class,
                () -> new InstancesPromoteOperation()
                        .run(
                                new InstancesPromoteOperation.Input(
                                        InstancesSyncSchemaOperationTest.databases(dbs),
                                        null,
                                        null,
                                        dir.toString(),
                                        null,
                                        null,
                                        null,
                                        null,
                                        true,
                                        null,
                                        staging.composeId(),
                                        production.composeId()),
                                context(null)));

        assertEquals(ErrorCode.VALIDATION_POSTGRES_MAJOR_CHANGE, e.code());
        assertTrue(
                e.getMessage().contains("(Postgres 17) to supabase/postgres:15.8.1.085 (Postgres 15)"), e::getMessage);
        assertTrue(e.getMessage().contains("cannot be downgraded"), e::getMessage);
        assertTrue(e.suggestion().contains("upgrade-pg17.sh"), e::suggestion);
        assertEquals(before.composeFile(), api.compose(production.composeId()).composeFile());
        assertTrue(
                sim.requests().subList(from, sim.requests().size()).stream()
                        .noneMatch(c -> c.method().equals("POST")),
                "nothing changed in Dokploy");
        assertEquals(0, java.nio.file.Files.list(dir).count(), "refused before the backup");
    }

    @Test
    void aGatewayImageMovesOnlyWithTheFilesItMounts() {
        Compose kong3 = compose(
                "src",
                "  kong:\n    image: kong/kong:3.9.1\n    volumes:\n"
                        + "      - ../files/volumes/api/kong.yml:/home/kong/temp.yml:ro,z\n"
                        + "      - ../files/volumes/api/kong-entrypoint.sh:/home/kong/kong-entrypoint.sh:ro,z\n");
        Compose kong2 = compose(
                "dst",
                "  kong:\n    image: kong:2.8.1\n    volumes:\n"
                        + "      - ../files/volumes/api/kong.yml:/home/kong/temp.yml:ro,z\n");
        SupaException e = assertThrows(SupaException.class, () -> ConfigPromotion.plan(kong3, kong2));
        assertEquals(ErrorCode.VALIDATION_MOUNTS_DIFFER, e.code());
        assertTrue(
                e.getMessage()
                        .contains(
                                "the target lacks ../files/volumes/api/kong-entrypoint.sh:/home/kong/kong-entrypoint.sh"),
                e::getMessage);
        assertTrue(e.suggestion().contains("kong-entrypoint.sh"), e::suggestion);

        Compose kong3Too = compose(
                "dst",
                "  kong:\n    image: kong/kong:3.9.0\n    volumes:\n"
                        + "      - ../files/volumes/api/kong.yml:/home/kong/temp.yml:ro\n"
                        + "      - ../files/volumes/api/kong-entrypoint.sh:/home/kong/kong-entrypoint.sh:ro\n");
        assertEquals(
                List.of("kong: kong/kong:3.9.0 → kong/kong:3.9.1"),
                ConfigPromotion.plan(kong3, kong3Too).images(),
                "the same mounts (modes aside): the image moves");
        Compose pg15 = compose("dst", "  db:\n    image: supabase/postgres:15.8.1.085\n");
        Compose pg15Newer = compose("src", "  db:\n    image: supabase/postgres:15.8.1.100\n");
        assertEquals(
                List.of("db: supabase/postgres:15.8.1.085 → supabase/postgres:15.8.1.100"),
                ConfigPromotion.plan(pg15Newer, pg15).images(),
                "a minor update within one major is fine");
        assertEquals(
                ErrorCode.VALIDATION_POSTGRES_MAJOR_CHANGE,
                assertThrows(
                                SupaException.class,
                                () -> ConfigPromotion.plan(
                                        compose("src", "  db:\n    image: supabase/postgres:17.6.1.136\n"), pg15))
                        .code(),
                "nor upgraded by an image line: the data directory needs upgrade-pg17.sh");
    }

    private static Compose compose(String id, String services) {
        return new Compose(
                id, id, id, null, "", "done", null, null, null, null, null, null, null, null, "services:\n" + services);
    }

    @Test
    void withConfigNeedsToKnowTheComposes() {
        InstancesSyncSchemaOperationTest.pg = TestPostgres.get();
        String[] dbs = pair("promote_cfg_ids", STAGING, PRODUCTION);
        SupaException e = assertThrows(
                SupaException.class,
                () -> new InstancesPromoteOperation()
                        .run(
                                new InstancesPromoteOperation.Input(
                                        InstancesSyncSchemaOperationTest.databases(dbs),
                                        null,
                                        null,
                                        dir.toString(),
                                        null,
                                        null,
                                        null,
                                        null,
                                        true,
                                        null,
                                        null,
                                        null),
                                context(null)));
        assertEquals(ErrorCode.VALIDATION_MISSING_INPUT, e.code());
        assertTrue(e.suggestion().contains("--source-compose-id"), e.suggestion());
    }

    @Test
    void whatCountsAsASettingAndWhereImagesAre() {
        for (String secret : List.of(
                "JWT_SECRET",
                "ANON_KEY",
                "SERVICE_ROLE_KEY",
                "POSTGRES_PASSWORD",
                "SMTP_PASS",
                "VAULT_ENC_KEY",
                "LOGFLARE_PRIVATE_ACCESS_TOKEN",
                "SECRET_KEY_BASE",
                "POOLER_TENANT_ID",
                "S3_PROTOCOL_ACCESS_KEY_ID",
                "SUPABASE_PUBLIC_URL",
                "API_EXTERNAL_URL",
                "SITE_URL",
                "SMTP_HOST",
                "KONG_HTTP_PORT",
                "SMTP_ADMIN_EMAIL",
                "DASHBOARD_USERNAME",
                "ADDITIONAL_REDIRECT_URLS")) {
            assertFalse(ConfigPromotion.copyable(secret), secret);
        }
        for (String setting : List.of(
                "ENABLE_EMAIL_SIGNUP",
                "JWT_EXPIRY",
                "PGRST_DB_SCHEMAS",
                "FUNCTIONS_VERIFY_JWT",
                "DISABLE_SIGNUP",
                "IMGPROXY_ENABLE_WEBP_DETECTION")) {
            assertTrue(ConfigPromotion.copyable(setting), setting);
        }
        String file = "services:\n  auth:\n    image: 'supabase/gotrue:v1'  # pinned\n    environment:\n      X: y\n"
                + "  rest:\n    image: postgrest/postgrest:v12\nvolumes:\n  image:\n";
        assertEquals(
                Map.of("auth", "supabase/gotrue:v1", "rest", "postgrest/postgrest:v12"), ConfigPromotion.images(file));
        List<String> changed = new ArrayList<>();
        String updated = ConfigPromotion.withImages(file, Map.of("auth", "supabase/gotrue:v2", "db", "x"), changed);
        assertEquals(file.replace("gotrue:v1", "gotrue:v2"), updated);
        assertEquals(List.of("auth: supabase/gotrue:v1 → supabase/gotrue:v2"), changed);
    }
}
