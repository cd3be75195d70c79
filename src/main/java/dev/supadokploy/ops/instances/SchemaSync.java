package dev.supadokploy.ops.instances;

import dev.supadokploy.errors.ErrorCode;
import dev.supadokploy.errors.SupaException;
import dev.supadokploy.ops.OperationContext;
import dev.supadokploy.ops.migrate.MigrateDiffOperation;
import dev.supadokploy.pg.ConnectionTarget;
import dev.supadokploy.pg.PgErrors;
import dev.supadokploy.pg.diff.Change;
import dev.supadokploy.pg.diff.DiffPlan;
import dev.supadokploy.util.DurationText;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies a schema diff plan to the target: the statements that can run in a transaction in one, with the migration
 * row the Supabase CLI would write ({@code supabase_migrations.schema_migrations}) in the same transaction, then the
 * few PostgreSQL refuses in a transaction block. {@code lock_timeout} makes a statement that would queue behind a
 * long transaction fail fast instead of blocking every other session on that table. Shared by sync-schema and promote.
 */
final class SchemaSync {
    static final Duration DEFAULT_LOCK_TIMEOUT = Duration.ofSeconds(5);
    private static final DateTimeFormatter VERSION =
            DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);
    static final String ALLOW_HAZARDS = "--allow-hazards (MCP: \"allowHazards\": true)";
    private static final String LOCK_NOT_AVAILABLE = "55P03";

    /** The Supabase CLI's own statements (pkg/migration/history.go), so `supabase migration list` reads our rows. */
    private static final List<String> MIGRATION_TABLE = List.of(
            "CREATE SCHEMA IF NOT EXISTS supabase_migrations",
            "CREATE TABLE IF NOT EXISTS supabase_migrations.schema_migrations (version text NOT NULL PRIMARY KEY)",
            "ALTER TABLE supabase_migrations.schema_migrations ADD COLUMN IF NOT EXISTS statements text[]",
            "ALTER TABLE supabase_migrations.schema_migrations ADD COLUMN IF NOT EXISTS name text");

    /** What was applied: the migration row's version and name, and the statements that ran after the COMMIT. */
    record Applied(String version, String name, int statements, List<String> afterCommit) {}

    private SchemaSync() {}

    static Duration lockTimeout(String text) {
        if (text == null || text.isBlank()) {
            return DEFAULT_LOCK_TIMEOUT;
        }
        Duration d = DurationText.parse(text)
                .orElseThrow(() -> SupaException.invalidInput(
                        "lockTimeout '" + text + "' is not a duration", "Use e.g. 5s, 1500ms or 1m."));
        if (d.isZero() || d.isNegative()) {
            throw SupaException.invalidInput(
                    "lockTimeout must be more than zero", "Use e.g. 5s; zero would wait for locks forever.");
        }
        return d;
    }

    /** The migration name: supa_dokploy_sync_ and the source's database or instance, in the characters a file name allows. */
    static String migrationName(String source) {
        String base = source.contains("/") ? source.substring(source.lastIndexOf('/') + 1) : source;
        return "supa_dokploy_sync_" + base.replaceAll("[^A-Za-z0-9_]+", "_");
    }

    /** Hazardous statements the plan would run (manual steps never run, so they are not among them). */
    static List<Change> runnableHazards(DiffPlan plan) {
        return plan.scripted().stream().filter(Change::hazardous).toList();
    }

    static void refuseHazards(DiffPlan plan, String target, String allowFlag) {
        List<Change> hazards = runnableHazards(plan);
        if (hazards.isEmpty()) {
            return;
        }
        List<String> listed = hazards.stream()
                .map(c -> c.hazard().kind() + ": " + c.objectType() + " " + c.objectName())
                .toList();
        throw new SupaException(
                ErrorCode.MIGRATION_HAZARDS_NOT_ALLOWED,
                hazards.size() + " hazardous change(s) to " + target + ", nothing was changed: "
                        + String.join("; ", listed),
                "Review them with --dry-run (or migrate diff); to run them anyway pass " + allowFlag + ".",
                Map.of(
                        "hazards",
                        MigrateDiffOperation.hazards(plan).stream()
                                .filter(h -> !"manual_step".equals(h.kind()))
                                .toList()),
                null);
    }

    static Applied apply(
            Connection conn,
            ConnectionTarget target,
            DiffPlan plan,
            Duration lockTimeout,
            String name,
            OperationContext ctx) {
        List<Change> statements = plan.scripted();
        List<Change> inside = statements.stream().filter(Change::transactional).toList();
        List<Change> outside =
                statements.stream().filter(c -> !c.transactional()).toList();
        String version;
        Change current = null;
        try {
            conn.setAutoCommit(false);
            try (Statement s = conn.createStatement()) {
                s.execute("SET LOCAL lock_timeout = " + lockTimeout.toMillis());
                s.execute("SET LOCAL check_function_bodies = false");
                for (Change c : inside) {
                    ctx.cancellation().throwIfCancelled();
                    current = c;
                    s.execute(c.sql());
                }
                current = null;
                for (String sql : MIGRATION_TABLE) {
                    s.execute(sql);
                }
            }
            version = record(conn, name, statements, ctx.clock().instant());
            conn.commit();
        } catch (SQLException e) {
            rollbackQuietly(conn);
            throw failure(e, current, target, lockTimeout, "rolled back, nothing was changed");
        } catch (RuntimeException e) {
            rollbackQuietly(conn);
            throw e;
        }
        runAfterCommit(conn, target, outside, lockTimeout, version);
        return new Applied(
                version,
                name,
                statements.size(),
                outside.stream().map(Change::sql).toList());
    }

    /** CREATE INDEX CONCURRENTLY and the like: each on its own, after the transaction committed. */
    private static void runAfterCommit(
            Connection conn, ConnectionTarget target, List<Change> outside, Duration lockTimeout, String version) {
        if (outside.isEmpty()) {
            return;
        }
        Change current = null;
        try {
            conn.setAutoCommit(true);
            try (Statement s = conn.createStatement()) {
                s.execute("SET lock_timeout = " + lockTimeout.toMillis());
                for (Change c : outside) {
                    current = c;
                    s.execute(c.sql());
                }
                s.execute("RESET lock_timeout");
            }
        } catch (SQLException e) {
            throw failure(
                    e,
                    current,
                    target,
                    lockTimeout,
                    "the transaction before it was committed as migration " + version
                            + "; this and the following statements after the COMMIT did not run");
        }
    }

    /** Inserts the migration row, with a version one second later than a sync that already took this second. */
    private static String record(Connection conn, String name, List<Change> statements, Instant now)
            throws SQLException {
        Instant at = now;
        try (PreparedStatement exists =
                conn.prepareStatement("SELECT 1 FROM supabase_migrations.schema_migrations WHERE version = ?")) {
            while (true) {
                exists.setString(1, VERSION.format(at));
                try (ResultSet rs = exists.executeQuery()) {
                    if (!rs.next()) {
                        break;
                    }
                }
                at = at.plusSeconds(1);
            }
        }
        String version = VERSION.format(at);
        try (PreparedStatement insert = conn.prepareStatement(
                "INSERT INTO supabase_migrations.schema_migrations(version, name, statements) VALUES (?, ?, ?)")) {
            insert.setString(1, version);
            insert.setString(2, name);
            insert.setArray(
                    3,
                    conn.createArrayOf(
                            "text", statements.stream().map(Change::sql).toArray()));
            insert.executeUpdate();
        }
        return version;
    }

    private static SupaException failure(
            SQLException e, Change statement, ConnectionTarget target, Duration lockTimeout, String outcome) {
        String what =
                statement == null ? "recording the migration" : statement.objectType() + " " + statement.objectName();
        Map<String, Object> details = new LinkedHashMap<>();
        if (statement != null) {
            details.put("statement", statement.sql());
        }
        if (e.getSQLState() != null) {
            details.put("sqlState", e.getSQLState());
        }
        String sqlState = e.getSQLState() == null ? "" : e.getSQLState();
        if (sqlState.startsWith("08")) {
            return new SupaException(
                    ErrorCode.CONNECTION_LOST,
                    "Lost the connection to " + target.display() + " while changing " + what + " (" + outcome + ")",
                    "Check the server; the diff shows what remains to do.",
                    details,
                    e);
        }
        if (LOCK_NOT_AVAILABLE.equals(sqlState)) {
            return new SupaException(
                    ErrorCode.MIGRATION_LOCK_TIMEOUT,
                    "Changing " + what + " on " + target.display() + " waited more than " + lockTimeout.toMillis()
                            + " ms for a lock another session holds (" + outcome + ")",
                    "A long transaction holds a lock on that table: find it with supa-dokploy db connections, let it finish or end it, "
                            + "and run again (or raise --lock-timeout).",
                    details,
                    e);
        }
        return new SupaException(
                ErrorCode.MIGRATION_APPLY_FAILED,
                "The target " + target.display() + " refused " + what + ": " + PgErrors.firstLine(e.getMessage()) + " ("
                        + outcome + ")",
                "Make the target's data fit the change (e.g. rows that break a new NOT NULL or CHECK), or change the source's "
                        + "schema, then run again.",
                details,
                e);
    }

    private static void rollbackQuietly(Connection conn) {
        try {
            conn.rollback();
        } catch (SQLException ignored) {
            // the connection broke; the server rolls the transaction back when it goes
        }
    }
}
