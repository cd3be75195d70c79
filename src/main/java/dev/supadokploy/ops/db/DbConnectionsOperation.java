package dev.supadokploy.ops.db;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.supadokploy.errors.ErrorCode;
import dev.supadokploy.errors.SupaException;
import dev.supadokploy.ops.BaseOperation;
import dev.supadokploy.ops.Doc;
import dev.supadokploy.ops.OperationContext;
import dev.supadokploy.ops.OperationInfo;
import dev.supadokploy.ops.OperationInfo.Hint;
import dev.supadokploy.ops.connection.ConnectionInput;
import dev.supadokploy.ops.connection.ConnectionResolver;
import dev.supadokploy.pg.ConnectionTarget;
import dev.supadokploy.pg.PgErrors;
import dev.supadokploy.util.Json;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * {@code db connections} / {@code monitor_connections}: who holds the server's connection slots, broken
 * down by Supabase service and by state, with recommendations an operator can act on. A snapshot is
 * one statement, one round trip; {@link #open} keeps the connection for repeated snapshots
 * ({@code --watch}) so the monitor does not churn connections itself.
 *
 * <p>Its output includes application_name, which any client sets freely, so it is untrusted output.
 * Query texts are deliberately left out: they may hold passwords (ALTER ROLE … PASSWORD) or personal data.
 */
public final class DbConnectionsOperation
        extends BaseOperation<DbConnectionsOperation.Input, DbConnectionsOperation.Result> {
    public static final int DEFAULT_IDLE_IN_TRANSACTION_SECONDS = 60;
    /** Active queries older than this are listed as needing attention. */
    static final int LONG_RUNNING_SECONDS = 300;

    static final double WARNING_PERCENT = 80;
    static final double CRITICAL_PERCENT = 90;
    /** Documented pool defaults, used only to estimate what the pools could grow to (see {@link ConnectionsRecommendations}). */
    static final int POSTGREST_DEFAULT_POOL = 10;

    static final int SUPAVISOR_DEFAULT_POOL = 20;

    /** Service labels SNAPSHOT_SQL gives, where the recommendations need them. */
    static final String POSTGREST = "PostgREST";

    static final String SUPAVISOR = "Supavisor";

    public record Input(
            ConnectionInput connection,

            @Doc("Report idle-in-transaction sessions older than this many seconds (default 60)")
            Integer idleInTransactionSeconds) {}

    public record ServiceConnections(
            @Doc("Supabase service (PostgREST, Auth (GoTrue), Storage, Realtime, Supavisor, pg-meta / Studio), "
                    + "else the application_name")
            String service,

            @Doc("Connections") int total,
            @Doc("Running a query") int active,
            @Doc("Idle, waiting for a query") int idle,

            @Doc("Idle inside an open transaction (including aborted ones)")
            int idleInTransaction,

            @Doc("State hidden from this login (needs pg_read_all_stats)")
            int unknown,

            @Doc("Roles these connections logged in as") List<String> roles,

            @Doc("application_name values seen (untrusted text)")
            List<String> applications) {}

    public record StateCounts(
            int active,
            int idle,
            int idleInTransaction,
            int idleInTransactionAborted,
            @Doc("fastpath function call, disabled") int other,
            @Doc("State hidden from this login") int unknown,

            @Doc("Age of the oldest idle-in-transaction session, seconds")
            Double oldestIdleInTransactionSeconds) {}

    public record Session(
            int pid,
            String role,
            @Doc("application_name (untrusted text)") String application,
            String service,
            String state,
            @Doc("Seconds in this state") double stateSeconds,
            @Doc("Seconds since its transaction began") Double transactionSeconds) {}

    public record Recommendation(
            @Doc("critical, warning or info") String severity,
            @Doc("What was observed") String finding,
            @Doc("What to do about it") String action) {}

    public record Result(
            @Doc("The endpoint, without password") String target,
            @Doc("Server time of the snapshot") OffsetDateTime takenAt,

            @Doc("Time the snapshot query took, milliseconds (one round trip)")
            double snapshotMs,

            @Doc("Server max_connections") int maxConnections,

            @Doc("superuser_reserved_connections plus reserved_connections")
            int reservedConnections,

            @Doc("Slots for ordinary roles: max_connections minus reserved")
            int usableConnections,

            @Doc("Client connections now, this one included")
            int inUse,

            @Doc("Usable slots left") int available,

            @Doc("inUse as a percentage of usableConnections")
            double usagePercent,

            @Doc("The server's idle_in_transaction_session_timeout (0 = off)")
            String idleInTransactionTimeout,

            @Doc("Whether this login sees every session's state (superuser or pg_read_all_stats)")
            boolean allStatesVisible,

            List<ServiceConnections> byService,
            StateCounts byState,

            @Doc("Sessions idle in a transaction or running long, oldest first (at most 20)")
            List<Session> attention,

            List<Recommendation> recommendations) {}

    /**
     * The snapshot: one statement, aggregated on the server. Client backends only; for a login without
     * pg_read_all_stats, other roles' sessions show no backend_type or state, so a row with a database
     * but no backend_type is counted as a client whose state is unknown (background workers attached to a
     * database, such as pg_cron's, can be among them: the estimate errs on the side of caution).
     */
    static final String SNAPSHOT_SQL = """
            WITH sessions AS (
                SELECT a.pid,
                       a.usename::text AS role,
                       coalesce(a.application_name, '') AS application,
                       coalesce(a.state, 'unknown') AS state,
                       greatest(0, extract(epoch FROM now() - a.state_change))::float8 AS state_seconds,
                       greatest(0, extract(epoch FROM now() - a.xact_start))::float8 AS transaction_seconds,
                       CASE
                           WHEN a.pid = pg_backend_pid() THEN 'supa-dokploy (this session)'
                           WHEN a.usename = 'authenticator' OR a.application_name ILIKE 'postgrest%' THEN 'PostgREST'
                           WHEN a.usename = 'supabase_auth_admin' OR a.application_name ILIKE 'gotrue%' THEN 'Auth (GoTrue)'
                           WHEN a.usename = 'supabase_storage_admin' OR a.application_name ILIKE 'storage-api%' THEN 'Storage'
                           WHEN a.usename = 'supabase_realtime_admin' OR a.application_name ILIKE 'realtime%' THEN 'Realtime'
                           WHEN a.usename IN ('pgbouncer', 'supavisor') OR a.application_name ILIKE '%supavisor%'
                                OR a.application_name ILIKE 'pgbouncer%' THEN 'Supavisor'
                           WHEN a.application_name ILIKE 'postgres-meta%' OR a.application_name ILIKE 'postgres_meta%'
                                OR a.application_name ILIKE 'pg-meta%' OR a.application_name ILIKE '%studio%' THEN 'pg-meta / Studio'
                           WHEN a.usename = 'supabase_admin' THEN 'supabase_admin (other)'
                           WHEN coalesce(a.application_name, '') <> '' THEN a.application_name
                           ELSE '(no application_name)'
                       END AS service
                FROM pg_stat_activity a
                WHERE a.backend_type = 'client backend'
                   OR (a.backend_type IS NULL AND a.datid IS NOT NULL)
            )
            SELECT current_setting('max_connections')::int,
                   current_setting('superuser_reserved_connections')::int
                     + coalesce(nullif(current_setting('reserved_connections', true), ''), '0')::int,
                   current_setting('idle_in_transaction_session_timeout'),
                   pg_has_role('pg_read_all_stats', 'USAGE'),
                   now(),
                   current_user::text,
                   (SELECT count(*) FROM sessions)::int,
                   (SELECT coalesce(json_agg(s ORDER BY s.total DESC, s.service), '[]')
                      FROM (SELECT service,
                                   count(*)::int AS total,
                                   count(*) FILTER (WHERE state = 'active')::int AS active,
                                   count(*) FILTER (WHERE state = 'idle')::int AS idle,
                                   count(*) FILTER (WHERE state LIKE 'idle in transaction%')::int AS "idleInTransaction",
                                   count(*) FILTER (WHERE state = 'unknown')::int AS unknown,
                                   coalesce(array_agg(DISTINCT role) FILTER (WHERE role IS NOT NULL), '{}') AS roles,
                                   coalesce(array_agg(DISTINCT application) FILTER (WHERE application <> ''), '{}') AS applications
                              FROM sessions
                             GROUP BY service) s),
                   (SELECT json_build_object(
                               'active', count(*) FILTER (WHERE state = 'active'),
                               'idle', count(*) FILTER (WHERE state = 'idle'),
                               'idleInTransaction', count(*) FILTER (WHERE state = 'idle in transaction'),
                               'idleInTransactionAborted', count(*) FILTER (WHERE state = 'idle in transaction (aborted)'),
                               'other', count(*) FILTER (WHERE state NOT IN
                                   ('active', 'idle', 'idle in transaction', 'idle in transaction (aborted)', 'unknown')),
                               'unknown', count(*) FILTER (WHERE state = 'unknown'),
                               'oldestIdleInTransactionSeconds',
                                   round(max(state_seconds) FILTER (WHERE state LIKE 'idle in transaction%')::numeric, 1))
                      FROM sessions),
                   (SELECT coalesce(json_agg(x), '[]')
                      FROM (SELECT pid, role, application, service, state,
                                   round(state_seconds::numeric, 1) AS "stateSeconds",
                                   round(transaction_seconds::numeric, 1) AS "transactionSeconds"
                              FROM sessions
                             WHERE (state LIKE 'idle in transaction%' AND state_seconds >= ?)
                                OR (state = 'active' AND state_seconds >= ? AND pid <> pg_backend_pid())
                             ORDER BY state_seconds DESC
                             LIMIT 20) x)
            """;

    public DbConnectionsOperation() {
        super(
                Input.class,
                Result.class,
                new OperationInfo(
                        "monitor_connections",
                        List.of("db", "connections"),
                        "Monitor database connections",
                        "Snapshot of the database's connections: in use against max_connections minus reserved slots, breakdown by "
                                + "Supabase service (PostgREST, Auth, Storage, Realtime, Supavisor, pg-meta/Studio, others by "
                                + "application_name) and by state (active, idle, idle in transaction with the oldest age), sessions "
                                + "needing attention, and concrete recommendations. One query, read-only.",
                        Hint.READ_ONLY,
                        Hint.UNTRUSTED_OUTPUT,
                        Hint.IDEMPOTENT));
    }

    @Override
    public Result run(Input input, OperationContext ctx) {
        try (Monitor monitor = open(input, ctx)) {
            return monitor.snapshot();
        }
    }

    /** One snapshot on a connection the caller owns (and closes), e.g. a pre-flight check before changing the database. */
    public static Result snapshot(Connection conn, ConnectionTarget target) {
        return new Monitor(conn, target, DEFAULT_IDLE_IN_TRANSACTION_SECONDS).snapshot();
    }

    /** Opens a connection for repeated snapshots; close it when done. */
    public Monitor open(Input input, OperationContext ctx) {
        int idleSeconds = input.idleInTransactionSeconds() == null
                ? DEFAULT_IDLE_IN_TRANSACTION_SECONDS
                : input.idleInTransactionSeconds();
        if (idleSeconds < 0) {
            throw SupaException.invalidInput(
                    "idleInTransactionSeconds must be 0 or more, not " + idleSeconds, "Use e.g. 60 (the default).");
        }
        ConnectionTarget target = ConnectionResolver.resolve(input.connection(), ctx);
        return new Monitor(ConnectionResolver.open(target, ctx), target, idleSeconds);
    }

    /** A connection kept open for snapshots. Autocommit stays on so it never shows up as idle in transaction. */
    public static final class Monitor implements AutoCloseable {
        private final Connection conn;
        private final ConnectionTarget target;
        private final int idleSeconds;
        private PreparedStatement statement;

        Monitor(Connection conn, ConnectionTarget target, int idleSeconds) {
            this.conn = conn;
            this.target = target;
            this.idleSeconds = idleSeconds;
        }

        public Result snapshot() {
            try {
                if (statement == null) {
                    statement = conn.prepareStatement(SNAPSHOT_SQL);
                    statement.setDouble(1, idleSeconds);
                    statement.setDouble(2, LONG_RUNNING_SECONDS);
                }
                long started = System.nanoTime();
                try (ResultSet rs = statement.executeQuery()) {
                    rs.next();
                    double ms = Math.round((System.nanoTime() - started) / 1e3) / 1e3;
                    return toResult(rs, ms);
                }
            } catch (SQLException e) {
                throw new SupaException(
                        ErrorCode.CONNECTION_LOST,
                        "Reading pg_stat_activity on " + target.display() + " failed: "
                                + PgErrors.firstLine(e.getMessage()),
                        "Check the connection; any role may read pg_stat_activity.",
                        e);
            }
        }

        private Result toResult(ResultSet rs, double ms) throws SQLException {
            int max = rs.getInt(1);
            int reserved = rs.getInt(2);
            String idleTimeout = rs.getString(3);
            boolean seesAll = rs.getBoolean(4);
            OffsetDateTime takenAt = rs.getObject(5, OffsetDateTime.class);
            String login = rs.getString(6);
            int inUse = rs.getInt(7);
            List<ServiceConnections> services = parse(rs.getString(8), new TypeReference<>() {});
            StateCounts states = parse(rs.getString(9), new TypeReference<>() {});
            List<Session> attention = parse(rs.getString(10), new TypeReference<>() {});
            int usable = Math.max(1, max - reserved);
            double percent = Math.round(inUse * 1000.0 / usable) / 10.0;
            ConnectionsRecommendations.Snapshot snapshot = new ConnectionsRecommendations.Snapshot(
                    login, usable, inUse, percent, idleTimeout, idleSeconds, services, states, attention);
            return new Result(
                    target.display(),
                    takenAt,
                    ms,
                    max,
                    reserved,
                    usable,
                    inUse,
                    Math.max(0, usable - inUse),
                    percent,
                    idleTimeout,
                    seesAll,
                    services,
                    states,
                    attention,
                    ConnectionsRecommendations.of(snapshot));
        }

        @Override
        public void close() {
            try {
                conn.close();
            } catch (SQLException ignored) {
                // nothing was written; closing can only fail on a connection that is gone already
            }
        }
    }

    /** A duration for people: 2h 5m, 3m 20s, 45s. */
    public static String age(double seconds) {
        long s = Math.round(seconds);
        if (s >= 3600) {
            return s / 3600 + "h " + (s % 3600) / 60 + "m";
        }
        if (s >= 60) {
            return s / 60 + "m " + s % 60 + "s";
        }
        return s + "s";
    }

    private static <T> T parse(String json, TypeReference<T> type) {
        try {
            return Json.MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw SupaException.internal(e);
        }
    }
}
