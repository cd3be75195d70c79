package dev.supadokploy.cli.instances;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.supadokploy.testing.CliRunner;
import dev.supadokploy.testing.NeedsPostgres;
import dev.supadokploy.testing.TestPostgres;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** instances sync-schema at a terminal and in scripts: the plan, the refusal's exit code, the applied migration. */
@NeedsPostgres
class InstancesSyncSchemaCommandTest {
    static TestPostgres pg;

    @BeforeAll
    static void start() {
        pg = TestPostgres.get();
    }

    private static CliRunner cli() {
        return CliRunner.forServer(pg);
    }

    private static String[] sync(String source, String target, String... more) {
        String[] base = {
            "instances",
            "sync-schema",
            "--from",
            pg.adminUrlWithoutPassword(source),
            "--to",
            pg.adminUrlWithoutPassword(target)
        };
        String[] all = new String[base.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    @Test
    void dryRunThenRefusalThenSync() {
        String staging = pg.createSupabaseDatabase("synccli_stg");
        String production = pg.createSupabaseDatabase("synccli_prd");
        pg.execute(staging, "CREATE TABLE public.invoices (id bigint PRIMARY KEY, total numeric NOT NULL)");
        pg.execute(production, "CREATE TABLE public.stale (id int)");

        CliRunner.Result dry = cli().run(sync(staging, production, "--dry-run"));
        assertEquals(0, dry.exitCode(), dry::toString);
        assertTrue(
                dry.stdout().contains("CREATE TABLE public.invoices")
                        && dry.stdout().contains("DROP TABLE public.stale"),
                dry.stdout());
        assertTrue(
                dry.stderr().contains("dry run: nothing was changed")
                        && dry.stderr().contains("drops_data"),
                dry.stderr());

        CliRunner.Result refused = cli().run(sync(staging, production));
        assertEquals(10, refused.exitCode(), refused::toString);
        assertTrue(
                refused.stderr().contains("MIGRATION_HAZARDS_NOT_ALLOWED")
                        || refused.stderr().contains("hazardous"),
                refused.stderr());
        assertTrue(refused.stderr().contains("--allow-hazards"), refused.stderr());
        assertEquals("", refused.stdout());

        CliRunner.Result text = cli().run(sync(staging, production, "--allow-hazards", "--lock-timeout", "2s"));
        assertEquals(0, text.exitCode(), text::toString);
        // the new table, its primary key, its grants (to anon, authenticated, service_role), the old table dropped
        assertTrue(text.stdout().contains("✓ applied 6 statement(s) as migration"), text.stdout());
        assertTrue(text.stdout().contains("✓ no drift"), text.stdout());
        assertFalse(pg.adminPassword() != null && (text.stdout() + text.stderr()).contains(pg.adminPassword()));

        CliRunner.Result json = cli().run(sync(staging, production, "--output", "json"));
        assertEquals(0, json.exitCode(), json::toString);
        JsonNode j = json.json();
        assertFalse(j.get("applied").asBoolean(), j::toString);
        assertTrue(j.get("inSync").asBoolean(), j::toString);
        assertEquals(0, j.get("statements").asInt());
    }
}
