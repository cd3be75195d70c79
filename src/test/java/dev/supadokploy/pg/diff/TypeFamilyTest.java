package dev.supadokploy.pg.diff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.supadokploy.testing.NeedsPostgres;
import dev.supadokploy.testing.TestPostgres;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Order and hazards of the type and sequence families' statements, beyond the corpus invariant. */
@NeedsPostgres
class TypeFamilyTest {
    static final TestPostgres PG = TestPostgres.get();

    /** The plan that makes a database built by {@code target} like one built by {@code source}. */
    private static DiffPlan plan(String source, String target) throws SQLException {
        String a = PG.createDatabase("types_src");
        String b = PG.createDatabase("types_tgt");
        PG.execute(a, source);
        PG.execute(b, target);
        DiffPlan plan = DiffInvariantTest.diff(a, b);
        DiffInvariantTest.apply(b, plan.script("test"));
        assertTrue(DiffInvariantTest.diff(a, b).isEmpty(), "applying the plan leaves no difference");
        return plan;
    }

    private static List<String> statements(DiffPlan plan) {
        return plan.changes().stream().map(Change::sql).toList();
    }

    private static int indexOf(DiffPlan plan, String start) {
        List<String> sql = statements(plan);
        for (int i = 0; i < sql.size(); i++) {
            if (sql.get(i).startsWith(start)) {
                return i;
            }
        }
        throw new AssertionError("no statement starts with " + start + " in " + sql);
    }

    private static Change change(DiffPlan plan, String start) {
        return plan.changes().get(indexOf(plan, start));
    }

    @Test
    void addedLabelsGoInPlaceNextToTheirNeighbours() throws SQLException {
        DiffPlan plan = plan(
                "CREATE TYPE e AS ENUM ('zero', 'one', 'one and a half', 'two', 'three');",
                "CREATE TYPE e AS ENUM ('one', 'two');");
        assertEquals(
                List.of(
                        "ALTER TYPE public.e ADD VALUE 'zero' BEFORE 'one';",
                        "ALTER TYPE public.e ADD VALUE 'one and a half' AFTER 'one';",
                        "ALTER TYPE public.e ADD VALUE 'three' AFTER 'two';"),
                statements(plan));
        assertTrue(plan.hazards().isEmpty());
    }

    @Test
    void aLabelUsedInTheSameScriptMakesTheTypeAgain() throws SQLException {
        DiffPlan plan = plan(
                "CREATE TYPE e AS ENUM ('a', 'b'); CREATE TABLE t (v e DEFAULT 'b');",
                "CREATE TYPE e AS ENUM ('a'); CREATE TABLE t (v e DEFAULT 'a');");
        assertFalse(
                statements(plan).stream().anyMatch(s -> s.contains("ADD VALUE")),
                statements(plan).toString());
        Change recreate = change(plan, "ALTER TABLE public.t ALTER COLUMN v DROP DEFAULT;");
        assertTrue(recreate.sql().contains("ALTER TYPE public.e RENAME TO e__old;"), recreate.sql());
        assertTrue(
                recreate.sql().contains("ALTER TABLE public.t ALTER COLUMN v TYPE public.e USING v::text::public.e;"),
                recreate.sql());
        assertEquals(Hazard.MAY_FAIL_ON_DATA, recreate.hazard().kind());
    }

    @Test
    void aRemovedLabelConvertsTheColumnsAndDropsTheOldTypeAfter() throws SQLException {
        DiffPlan plan = plan(
                "CREATE TYPE e AS ENUM ('a', 'c'); CREATE TABLE t (v e[], w e); INSERT INTO t VALUES ('{a,c}', 'c');",
                "CREATE TYPE e AS ENUM ('a', 'b', 'c'); CREATE TABLE t (v e[], w e); INSERT INTO t VALUES ('{a,c}', 'c');");
        Change recreate = change(plan, "ALTER TYPE public.e RENAME TO e__old;");
        assertTrue(recreate.sql()
                .contains("ALTER TABLE public.t ALTER COLUMN v TYPE public.e[] USING v::text::public.e[];"));
        assertTrue(indexOf(plan, "DROP TYPE public.e__old;") > indexOf(plan, "ALTER TYPE public.e RENAME TO e__old;"));
    }

    @Test
    void aTypeAColumnLeavesIsDroppedAfterTheColumnChanges() throws SQLException {
        DiffPlan plan = plan(
                "CREATE TABLE t (v text, n bigint);",
                "CREATE TYPE e AS ENUM ('a'); CREATE SEQUENCE s; CREATE TABLE t (v e, n bigint DEFAULT nextval('s'));");
        assertTrue(indexOf(plan, "DROP TYPE public.e;") > indexOf(plan, "ALTER TABLE public.t ALTER COLUMN v"));
        assertTrue(indexOf(plan, "DROP SEQUENCE public.s;")
                > indexOf(plan, "ALTER TABLE public.t ALTER COLUMN n DROP DEFAULT;"));
        assertEquals(
                Hazard.BREAKS_CLIENTS,
                change(plan, "DROP TYPE public.e;").hazard().kind());
    }

    @Test
    void aSerialColumnCreatesItsSequenceFirstAndOwnsItAfterTheTable() throws SQLException {
        DiffPlan plan = plan("CREATE TABLE t (id serial, note text);", "");
        int sequence = indexOf(plan, "CREATE SEQUENCE public.t_id_seq AS integer");
        int table = indexOf(plan, "CREATE TABLE public.t");
        int owned = indexOf(plan, "ALTER SEQUENCE public.t_id_seq OWNED BY public.t.id;");
        assertTrue(sequence < table && table < owned, statements(plan).toString());
    }

    @Test
    void identitySequencesAreTheTableFamilys() throws SQLException {
        DiffPlan plan = plan("CREATE TABLE t (id int GENERATED ALWAYS AS IDENTITY);", "");
        assertFalse(
                statements(plan).stream().anyMatch(s -> s.contains("SEQUENCE")),
                statements(plan).toString());
    }

    @Test
    void sequenceOptionsChangeInPlaceAndNarrowingIsHazardous() throws SQLException {
        DiffPlan wider = plan("CREATE SEQUENCE s AS bigint INCREMENT BY 2 CYCLE;", "CREATE SEQUENCE s AS integer;");
        assertEquals(
                List.of("ALTER SEQUENCE public.s AS bigint INCREMENT BY 2 MINVALUE 1 MAXVALUE 9223372036854775807 "
                        + "START WITH 1 CACHE 1 CYCLE;"),
                statements(wider));
        assertNull(wider.changes().get(0).hazard());
        DiffPlan narrower = plan("CREATE SEQUENCE s AS smallint;", "CREATE SEQUENCE s AS integer;");
        assertEquals(Hazard.MAY_FAIL_ON_DATA, narrower.changes().get(0).hazard().kind());
    }

    @Test
    void domainsChangeInPlace() throws SQLException {
        DiffPlan plan = plan(
                "CREATE DOMAIN d AS int DEFAULT 1 NOT NULL CONSTRAINT pos CHECK (VALUE > 0);",
                "CREATE DOMAIN d AS int; ALTER DOMAIN d ADD CONSTRAINT pos CHECK (VALUE > 0) NOT VALID;");
        assertEquals(
                List.of(
                        "ALTER DOMAIN public.d SET DEFAULT 1;",
                        "ALTER DOMAIN public.d SET NOT NULL;",
                        "ALTER DOMAIN public.d VALIDATE CONSTRAINT pos;"),
                statements(plan));
        assertNotNull(change(plan, "ALTER DOMAIN public.d SET NOT NULL;").hazard());
    }

    @Test
    void extensionsAreCreatedUpdatedAndDropped() throws SQLException {
        DiffPlan update = plan(
                "CREATE EXTENSION citext VERSION '1.6'; CREATE TABLE t (e citext);",
                "CREATE EXTENSION citext VERSION '1.5'; CREATE EXTENSION hstore;");
        assertEquals(
                List.of(
                        "ALTER EXTENSION citext UPDATE TO '1.6';",
                        "CREATE TABLE public.t (\n    e public.citext\n);",
                        "DROP EXTENSION hstore;"),
                statements(update));
        assertEquals(
                Hazard.DROPS_DATA,
                change(update, "DROP EXTENSION hstore;").hazard().kind());
        DiffPlan create =
                plan("CREATE SCHEMA x; CREATE EXTENSION citext WITH SCHEMA x; CREATE TABLE t (e x.citext);", "");
        assertTrue(indexOf(create, "CREATE EXTENSION IF NOT EXISTS citext WITH SCHEMA x")
                < indexOf(create, "CREATE TABLE public.t"));
    }

    @Test
    void anExtensionNewerOnTheTargetIsAManualStepAndOlderOneIsUpdated() throws SQLException {
        String a = PG.createDatabase("ext_src");
        String b = PG.createDatabase("ext_tgt");
        PG.execute(a, TestPostgres.resource("/diff/extensions-versions/a.sql"));
        PG.execute(b, TestPostgres.resource("/diff/extensions-versions/b.sql"));
        DiffPlan plan = DiffInvariantTest.diff(a, b);
        assertEquals(
                List.of("ALTER EXTENSION hstore UPDATE TO '1.8';"),
                plan.scripted().stream().map(Change::sql).toList());
        Change manual = plan.manual().get(0);
        assertEquals("pg_trgm", manual.objectName());
        assertTrue(
                manual.hazard().reason().contains("no downgrade path"),
                manual.hazard().reason());
        assertTrue(plan.script("x").contains("--   extension pg_trgm is at 1.6 on the target"), plan.script("x"));
        assertTrue(TypeFamily.compareVersions("1.10", "1.9") > 0
                && TypeFamily.compareVersions("1.4", "1.4.0") == 0
                && TypeFamily.compareVersions("unpackaged", "1.0") == 0);
    }
}
