package dev.supadokploy.pg.diff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.supadokploy.testing.NeedsPostgres;
import dev.supadokploy.testing.PgDump;
import dev.supadokploy.testing.TestPostgres;
import java.io.IOException;
import java.net.URISyntaxException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A second opinion on the invariant from a tool that is not ours: for every case under src/test/resources/diff/,
 * both ways (as {@link DiffInvariantTest}), after the diff is applied to B, {@code pg_dump --schema-only} of A and
 * of B say the same, and diffing again says nothing.
 *
 * <p>The server and pg_dump are {@link PgDump#find()}'s; the dumps are compared as {@link PgDump#entries} (see there
 * for what normalizing erases). {@link #normalizationErasesOnlyWhatPostgresTreatsAlike} checks both sides of that line.
 * {@code -Ddiff.case=NAME} runs one case.
 */
@NeedsPostgres
class PgDumpComparisonTest {
    static TestPostgres pg;
    static PgDump pgDump;

    @BeforeAll
    static void findPgDumpAndServer() {
        pgDump = PgDump.find();
        pg = pgDump.server();
    }

    static Stream<Arguments> corpus() throws IOException, URISyntaxException {
        return DiffInvariantTest.corpus();
    }

    @ParameterizedTest(name = "{0}: make {2} like {1}, then pg_dump both")
    @MethodSource("corpus")
    void dumpsMatchAfterApplyingTheDiff(String name, String sourceFile, String targetFile) throws Exception {
        assumeTrue(pgDump.usable(), pgDump::skipReason);
        boolean supabase = PgDumpComparisonTest.class.getResource("/diff/" + name + "/supabase") != null;
        String source = supabase ? pg.createSupabaseDatabase("dump_src") : pg.createDatabase("dump_src");
        String target = supabase ? pg.createSupabaseDatabase("dump_tgt") : pg.createDatabase("dump_tgt");
        try {
            compare(name, sourceFile, targetFile, source, target);
        } finally {
            pg.dropDatabase(source);
            pg.dropDatabase(target);
        }
    }

    private static void compare(String name, String sourceFile, String targetFile, String source, String target)
            throws Exception {
        DiffInvariantTest.apply(pg, source, TestPostgres.resource("/diff/" + name + "/" + sourceFile + ".sql"));
        DiffInvariantTest.apply(pg, target, TestPostgres.resource("/diff/" + name + "/" + targetFile + ".sql"));
        String script = DiffInvariantTest.diff(pg, source, target).script("pg_dump check " + name);
        DiffInvariantTest.apply(pg, target, script);
        DiffPlan again = DiffInvariantTest.diff(pg, source, target);
        // as in DiffInvariantTest, a case marked "manual" may leave manual steps, with nothing to run
        boolean manual = PgDumpComparisonTest.class.getResource("/diff/" + name + "/manual") != null;
        if (manual ? !again.scripted().isEmpty() : !again.isEmpty()) {
            fail("on PostgreSQL " + pg.serverMajor() + ", after applying the diff, differences remain:\n"
                    + again.script("remaining") + "\n\nscript applied:\n" + script);
        }
        pgDump.assertSameSchema(
                source, target, List.of(), "A and of B after the diff", "\n\nscript applied:\n" + script);
    }

    @Test
    void normalizationErasesOnlyWhatPostgresTreatsAlike() {
        String table = """
                --
                -- Name: t; Type: TABLE; Schema: s; Owner: o
                --

                CREATE TABLE s.t (
                    a integer NOT NULL,
                    b text
                )
                WITH (fillfactor='70', autovacuum_enabled='false');
                --
                -- Name: TABLE t; Type: ACL; Schema: s; Owner: o
                --

                GRANT SELECT ON TABLE s.t TO r1;
                GRANT INSERT ON TABLE s.t TO r2;
                """;
        String reordered = """
                --
                -- Name: TABLE t; Type: ACL; Schema: s; Owner: o
                --

                GRANT INSERT ON TABLE s.t TO r2;
                GRANT SELECT ON TABLE s.t TO r1;
                SET default_table_access_method = heap;
                --
                -- Name: t; Type: TABLE; Schema: s; Owner: o
                --

                CREATE TABLE s.t (
                    b text,
                    a integer NOT NULL
                )
                WITH (autovacuum_enabled='false', fillfactor='70');
                """;
        assertEquals(entries(table), entries(reordered));
        assertNotEquals(entries(table), entries(table.replace("b text", "b varchar")));
        assertNotEquals(entries(table), entries(table.replace("GRANT INSERT", "GRANT UPDATE")));

        String enumType =
                "-- Name: e; Type: TYPE; Schema: s; Owner: o\nCREATE TYPE s.e AS ENUM (\n    'x',\n    'y'\n);\n";
        assertNotEquals(
                entries(enumType),
                entries(enumType.replace("'x',\n    'y'", "'y',\n    'x'")),
                "enum labels keep their order");
        String body =
                "-- Name: f(); Type: FUNCTION; Schema: s; Owner: o\nCREATE FUNCTION s.f() RETURNS int\n    AS $$\nSELECT 1;\nSELECT 2;\n$$;\n";
        assertNotEquals(
                entries(body),
                entries(body.replace("SELECT 1;\nSELECT 2;", "SELECT 2;\nSELECT 1;")),
                "bodies keep their order");

        String parent =
                "-- Name: p; Type: TABLE; Schema: s; Owner: o\nCREATE TABLE s.p (\n    id integer NOT NULL\n);\n";
        String child =
                "-- Name: c; Type: TABLE; Schema: s; Owner: o\nCREATE TABLE s.c (\n    x integer\n)\nINHERITS (s.p);\n";
        String childLocal = child.replace("    x integer\n", "    id integer,\n    x integer\n");
        assertEquals(
                entries(parent + child), entries(parent + childLocal), "a parent's column the child also has locally");
        assertNotEquals(entries(parent + child), entries(parent + childLocal.replace("id integer", "other integer")));
    }

    private static List<String> entries(String dump) {
        return PgDump.entries(dump);
    }
}
