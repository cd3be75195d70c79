package dev.supadokploy.cli.migrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.supadokploy.testing.CliRunner;
import dev.supadokploy.testing.NeedsPostgres;
import dev.supadokploy.testing.TestPostgres;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** migrate data as a script runs it: a line per table on stderr (no bar: not a terminal), the table and verdict, exit codes. */
@NeedsPostgres
class MigrateDataCommandTest {
    static TestPostgres pg;
    static String source;

    @BeforeAll
    static void start() {
        pg = TestPostgres.get();
        source = pg.createDatabase("datacli_src");
        pg.execute(source, """
                CREATE TABLE public.a (id int PRIMARY KEY, v text);
                CREATE TABLE public.b (id int PRIMARY KEY, a_id int REFERENCES public.a (id));
                INSERT INTO public.a SELECT g, 'v' || g FROM generate_series(1, 500) g;
                INSERT INTO public.b SELECT g, g FROM generate_series(1, 500) g;
                """);
    }

    private static CliRunner cli() {
        return CliRunner.forServer(pg);
    }

    private static String target(String name) {
        String db = pg.createDatabase(name);
        pg.execute(
                db,
                "CREATE TABLE public.a (id int PRIMARY KEY, v text); CREATE TABLE public.b (id int PRIMARY KEY, a_id int REFERENCES public.a (id));");
        return db;
    }

    @Test
    void copiesWithALinePerTableAndAVerdict() {
        String target = target("datacli_ok");
        CliRunner.Result r = cli().run(
                        "migrate",
                        "data",
                        "-s",
                        pg.adminUrlWithoutPassword(source),
                        "-t",
                        pg.adminUrlWithoutPassword(target));
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(
                r.stderr().contains("copied public.a: 500 rows") && r.stderr().contains("checksums match"), r.stderr());
        assertFalse(r.stderr().contains("\r"), "no progress bar drawn when stderr is not a terminal");
        assertTrue(r.stdout().contains("public.b") && r.stdout().contains("verified"), r.stdout());

        CliRunner.Result refused = cli().run(
                        "migrate",
                        "data",
                        "-s",
                        pg.adminUrlWithoutPassword(source),
                        "-t",
                        pg.adminUrlWithoutPassword(target),
                        "--output",
                        "json");
        assertEquals(10, refused.exitCode(), "MIGRATION_* errors exit 10: " + refused);
        assertEquals(
                "MIGRATION_TARGET_NOT_EMPTY",
                refused.json().get("error").get("code").asText());

        CliRunner.Result noConfirm = cli().run(
                        "migrate",
                        "data",
                        "-s",
                        pg.adminUrlWithoutPassword(source),
                        "-t",
                        pg.adminUrlWithoutPassword(target),
                        "--truncate");
        assertEquals(5, noConfirm.exitCode(), "emptying tables in a script needs --yes: " + noConfirm);

        CliRunner.Result json = cli().run(
                        "migrate",
                        "data",
                        "-s",
                        pg.adminUrlWithoutPassword(source),
                        "-t",
                        pg.adminUrlWithoutPassword(target),
                        "--truncate",
                        "--yes",
                        "--quiet",
                        "--output",
                        "json");
        assertEquals(0, json.exitCode(), json::toString);
        JsonNode j = json.json();
        assertEquals("verified", j.get("verdict").asText());
        assertEquals(1000, j.get("rowsMigrated").asLong());
        assertEquals("", json.stderr(), "--quiet: nothing on stderr");
    }

    @Test
    void aChecksumMismatchExitsEight() {
        String target = target("datacli_mismatch");
        pg.execute(target, """
                CREATE FUNCTION public.mangle() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.v := NEW.v || '!'; RETURN NEW; END $$;
                CREATE TRIGGER mangle BEFORE INSERT ON public.a FOR EACH ROW EXECUTE FUNCTION public.mangle();
                ALTER TABLE public.a ENABLE ALWAYS TRIGGER mangle;
                """);
        CliRunner.Result r = cli().run(
                        "migrate",
                        "data",
                        "-s",
                        pg.adminUrlWithoutPassword(source),
                        "-t",
                        pg.adminUrlWithoutPassword(target),
                        "--tables",
                        "public.a");
        assertEquals(8, r.exitCode(), r::toString);
        assertTrue(r.stdout().contains("MISMATCH"), r.stdout());
        assertTrue(r.stderr().contains("CHECKSUMS DIFFER"), r.stderr());
    }

    @Test
    void rowsPointingAtKeysTheTargetLacksExitThirteen() {
        String target = target("datacli_dangling");
        CliRunner.Result r = cli().run(
                        "migrate",
                        "data",
                        "-s",
                        pg.adminUrlWithoutPassword(source),
                        "-t",
                        pg.adminUrlWithoutPassword(target),
                        "--tables",
                        "public.b");
        assertEquals(13, r.exitCode(), r::toString);
        assertTrue(
                r.stdout()
                        .contains("b_a_id_fkey: 500 row(s) point at keys public.a lacks, e.g. (a_id)=(1), (a_id)=(10)"),
                r.stdout());
        assertTrue(r.stdout().contains("DANGLING REFERENCES") && !r.stdout().contains("verified"), r.stdout());
        assertEquals(
                1,
                r.stderr().split("warning: The selection leaves out public.a", -1).length - 1,
                "the plan's warning, said once as the run starts: " + r.stderr());
        assertTrue(r.stderr().indexOf("leaves out public.a") < r.stderr().indexOf("copied public.b"), r.stderr());

        CliRunner.Result json = cli().run(
                        "migrate",
                        "data",
                        "-s",
                        pg.adminUrlWithoutPassword(source),
                        "-t",
                        pg.adminUrlWithoutPassword(target),
                        "--tables",
                        "public.b",
                        "--truncate",
                        "--yes",
                        "--output",
                        "json");
        assertEquals(13, json.exitCode(), json::toString);
        JsonNode j = json.json();
        assertEquals("dangling_references", j.get("verdict").asText());
        JsonNode d = j.get("danglingReferences").get(0);
        assertEquals("b_a_id_fkey", d.get("constraint").asText());
        assertEquals(500, d.get("rows").asLong());
        assertEquals(5, d.get("samples").size());
        assertTrue(d.get("remedy").asText().contains("--tables"), d::toString);
    }

    @Test
    void noVerifySaysSo() {
        String target = target("datacli_noverify");
        CliRunner.Result r = cli().run(
                        "migrate",
                        "data",
                        "-s",
                        pg.adminUrlWithoutPassword(source),
                        "-t",
                        pg.adminUrlWithoutPassword(target),
                        "--no-verify-integrity",
                        "--output",
                        "json");
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals("not_verified", r.json().get("verdict").asText());
        assertFalse(r.json().get("tables").get(0).has("sourceChecksum"), "no checksum when not verified");
    }
}
