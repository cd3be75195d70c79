package dev.supadokploy.pg;

import dev.supadokploy.errors.ErrorCode;
import dev.supadokploy.errors.SupaException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where one statement ends and the next begins, and which statements would end the transaction a
 * query is run in. Splits at top-level semicolons the way psql does, including its heuristic for
 * SQL-standard function bodies ({@code CREATE FUNCTION … BEGIN ATOMIC …; END}), whose semicolons do
 * not end the statement.
 */
public final class SqlStatements {
    private SqlStatements() {}

    /**
     * One statement: its text (without the final semicolon) and its leading words, upper-cased (at
     * most three, enough to tell {@code ROLLBACK TO SAVEPOINT} from {@code ROLLBACK}).
     *
     * @param afterSeparator where the text after the previous semicolon begins (0 for the first
     *                       statement): pgjdbc sends that, comments and whitespace included, so the server's
     *                       error positions count from there
     * @param start          where the statement's first token begins
     */
    public record Statement(int afterSeparator, int start, int end, String text, List<String> leadingWords) {
        public String firstWord() {
            return leadingWords.isEmpty() ? "" : leadingWords.get(0);
        }
    }

    /** The statements of {@code sql}; empty ones (stray semicolons, only comments) are left out. */
    public static List<Statement> split(String sql, boolean standardConformingStrings) {
        List<Statement> statements = new ArrayList<>();
        List<SqlLexer.Token> current = new ArrayList<>();
        SplitState state = new SplitState();
        int afterSeparator = 0;
        for (SqlLexer.Token t : SqlLexer.tokenize(sql, standardConformingStrings)) {
            if (t.kind() == SqlLexer.Kind.SEMICOLON && state.parenDepth <= 0 && state.beginDepth <= 0) {
                add(statements, sql, afterSeparator, current);
                afterSeparator = t.end();
                current = new ArrayList<>();
                state = new SplitState();
                continue;
            }
            state.see(t);
            current.add(t);
        }
        add(statements, sql, afterSeparator, current);
        return statements;
    }

    /**
     * Refuses statements that end or start a transaction. The caller runs everything in one transaction
     * it opens and closes itself (read-only, with a role and a timeout that are {@code SET LOCAL}); a
     * COMMIT in the middle would run the rest outside it, unrestricted. Savepoints stay allowed.
     */
    public static void refuseTransactionControl(List<Statement> statements) {
        for (Statement s : statements) {
            String verb = transactionControl(s.leadingWords());
            if (verb != null) {
                throw new SupaException(
                        ErrorCode.VALIDATION_INVALID_INPUT,
                        verb + " is not allowed here: the query already runs in one transaction that is committed "
                                + "at the end (rolled back on error or when read-only)",
                        "Leave out BEGIN/COMMIT/ROLLBACK; use SAVEPOINT and ROLLBACK TO SAVEPOINT for partial undo, "
                                + "and psql for statements that must run outside a transaction (VACUUM, CREATE INDEX CONCURRENTLY).",
                        Map.of("statement", abbreviate(s.text())),
                        null);
            }
        }
    }

    /** The refused verb, or null when the statement may run inside our transaction. */
    static String transactionControl(List<String> words) {
        if (words.isEmpty()) {
            return null;
        }
        String first = words.get(0);
        String second = words.size() > 1 ? words.get(1) : "";
        switch (first) {
            case "BEGIN", "COMMIT", "END", "ABORT":
                return first;
            case "START":
                return second.equals("TRANSACTION") ? "START TRANSACTION" : null;
            case "PREPARE":
                return second.equals("TRANSACTION") ? "PREPARE TRANSACTION" : null;
            case "ROLLBACK": {
                // ROLLBACK [WORK | TRANSACTION] TO [SAVEPOINT] name undoes part of the transaction and keeps it open.
                int i = second.equals("WORK") || second.equals("TRANSACTION") ? 2 : 1;
                return i < words.size() && words.get(i).equals("TO") ? null : "ROLLBACK";
            }
            default:
                return null;
        }
    }

    private static void add(List<Statement> into, String sql, int afterSeparator, List<SqlLexer.Token> tokens) {
        List<String> words = new ArrayList<>();
        boolean leading = true;
        int start = -1;
        int end = -1;
        for (SqlLexer.Token t : tokens) {
            if (t.isBlank()) {
                continue;
            }
            if (start < 0) {
                start = t.start();
            }
            end = t.end();
            // Only the words before anything else count: "SELECT 1 AS begin" does not start with BEGIN.
            if (leading && words.size() < 3) {
                if (t.kind() == SqlLexer.Kind.WORD) {
                    words.add(t.text().toUpperCase(Locale.ROOT));
                } else {
                    leading = false;
                }
            }
        }
        if (start >= 0) {
            into.add(new Statement(afterSeparator, start, end, sql.substring(start, end), List.copyOf(words)));
        }
    }

    private static String abbreviate(String s) {
        String one = s.replaceAll("\\s+", " ").trim();
        return one.length() <= 80 ? one : one.substring(0, 79) + "…";
    }

    /**
     * psql's heuristic (psqlscan.l): in a statement that starts CREATE [OR REPLACE] FUNCTION|PROCEDURE,
     * outside parentheses, BEGIN opens a block, CASE inside a block opens another, END closes one.
     */
    private static final class SplitState {
        int parenDepth;
        int beginDepth;
        private final List<String> firstWords = new ArrayList<>();

        void see(SqlLexer.Token t) {
            switch (t.kind()) {
                case OPEN_PAREN -> parenDepth++;
                case CLOSE_PAREN -> parenDepth--;
                case WORD -> word(t.text().toUpperCase(Locale.ROOT));
                default -> {}
            }
        }

        private void word(String w) {
            if (firstWords.size() < 4) {
                firstWords.add(w);
            }
            if (!createsRoutine() || parenDepth > 0) {
                return;
            }
            switch (w) {
                case "BEGIN" -> beginDepth++;
                case "CASE" -> {
                    if (beginDepth >= 1) {
                        beginDepth++;
                    }
                }
                case "END" -> {
                    if (beginDepth > 0) {
                        beginDepth--;
                    }
                }
                default -> {}
            }
        }

        private boolean createsRoutine() {
            if (firstWords.size() < 2 || !firstWords.get(0).equals("CREATE")) {
                return false;
            }
            String second = firstWords.get(1);
            if (second.equals("FUNCTION") || second.equals("PROCEDURE")) {
                return true;
            }
            return second.equals("OR")
                    && firstWords.size() >= 4
                    && firstWords.get(2).equals("REPLACE")
                    && (firstWords.get(3).equals("FUNCTION")
                            || firstWords.get(3).equals("PROCEDURE"));
        }
    }
}
