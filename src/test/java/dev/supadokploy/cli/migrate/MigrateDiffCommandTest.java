package dev.supadokploy.cli.migrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.supadokploy.pg.SqlStatements;
import dev.supadokploy.testing.CliRunner;
import dev.supadokploy.testing.NeedsPostgres;
import dev.supadokploy.testing.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** migrate diff as a script uses it: the script alone on stdout, applied with JDBC, then no difference is left. */
@NeedsPostgres
class MigrateDiffCommandTest {
    static TestPostgres pg;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        pg = TestPostgres.get();
    }

    private static CliRunner cli() {
        return CliRunner.forServer(pg);
    }

    private static String[] diff(String source, String target, String... more) {
        String[] base = {
            "migrate",
            "diff",
            "--source",
            pg.adminUrlWithoutPassword(source),
            "--target",
            pg.adminUrlWithoutPassword(target)
        };
        String[] all = new String[base.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    @Test
    void theScriptOnStdoutMakesTheTargetLikeTheSource() throws SQLException {
        String a = pg.createDatabase("diffcli_a");
        String b = pg.createDatabase("diffcli_b");
        pg.execute(a, TestPostgres.resource("/diff/tables/a.sql"));
        pg.execute(b, TestPostgres.resource("/diff/tables/b.sql"));

        CliRunner.Result r = cli().run(diff(a, b));
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.stdout().startsWith("-- supa-dokploy migrate diff"), r.stdout());
        assertTrue(r.stdout().contains("BEGIN;") && r.stdout().contains("COMMIT;"), r.stdout());
        assertFalse(r.stdout().contains("CREATE  ") || r.stdout().contains("OBJECT"), "the summary stays off stdout");
        assertTrue(r.stderr().contains("OBJECT") && r.stderr().contains("statement(s)"), r.stderr());
        assertFalse(r.stdout().contains(pg.adminPassword() == null ? "\u0000" : pg.adminPassword()));

        apply(b, r.stdout());

        CliRunner.Result again = cli().run(diff(a, b, "--output", "json"));
        assertEquals(0, again.exitCode(), again::toString);
        JsonNode j = again.json();
        assertTrue(j.get("empty").asBoolean(), j.get("script").asText());
        assertEquals(0, j.get("statements").asInt());
        assertTrue(j.get("summary").isEmpty());
        assertEquals("", again.stderr());

        CliRunner.Result text = cli().run(diff(a, b));
        assertEquals(0, text.exitCode(), "no differences is not a failure");
        assertTrue(text.stderr().contains("No differences."), text.stderr());
    }

    @Test
    void jsonHoldsScriptSummaryAndHazards() {
        String a = pg.createDatabase("diffcli_ja");
        String b = pg.createDatabase("diffcli_jb");
        pg.execute(b, "CREATE TABLE public.gone (id int)");
        JsonNode j =
                cli().run(diff(a, b, "--schema", "public", "--output", "json")).json();
        assertFalse(j.get("empty").asBoolean());
        assertEquals(1, j.get("summary").get("table").get("dropped").asInt(), j::toString);
        assertEquals("drops_data", j.get("hazards").get(0).get("kind").asText(), j::toString);
        assertTrue(j.get("script").asText().contains("DROP TABLE public.gone;"), j::toString);

        JsonNode safe = cli().run(diff(a, b, "--safe-only", "--output", "json")).json();
        assertEquals("DROP TABLE public.gone;", safe.get("omitted").get(0).asText(), safe::toString);
        assertEquals(0, safe.get("statements").asInt());
    }

    @Test
    void anUnknownSchemaAndAWrongPasswordAreCodedFailures() throws Exception {
        String a = pg.createDatabase("diffcli_ea");
        CliRunner.Result unknown = cli().run(diff(a, a, "--schema", "nowhere"));
        assertEquals(5, unknown.exitCode(), unknown::toString);
        assertTrue(
                unknown.stderr().contains("VALIDATION_INVALID_INPUT")
                        && unknown.stderr().contains("public"),
                unknown.stderr());
        assertEquals("", unknown.stdout());

        assumeTrue(pg.passwordAuth(), "server does not ask for passwords");
        Path wrong = Files.writeString(dir.resolve("pw"), "wrong-secret\n");
        String login = "postgres://" + TestPostgres.LOGIN_ROLE + "@" + pg.host() + ":" + pg.port() + "/" + a;
        CliRunner.Result denied = cli().run(
                        "migrate",
                        "diff",
                        "--source",
                        pg.adminUrlWithoutPassword(a),
                        "--target",
                        login,
                        "--target-password-file",
                        wrong.toString(),
                        "--output",
                        "json");
        assertEquals(3, denied.exitCode(), denied::toString);
        assertEquals(
                "CONNECTION_AUTH_FAILED", denied.json().get("error").get("code").asText(), denied::toString);
        assertFalse(denied.stdout().contains("wrong-secret") || denied.stderr().contains("wrong-secret"));
    }

    static void apply(String database, String script) throws SQLException {
        try (Connection c = pg.adminConnection(database);
                Statement s = c.createStatement()) {
            for (SqlStatements.Statement statement : SqlStatements.split(script, true)) {
                s.execute(statement.text());
            }
        }
    }
}
