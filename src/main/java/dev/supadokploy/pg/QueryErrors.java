package dev.supadokploy.pg;

import dev.supadokploy.errors.ErrorCode;
import dev.supadokploy.errors.SupaException;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * Turns the failure of a statement the server ran into a coded error that says what happened and
 * what to do: syntax errors with line and column, permission and read-only refusals naming the role,
 * timeouts naming the limit. Connection failures go through {@link PgErrors}.
 */
public final class QueryErrors {
    private static final Pattern NEAR_TOKEN = Pattern.compile("at or near \"(.*)\"", Pattern.DOTALL);

    private QueryErrors() {}

    /**
     * What the query was and how it ran, for the message.
     *
     * @param statements         the query's statements (for positions in multi-statement queries)
     * @param role               the role the query ran as
     * @param timeoutDescription the statement_timeout that was set ("200ms"), or null
     * @param readOnlySuggestion how to allow writes here (differs between an agent and a terminal)
     */
    public record Context(
            String sql,
            List<SqlStatements.Statement> statements,
            String role,
            String timeoutDescription,
            String readOnlySuggestion) {}

    public static SupaException fromQuery(SQLException e, Context ctx) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        ServerErrorMessage server = e instanceof PSQLException p ? p.getServerErrorMessage() : null;
        String message = server != null && server.getMessage() != null
                ? server.getMessage()
                : PgErrors.firstLine(e.getMessage());
        Map<String, Object> details = new LinkedHashMap<>();
        if (!state.isEmpty()) {
            details.put("sqlState", state);
        }
        if (server != null) {
            putIfPresent(details, "detail", server.getDetail());
            putIfPresent(details, "hint", server.getHint());
            putIfPresent(details, "schema", server.getSchema());
            putIfPresent(details, "table", server.getTable());
            putIfPresent(details, "column", server.getColumn());
            putIfPresent(details, "constraint", server.getConstraint());
        }
        String as = ctx.role() == null ? "" : " (as role " + ctx.role() + ")";
        if (state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03")) {
            return new SupaException(
                    ErrorCode.CONNECTION_LOST,
                    "The connection broke while the query ran: " + message,
                    "Check the server (restart, failover, or a pooler that closed the connection) and run the query again; "
                            + "a write may or may not have been committed.",
                    details,
                    e);
        }
        switch (state) {
            case "42601": {
                if (message.contains("cannot insert multiple commands into a prepared statement")) {
                    // pgjdbc keeps everything after a BEGIN ATOMIC function body as one statement.
                    return new SupaException(
                            ErrorCode.QUERY_FAILED,
                            "The statements could not be split: " + message,
                            "Run a CREATE FUNCTION … BEGIN ATOMIC … END on its own, without further statements after it.",
                            details,
                            e);
                }
                String where = locate(server, message, ctx, details);
                return new SupaException(
                        ErrorCode.QUERY_SYNTAX_ERROR,
                        "Syntax error: " + message + where,
                        (where.isEmpty() ? "Fix the SQL near the token named" : "Fix the SQL at the position shown")
                                + "; parameters are written $1, $2… and string literals in single quotes.",
                        details,
                        e);
            }
            case "42501":
                return new SupaException(
                        ErrorCode.QUERY_PERMISSION_DENIED,
                        capitalize(message) + as,
                        "Run as a role that holds the privilege: targetSchema auth or storage picks Supabase's owner roles "
                                + "(CLI: --target-schema, --role), or GRANT the privilege to "
                                + (ctx.role() == null ? "the role" : ctx.role()) + ".",
                        details,
                        e);
            case "25006":
                return new SupaException(
                        ErrorCode.QUERY_READ_ONLY,
                        "The query tried to write in a read-only transaction: " + message,
                        ctx.readOnlySuggestion(),
                        details,
                        e);
            case "25001":
                if (message.contains("read-write")) {
                    return new SupaException(
                            ErrorCode.QUERY_READ_ONLY,
                            "The transaction is read-only and stays so: " + message,
                            ctx.readOnlySuggestion(),
                            details,
                            e);
                }
                return new SupaException(
                        ErrorCode.QUERY_FAILED,
                        capitalize(message),
                        "The query runs inside a transaction; run this statement with psql instead.",
                        details,
                        e);
            case "57014":
                if (message.contains("statement timeout")) {
                    return new SupaException(
                            ErrorCode.QUERY_TIMEOUT,
                            "The query ran longer than its statement_timeout"
                                    + (ctx.timeoutDescription() == null ? "" : " of " + ctx.timeoutDescription())
                                    + " and was cancelled" + as,
                            "Raise the limit (CLI: --timeout 2m; MCP: timeout), or make the query cheaper (EXPLAIN it, add an index, LIMIT it).",
                            details,
                            e);
                }
                return new SupaException(
                        ErrorCode.INTERRUPTED,
                        "The query was cancelled: " + message,
                        "Nothing was committed; run it again if that was not intended.",
                        details,
                        e);
            case "55P03":
                return new SupaException(
                        ErrorCode.QUERY_TIMEOUT,
                        "The query waited too long for a lock: " + message,
                        "Find the session holding the lock (supa-dokploy db connections; pg_locks) and run the query again.",
                        details,
                        e);
            case "2D000":
                return new SupaException(
                        ErrorCode.QUERY_FAILED,
                        capitalize(message),
                        "Procedures and DO blocks cannot COMMIT or ROLLBACK here: the query already runs in one transaction.",
                        details,
                        e);
            case "42P01":
            case "3F000":
                return new SupaException(
                        ErrorCode.QUERY_FAILED,
                        capitalize(message) + as,
                        "Qualify the name with its schema (auth.users, storage.objects), or set targetSchema "
                                + "(CLI: --target-schema) to put that schema first on the search_path.",
                        details,
                        e);
            case "40001":
            case "40P01":
                return new SupaException(
                        ErrorCode.QUERY_FAILED,
                        capitalize(message),
                        "Another transaction conflicted with this one; nothing was committed. Run the query again.",
                        details,
                        e);
            default:
                return new SupaException(
                        ErrorCode.QUERY_FAILED,
                        capitalize(message) + as,
                        "Check the query against the error" + (state.isEmpty() ? "." : " (SQLSTATE " + state + ")."),
                        details,
                        e);
        }
    }

    /**
     * The role switch failed: the role is missing (22023) or the login may not assume it (42501).
     *
     * @param login the role the connection logged in as
     */
    public static SupaException fromRoleSwitch(SQLException e, String role, String login) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        ServerErrorMessage server = e instanceof PSQLException p ? p.getServerErrorMessage() : null;
        String message = server != null && server.getMessage() != null
                ? server.getMessage()
                : PgErrors.firstLine(e.getMessage());
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("role", role);
        if (login != null) {
            details.put("login", login);
        }
        details.put("sqlState", state);
        if ("22023".equals(state)) {
            return new SupaException(
                    ErrorCode.QUERY_ROLE_NOT_ALLOWED,
                    "Role '" + role + "' does not exist in this database cluster",
                    "Check the role name (Supabase: supabase_auth_admin, supabase_storage_admin, authenticator, service_role …), "
                            + "or leave out the role to run as " + (login == null ? "the login" : login) + ".",
                    details,
                    e);
        }
        if ("42501".equals(state)) {
            String who = login == null ? "the login role" : "'" + login + "'";
            return new SupaException(
                    ErrorCode.QUERY_ROLE_NOT_ALLOWED,
                    "Login " + who + " cannot assume role '" + role + "': " + message,
                    "As a superuser: GRANT " + PgIdentifiers.quote(role) + " TO "
                            + (login == null ? "<login>" : PgIdentifiers.quote(login))
                            + "; or connect as a role that is a member of " + role
                            + ", or run without the role switch.",
                    details,
                    e);
        }
        return new SupaException(
                ErrorCode.QUERY_FAILED,
                "Preparing the transaction (role " + role + ") failed: " + message,
                "Check the role and the connection's permissions.",
                details,
                e);
    }

    /**
     * " at line L, column C" for a syntax error, and the same in details. The server counts characters
     * (not UTF-16 units) from the start of the statement it was sent; with several statements pgjdbc sends
     * them one by one, so the statement whose text has the reported token at that position is taken.
     * pgjdbc sends $n renumbered in order of appearance, which keeps positions unless the number of
     * digits changes (a query using $1 ten times): then the position can be off by a few characters.
     */
    private static String locate(ServerErrorMessage server, String message, Context ctx, Map<String, Object> details) {
        if (server == null || server.getPosition() <= 0 || ctx.sql() == null) {
            return "";
        }
        int position = server.getPosition();
        details.put("position", position);
        Matcher near = NEAR_TOKEN.matcher(message);
        String token = near.find() ? near.group(1) : null;
        Integer offset = null;
        for (SqlStatements.Statement s : ctx.statements()) {
            Integer candidate = offsetOf(ctx.sql(), s.afterSeparator(), position);
            if (candidate == null) {
                continue;
            }
            if (ctx.statements().size() == 1 || token != null && ctx.sql().startsWith(token, candidate)) {
                offset = candidate;
                break;
            }
        }
        if (offset == null && ctx.statements().size() <= 1) {
            offset = offsetOf(ctx.sql(), 0, position);
        }
        if (offset == null) {
            return "";
        }
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < offset; i++) {
            if (ctx.sql().charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        int column = ctx.sql().codePointCount(lineStart, offset) + 1;
        details.put("line", line);
        details.put("column", column);
        return " (line " + line + ", column " + column + ")";
    }

    /** The UTF-16 offset of the 1-based character {@code position} counted from {@code base}, null past the end. */
    private static Integer offsetOf(String sql, int base, int position) {
        try {
            int offset = sql.offsetByCodePoints(base, position - 1);
            return offset < sql.length() ? offset : null;
        } catch (IndexOutOfBoundsException e) {
            return null;
        }
    }

    private static void putIfPresent(Map<String, Object> details, String key, String value) {
        if (value != null && !value.isEmpty()) {
            details.put(key, value);
        }
    }

    private static String capitalize(String s) {
        return s == null || s.isEmpty() ? "" : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
