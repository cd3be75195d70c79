package dev.supadokploy.pg.diff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.supadokploy.pg.catalog.Function;
import dev.supadokploy.testing.NeedsPostgres;
import dev.supadokploy.testing.TestPostgres;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the routine family decides on a real PostgreSQL: replace in place or rebuild, hazards, and the order. */
@NeedsPostgres
class RoutineFamilyTest {
    static final TestPostgres PG = TestPostgres.get();

    @Test
    void viewsReplaceInPlaceWhenColumnsOnlyGrowAndRebuildOtherwiseWithTheirDependents() throws SQLException {
        // contacts and narrow read another table: the type change rebuilds everything over app.people
        String table = "CREATE SCHEMA app; CREATE TABLE app.people (id %s PRIMARY KEY, name text);"
                + "CREATE TABLE app.other (name text, email text);";
        DiffPlan plan = plan(table.formatted("bigint") + """
                CREATE VIEW app.base AS SELECT id, name FROM app.people;
                CREATE VIEW app.top AS SELECT id FROM app.base;
                CREATE FUNCTION app.base_rows() RETURNS SETOF app.base LANGUAGE sql AS $$ SELECT * FROM app.base $$;
                CREATE VIEW app.contacts AS SELECT name, email FROM app.other;
                CREATE VIEW app.contact_names AS SELECT name FROM app.contacts;
                CREATE VIEW app.narrow AS SELECT name FROM app.other;
                CREATE VIEW app.narrow_upper AS SELECT upper(name) AS u FROM app.narrow;
                """, table.formatted("int") + """
                CREATE VIEW app.base AS SELECT id, name FROM app.people;
                CREATE VIEW app.top AS SELECT id FROM app.base;
                CREATE FUNCTION app.base_rows() RETURNS SETOF app.base LANGUAGE sql AS $$ SELECT * FROM app.base $$;
                CREATE VIEW app.contacts AS SELECT name FROM app.other;
                CREATE VIEW app.contact_names AS SELECT name FROM app.contacts;
                CREATE VIEW app.narrow AS SELECT name, email FROM app.other;
                CREATE VIEW app.narrow_upper AS SELECT upper(name) AS u FROM app.narrow;
                """);
        List<String> sql = statements(plan);
        assertTrue(
                sql.contains("CREATE OR REPLACE VIEW app.contacts AS\nSELECT name,\n    email\n   FROM app.other;"),
                plan.script(""));
        assertFalse(sql.stream().anyMatch(s -> s.contains("DROP VIEW app.contact")), plan.script(""));
        int alter = index(sql, "ALTER TABLE app.people ALTER COLUMN id TYPE bigint");
        assertTrue(index(sql, "DROP VIEW app.top;") < index(sql, "DROP VIEW app.base;"));
        assertTrue(
                index(sql, "DROP FUNCTION app.base_rows();") < index(sql, "DROP VIEW app.base;"),
                "it returns the view's row type");
        assertTrue(index(sql, "CREATE VIEW app.base ") < index(sql, "CREATE OR REPLACE FUNCTION app.base_rows()"));
        assertTrue(index(sql, "DROP VIEW app.base;") < alter);
        assertTrue(alter < index(sql, "CREATE VIEW app.base "));
        assertTrue(index(sql, "CREATE VIEW app.base ") < index(sql, "CREATE VIEW app.top "));
        assertTrue(index(sql, "DROP VIEW app.narrow_upper;") < index(sql, "DROP VIEW app.narrow;"));
        assertTrue(index(sql, "CREATE VIEW app.narrow ") < index(sql, "CREATE VIEW app.narrow_upper "));
        assertTrue(
                plan.hazards().stream().noneMatch(c -> c.objectType().equals("view")),
                "a rebuilt view is not a removed one");
    }

    @Test
    void functionsReplaceInPlaceUnlessTheirSignatureChangesAndRemovalsBreakClients() throws SQLException {
        DiffPlan plan = plan("""
                CREATE SCHEMA app;
                CREATE FUNCTION app.fee(amount numeric) RETURNS numeric LANGUAGE sql IMMUTABLE AS $$ SELECT amount * 0.03 $$;
                CREATE FUNCTION app.total(x int) RETURNS bigint LANGUAGE sql AS $$ SELECT x $$;
                CREATE FUNCTION app.code() RETURNS text LANGUAGE sql AS $$ SELECT 'c' $$;
                CREATE TABLE app.t (id int, code text DEFAULT app.code());
                """, """
                CREATE SCHEMA app;
                CREATE FUNCTION app.fee(amount numeric) RETURNS numeric LANGUAGE sql AS $$ SELECT amount * 0.02 $$;
                CREATE FUNCTION app.total(x int) RETURNS int LANGUAGE sql AS $$ SELECT x $$;
                CREATE FUNCTION app.gone() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;
                CREATE TABLE app.t (id int);
                """);
        List<String> sql = statements(plan);
        assertTrue(sql.stream().anyMatch(s -> s.startsWith("CREATE OR REPLACE FUNCTION app.fee(")), plan.script(""));
        assertFalse(sql.stream().anyMatch(s -> s.startsWith("DROP FUNCTION app.fee")), plan.script(""));
        assertTrue(index(sql, "DROP FUNCTION app.total(x integer);")
                < index(sql, "CREATE OR REPLACE FUNCTION app.total("));
        assertTrue(
                index(sql, "CREATE OR REPLACE FUNCTION app.code()") < index(sql, "ALTER TABLE app.t ADD COLUMN code"),
                "a default calls a function made in the same diff");
        assertEquals(
                List.of("function app.gone(): breaks_clients", "function app.total(x integer): breaks_clients"),
                plan.hazards().stream()
                        .map(c -> c.objectType() + " " + c.objectName() + ": "
                                + c.hazard().kind())
                        .sorted()
                        .toList());
    }

    @Test
    void aFunctionMadeAgainIsTakenOffTheTablesThatCallItAndPutBackAfter() throws SQLException {
        String schema = """
                CREATE SCHEMA app;
                CREATE FUNCTION app.ok(%1$s numeric) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$ SELECT %1$s > 0 $$;
                CREATE TABLE app.t (v numeric DEFAULT 1 CHECK (app.ok(v)), w numeric DEFAULT app.ok(1)::int);
                CREATE INDEX t_ok ON app.t (app.ok(v));
                """;
        List<String> sql = statements(plan(schema.formatted("x"), schema.formatted("y")));
        int drop = index(sql, "DROP FUNCTION app.ok(y numeric);");
        int create = index(sql, "CREATE OR REPLACE FUNCTION app.ok(x numeric)");
        assertTrue(index(sql, "ALTER TABLE app.t DROP CONSTRAINT t_v_check;") < drop);
        assertTrue(index(sql, "DROP INDEX app.t_ok;") < drop);
        assertTrue(index(sql, "ALTER TABLE app.t ALTER COLUMN w DROP DEFAULT;") < drop);
        assertTrue(create < index(sql, "ALTER TABLE app.t ADD CONSTRAINT t_v_check CHECK (app.ok(v))"));
        assertTrue(create < index(sql, "CREATE INDEX t_ok ON app.t "));
        assertTrue(
                create < index(sql, "ALTER TABLE app.t ALTER COLUMN w SET DEFAULT (app.ok((1)::numeric))::integer;"));
        assertEquals(8, sql.size(), String.join("\n", sql));
    }

    @Test
    void aTriggerWhoseStateAloneChangesIsAlteredNotRecreated() throws SQLException {
        String schema = """
                CREATE SCHEMA app; CREATE TABLE app.t (id int);
                CREATE FUNCTION app.f() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
                CREATE TRIGGER t_f AFTER INSERT ON app.t FOR EACH ROW EXECUTE FUNCTION app.f();
                """;
        DiffPlan plan = plan(
                schema + "ALTER TABLE app.t ENABLE ALWAYS TRIGGER t_f;",
                schema + "ALTER TABLE app.t DISABLE TRIGGER t_f;");
        assertEquals(List.of("ALTER TABLE app.t ENABLE ALWAYS TRIGGER t_f;"), statements(plan));
    }

    @Test
    void aMaterializedViewIsRefreshedWhenOnlyItsPopulationDiffers() throws SQLException {
        String schema =
                "CREATE SCHEMA app; CREATE TABLE app.t (id int); CREATE MATERIALIZED VIEW app.m AS SELECT id FROM app.t WITH %s DATA;";
        DiffPlan plan = plan(schema.formatted(""), schema.formatted("NO"));
        assertEquals(List.of("REFRESH MATERIALIZED VIEW app.m;"), statements(plan));
        assertEquals(Hazard.LONG_LOCK, plan.hazards().get(0).hazard().kind());
    }

    @Test
    void anOverloadIsItsNameAndArgumentTypesWithoutParameterNames() {
        assertEquals("f()", overload(""));
        assertEquals("f(integer, integer)", overload("a integer, b integer"));
        assertEquals("f(integer[], text)", overload("VARIADIC xs integer[], INOUT t text"));
        assertEquals(
                "f(double precision, timestamp with time zone[])",
                overload("double precision, timestamp with time zone[]"));
        assertEquals(
                "f(double precision, public.\"My, Type\")",
                overload("\"Wer, da\" double precision, public.\"My, Type\""));
        assertEquals("f(character varying)", overload("\"select\" character varying"));
    }

    @Test
    void aggregatesAreReplacedCreatedDroppedAndMadeAgainWithTheirTransitionFunction() throws SQLException {
        DiffPlan plan =
                plan(TestPostgres.resource("/diff/aggregates/a.sql"), TestPostgres.resource("/diff/aggregates/b.sql"));
        List<String> sql = statements(plan);
        String all = String.join("\n", sql);
        assertTrue(
                sql.contains(
                        "CREATE OR REPLACE AGGREGATE agg.\"Sum Sq\"(numeric) (SFUNC = agg.add_sq, STYPE = numeric, "
                                + "INITCOND = '1', PARALLEL = SAFE);"),
                all);
        assertTrue(sql.contains("DROP AGGREGATE agg.gone(integer);"), all);
        int root = index(sql, "CREATE OR REPLACE FUNCTION agg.root(");
        int norm = index(
                sql,
                "CREATE OR REPLACE AGGREGATE agg.norm(numeric) (SFUNC = agg.add_sq, STYPE = numeric, FINALFUNC = agg.root");
        assertTrue(root < norm, all);
        // the transition function is made again (a parameter renamed): the aggregate and the view over it around it
        int dropView = index(sql, "DROP VIEW agg.longest_name;");
        int dropLongest = index(sql, "DROP AGGREGATE agg.longest(text);");
        int dropPick = index(sql, "DROP FUNCTION agg.pick_longer(");
        int createPick = index(sql, "CREATE OR REPLACE FUNCTION agg.pick_longer(");
        int createLongest = index(sql, "CREATE OR REPLACE AGGREGATE agg.longest(text)");
        int createView = index(sql, "CREATE VIEW agg.longest_name");
        assertTrue(
                dropView < dropLongest
                        && dropLongest < dropPick
                        && dropPick < createPick
                        && createPick < createLongest
                        && createLongest < createView,
                all);
        assertTrue(sql.contains("COMMENT ON AGGREGATE agg.norm(numeric) IS 'euclidean norm';"), all);
        assertTrue(all.contains("MSFUNC = agg.plus, MINVFUNC = agg.minus, MSTYPE = integer"), all);
    }

    private static String overload(String identityArguments) {
        return RoutineFamily.overload(new Function(
                "f",
                "function",
                identityArguments,
                identityArguments,
                "integer",
                "sql",
                "volatile",
                false,
                false,
                false,
                "unsafe",
                false,
                List.of(),
                "",
                null,
                null,
                List.of(),
                null));
    }

    private static DiffPlan plan(String sourceSql, String targetSql) throws SQLException {
        String source = PG.createDatabase("rf_src");
        String target = PG.createDatabase("rf_tgt");
        DiffInvariantTest.apply(source, sourceSql);
        DiffInvariantTest.apply(target, targetSql);
        return DiffInvariantTest.diff(source, target);
    }

    private static List<String> statements(DiffPlan plan) {
        return plan.changes().stream().map(Change::sql).toList();
    }

    private static int index(List<String> sql, String prefix) {
        for (int i = 0; i < sql.size(); i++) {
            if (sql.get(i).startsWith(prefix)) {
                return i;
            }
        }
        throw new AssertionError("no statement starts with " + prefix + " in\n" + String.join("\n", sql));
    }
}
