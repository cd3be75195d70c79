package dev.supadokploy.pg.diff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.supadokploy.testing.NeedsPostgres;
import dev.supadokploy.testing.TestPostgres;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** What the table family's column changes rebuild, beyond the corpus invariant. */
@NeedsPostgres
class TableFamilyTest {
    static final TestPostgres PG = TestPostgres.get();

    /** The plan that makes a database built by {@code source}'s SQL of the corpus case … like the other side, applied. */
    private static DiffPlan plan(String source, String target) throws SQLException {
        String a = PG.createDatabase("tables_src");
        String b = PG.createDatabase("tables_tgt");
        DiffInvariantTest.apply(a, TestPostgres.resource(source));
        DiffInvariantTest.apply(b, TestPostgres.resource(target));
        DiffPlan plan = DiffInvariantTest.diff(a, b);
        DiffInvariantTest.apply(b, plan.script("test"));
        assertTrue(DiffInvariantTest.diff(a, b).isEmpty(), "applying the plan leaves no difference");
        return plan;
    }

    /** "drop view narrow.prices", "create policy narrow.Items.cheap" … for the statements that drop or create. */
    private static Set<String> dropsAndCreates(DiffPlan plan) {
        Set<String> found = new TreeSet<>();
        plan.changes().stream()
                .filter(c -> c.action() != Change.Action.alter)
                .forEach(c -> found.add(c.action() + " " + c.objectType() + " " + c.objectName()));
        return found;
    }

    @Test
    void aColumnChangeRebuildsWhatUsesThatColumnOnly() throws SQLException {
        DiffPlan plan = plan("/diff/tables-column-narrow/a.sql", "/diff/tables-column-narrow/b.sql");
        Set<String> changed = dropsAndCreates(plan);
        // price changes type: what uses it is dropped and made again; legacy is dropped with what uses it
        for (String rebuilt : List.of(
                "view narrow.prices",
                "view narrow.everything",
                "policy narrow.Items.cheap",
                "trigger narrow.Items.price_changed",
                "trigger narrow.Items.big",
                "index narrow.items_price_idx",
                "constraint narrow.Items.price_positive")) {
            assertTrue(
                    changed.contains("drop " + rebuilt) && changed.contains("create " + rebuilt),
                    rebuilt + " in " + changed);
        }
        for (String gone : List.of(
                "view narrow.legacy",
                "policy narrow.Items.legacy",
                "index narrow.items_legacy_idx",
                "column narrow.Items.legacy")) {
            assertTrue(changed.contains("drop " + gone), gone + " in " + changed);
        }
        // what uses other columns, or the table as a whole, stays
        for (String kept : List.of(
                "view narrow.names",
                "view narrow.counted",
                "policy narrow.Items.mine",
                "trigger narrow.Items.any_insert",
                "index narrow.items_name_idx",
                "table narrow.Items")) {
            assertTrue(changed.stream().noneMatch(c -> c.endsWith(" " + kept)), kept + " untouched, not in " + changed);
        }
        assertEquals(
                1,
                plan.changes().stream()
                        .filter(c -> c.sql().contains("ALTER COLUMN price TYPE numeric(12,2)"))
                        .count());
    }

    @Test
    void aGeneratedColumnMadeAgainRebuildsWhatUsesItAndKeepsItsGrantsAndComment() throws SQLException {
        DiffPlan plan = plan("/diff/functions-remade-dependents/a.sql", "/diff/functions-remade-dependents/b.sql");
        List<String> sql = plan.changes().stream().map(Change::sql).toList();
        int dropColumn = sql.indexOf("ALTER TABLE \"Remade\".\"Orders\" DROP COLUMN \"dοuble\";");
        int dropFunction = sql.indexOf("DROP FUNCTION \"Remade\".twice(n integer);");
        int dropIndex = sql.indexOf("DROP INDEX \"Remade\".orders_double_idx;");
        assertTrue(dropIndex >= 0 && dropIndex < dropColumn && dropColumn < dropFunction, sql.toString());
        Change add = plan.changes().stream()
                .filter(c -> c.sql().contains("ADD COLUMN \"dοuble\""))
                .findFirst()
                .orElseThrow();
        assertEquals(Hazard.REWRITES_TABLE, add.hazard().kind());
        assertTrue(sql.indexOf(add.sql())
                < sql.indexOf("CREATE INDEX orders_double_idx ON \"Remade\".\"Orders\" USING btree (\"dοuble\");"));
        assertTrue(sql.contains("GRANT SELECT (\"dοuble\") ON TABLE \"Remade\".\"Orders\" TO PUBLIC;"), sql.toString());
        assertTrue(
                sql.stream().anyMatch(s -> s.startsWith("COMMENT ON COLUMN \"Remade\".\"Orders\".\"dοuble\"")),
                sql.toString());
    }
}
