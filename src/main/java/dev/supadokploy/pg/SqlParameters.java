package dev.supadokploy.pg;

import dev.supadokploy.errors.ErrorCode;
import dev.supadokploy.errors.SupaException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Makes PostgreSQL-style {@code $1, $2…} placeholders usable through pgjdbc, which only understands
 * JDBC's {@code ?}. Every {@code $n} outside literals, quoted identifiers and comments becomes a
 * {@code ?}, and every {@code ?} that is SQL (the jsonb operators {@code ?}, {@code ?|}, {@code ?&})
 * becomes {@code ??}, pgjdbc's escape for a literal question mark. Because a {@code ?} binds by
 * position, {@link Rewritten#order()} says which value goes to each: {@code $2 … $1 … $2} binds
 * values 2, 1, 2. Values are always bound, never spliced into the SQL text.
 */
public final class SqlParameters {
    private SqlParameters() {}

    /**
     * @param jdbcSql       the SQL for {@code Connection.prepareStatement}
     * @param order         for each {@code ?} in jdbcSql, in order, the 1-based number of the {@code $n} it replaced
     * @param referenced    the distinct parameter numbers the SQL uses
     * @param questionMarks how many literal {@code ?} operators the SQL has (a hint when someone wrote
     *                      JDBC-style placeholders by mistake)
     */
    public record Rewritten(String jdbcSql, List<Integer> order, TreeSet<Integer> referenced, int questionMarks) {
        /** The highest {@code $n}, 0 when there is none. */
        public int highest() {
            return referenced.isEmpty() ? 0 : referenced.last();
        }
    }

    public static Rewritten rewrite(String sql, boolean standardConformingStrings) {
        StringBuilder out = new StringBuilder(sql.length() + 8);
        List<Integer> order = new ArrayList<>();
        TreeSet<Integer> referenced = new TreeSet<>();
        int questionMarks = 0;
        for (SqlLexer.Token t : SqlLexer.tokenize(sql, standardConformingStrings)) {
            switch (t.kind()) {
                case PARAMETER -> {
                    int n = t.parameterNumber();
                    order.add(n);
                    referenced.add(n);
                    out.append('?');
                }
                case QUESTION_MARK -> {
                    questionMarks++;
                    out.append("??");
                }
                default -> out.append(t.text());
            }
        }
        return new Rewritten(out.toString(), List.copyOf(order), referenced, questionMarks);
    }

    /**
     * Checks that {@code given} values cover exactly the parameters the SQL uses: $1…$N, each one
     * referenced, N values. A gap ($1 and $3 without $2) or a value too many is almost always a mistake,
     * and the server would only say "could not determine data type of parameter $2".
     */
    public static void checkCount(Rewritten rewritten, int given) {
        int highest = rewritten.highest();
        if (given == highest) {
            for (int n = 1; n <= highest; n++) {
                if (!rewritten.referenced().contains(n)) {
                    throw mismatch(
                            "The query uses $" + highest + " but not $" + n + "; " + given + " value(s) were given",
                            "Number the placeholders $1, $2… without gaps, one value per placeholder.",
                            rewritten,
                            given);
                }
            }
            return;
        }
        if (highest == 0) {
            throw mismatch(
                    given + " parameter value(s) given but the query has no $1, $2… placeholders"
                            + (rewritten.questionMarks() > 0 ? " (a ? is an operator here, not a placeholder)" : ""),
                    "Refer to the values as $1, $2… in the query, or drop the parameters.",
                    rewritten,
                    given);
        }
        throw mismatch(
                "The query uses placeholders up to $" + highest + " but " + given + " value(s) were given",
                "Give exactly one value per placeholder, in order: " + highest + " value(s) for $1…$" + highest + ".",
                rewritten,
                given);
    }

    private static SupaException mismatch(String message, String suggestion, Rewritten r, int given) {
        return new SupaException(
                ErrorCode.QUERY_PARAMETER_MISMATCH,
                message,
                suggestion,
                Map.of("placeholders", List.copyOf(r.referenced()), "valuesGiven", given),
                null);
    }
}
