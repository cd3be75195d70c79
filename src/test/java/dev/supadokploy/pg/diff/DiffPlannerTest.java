package dev.supadokploy.pg.diff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Ordering and script shape without a database: the planner's rules on hand-made changes. */
class DiffPlannerTest {
    private static final Dependencies NONE = Dependencies.NONE;

    @Test
    void createsFollowTheSourcesDependenciesEvenAgainstThePhases() {
        // a table whose default calls a function: the function (a later phase) must come first
        Change table = Change.create("table", "s.t", Phase.CREATE_TABLES, "relation:s.t", "CREATE TABLE s.t ();");
        Change function = Change.create(
                "function", "s.f()", Phase.CREATE_FUNCTIONS, "function:s.f()", "CREATE FUNCTION s.f() …;");
        Change schema = Change.create("schema", "s", Phase.CREATE_SCHEMAS, "schema:s", "CREATE SCHEMA s;");
        Dependencies source = new Dependencies(
                Map.of("relation:s.t", Set.of("function:s.f()", "schema:s"), "function:s.f()", Set.of("schema:s")));
        List<Change> ordered = DiffPlanner.order(List.of(table, function, schema), source, NONE)
                .changes();
        assertEquals(List.of(schema, function, table), ordered);
    }

    @Test
    void dropsFollowTheTargetsDependenciesBackwards() {
        Change view = Change.drop("view", "s.v", Phase.DROP_VIEWS, "relation:s.v", "DROP VIEW s.v;");
        Change inner = Change.drop("view", "s.w", Phase.DROP_VIEWS, "relation:s.w", "DROP VIEW s.w;");
        Change table = Change.drop("table", "s.t", Phase.DROP_TABLES, "relation:s.t", "DROP TABLE s.t;");
        // v reads w, w reads t: v, then w, then t, whatever order they were emitted in
        Dependencies target = new Dependencies(
                Map.of("relation:s.v", Set.of("relation:s.w"), "relation:s.w", Set.of("relation:s.t")));
        assertEquals(
                List.of(view, inner, table),
                DiffPlanner.order(List.of(table, inner, view), NONE, target).changes());
    }

    @Test
    void anAlterWaitsForTheCreatesItRequires() {
        Change owned = Change.alter("sequence", "s.q", Phase.ALTER_SEQUENCES, "ALTER SEQUENCE s.q OWNED BY s.t.id;")
                .requiring(Set.of("relation:s.t"));
        Change table = Change.create("table", "s.t", Phase.CREATE_TABLES, "relation:s.t", "CREATE TABLE s.t (id int);");
        assertEquals(
                List.of(table, owned),
                DiffPlanner.order(List.of(owned, table), NONE, NONE).changes());
    }

    @Test
    void aCycleFallsBackToPhasesAndSaysSo() {
        Change f = Change.create(
                "function", "s.f()", Phase.CREATE_FUNCTIONS, "function:s.f()", "CREATE FUNCTION s.f() …;");
        Change g = Change.create(
                "function", "s.g()", Phase.CREATE_FUNCTIONS, "function:s.g()", "CREATE FUNCTION s.g() …;");
        Dependencies source = new Dependencies(
                Map.of("function:s.f()", Set.of("function:s.g()"), "function:s.g()", Set.of("function:s.f()")));
        DiffPlanner.Ordered ordered = DiffPlanner.order(List.of(f, g), source, NONE);
        assertTrue(ordered.cycle());
        assertEquals(2, ordered.changes().size());
        DiffPlan plan = new DiffPlan(ordered.changes(), List.of(), true);
        assertTrue(plan.script("x").contains("cycle"), plan.script("x"));
    }

    @Test
    void theScriptWrapsWhatItCanInATransactionAndListsWhatItLeftOut() {
        Change drop = Change.drop("table", "s.old", Phase.DROP_TABLES, "relation:s.old", "DROP TABLE s.old;")
                .withHazard(Hazard.dropsData("drops s.old and its rows"));
        Change column = Change.alter("column", "s.t.c", Phase.ALTER_TABLES, "ALTER TABLE s.t ADD COLUMN c int;");
        Change index = Change.create(
                        "index", "s.i", Phase.CREATE_INDEXES, "index:s.i", "CREATE INDEX CONCURRENTLY i ON s.t (c);")
                .outsideTransaction();
        DiffPlan all = new DiffPlan(List.of(drop, column, index), List.of(), false);
        String script = all.script("header");
        assertTrue(script.startsWith("-- header\n"), script);
        assertTrue(
                script.indexOf("BEGIN;")
                        < script.indexOf("-- HAZARD drops_data: drops s.old and its rows\nDROP TABLE s.old;"),
                script);
        assertTrue(
                script.indexOf("COMMIT;") < script.indexOf("CREATE INDEX CONCURRENTLY"),
                "outside the transaction:\n" + script);
        assertTrue(script.contains("1 statement(s) cannot run in a transaction block"), script);
        assertEquals(1, all.hazards().size());
        assertEquals(new DiffPlan.Count(0, 0, 1), all.summary().get("table"));

        DiffPlan safe = new DiffPlan(List.of(drop, column, index), List.of(drop), false);
        String safeScript = safe.script("header");
        assertFalse(safeScript.contains("\nDROP TABLE s.old;"), safeScript);
        assertTrue(
                safeScript.contains(
                        "1 hazardous statement(s) left out (--safe-only):\n--   drops_data: DROP TABLE s.old;"),
                safeScript);
        assertEquals(List.of(column, index), safe.scripted());
    }
}
