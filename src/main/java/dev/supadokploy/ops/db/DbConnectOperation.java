package dev.supadokploy.ops.db;

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
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;

/** {@code db connect} / {@code connect}: can we reach the database, how fast, and how much room is left. */
public final class DbConnectOperation extends BaseOperation<DbConnectOperation.Input, DbConnectOperation.Result> {

    public record Input(
            ConnectionInput connection,

            @Doc("Number of SELECT 1 round trips used to measure latency (1-100, default 5)")
            Integer latencySamples) {}

    public record Latency(
            @Doc("Time to open the connection, milliseconds")
            double connectMs,

            @Doc("Fastest round trip, milliseconds") double minMs,
            @Doc("Median round trip, milliseconds") double medianMs,
            @Doc("Slowest round trip, milliseconds") double maxMs,
            @Doc("Round trips measured") int samples) {}

    public record Pool(
            @Doc("Server max_connections") int maxConnections,

            @Doc("superuser_reserved_connections plus reserved_connections (PostgreSQL 16+)")
            int reservedConnections,

            @Doc("Client connections in use now, this one included")
            int inUse,

            @Doc("Connections still available to ordinary roles")
            int available,

            @Doc("Set when the endpoint is a connection pooler such as Supavisor")
            Pooler pooler) {}

    public record Pooler(
            @Doc("Pooler product (supavisor)") String kind,
            @Doc("Pooling mode: session or transaction") String mode,
            @Doc("Tenant id from the user name, if given") String tenant) {}

    public record Result(
            @Doc("connected") String status,
            @Doc("The endpoint, without password") String target,
            @Doc("Server version string") String serverVersion,
            @Doc("Server version number (e.g. 170006)") int serverVersionNum,

            @Doc("Whether this session is encrypted with TLS")
            boolean tls,

            @Doc("TLS protocol version, when encrypted") String tlsVersion,
            @Doc("Role of this session") String currentUser,
            @Doc("Database of this session") String database,
            @Doc("Whether the role is a superuser") boolean superuser,

            @Doc("Whether the database looks like Supabase (auth schema and Supabase roles present)")
            boolean supabase,

            Latency latency,
            Pool pool) {}

    private static final String PROBE_SQL = """
            SELECT current_user,
                   current_database(),
                   current_setting('server_version'),
                   current_setting('server_version_num')::int,
                   current_setting('max_connections')::int,
                   current_setting('superuser_reserved_connections')::int
                     + coalesce(nullif(current_setting('reserved_connections', true), ''), '0')::int,
                   (SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend')::int,
                   coalesce((SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()), false),
                   (SELECT version FROM pg_stat_ssl WHERE pid = pg_backend_pid()),
                   coalesce((SELECT rolsuper FROM pg_roles WHERE rolname = current_user), false),
                   EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = 'auth')
                     AND EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'authenticator')
            """;

    public DbConnectOperation() {
        super(
                Input.class,
                Result.class,
                new OperationInfo(
                        "connect",
                        List.of("db", "connect"),
                        "Connect to a database",
                        "Connect to a PostgreSQL or self-hosted Supabase database and report server version, TLS, current user, "
                                + "round-trip latency and connection headroom (max_connections, reserved slots, in use; Supavisor pooler mode).",
                        Hint.READ_ONLY,
                        Hint.UNTRUSTED_OUTPUT,
                        Hint.IDEMPOTENT));
    }

    @Override
    public Result run(Input input, OperationContext ctx) {
        int samples = input.latencySamples() == null ? 5 : input.latencySamples();
        if (samples < 1 || samples > 100) {
            throw SupaException.invalidInput(
                    "latencySamples must be between 1 and 100, not " + samples, "Use a value such as 5 (the default).");
        }
        ConnectionTarget target = ConnectionResolver.resolve(input.connection(), ctx);
        ConnectionResolver.Opened opened = ConnectionResolver.openTimed(target, ctx);
        try (Connection conn = opened.connection()) {
            double connectMs = opened.connectMs();
            double[] rtt = measureRoundTrips(conn, samples);
            try (Statement st = conn.createStatement();
                    ResultSet rs = st.executeQuery(PROBE_SQL)) {
                rs.next();
                int max = rs.getInt(5);
                int reserved = rs.getInt(6);
                int inUse = rs.getInt(7);
                ConnectionTarget.PoolerInfo p = target.pooler();
                Pooler pooler = p == null ? null : new Pooler(p.kind(), p.mode(), p.tenant());
                return new Result(
                        "connected",
                        target.display(),
                        rs.getString(3),
                        rs.getInt(4),
                        rs.getBoolean(8),
                        rs.getString(9),
                        rs.getString(1),
                        rs.getString(2),
                        rs.getBoolean(10),
                        rs.getBoolean(11),
                        new Latency(
                                round(connectMs),
                                round(rtt[0]),
                                round(median(rtt)),
                                round(rtt[rtt.length - 1]),
                                samples),
                        new Pool(max, reserved, inUse, Math.max(0, max - reserved - inUse), pooler));
            }
        } catch (SQLException e) {
            throw new SupaException(
                    ErrorCode.CONNECTION_LOST,
                    "Connected to " + target.display() + " but the probe failed: " + PgErrors.firstLine(e.getMessage()),
                    "Check that the role may read pg_stat_activity and settings.",
                    e);
        }
    }

    /** Sorted round-trip times in milliseconds. */
    private static double[] measureRoundTrips(Connection conn, int samples) throws SQLException {
        double[] times = new double[samples];
        try (Statement st = conn.createStatement()) {
            st.execute("SELECT 1"); // warm up: the first query also pays for parsing and caches
            for (int i = 0; i < samples; i++) {
                long t0 = System.nanoTime();
                try (ResultSet rs = st.executeQuery("SELECT 1")) {
                    rs.next();
                }
                times[i] = (System.nanoTime() - t0) / 1e6;
            }
        }
        Arrays.sort(times);
        return times;
    }

    private static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static double round(double ms) {
        return Math.round(ms * 1000) / 1000.0;
    }
}
