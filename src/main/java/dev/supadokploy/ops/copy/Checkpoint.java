package dev.supadokploy.ops.copy;

import dev.supadokploy.errors.ErrorCode;
import dev.supadokploy.errors.SupaException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an interrupted data migration already finished, kept in the target itself: each part (a table, or one key
 * range of a large table) writes its row here in the same transaction that loads it, so a part is either loaded and
 * recorded or neither — a resume can never copy it twice or skip it. The table lives in schema {@code supa_dokploy}
 * (left out of schema diffs like Supabase's own schemas) and is removed when a run completes.
 *
 * <p>Rows: {@code part:<table>[:<i>]} a loaded part; {@code truncated:<table>} the table was emptied;
 * {@code ranges:<table>} the key ranges the table was cut into (so a resume cuts it the same way).
 */
public final class Checkpoint {
    static final String SCHEMA = "supa_dokploy";
    public static final String TABLE = SCHEMA + ".migrate_checkpoint";

    /** One recorded row. */
    public record Entry(String part, long rows, String detail) {}

    private final String runId;

    public Checkpoint(String runId) {
        this.runId = runId;
    }

    public String runId() {
        return runId;
    }

    /** The same source, target and tables make the same run: that is what --resume continues. */
    public static String runId(String source, String target, List<String> tables) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((source + "\n" + target + "\n" + String.join("\n", tables)).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static void create(Connection target) throws SQLException {
        try (Statement s = target.createStatement()) {
            s.execute("CREATE SCHEMA IF NOT EXISTS " + SCHEMA);
            s.execute(
                    "CREATE TABLE IF NOT EXISTS " + TABLE + " (run_id text NOT NULL, part text NOT NULL, rows bigint, "
                            + "detail text, recorded_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (run_id, part))");
            s.execute(
                    "COMMENT ON TABLE " + TABLE + " IS 'supa-dokploy migrate data: parts of an interrupted run already "
                            + "loaded (removed when the run completes)'");
        }
    }

    public static SupaException unavailable(SQLException e) {
        return new SupaException(
                ErrorCode.MIGRATION_COPY_FAILED,
                "Cannot keep the migration's checkpoint in the target (" + TABLE + "): " + e.getMessage(),
                "The target role needs CREATE on the database (Supabase: connect as postgres). Nothing was copied.",
                Map.of("sqlState", String.valueOf(e.getSQLState())),
                e);
    }

    public Map<String, Entry> load(Connection target) throws SQLException {
        Map<String, Entry> entries = new LinkedHashMap<>();
        try (PreparedStatement ps = target.prepareStatement(
                "SELECT part, rows, detail FROM " + TABLE + " WHERE run_id = ? ORDER BY part")) {
            ps.setString(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    entries.put(rs.getString(1), new Entry(rs.getString(1), rs.getLong(2), rs.getString(3)));
                }
            }
        }
        return entries;
    }

    /** Records a part in the caller's transaction; it commits with the rows it describes. */
    public void record(Connection target, String part, long rows, String detail) throws SQLException {
        try (PreparedStatement ps = target.prepareStatement(
                "INSERT INTO " + TABLE + " (run_id, part, rows, detail) VALUES (?, ?, ?, ?) "
                        + "ON CONFLICT (run_id, part) DO UPDATE SET rows = EXCLUDED.rows, detail = EXCLUDED.detail, recorded_at = now()")) {
            ps.setString(1, runId);
            ps.setString(2, part);
            ps.setLong(3, rows);
            ps.setString(4, detail);
            ps.executeUpdate();
        }
    }

    public void forget(Connection target) throws SQLException {
        try (PreparedStatement ps = target.prepareStatement("DELETE FROM " + TABLE + " WHERE run_id = ?")) {
            ps.setString(1, runId);
            ps.executeUpdate();
        }
    }

    /** Forgets this run, and drops the table and schema once no other run is recorded (best effort, autocommit). */
    public void finish(Connection target) throws SQLException {
        forget(target);
        try (Statement s = target.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM " + TABLE)) {
            rs.next();
            if (rs.getLong(1) > 0) {
                return;
            }
        }
        try (Statement s = target.createStatement()) {
            s.execute("DROP TABLE " + TABLE);
            s.execute("DROP SCHEMA IF EXISTS " + SCHEMA); // not CASCADE: anything else someone put there stays
        } catch (SQLException stillUsed) {
            // another object lives in the schema: leave it
        }
    }

    public static boolean exists(Connection target) throws SQLException {
        try (Statement s = target.createStatement();
                ResultSet rs = s.executeQuery("SELECT to_regclass('" + TABLE + "') IS NOT NULL")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }
}
