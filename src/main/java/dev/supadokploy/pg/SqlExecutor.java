package dev.supadokploy.pg;

import com.fasterxml.jackson.databind.JsonNode;
import dev.supadokploy.errors.ErrorCode;
import dev.supadokploy.errors.SupaException;
import dev.supadokploy.util.Json;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.postgresql.PGConnection;
import org.postgresql.core.BaseConnection;

/**
 * Runs SQL in one transaction it owns, in this order and in as few round trips as pgjdbc allows:
 * <ol>
 *   <li>{@code BEGIN}, sent by pgjdbc together with the next statement;</li>
 *   <li>one setup {@code SELECT} of {@code set_config(…, true)} calls, the function form of
 *       {@code SET LOCAL} (as PostgREST does it), so the values are bound parameters and never need quoting:
 *       {@code transaction_read_only}, {@code statement_timeout}, {@code lock_timeout},
 *       {@code idle_in_transaction_session_timeout}, {@code search_path}, and {@code role}, whose
 *       check hook refuses a role the login cannot assume just as {@code SET ROLE} does;</li>
 *   <li>the query, with its values bound as parameters of unspecified type, so the server infers each
 *       type from its use ({@code id = $1} makes it a uuid, {@code priority > $1} an integer);</li>
 *   <li>{@code SELECT current_user}: the role that really ran, after any SET/RESET ROLE in the query;</li>
 *   <li>{@code COMMIT}, or {@code ROLLBACK} on error and for read-only runs (whose NOTIFYs and temp tables
 *       should not outlive them either).</li>
 * </ol>
 * A read-only transaction cannot be made writable again once the setup SELECT has taken the first
 * snapshot, and statements that would end the transaction early are refused before anything is sent.
 *
 * <p>Several statements run in that one transaction; the result reported is that of the last statement
 * that returned rows, or, when none did, the update count of the last statement.
 */
public final class SqlExecutor {
    /** Rows fetched per round trip while streaming a single statement's result. */
    static final int FETCH_SIZE = 500;
    /** Rows per round trip when a {@link RowSink} takes them: bigger batches, still bounded memory. */
    static final int STREAM_FETCH_SIZE = 20_000;

    private static final int MAX_NOTICES = 100;
    /** Execution.truncatedBy when maxRows left rows out. */
    public static final String TRUNCATED_BY_ROWS = "rows";
    /** Execution.truncatedBy when maxBytes left rows out. */
    public static final String TRUNCATED_BY_BYTES = "bytes";

    private SqlExecutor() {}

    /**
     * @param params             values for $1, $2…; null elements are SQL NULL
     * @param role               role to switch to, or null to stay the login role
     * @param roleOnlyIfExists   switch only when the role exists (Supabase's realtime admin is optional)
     * @param schema             schema to put first on the search_path, or null
     * @param timeout            statement_timeout, or null for the server's setting
     * @param maxRows            rows to return at most; 0 for no limit
     * @param readOnlySuggestion how to allow writes, for the error a write gets in a read-only run
     * @param lockTimeout        lock_timeout, or null for the server's setting
     * @param idleTimeout        idle_in_transaction_session_timeout, or null for the server's setting
     * @param maxBytes           bytes of row JSON to return at most (rows past it are left out); 0 for no limit
     */
    public record Request(
            String sql,
            List<String> params,
            String role,
            boolean roleOnlyIfExists,
            String schema,
            boolean readOnly,
            Duration timeout,
            int maxRows,
            String readOnlySuggestion,
            Duration lockTimeout,
            Duration idleTimeout,
            long maxBytes) {

        public Request(
                String sql,
                List<String> params,
                String role,
                boolean roleOnlyIfExists,
                String schema,
                boolean readOnly,
                Duration timeout,
                int maxRows,
                String readOnlySuggestion) {
            this(
                    sql,
                    params,
                    role,
                    roleOnlyIfExists,
                    schema,
                    readOnly,
                    timeout,
                    maxRows,
                    readOnlySuggestion,
                    null,
                    null,
                    0);
        }
    }

    public record Column(String name, String type) {}

    /**
     * @param returnedRows whether the reported statement returned rows (columns/rows) or an update count
     * @param rowCount     rows returned (at most maxRows), or rows affected
     * @param truncatedBy  what left rows out: {@code rows} (maxRows) or {@code bytes} (maxBytes); null when none were
     * @param role         the role in effect when the statements ended (current_user: a RESET ROLE in them shows)
     * @param startRole    the role the statements started as (after the requested switch, if any)
     * @param login        the role the connection logged in as
     * @param statements   statements executed
     * @param notices      NOTICE/WARNING messages the server sent (RAISE NOTICE …)
     */
    public record Execution(
            List<Column> columns,
            List<List<JsonNode>> rows,
            boolean returnedRows,
            long rowCount,
            boolean truncated,
            String truncatedBy,
            double executionMs,
            String role,
            String startRole,
            String login,
            boolean readOnly,
            int statements,
            List<String> notices) {}

    public static Execution run(Connection conn, Request request) {
        return run(conn, request, null);
    }

    /**
     * With a sink, the reported result's rows go to it in text form as they arrive and the execution's
     * {@code rows} stay empty. A single statement streams straight through; with several, pgjdbc has
     * buffered every result already, and only the last one is handed on.
     */
    public static Execution run(Connection conn, Request request, RowSink sink) {
        checkNoNul(request);
        boolean standardStrings = standardConformingStrings(conn);
        List<SqlStatements.Statement> statements = SqlStatements.split(request.sql(), standardStrings);
        if (statements.isEmpty()) {
            throw new SupaException(
                    ErrorCode.VALIDATION_MISSING_INPUT,
                    "The query is empty",
                    "Give the SQL as the argument, with --file FILE, or on stdin with '-' (MCP: query).");
        }
        SqlStatements.refuseTransactionControl(statements);
        SqlParameters.Rewritten rewritten = SqlParameters.rewrite(request.sql(), standardStrings);
        SqlParameters.checkCount(rewritten, request.params().size());
        String login = login(conn);
        try {
            conn.setAutoCommit(false);
        } catch (SQLException e) {
            throw new SupaException(
                    ErrorCode.CONNECTION_LOST,
                    "Cannot start a transaction: " + PgErrors.firstLine(e.getMessage()),
                    "Check the connection and run the query again.",
                    e);
        }
        String role = setUp(conn, request, login);
        QueryErrors.Context errorContext = new QueryErrors.Context(
                request.sql(),
                statements,
                role,
                request.timeout() == null ? null : describe(request.timeout()),
                request.readOnlySuggestion());
        try {
            Execution execution = execute(conn, rewritten, request, role, login, sink, statements.size() > 1);
            if (request.readOnly()) {
                conn.rollback();
            } else {
                conn.commit();
            }
            return execution;
        } catch (SQLException e) {
            rollbackQuietly(conn);
            throw QueryErrors.fromQuery(e, errorContext);
        } catch (RuntimeException e) {
            rollbackQuietly(conn);
            throw e;
        }
    }

    /** Applies the transaction's settings; returns the role the query will run as. */
    private static String setUp(Connection conn, Request request, String login) {
        StringBuilder sql = new StringBuilder("SELECT current_user::text");
        List<String> values = new ArrayList<>();
        if (request.readOnly()) {
            sql.append(", set_config('transaction_read_only', 'on', true)");
        }
        if (request.timeout() != null) {
            sql.append(", set_config('statement_timeout', ?, true)");
            values.add(Long.toString(request.timeout().toMillis()));
        }
        if (request.lockTimeout() != null) {
            sql.append(", set_config('lock_timeout', ?, true)");
            values.add(Long.toString(request.lockTimeout().toMillis()));
        }
        if (request.idleTimeout() != null) {
            sql.append(", set_config('idle_in_transaction_session_timeout', ?, true)");
            values.add(Long.toString(request.idleTimeout().toMillis()));
        }
        if (request.schema() != null) {
            sql.append(", set_config('search_path', quote_ident(?) || ', ' || current_setting('search_path'), true)")
                    .append(", EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = ?)");
            values.add(request.schema());
            values.add(request.schema());
        }
        if (request.role() != null && request.roleOnlyIfExists()) {
            sql.append(
                    ", CASE WHEN EXISTS (SELECT 1 FROM pg_roles WHERE rolname = ?) THEN set_config('role', ?, true) END");
            values.add(request.role());
            values.add(request.role());
        } else if (request.role() != null) {
            sql.append(", set_config('role', ?, true)");
            values.add(request.role());
        }
        try (PreparedStatement ps = conn.prepareStatement(sql.toString())) {
            for (int i = 0; i < values.size(); i++) {
                ps.setString(i + 1, values.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                int columns = rs.getMetaData().getColumnCount();
                String currentUser = rs.getString(1);
                // Whether set_config or current_user is evaluated first, the role in effect afterwards is the
                // one set_config returned, or current_user when there was no switch.
                String switched = request.role() != null ? rs.getString(columns) : null;
                if (request.schema() != null && !rs.getBoolean(columns - (request.role() != null ? 1 : 0))) {
                    throw new SupaException(
                            ErrorCode.VALIDATION_INVALID_INPUT,
                            "Schema '" + request.schema() + "' does not exist in this database",
                            "Check the name (Supabase: auth, storage, realtime, public, extensions), or leave targetSchema out.");
                }
                return switched != null ? switched : currentUser;
            }
        } catch (SQLException e) {
            rollbackQuietly(conn);
            if (request.role() != null && ("42501".equals(e.getSQLState()) || "22023".equals(e.getSQLState()))) {
                throw QueryErrors.fromRoleSwitch(e, request.role(), login);
            }
            throw QueryErrors.fromQuery(
                    e, new QueryErrors.Context(null, List.of(), null, null, request.readOnlySuggestion()));
        } catch (RuntimeException e) {
            rollbackQuietly(conn);
            throw e;
        }
    }

    private static Execution execute(
            Connection conn,
            SqlParameters.Rewritten rewritten,
            Request request,
            String role,
            String login,
            RowSink sink,
            boolean severalStatements)
            throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement(rewritten.jdbcSql())) {
            List<Integer> order = rewritten.order();
            for (int i = 0; i < order.size(); i++) {
                String value = request.params().get(order.get(i) - 1);
                if (value == null) {
                    ps.setNull(i + 1, Types.OTHER);
                } else {
                    ps.setObject(i + 1, value, Types.OTHER);
                }
            }
            int limit = request.maxRows();
            if (limit > 0) {
                // One row more than wanted tells us the result was cut; pgjdbc passes the limit to the
                // server, which stops producing rows there.
                ps.setMaxRows(limit == Integer.MAX_VALUE ? limit : limit + 1);
            }
            // Streams a single statement's rows in batches (needs autocommit off); pgjdbc buffers
            // multi-statement results, which maxRows still bounds.
            int batch = sink == null ? FETCH_SIZE : STREAM_FETCH_SIZE;
            ps.setFetchSize(limit > 0 ? Math.min(batch, limit + 1) : batch);
            CellValues.load();
            long started = System.nanoTime();
            boolean isResultSet = ps.execute();
            RowsRead lastRows = null;
            long lastUpdateCount = 0;
            int executed = 0;
            while (true) {
                if (isResultSet) {
                    try (ResultSet rs = ps.getResultSet()) {
                        if (sink == null) {
                            lastRows = readRows(rs, limit, request.maxBytes());
                        } else if (severalStatements) {
                            lastRows = bufferTextRows(rs, limit);
                        } else {
                            lastRows = streamTextRows(rs, limit, sink);
                        }
                    }
                } else {
                    long count = ps.getLargeUpdateCount();
                    if (count == -1) {
                        break;
                    }
                    lastUpdateCount = count;
                }
                executed++;
                isResultSet = ps.getMoreResults();
            }
            if (sink != null && lastRows != null && lastRows.buffered() != null) {
                sink.start(lastRows.columns());
                lastRows.buffered().forEach(sink::row);
            }
            double ms = Math.round((System.nanoTime() - started) / 1e3) / 1e3;
            List<String> notices = notices(ps.getWarnings());
            String ranAs = currentUser(conn, role);
            if (lastRows != null) {
                return new Execution(
                        lastRows.columns(),
                        lastRows.rows(),
                        true,
                        lastRows.count(),
                        lastRows.truncatedBy() != null,
                        lastRows.truncatedBy(),
                        ms,
                        ranAs,
                        role,
                        login,
                        request.readOnly(),
                        executed,
                        notices);
            }
            return new Execution(
                    List.of(),
                    List.of(),
                    false,
                    lastUpdateCount,
                    false,
                    null,
                    ms,
                    ranAs,
                    role,
                    login,
                    request.readOnly(),
                    executed,
                    notices);
        }
    }

    /**
     * current_user once the statements have run: the SQL may have switched roles itself ({@code RESET ROLE},
     * {@code SET ROLE}), and the result must name the role that really ran, not the one asked for.
     */
    private static String currentUser(Connection conn, String fallback) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("SELECT current_user::text");
                ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getString(1) : fallback;
        }
    }

    /**
     * One statement's result: JSON rows, or, for a sink, the count (and the text rows when several
     * statements ran and this one may turn out to be the last).
     */
    private record RowsRead(
            List<Column> columns, List<List<JsonNode>> rows, List<String[]> buffered, long count, String truncatedBy) {}

    private static List<Column> columns(ResultSetMetaData md) throws SQLException {
        int n = md.getColumnCount();
        List<Column> columns = new ArrayList<>(n);
        for (int i = 1; i <= n; i++) {
            columns.add(new Column(md.getColumnLabel(i), md.getColumnTypeName(i)));
        }
        return List.copyOf(columns);
    }

    private static RowsRead streamTextRows(ResultSet rs, int limit, RowSink sink) throws SQLException {
        List<Column> columns = columns(rs.getMetaData());
        sink.start(columns);
        long count = 0;
        boolean truncated = false;
        while (rs.next()) {
            if (limit > 0 && count >= limit) {
                truncated = true;
                break;
            }
            sink.row(textRow(rs, columns.size()));
            count++;
        }
        return new RowsRead(columns, List.of(), null, count, truncated ? TRUNCATED_BY_ROWS : null);
    }

    private static RowsRead bufferTextRows(ResultSet rs, int limit) throws SQLException {
        List<Column> columns = columns(rs.getMetaData());
        List<String[]> rows = new ArrayList<>();
        boolean truncated = false;
        while (rs.next()) {
            if (limit > 0 && rows.size() >= limit) {
                truncated = true;
                break;
            }
            rows.add(textRow(rs, columns.size()));
        }
        return new RowsRead(columns, List.of(), rows, rows.size(), truncated ? TRUNCATED_BY_ROWS : null);
    }

    private static String[] textRow(ResultSet rs, int n) throws SQLException {
        String[] values = new String[n];
        for (int i = 0; i < n; i++) {
            values[i] = rs.getString(i + 1);
        }
        return values;
    }

    /**
     * JSON rows, at most {@code limit} of them and at most {@code maxBytes} of them as JSON (0: no limit for either):
     * the row that would pass the byte cap is left out with every row after it.
     */
    private static RowsRead readRows(ResultSet rs, int limit, long maxBytes) throws SQLException {
        List<Column> columns = columns(rs.getMetaData());
        int n = columns.size();
        String[] types = columns.stream().map(Column::type).toArray(String[]::new);
        List<List<JsonNode>> rows = new ArrayList<>();
        String truncatedBy = null;
        long bytes = 2; // the enclosing [ ]
        while (rs.next()) {
            if (limit > 0 && rows.size() >= limit) {
                truncatedBy = TRUNCATED_BY_ROWS;
                break;
            }
            List<JsonNode> row = new ArrayList<>(n);
            for (int i = 1; i <= n; i++) {
                row.add(CellValues.read(rs, i, types[i - 1]));
            }
            if (maxBytes > 0) {
                bytes += jsonBytes(row) + (rows.isEmpty() ? 0 : 1);
                if (bytes > maxBytes) {
                    truncatedBy = TRUNCATED_BY_BYTES;
                    break;
                }
            }
            rows.add(row);
        }
        return new RowsRead(columns, rows, null, rows.size(), truncatedBy);
    }

    /** The row's size as compact JSON, as the result will carry it. */
    private static long jsonBytes(List<JsonNode> row) {
        try {
            return Json.MAPPER.writeValueAsBytes(row).length;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a row of JSON values cannot be written: " + e.getMessage(), e);
        }
    }

    private static List<String> notices(SQLWarning warning) {
        List<String> notices = new ArrayList<>();
        for (SQLWarning w = warning; w != null && notices.size() < MAX_NOTICES; w = w.getNextWarning()) {
            notices.add(w.getMessage());
        }
        return notices;
    }

    /** PostgreSQL text cannot hold U+0000; say so plainly instead of failing in the driver. */
    private static void checkNoNul(Request request) {
        if (request.sql().indexOf('\0') >= 0) {
            throw SupaException.invalidInput(
                    "The query contains a NUL character (U+0000), which PostgreSQL text cannot hold",
                    "Remove it; for binary data bind a hex string and decode it with decode($1, 'hex').");
        }
        for (int i = 0; i < request.params().size(); i++) {
            String p = request.params().get(i);
            if (p != null && p.indexOf('\0') >= 0) {
                throw new SupaException(
                        ErrorCode.VALIDATION_INVALID_INPUT,
                        "Parameter $" + (i + 1)
                                + " contains a NUL character (U+0000), which PostgreSQL text cannot hold",
                        "Remove it; for binary data pass hex and use decode($" + (i + 1) + ", 'hex') in the query.",
                        Map.of("parameter", i + 1),
                        null);
            }
        }
    }

    /** The server's standard_conforming_strings (reported at connect); on unless told otherwise. */
    private static boolean standardConformingStrings(Connection conn) {
        try {
            return conn.unwrap(BaseConnection.class).getStandardConformingStrings();
        } catch (SQLException e) {
            return true;
        }
    }

    /** session_authorization, which the server reports at connect: the login role, also behind Supavisor. */
    private static String login(Connection conn) {
        try {
            return conn.unwrap(PGConnection.class).getParameterStatus("session_authorization");
        } catch (SQLException e) {
            return null;
        }
    }

    static String describe(Duration d) {
        long ms = d.toMillis();
        if (ms % 60_000 == 0 && ms > 0) {
            return ms / 60_000 + "min";
        }
        if (ms % 1000 == 0 && ms > 0) {
            return ms / 1000 + "s";
        }
        return ms + "ms";
    }

    private static void rollbackQuietly(Connection conn) {
        try {
            conn.rollback();
        } catch (SQLException ignored) {
            // the connection is closed by the caller either way; the original failure is what matters
        }
    }
}
