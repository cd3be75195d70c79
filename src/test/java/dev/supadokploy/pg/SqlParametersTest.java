package dev.supadokploy.pg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.supadokploy.errors.ErrorCode;
import dev.supadokploy.errors.SupaException;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The $n lexer: what is a parameter, what is data, and what pgjdbc must see as a literal '?'. */
class SqlParametersTest {

    private static SqlParameters.Rewritten rewrite(String sql) {
        return SqlParameters.rewrite(sql, true);
    }

    @Nested
    class Placeholders {
        @Test
        void simpleParametersBecomeQuestionMarks() {
            SqlParameters.Rewritten r = rewrite("SELECT * FROM t WHERE a = $1 AND b = $2");
            assertEquals("SELECT * FROM t WHERE a = ? AND b = ?", r.jdbcSql());
            assertEquals(List.of(1, 2), r.order());
            assertEquals(2, r.highest());
        }

        @Test
        void reusedAndReorderedParametersBindInOrderOfAppearance() {
            SqlParameters.Rewritten r = rewrite("SELECT $2, $1, $2::int + $10");
            assertEquals("SELECT ?, ?, ?::int + ?", r.jdbcSql());
            assertEquals(List.of(2, 1, 2, 10), r.order());
            assertEquals(10, r.highest());
        }

        @Test
        void parameterNextToOperatorsAndParentheses() {
            assertEquals("SELECT (?)+(?)", rewrite("SELECT ($1)+($2)").jdbcSql());
            assertEquals("SELECT ?||?", rewrite("SELECT $1||$2").jdbcSql());
            assertEquals("SELECT ARRAY[?,?]", rewrite("SELECT ARRAY[$1,$2]").jdbcSql());
        }

        @Test
        void dollarInsideAnIdentifierIsNotAParameter() {
            SqlParameters.Rewritten r = rewrite("SELECT a$1, foo$bar$ FROM t$2");
            assertEquals("SELECT a$1, foo$bar$ FROM t$2", r.jdbcSql());
            assertTrue(r.order().isEmpty());
        }

        @Test
        void noParameters() {
            SqlParameters.Rewritten r = rewrite("SELECT 1");
            assertEquals("SELECT 1", r.jdbcSql());
            assertEquals(0, r.highest());
        }
    }

    @Nested
    class Literals {
        @ParameterizedTest
        @ValueSource(
                strings = {
                    "SELECT '$1'",
                    "SELECT 'it''s $1'",
                    "SELECT '?'",
                    "SELECT 'a\\' || '$1'", // standard strings: a backslash is just a character, '$1' is a new literal
                    "SELECT E'it\\'s $1 ?'",
                    "SELECT e'\\\\' || '$1'",
                    "SELECT E'x''$1'",
                    "SELECT U&'d\\0061t$1'",
                    "SELECT B'0101', X'1F', N'$1'",
                    "SELECT \"$1\"",
                    "SELECT \"a\"\"$1?\"",
                    "SELECT $$ $1 ? $$",
                    "SELECT $tag$ it's $1 $$ still ? $tag$",
                    "SELECT $a$ $b$ $1 $b$ $a$",
                    "SELECT $_1$ $1 $_1$",
                    "SELECT 1 -- $1 ?",
                    "SELECT 1 /* $1 ? */",
                    "SELECT 1 /* outer /* inner $1 */ still comment ? $2 */"
                })
        void placeholdersAndQuestionMarksInsideLiteralsAndCommentsAreData(String sql) {
            SqlParameters.Rewritten r = rewrite(sql);
            assertEquals(sql, r.jdbcSql(), "nothing to rewrite");
            assertTrue(r.order().isEmpty());
            assertEquals(0, r.questionMarks());
        }

        @Test
        void parameterAfterALiteralIsStillAParameter() {
            assertEquals("SELECT 'it''s', ?", rewrite("SELECT 'it''s', $1").jdbcSql());
            assertEquals("SELECT E'\\'', ?", rewrite("SELECT E'\\'', $1").jdbcSql());
            assertEquals("SELECT $$x$$, ?", rewrite("SELECT $$x$$, $1").jdbcSql());
            assertEquals("SELECT 1 -- c\n, ?", rewrite("SELECT 1 -- c\n, $1").jdbcSql());
            assertEquals(
                    "SELECT /* a /* b */ c */ ?",
                    rewrite("SELECT /* a /* b */ c */ $1").jdbcSql());
        }

        @Test
        void eOnlyStartsAnEscapeStringAsATokenOfItsOwn() {
            // "somee'…'" is the identifier somee followed by a standard string, where \' does not escape.
            SqlParameters.Rewritten r = rewrite("SELECT somee'\\', $1");
            assertEquals("SELECT somee'\\', ?", r.jdbcSql());
            assertEquals(List.of(1), r.order());
        }

        @Test
        void withoutStandardConformingStringsBackslashEscapesInPlainStrings() {
            SqlParameters.Rewritten off = SqlParameters.rewrite("SELECT 'a\\' $1 ?', $2", false);
            assertEquals("SELECT 'a\\' $1 ?', ?", off.jdbcSql());
            assertEquals(List.of(2), off.order());
            SqlParameters.Rewritten on = SqlParameters.rewrite("SELECT 'a\\', $1", true);
            assertEquals(List.of(1), on.order());
        }

        @Test
        void dollarQuoteMustCloseWithTheSameTag() {
            SqlParameters.Rewritten r = rewrite("SELECT $f$ $g$ $1 $f$, $1");
            assertEquals("SELECT $f$ $g$ $1 $f$, ?", r.jdbcSql());
        }

        @Test
        void loneDollarAndUnterminatedTagAreLeftAlone() {
            assertEquals("SELECT $ + ?", rewrite("SELECT $ + $1").jdbcSql());
            assertEquals("SELECT $foo + ?", rewrite("SELECT $foo + $1").jdbcSql());
        }

        @Test
        void unterminatedLiteralsRunToTheEnd() {
            assertTrue(rewrite("SELECT 'abc $1").order().isEmpty());
            assertTrue(rewrite("SELECT $$abc $1").order().isEmpty());
            assertTrue(rewrite("SELECT /* abc $1").order().isEmpty());
            assertTrue(rewrite("SELECT \"abc $1").order().isEmpty());
        }

        @Test
        void unicodeAroundParameters() {
            SqlParameters.Rewritten r = rewrite("SELECT 'ünïcødé 🐘 $1', \"naïve\" = $1 -- ☃ $2");
            assertEquals("SELECT 'ünïcødé 🐘 $1', \"naïve\" = ? -- ☃ $2", r.jdbcSql());
            assertEquals(List.of(1), r.order());
        }
    }

    @Nested
    class QuestionMarks {
        @Test
        void jsonbOperatorsAreEscapedForPgjdbc() {
            SqlParameters.Rewritten r = rewrite(
                    "SELECT data ? 'a', data ?| array['a'], data ?& array['b'], p @? '$.a' FROM t WHERE x = $1");
            assertEquals(
                    "SELECT data ?? 'a', data ??| array['a'], data ??& array['b'], p @?? '$.a' FROM t WHERE x = ?",
                    r.jdbcSql());
            assertEquals(List.of(1), r.order());
            assertEquals(4, r.questionMarks());
        }
    }

    @Nested
    class Counting {
        @Test
        void exactCountPasses() {
            SqlParameters.checkCount(rewrite("SELECT $2, $1, $2"), 2);
            SqlParameters.checkCount(rewrite("SELECT 1"), 0);
        }

        @ParameterizedTest
        @CsvSource(
                delimiter = '|',
                value = {
                    "SELECT $1, $2 | 1",
                    "SELECT $1 | 2",
                    "SELECT 1 | 1",
                    "SELECT $1, $3 | 3",
                    "SELECT $1, $3 | 2",
                    "SELECT '$1' | 1"
                })
        void mismatchIsACodedError(String sql, int given) {
            SupaException e = assertThrows(SupaException.class, () -> SqlParameters.checkCount(rewrite(sql), given));
            assertEquals(ErrorCode.QUERY_PARAMETER_MISMATCH, e.code());
            assertTrue(e.suggestion() != null && !e.suggestion().isBlank());
        }

        @Test
        void jdbcStyleQuestionMarkGetsAHint() {
            SupaException e = assertThrows(
                    SupaException.class, () -> SqlParameters.checkCount(rewrite("SELECT * FROM t WHERE a = ?"), 1));
            assertTrue(e.getMessage().contains("? is an operator"), e.getMessage());
        }

        @Test
        void gapIsNamed() {
            SupaException e =
                    assertThrows(SupaException.class, () -> SqlParameters.checkCount(rewrite("SELECT $1, $3"), 3));
            assertTrue(e.getMessage().contains("not $2"), e.getMessage());
        }
    }

    @Nested
    class Statements {
        private List<SqlStatements.Statement> split(String sql) {
            return SqlStatements.split(sql, true);
        }

        @Test
        void splitsAtTopLevelSemicolonsOnly() {
            List<SqlStatements.Statement> s = split("SELECT ';'; SELECT $$;$$; -- ;\nSELECT \";\" /* ; */;;");
            assertEquals(3, s.size());
            assertEquals("SELECT ';'", s.get(0).text());
            assertEquals("SELECT $$;$$", s.get(1).text());
            assertEquals("SELECT \";\"", s.get(2).text());
        }

        @Test
        void emptyAndCommentOnlyTextHasNoStatements() {
            assertTrue(split("").isEmpty());
            assertTrue(split("  ;; -- nothing\n /* here */").isEmpty());
        }

        @Test
        void beginAtomicBodyIsOneStatement() {
            List<SqlStatements.Statement> s = split("""
                    CREATE OR REPLACE FUNCTION f(a int) RETURNS int LANGUAGE sql
                    BEGIN ATOMIC
                      SELECT CASE WHEN a > 0 THEN 1 ELSE 0 END;
                      SELECT a + 1;
                    END;
                    SELECT f(1)""");
            assertEquals(2, s.size(), s.toString());
            assertTrue(s.get(0).text().endsWith("END"));
            assertEquals("SELECT f(1)", s.get(1).text());
        }

        @Test
        void doBlocksAndPlpgsqlBodiesAreLiterals() {
            List<SqlStatements.Statement> s = split("DO $$ BEGIN PERFORM 1; COMMIT; END $$; SELECT 1");
            assertEquals(2, s.size());
            SqlStatements.refuseTransactionControl(s); // the COMMIT is inside the body: the server refuses it there
        }

        @ParameterizedTest
        @ValueSource(
                strings = {
                    "BEGIN",
                    "begin; select 1",
                    "SELECT 1; COMMIT",
                    "select 1; commit and chain",
                    "END",
                    "ROLLBACK",
                    "rollback and chain",
                    "ABORT",
                    "START TRANSACTION READ WRITE",
                    "PREPARE TRANSACTION 'x'",
                    "/* sneaky */ COMMIT; DELETE FROM t",
                    "SELECT 1;\n-- c\nCOMMIT",
                    "COMMIT PREPARED 'x'"
                })
        void transactionControlIsRefused(String sql) {
            SupaException e =
                    assertThrows(SupaException.class, () -> SqlStatements.refuseTransactionControl(split(sql)));
            assertEquals(ErrorCode.VALIDATION_INVALID_INPUT, e.code());
        }

        @ParameterizedTest
        @ValueSource(
                strings = {
                    "SAVEPOINT a; SELECT 1; ROLLBACK TO SAVEPOINT a",
                    "ROLLBACK TO a",
                    "rollback work to savepoint a",
                    "RELEASE SAVEPOINT a",
                    "SELECT 1 AS begin",
                    "SELECT 'COMMIT'",
                    "PREPARE q AS SELECT 1",
                    "START_TIME",
                    "SELECT commit FROM t",
                    "SET TRANSACTION ISOLATION LEVEL SERIALIZABLE"
                })
        void everythingElseIsAllowed(String sql) {
            SqlStatements.refuseTransactionControl(split(sql));
        }

        @Test
        void leadingWordsStopAtTheFirstNonWord() {
            assertEquals(
                    List.of("ROLLBACK", "TO"), split("ROLLBACK TO \"a\"").get(0).leadingWords());
            assertEquals(List.of("SELECT"), split("SELECT (1)").get(0).leadingWords());
            assertNull(SqlStatements.transactionControl(List.of("SELECT")));
        }

        @Test
        void afterSeparatorIsWherePgjdbcStartsTheStatement() {
            List<SqlStatements.Statement> s = split("SELECT 1; /* c */ SELECT 2");
            assertEquals(0, s.get(0).afterSeparator());
            assertEquals(9, s.get(1).afterSeparator());
            assertEquals(18, s.get(1).start());
        }
    }
}
