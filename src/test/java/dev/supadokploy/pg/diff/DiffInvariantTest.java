package dev.supadokploy.pg.diff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import dev.supadokploy.pg.SqlStatements;
import dev.supadokploy.pg.catalog.SchemaSelection;
import dev.supadokploy.testing.NeedsPostgres;
import dev.supadokploy.testing.TestPostgres;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The schema diff's invariant on a real PostgreSQL, for every pair in src/test/resources/diff/ and in both
 * directions: apply the diff of (source, target) to the target, diff again, get nothing.
 */
@NeedsPostgres
class DiffInvariantTest {
    static final TestPostgres PG = TestPostgres.get();

    static Stream<Arguments> corpus() throws IOException, URISyntaxException {
        Path root = Path.of(DiffInvariantTest.class.getResource("/diff").toURI());
        try (Stream<Path> cases = Files.list(root)) {
            // -Ddiff.case=name runs one case (while working on it)
            String only = System.getProperty("diff.case");
            return cases
                    .filter(Files::isDirectory)
                    .map(p -> p.getFileName().toString())
                    .filter(name -> only == null || only.isBlank() || name.equals(only))
                    .sorted()
                    .flatMap(name -> Stream.of(Arguments.of(name, "a", "b"), Arguments.of(name, "b", "a")))
                    .toList()
                    .stream();
        }
    }

    @ParameterizedTest(name = "{0}: make {2} like {1}")
    @MethodSource("corpus")
    void applyingTheDiffLeavesNoDifference(String name, String sourceFile, String targetFile) throws SQLException {
        // a case whose directory holds a file named "supabase" runs on the Supabase-shaped fixture on both sides
        boolean supabase = DiffInvariantTest.class.getResource("/diff/" + name + "/supabase") != null;
        String source = supabase ? PG.createSupabaseDatabase("diff_src") : PG.createDatabase("diff_src");
        String target = supabase ? PG.createSupabaseDatabase("diff_tgt") : PG.createDatabase("diff_tgt");
        // statement by statement: the driver alone would split SQL-standard bodies (BEGIN ATOMIC … END) at their
        // semicolons
        apply(source, TestPostgres.resource("/diff/" + name + "/" + sourceFile + ".sql"));
        apply(target, TestPostgres.resource("/diff/" + name + "/" + targetFile + ".sql"));

        DiffPlan plan = diff(source, target);
        assertFalse(plan.isEmpty(), "the two sides of " + name + " differ, so the diff must say something");
        String script = plan.script("test " + name);
        apply(target, script);

        DiffPlan again = diff(source, target);
        // a case whose directory holds a file named "manual" has differences no script can remove (an extension
        // newer on the target): only those may remain, as manual steps with nothing to run
        if (DiffInvariantTest.class.getResource("/diff/" + name + "/manual") != null) {
            assertEquals(List.of(), again.scripted(), "only manual steps remain");
            assertEquals(again.changes(), again.manual());
            return;
        }
        if (!again.isEmpty()) {
            fail("after applying the diff, differences remain:\n" + again.script("remaining") + "\n\nscript applied:\n"
                    + script);
        }
        assertEquals(List.of(), again.changes());
    }

    static DiffPlan diff(String source, String target) throws SQLException {
        return diff(PG, source, target);
    }

    static DiffPlan diff(TestPostgres pg, String source, String target) throws SQLException {
        return SchemaSnapshot.compare(read(pg, source), read(pg, target), DiffOptions.DEFAULT);
    }

    static SchemaSnapshot read(String database) throws SQLException {
        return read(PG, database);
    }

    static SchemaSnapshot read(TestPostgres pg, String database) throws SQLException {
        try (Connection c = pg.adminConnection(database)) {
            return SchemaSnapshot.read(c, SchemaSelection.all(Set.of()), false);
        }
    }

    /** Statement by statement, as psql would, so statements outside the transaction run on their own. */
    static void apply(String database, String script) throws SQLException {
        apply(PG, database, script);
    }

    static void apply(TestPostgres pg, String database, String script) throws SQLException {
        try (Connection c = pg.adminConnection(database);
                Statement s = c.createStatement()) {
            for (SqlStatements.Statement statement : SqlStatements.split(script, true)) {
                try {
                    s.execute(statement.text());
                } catch (SQLException e) {
                    throw new AssertionError(
                            "applying the diff failed at:\n" + statement.text() + "\n" + e.getMessage()
                                    + "\n\nwhole script:\n" + script,
                            e);
                }
            }
        }
    }
}
