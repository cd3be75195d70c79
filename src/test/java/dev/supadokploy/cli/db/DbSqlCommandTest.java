package dev.supadokploy.cli.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.supadokploy.testing.CliRunner;
import dev.supadokploy.testing.NeedsPostgres;
import dev.supadokploy.testing.TestPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@NeedsPostgres
class DbSqlCommandTest {
    static final String ALICE = "00000000-0000-0000-0000-000000000001";
    static TestPostgres pg;
    static String db;
    static String url;

    @BeforeAll
    static void start() {
        pg = TestPostgres.get();
        db = pg.createSupabaseDatabase("sql");
        url = pg.adminUrlWithoutPassword(db);
        pg.execute(db, "CREATE TABLE public.notes (id serial PRIMARY KEY, body text)");
    }

    static CliRunner cli() {
        return CliRunner.forServer(pg).env("SUPA_DOKPLOY_DATABASE_URL", url);
    }

    /** Runs the CLI with --output json and the given arguments after "db sql". */
    static CliRunner.Result json(String... args) {
        List<String> all = new ArrayList<>(List.of("db", "sql", "--output", "json"));
        all.addAll(List.of(args));
        return cli().run(all.toArray(String[]::new));
    }

    static String scalar(String sql) {
        try (Connection c = pg.adminConnection(db);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Nested
    class Rows {
        @Test
        void columnsRowsCountTimeAndRoleAsJson() {
            CliRunner.Result r =
                    json("SELECT id, email, raw_user_meta_data FROM auth.users WHERE id = $1", "--param", ALICE);
            assertEquals(0, r.exitCode(), r::toString);
            JsonNode j = r.json();
            assertEquals("rows", j.get("kind").asText());
            assertEquals("id", j.get("columns").get(0).get("name").asText());
            assertEquals("uuid", j.get("columns").get(0).get("type").asText());
            assertEquals("varchar", j.get("columns").get(1).get("type").asText());
            assertEquals("jsonb", j.get("columns").get(2).get("type").asText());
            JsonNode row = j.get("rows").get(0);
            assertEquals(ALICE, row.get(0).asText());
            assertEquals("alice@example.com", row.get(1).asText());
            assertEquals("Alice", row.get(2).get("full_name").asText(), "jsonb arrives as JSON, not as a string");
            assertEquals(1, j.get("rowCount").asInt());
            assertFalse(j.get("truncated").asBoolean());
            assertTrue(j.get("executionMs").asDouble() > 0);
            assertEquals(pg.adminUser(), j.get("role").asText());
            assertFalse(j.get("readOnly").asBoolean());
            assertEquals(1, j.get("statements").asInt());
        }

        @Test
        void valuesKeepTheirTypeWithoutLosingPrecision() {
            CliRunner.Result r = json("""
                    SELECT 42::int2, 7::int4, 9007199254740992::int8, 9007199254740993::int8, 1.50::numeric,
                           123456789012345678901234567890.5::numeric, 'NaN'::numeric, 0.1::float4, 'Infinity'::float8,
                           true, NULL::text, '\\xdeadbeef'::bytea, '{"a": [1, 2.50, {"b": null}]}'::json,
                           ARRAY[1, 2], '2024-01-02 12:00:00+00'::timestamptz, 'doing'::public.todo_status""");
            assertEquals(0, r.exitCode(), r::toString);
            JsonNode row = r.json().get("rows").get(0);
            assertTrue(row.get(0).isInt() && row.get(0).asInt() == 42);
            assertTrue(row.get(1).isNumber());
            assertTrue(row.get(2).isNumber(), "2^53 fits a double exactly");
            assertEquals("9007199254740993", row.get(3).textValue(), "beyond 2^53: the exact text");
            assertTrue(row.get(4).isNumber());
            assertTrue(r.stdout().contains(" 1.50,"), "numeric keeps its scale in the JSON text: " + r.stdout());
            assertEquals("123456789012345678901234567890.5", row.get(5).textValue());
            assertEquals("NaN", row.get(6).textValue());
            assertEquals(0.1, row.get(7).doubleValue(), 0.0, "float4 0.1 stays 0.1, not 0.10000000149011612");
            assertEquals("Infinity", row.get(8).textValue());
            assertTrue(row.get(9).isBoolean() && row.get(9).booleanValue());
            assertTrue(row.get(10).isNull());
            assertEquals("\\xdeadbeef", row.get(11).textValue());
            assertTrue(row.get(12).isObject());
            assertTrue(
                    r.stdout().replace(" ", "").contains("[1,2.50,{"),
                    "numbers inside json keep their digits: " + r.stdout());
            assertEquals("{1,2}", row.get(13).textValue());
            assertTrue(row.get(14).textValue().startsWith("2024-01-02"));
            assertEquals("doing", row.get(15).textValue());
        }

        @Test
        void textOutputIsATableWithACountLine() {
            CliRunner.Result r =
                    cli().run("db", "sql", "SELECT task, priority FROM public.todos ORDER BY priority DESC");
            assertEquals(0, r.exitCode(), r::toString);
            List<String> lines = r.stdout().lines().toList();
            assertTrue(lines.get(0).startsWith("task"), r::toString);
            assertTrue(lines.get(1).startsWith("----"), r::toString);
            assertTrue(lines.get(2).startsWith("Rotate JWT secret"), r::toString);
            assertTrue(lines.get(lines.size() - 1).startsWith("(3 rows; "), r::toString);
        }

        @Test
        void nullShowsAsNullInTables() {
            CliRunner.Result r = cli().run("db", "sql", "SELECT NULL AS nothing, '' AS empty");
            assertTrue(r.stdout().lines().anyMatch(l -> l.startsWith("NULL")), r::toString);
        }
    }

    @Nested
    class Roles {
        @Test
        void authSchemaRunsAsSupabaseAuthAdminWithAuthFirstOnTheSearchPath() {
            CliRunner.Result r = json(
                    "SELECT current_user, current_setting('search_path'), count(*) FROM users",
                    "--target-schema",
                    "auth");
            assertEquals(0, r.exitCode(), r::toString);
            JsonNode row = r.json().get("rows").get(0);
            assertEquals("supabase_auth_admin", row.get(0).asText());
            assertTrue(row.get(1).asText().startsWith("auth, "), row.get(1).asText());
            assertEquals(2, row.get(2).asInt(), "unqualified 'users' resolves in auth");
            assertEquals("supabase_auth_admin", r.json().get("role").asText());
        }

        @Test
        void storageSchemaRunsAsSupabaseStorageAdmin() {
            CliRunner.Result r = json("SELECT current_user", "--target-schema", "storage");
            assertEquals(0, r.exitCode(), r::toString);
            assertEquals(
                    "supabase_storage_admin", r.json().get("rows").get(0).get(0).asText());
        }

        @Test
        void realtimeSchemaRunsAsRealtimeAdminWhereItExists() {
            CliRunner.Result r = json("SELECT current_user", "--target-schema", "realtime");
            assertEquals(0, r.exitCode(), r::toString);
            assertEquals(
                    "supabase_realtime_admin",
                    r.json().get("rows").get(0).get(0).asText());
        }

        @Test
        void otherSchemasRunAsTheLogin() {
            CliRunner.Result r = json("SELECT current_user", "--target-schema", "public");
            assertEquals(pg.adminUser(), r.json().get("rows").get(0).get(0).asText());
        }

        @Test
        void roleOverridesTheSchemaRole() {
            CliRunner.Result r = json("SELECT current_user", "--target-schema", "auth", "--role", "service_role");
            assertEquals(0, r.exitCode(), r::toString);
            assertEquals("service_role", r.json().get("rows").get(0).get(0).asText());
            assertEquals("service_role", r.json().get("role").asText());
        }

        @Test
        void theLoginStaysTheSessionUser() {
            CliRunner.Result r = json("SELECT current_user, session_user", "--role", "anon");
            assertEquals(0, r.exitCode(), r::toString);
            assertEquals("anon", r.json().get("rows").get(0).get(0).asText());
            assertEquals(pg.adminUser(), r.json().get("rows").get(0).get(1).asText());
        }

        @Test
        void privilegesApplyToTheSwitchedRole() {
            // anon may read profiles but not todos (no grant); the error names the role.
            CliRunner.Result r = json("SELECT count(*) FROM public.todos", "--role", "anon");
            assertEquals(7, r.exitCode(), r::toString);
            JsonNode e = r.json().get("error");
            assertEquals("QUERY_PERMISSION_DENIED", e.get("code").asText());
            assertTrue(e.get("message").asText().contains("as role anon"), e.toString());
        }

        @Test
        void aRoleTheLoginCannotAssumeIsAClearError() {
            assumeTrue(pg.passwordAuth(), "server does not ask for passwords");
            CliRunner.Result r = new CliRunner()
                    .env("PGPASSWORD", TestPostgres.LOGIN_PASSWORD)
                    .run(
                            "db",
                            "sql",
                            "--output",
                            "json",
                            "--connection",
                            "postgres://" + TestPostgres.LOGIN_ROLE + "@" + pg.host() + ":" + pg.port() + "/" + db,
                            "--target-schema",
                            "auth",
                            "SELECT current_user");
            assertEquals(7, r.exitCode(), r::toString);
            JsonNode e = r.json().get("error");
            assertEquals("QUERY_ROLE_NOT_ALLOWED", e.get("code").asText());
            assertTrue(e.get("message").asText().contains("supabase_auth_admin"), e.toString());
            assertTrue(
                    e.get("suggestion").asText().contains("GRANT supabase_auth_admin TO " + TestPostgres.LOGIN_ROLE),
                    e.toString());
            assertEquals(TestPostgres.LOGIN_ROLE, e.get("details").get("login").asText());
        }

        @Test
        void anUnknownRoleIsAClearError() {
            CliRunner.Result r = json("SELECT 1", "--role", "no_such_role");
            assertEquals(7, r.exitCode(), r::toString);
            assertEquals(
                    "QUERY_ROLE_NOT_ALLOWED", r.json().get("error").get("code").asText());
            assertTrue(r.stderr().contains("no_such_role"), r::toString);
        }

        @Test
        void anUnknownSchemaIsAClearError() {
            CliRunner.Result r = json("SELECT 1", "--target-schema", "atuh");
            assertEquals(5, r.exitCode(), r::toString);
            assertTrue(r.stderr().contains("Schema 'atuh' does not exist"), r::toString);
        }
    }

    @Nested
    class Writes {
        @Test
        void writesAreCommitted() {
            CliRunner.Result r =
                    json("INSERT INTO public.notes (body) VALUES ($1) RETURNING id", "--param", "committed note");
            assertEquals(0, r.exitCode(), r::toString);
            assertEquals("1", scalar("SELECT count(*) FROM public.notes WHERE body = 'committed note'"));
        }

        @Test
        void updateReportsRowsAffected() {
            pg.execute(db, "INSERT INTO public.notes (body) VALUES ('u1'), ('u1'), ('u1')");
            CliRunner.Result r = json("UPDATE public.notes SET body = 'u2' WHERE body = $1", "--param", "u1");
            assertEquals(0, r.exitCode(), r::toString);
            assertEquals("update", r.json().get("kind").asText());
            assertEquals(3, r.json().get("rowCount").asInt());
            assertEquals(0, r.json().get("columns").size());
            CliRunner.Result text = cli().run("db", "sql", "UPDATE public.notes SET body = 'u3' WHERE body = 'u2'");
            assertTrue(text.stdout().startsWith("3 rows affected ("), text::toString);
        }

        @Test
        void readOnlyRefusesAWriteAndChangesNothing() {
            CliRunner.Result r = json("INSERT INTO public.notes (body) VALUES ('read-only attempt')", "--read-only");
            assertEquals(7, r.exitCode(), r::toString);
            JsonNode e = r.json().get("error");
            assertEquals("QUERY_READ_ONLY", e.get("code").asText());
            assertTrue(e.get("suggestion").asText().contains("--read-only"), e.toString());
            assertEquals("0", scalar("SELECT count(*) FROM public.notes WHERE body = 'read-only attempt'"));
        }

        @Test
        void readOnlyReadsWork() {
            CliRunner.Result r = json("SELECT count(*) FROM public.todos", "--read-only");
            assertEquals(0, r.exitCode(), r::toString);
            assertTrue(r.json().get("readOnly").asBoolean());
            assertEquals(3, r.json().get("rows").get(0).get(0).asInt());
        }

        @ParameterizedTest
        @ValueSource(
                strings = {
                    "SET TRANSACTION READ WRITE; INSERT INTO public.notes (body) VALUES ('escape')",
                    "SET LOCAL transaction_read_only = off; INSERT INTO public.notes (body) VALUES ('escape')",
                    "SELECT set_config('transaction_read_only', 'off', false); INSERT INTO public.notes (body) VALUES ('escape')",
                    "SAVEPOINT s; SET TRANSACTION READ WRITE; INSERT INTO public.notes (body) VALUES ('escape')",
                    "SELECT nextval('public.notes_id_seq')",
                    "DO $$ BEGIN INSERT INTO public.notes (body) VALUES ('escape'); END $$"
                })
        void aReadOnlyTransactionCannotBeMadeWritable(String sql) {
            CliRunner.Result r = json(sql, "--read-only");
            assertEquals(7, r.exitCode(), r::toString);
            assertEquals("QUERY_READ_ONLY", r.json().get("error").get("code").asText(), r::toString);
            assertEquals("0", scalar("SELECT count(*) FROM public.notes WHERE body = 'escape'"));
        }

        @ParameterizedTest
        @ValueSource(
                strings = {
                    "COMMIT; INSERT INTO public.notes (body) VALUES ('escape')",
                    "SELECT 1; END; INSERT INTO public.notes (body) VALUES ('escape')",
                    "ROLLBACK; INSERT INTO public.notes (body) VALUES ('escape')",
                    "BEGIN; INSERT INTO public.notes (body) VALUES ('escape'); COMMIT"
                })
        void transactionControlIsRefusedBeforeAnythingRuns(String sql) {
            CliRunner.Result r = json(sql, "--read-only");
            assertEquals(5, r.exitCode(), r::toString);
            assertEquals(
                    "VALIDATION_INVALID_INPUT",
                    r.json().get("error").get("code").asText());
            assertEquals("0", scalar("SELECT count(*) FROM public.notes WHERE body = 'escape'"));
        }

        @Test
        void failureRollsBackEarlierStatements() {
            CliRunner.Result r = json("INSERT INTO public.notes (body) VALUES ('rolled back'); SELECT 1/0");
            assertEquals(7, r.exitCode(), r::toString);
            assertEquals("QUERY_FAILED", r.json().get("error").get("code").asText());
            assertEquals(
                    "22012",
                    r.json().get("error").get("details").get("sqlState").asText());
            assertEquals("0", scalar("SELECT count(*) FROM public.notes WHERE body = 'rolled back'"));
        }
    }

    @Nested
    class Parameters {
        @ParameterizedTest
        @ValueSource(
                strings = {
                    "'; DROP TABLE public.notes; --",
                    "$1",
                    "$$ DROP TABLE public.notes $$",
                    "$tag$",
                    "?",
                    "?| ?& ??",
                    "it's \"quoted\" ''twice''",
                    "back\\slash \\' \\\\",
                    "E'\\x41'",
                    "ünïcødé 🐘 ☃ \u200B zero-width",
                    "line\nbreak\r\nand\ttab",
                    "/* not a comment */ -- nor this",
                    "{fn now()}",
                    ""
                })
        void hostileStringsAreStoredAndComparedAsData(String value) {
            CliRunner.Result insert =
                    json("INSERT INTO public.notes (body) VALUES ($1) RETURNING id", "--param", value);
            assertEquals(0, insert.exitCode(), insert::toString);
            int id = insert.json().get("rows").get(0).get(0).asInt();
            CliRunner.Result read = json(
                    "SELECT body, body = $2 AS same FROM public.notes WHERE id = $1",
                    "--param",
                    String.valueOf(id),
                    "--param",
                    value);
            assertEquals(0, read.exitCode(), read::toString);
            assertEquals(value, read.json().get("rows").get(0).get(0).asText());
            assertTrue(read.json().get("rows").get(0).get(1).asBoolean());
            assertEquals(
                    "1",
                    scalar("SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tablename = 'notes'"),
                    "the table survived");
        }

        @Test
        void aNulByteIsAClearError() {
            CliRunner.Result r = json("SELECT $1", "--param", "before\u0000after");
            assertEquals(5, r.exitCode(), r::toString);
            assertTrue(r.stderr().contains("NUL"), r::toString);
        }

        @Test
        void typesAreInferredFromUse() {
            CliRunner.Result ints = json("SELECT count(*) FROM public.todos WHERE priority > $1", "--param", "2");
            assertEquals(2, ints.json().get("rows").get(0).get(0).asInt(), ints::toString);
            CliRunner.Result uuid = json("SELECT count(*) FROM public.todos WHERE user_id = $1", "--param", ALICE);
            assertEquals(2, uuid.json().get("rows").get(0).get(0).asInt(), uuid::toString);
            CliRunner.Result jsonb = json(
                    "SELECT raw_user_meta_data @> $1 FROM auth.users WHERE id = $2",
                    "--param",
                    "{\"full_name\": \"Alice\"}",
                    "--param",
                    ALICE);
            assertTrue(jsonb.json().get("rows").get(0).get(0).asBoolean(), jsonb::toString);
            CliRunner.Result jsonbKey = json(
                    "SELECT raw_user_meta_data ? $1 FROM auth.users WHERE id = $2",
                    "--param",
                    "full_name",
                    "--param",
                    ALICE);
            assertTrue(jsonbKey.json().get("rows").get(0).get(0).asBoolean(), jsonbKey::toString);
            CliRunner.Result text = json("SELECT $1 || '!' , length($1)", "--param", "héllo");
            assertEquals("héllo!", text.json().get("rows").get(0).get(0).asText(), text::toString);
            assertEquals(5, text.json().get("rows").get(0).get(1).asInt());
            CliRunner.Result reordered = json("SELECT $2::int - $1::int, $2", "--param", "1", "--param", "10");
            assertEquals(9, reordered.json().get("rows").get(0).get(0).asInt(), reordered::toString);
        }

        @Test
        void aValueOfTheWrongTypeIsAQueryError() {
            CliRunner.Result r = json("SELECT count(*) FROM public.todos WHERE user_id = $1", "--param", "not-a-uuid");
            assertEquals(7, r.exitCode(), r::toString);
            assertEquals(
                    "22P02",
                    r.json().get("error").get("details").get("sqlState").asText());
        }

        @Test
        void countMismatchIsReported() {
            CliRunner.Result r = json("SELECT $1, $2", "--param", "only one");
            assertEquals(7, r.exitCode(), r::toString);
            assertEquals(
                    "QUERY_PARAMETER_MISMATCH",
                    r.json().get("error").get("code").asText());
        }
    }

    @Nested
    class Limits {
        @Test
        void maxRowsCapsTheResultAndSaysSo() {
            CliRunner.Result r = json("SELECT g FROM generate_series(1, 50) g", "--max-rows", "10");
            assertEquals(0, r.exitCode(), r::toString);
            assertEquals(10, r.json().get("rows").size());
            assertEquals(10, r.json().get("rowCount").asInt());
            assertTrue(r.json().get("truncated").asBoolean());
            assertTrue(r.stderr().contains("first 10 rows"), r::toString);
        }

        @Test
        void maxRowsNeverCutsAWriteShort() {
            CliRunner.Result r = json(
                    "INSERT INTO public.notes (body) SELECT 'bulk' FROM generate_series(1, 1200) RETURNING id",
                    "--max-rows",
                    "5");
            assertEquals(0, r.exitCode(), r::toString);
            assertEquals(5, r.json().get("rows").size());
            assertTrue(r.json().get("truncated").asBoolean());
            assertEquals(
                    "1200", scalar("SELECT count(*) FROM public.notes WHERE body = 'bulk'"), "every row was inserted");
            CliRunner.Result delete = json(
                    "WITH d AS (DELETE FROM public.notes WHERE body = 'bulk' RETURNING id) SELECT id FROM d",
                    "--max-rows",
                    "1");
            assertEquals(0, delete.exitCode(), delete::toString);
            assertEquals("0", scalar("SELECT count(*) FROM public.notes WHERE body = 'bulk'"), "every row was deleted");
        }

        @Test
        void exactlyMaxRowsIsNotTruncated() {
            CliRunner.Result r = json("SELECT g FROM generate_series(1, 10) g", "--max-rows", "10");
            assertFalse(r.json().get("truncated").asBoolean(), r::toString);
        }

        @Test
        void defaultIsAThousandAndZeroMeansNoLimit() {
            CliRunner.Result capped = json("SELECT g FROM generate_series(1, 1500) g");
            assertEquals(1000, capped.json().get("rows").size());
            assertEquals(1000, capped.json().get("maxRows").asInt());
            assertTrue(capped.json().get("truncated").asBoolean());
            CliRunner.Result all = json("SELECT g FROM generate_series(1, 1500) g", "--max-rows", "0");
            assertEquals(1500, all.json().get("rows").size());
            assertFalse(all.json().get("truncated").asBoolean());
            assertEquals(1500, all.json().get("rows").get(1499).get(0).asInt());
        }

        @Test
        void textOutputSaysRowsWereLeftOut() {
            CliRunner.Result r = cli().run("db", "sql", "SELECT g FROM generate_series(1, 5) g", "--max-rows", "2");
            assertTrue(r.stdout().contains("more left out by --max-rows 2"), r::toString);
        }

        @Test
        void timeoutCancelsALongQuery() {
            long started = System.nanoTime();
            CliRunner.Result r = json("SELECT pg_sleep(5)", "--timeout", "200ms");
            long ms = (System.nanoTime() - started) / 1_000_000;
            assertEquals(7, r.exitCode(), r::toString);
            assertEquals("QUERY_TIMEOUT", r.json().get("error").get("code").asText());
            assertTrue(r.json().get("error").get("message").asText().contains("200ms"), r::toString);
            assertTrue(ms < 4000, "cancelled after " + ms + " ms");
        }

        @Test
        void timeoutOnlyCoversThisTransaction() {
            CliRunner.Result r = json("SELECT current_setting('statement_timeout')", "--timeout", "2m");
            assertEquals("2min", r.json().get("rows").get(0).get(0).asText(), r::toString);
            CliRunner.Result after = json("SELECT current_setting('statement_timeout')");
            assertEquals("0", after.json().get("rows").get(0).get(0).asText(), after::toString);
        }

        @Test
        void unreadableTimeoutIsAUsageError() {
            CliRunner.Result r = json("SELECT 1", "--timeout", "soon");
            assertEquals(5, r.exitCode(), r::toString);
        }
    }

    @Nested
    class Errors {
        @Test
        void syntaxErrorHasExitCode7AndAPosition() {
            CliRunner.Result r = json("SELECT 1\nFROMM nowhere");
            assertEquals(7, r.exitCode(), r::toString);
            JsonNode e = r.json().get("error");
            assertEquals("QUERY_SYNTAX_ERROR", e.get("code").asText());
            assertEquals(2, e.get("details").get("line").asInt(), e.toString());
            assertEquals(7, e.get("details").get("column").asInt(), e.toString());
            assertTrue(r.stderr().contains("line 2, column 7"), r::toString);
            assertFalse(r.stderr().contains("\tat "), "no stack trace without --verbose");
        }

        @Test
        void syntaxErrorInALaterStatementPointsIntoThatStatement() {
            CliRunner.Result r = json("SELECT 1;\n  SELECT 2;\n SELECT 3 FROMM x");
            JsonNode d = r.json().get("error").get("details");
            assertEquals(3, d.get("line").asInt(), d.toString());
            assertEquals(17, d.get("column").asInt(), d.toString());
        }

        @Test
        void unknownTableSuggestsTheSchema() {
            CliRunner.Result r = json("SELECT * FROM users");
            assertEquals(7, r.exitCode(), r::toString);
            assertTrue(r.json().get("error").get("suggestion").asText().contains("--target-schema"), r::toString);
        }

        @Test
        void emptyQueryIsRefused() {
            CliRunner.Result r = json("  -- nothing\n ");
            assertEquals(5, r.exitCode(), r::toString);
            CliRunner.Result none = cli().run("db", "sql");
            assertEquals(5, none.exitCode(), none::toString);
            assertTrue(none.stderr().contains("No query given"), none::toString);
        }

        @Test
        void twoQuerySourcesAreRefused(@TempDir Path dir) throws IOException {
            Path file = dir.resolve("q.sql");
            Files.writeString(file, "SELECT 1");
            CliRunner.Result r = cli().run("db", "sql", "SELECT 2", "--file", file.toString());
            assertEquals(5, r.exitCode(), r::toString);
        }
    }

    @Nested
    class Sources {
        @Test
        void dashReadsTheQueryFromStdin() {
            CliRunner.Result r = cli().stdin("SELECT $1::int * 2 AS doubled\n")
                    .run("db", "sql", "-", "--param", "21", "--output", "json");
            assertEquals(0, r.exitCode(), r::toString);
            assertEquals(42, r.json().get("rows").get(0).get(0).asInt());
        }

        @Test
        void fileReadsTheQueryFromAFile(@TempDir Path dir) throws IOException {
            Path file = dir.resolve("report.sql");
            Files.writeString(file, "-- count the todos\nSELECT count(*) AS n\n  FROM public.todos;\n");
            CliRunner.Result r = cli().run("db", "sql", "--file", file.toString(), "--output", "json");
            assertEquals(0, r.exitCode(), r::toString);
            assertEquals(3, r.json().get("rows").get(0).get(0).asInt());
            CliRunner.Result stdin = cli().stdin("SELECT 7").run("db", "sql", "--file", "-", "--output", "json");
            assertEquals(7, stdin.json().get("rows").get(0).get(0).asInt(), stdin::toString);
        }

        @Test
        void missingFileIsAClearError() {
            CliRunner.Result r = cli().run("db", "sql", "--file", "/nonexistent/query.sql");
            assertEquals(5, r.exitCode(), r::toString);
            assertTrue(r.stderr().contains("/nonexistent/query.sql"), r::toString);
        }
    }

    @Nested
    class Csv {
        @Test
        void rfc4180WithHeaderCrlfQuotingAndNulls() {
            CliRunner.Result r = cli().run(
                            "db",
                            "sql",
                            "--output",
                            "csv",
                            "SELECT 1 AS n, 'a,b' AS comma, 'say \"hi\"' AS quote, E'two\\nlines' AS nl, '' AS empty, NULL AS nothing, "
                                    + "true AS yes, '{\"k\": 1}'::jsonb AS doc");
            assertEquals(0, r.exitCode(), r::toString);
            // Values in PostgreSQL's text form, as psql --csv and COPY … CSV print them (t for true, jsonb spacing).
            assertEquals(
                    "n,comma,quote,nl,empty,nothing,yes,doc\r\n"
                            + "1,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\"\",,t,\"{\"\"k\"\": 1}\"\r\n",
                    r.stdout());
        }

        @Test
        void csvStreamsLargeExportsWithoutALimit() {
            CliRunner.Result r = cli().run(
                            "db",
                            "sql",
                            "--output",
                            "csv",
                            "--max-rows",
                            "0",
                            "SELECT g AS id, md5(g::text) AS hash FROM generate_series(1, 20000) g");
            assertEquals(0, r.exitCode(), r::toString);
            List<String> lines = r.stdout().lines().toList();
            assertEquals(20001, lines.size());
            assertEquals("id,hash", lines.get(0));
            assertTrue(lines.get(20000).startsWith("20000,"), lines.get(20000));
            assertFalse(r.stderr().contains("rows were returned"), r::toString);
        }

        @Test
        void csvOfSeveralStatementsIsTheLastResult() {
            CliRunner.Result r =
                    cli().run("db", "sql", "--output", "csv", "SELECT 1 AS a; SELECT 'x' AS b UNION ALL SELECT 'y'");
            assertEquals(0, r.exitCode(), r::toString);
            assertEquals("b\r\nx\r\ny\r\n", r.stdout());
        }

        @Test
        void csvOfManyRowsAndTruncationWarningOnStderr() {
            CliRunner.Result r = cli().run(
                            "db",
                            "sql",
                            "--output",
                            "csv",
                            "--max-rows",
                            "3",
                            "SELECT g, g * 2 AS twice FROM generate_series(1, 5) g");
            assertEquals("g,twice\r\n1,2\r\n2,4\r\n3,6\r\n", r.stdout());
            assertTrue(r.stderr().contains("first 3 rows"), r::toString);
        }

        @Test
        void csvOfAnUpdatePrintsNothingOnStdout() {
            CliRunner.Result r =
                    cli().run("db", "sql", "--output", "csv", "UPDATE public.notes SET body = body WHERE false");
            assertEquals(0, r.exitCode(), r::toString);
            assertEquals("", r.stdout());
            assertTrue(r.stderr().contains("0 rows affected"), r::toString);
        }
    }

    @Nested
    class Statements {
        @Test
        void severalStatementsRunInOneTransactionAndTheLastRowsAreReported() {
            CliRunner.Result r = json("""
                    CREATE TEMP TABLE scratch (v int);
                    INSERT INTO scratch VALUES (1), (2), (3);
                    SELECT sum(v) AS total FROM scratch;
                    UPDATE scratch SET v = v + 1;""");
            assertEquals(0, r.exitCode(), r::toString);
            JsonNode j = r.json();
            assertEquals("rows", j.get("kind").asText());
            assertEquals("total", j.get("columns").get(0).get("name").asText());
            assertEquals(6, j.get("rows").get(0).get(0).asInt());
            assertEquals(4, j.get("statements").asInt());
        }

        @Test
        void withoutRowsTheLastUpdateCountIsReported() {
            CliRunner.Result r = json(
                    "INSERT INTO public.notes (body) VALUES ('m1'), ('m2'); DELETE FROM public.notes WHERE body IN ('m1', 'm2')");
            assertEquals("update", r.json().get("kind").asText(), r::toString);
            assertEquals(2, r.json().get("rowCount").asInt());
        }

        @Test
        void noticesAreReported() {
            CliRunner.Result r = json("DO $$ BEGIN RAISE NOTICE 'hello %', 42; END $$; SELECT 1");
            assertEquals(0, r.exitCode(), r::toString);
            assertTrue(r.json().get("notices").toString().contains("hello 42"), r::toString);
            assertTrue(r.stderr().contains("notice: hello 42"), r::toString);
            CliRunner.Result quiet = json("DO $$ BEGIN RAISE NOTICE 'hello %', 42; END $$", "--quiet");
            assertFalse(quiet.stderr().contains("notice"), quiet::toString);
        }

        @Test
        void savepointsWork() {
            CliRunner.Result r = json("""
                    INSERT INTO public.notes (body) VALUES ('kept');
                    SAVEPOINT s;
                    INSERT INTO public.notes (body) VALUES ('undone');
                    ROLLBACK TO SAVEPOINT s;
                    SELECT count(*) FILTER (WHERE body = 'kept'), count(*) FILTER (WHERE body = 'undone') FROM public.notes""");
            assertEquals(0, r.exitCode(), r::toString);
            assertEquals(1, r.json().get("rows").get(0).get(0).asInt());
            assertEquals(0, r.json().get("rows").get(0).get(1).asInt());
        }
    }
}
