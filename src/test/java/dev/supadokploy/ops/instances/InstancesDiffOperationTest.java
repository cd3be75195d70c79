package dev.supadokploy.ops.instances;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
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
import dev.supadokploy.testing.NeedsPostgres;
import dev.supadokploy.testing.NeedsSimulator;
import dev.supadokploy.testing.TestContext;
import dev.supadokploy.testing.TestPostgres;
import dev.supadokploy.testing.dokploy.DeployedStack;
import dev.supadokploy.testing.dokploy.DokploySimulator;
import dev.supadokploy.testing.dokploy.Simulated;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** instances diff --all on real databases (and the Dokploy simulator for the images). */
@NeedsPostgres
@NeedsSimulator
class InstancesDiffOperationTest {
    @Simulated(deployMillis = 50)
    DokploySimulator sim;

    static final String SCHEMA = """
            CREATE SCHEMA shop;
            CREATE TABLE shop.orders (id bigint PRIMARY KEY, total numeric NOT NULL);
            CREATE TABLE shop.customers (id bigint PRIMARY KEY, email text);
            CREATE INDEX orders_total ON shop.orders (total);
            """;
    /** The same schema made in another order (other OIDs, other creation order). */
    static final String SAME_OTHER_ORDER = """
            CREATE SCHEMA shop;
            CREATE TABLE shop.customers (id bigint PRIMARY KEY, email text);
            CREATE TABLE shop.orders (id bigint PRIMARY KEY, total numeric NOT NULL);
            CREATE INDEX orders_total ON shop.orders (total);
            INSERT INTO shop.orders VALUES (1, 2);
            """;

    private OperationContext context(Map<String, InstanceConfig> instances, Map<String, String> env) {
        TestPostgres pg = TestPostgres.get();
        TestContext ctx = TestContext.with(env).config(new Config(Path.of("config.toml"), null, instances));
        if (pg.adminPassword() != null) {
            ctx.env("PGPASSWORD", pg.adminPassword());
        }
        return ctx.build();
    }

    private static InstanceConfig instance(String name, String db, String composeId) {
        return new InstanceConfig(name, TestPostgres.get().adminUrlWithoutPassword(db), null, composeId, null, null);
    }

    @Test
    void equalSchemasShareAFingerprintAndAnUnreachableOneGetsItsError() {
        TestPostgres pg = TestPostgres.get();
        String dev = pg.createSupabaseDatabase("drift_dev");
        String staging = pg.createSupabaseDatabase("drift_stg");
        String production = pg.createSupabaseDatabase("drift_prd");
        pg.execute(dev, SCHEMA + "ALTER TABLE shop.orders ADD COLUMN note text;");
        pg.execute(staging, SCHEMA);
        pg.execute(production, SAME_OTHER_ORDER);
        Map<String, InstanceConfig> instances = new LinkedHashMap<>();
        instances.put("dev", instance("dev", dev, null));
        instances.put("staging", instance("staging", staging, null));
        instances.put("production", instance("production", production, null));
        instances.put("gone", instance("gone", "drift_no_such_database", null));

        InstancesDiffOperation.Result r = new InstancesDiffOperation()
                .run(new InstancesDiffOperation.Input(true, null, null, null), context(instances, Map.of()));
        assertEquals(
                List.of("dev", "staging", "production", "gone"),
                r.instances().stream().map(InstancesDiffOperation.Row::instance).toList());
        var rows = r.instances();
        assertEquals(rows.get(1).fingerprint(), rows.get(2).fingerprint(), "same schema, other order and rows");
        assertNotEquals(rows.get(0).fingerprint(), rows.get(1).fingerprint());
        assertTrue(rows.get(1).fingerprint().matches("[0-9a-f]{64}"));
        assertEquals("staging", rows.get(2).sameAs());
        assertEquals("dev", rows.get(0).sameAs());
        assertEquals(2, r.distinctSchemas());
        assertFalse(r.inSync());
        assertTrue(
                rows.get(1).serverVersion().matches("\\d+(\\.\\d+)?.*"),
                rows.get(1).serverVersion());
        assertNull(rows.get(3).fingerprint());
        assertTrue(rows.get(3).error().startsWith("CONNECTION_"), rows.get(3).error());

        InstancesDiffOperation.Result two = new InstancesDiffOperation()
                .run(
                        new InstancesDiffOperation.Input(null, List.of("staging", "production"), null, null),
                        context(instances, Map.of()));
        assertTrue(two.inSync(), two::toString);
        assertEquals(1, two.distinctSchemas());

        SupaException unknown = assertThrows(
                SupaException.class,
                () -> new InstancesDiffOperation()
                        .run(
                                new InstancesDiffOperation.Input(null, List.of("nope"), null, null),
                                context(instances, Map.of())));
        assertEquals(ErrorCode.CONFIGURATION_UNKNOWN_INSTANCE, unknown.code());
    }

    @Test
    void imagesOfEachStackSideBySide() {
        TestPostgres pg = TestPostgres.get();
        String staging = pg.createSupabaseDatabase("drift_img_stg");
        String production = pg.createSupabaseDatabase("drift_img_prd");
        DokployApi api = DeployedStack.api(sim);
        DeployedStack stagingStack = DeployedStack.deploy(sim, "staging");
        DeployedStack productionStack = DeployedStack.deploy(sim, "production");
        Compose c = api.compose(stagingStack.composeId());
        api.updateCompose(new ComposeUpdate(
                c.composeId(),
                null,
                null,
                c.composeFile().replace("supabase/gotrue:v2.189.0", "supabase/gotrue:v2.190.1")));
        Map<String, InstanceConfig> instances = new LinkedHashMap<>();
        instances.put("staging", instance("staging", staging, stagingStack.composeId()));
        instances.put("production", instance("production", production, productionStack.composeId()));

        InstancesDiffOperation.Result r = new InstancesDiffOperation()
                .run(
                        new InstancesDiffOperation.Input(null, null, null, null),
                        context(instances, Map.of("DOKPLOY_URL", sim.url(), "DOKPLOY_API_KEY", sim.apiKey())));
        assertEquals(1, r.distinctSchemas(), "same (empty) user schemas");
        assertFalse(r.inSync(), "the images differ");
        assertEquals(
                "supabase/gotrue:v2.190.1", r.instances().get(0).components().get("auth"));
        assertEquals(
                "supabase/gotrue:v2.189.0", r.instances().get(1).components().get("auth"));
        assertEquals(
                r.instances().get(0).components().get("db"),
                r.instances().get(1).components().get("db"));
    }
}
