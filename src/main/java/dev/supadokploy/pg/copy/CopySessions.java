package dev.supadokploy.pg.copy;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** Session settings every connection of a copy shares, so that text forms (COPY text, checksums) agree. */
public final class CopySessions {
    private CopySessions() {}

    /**
     * Time zone, date and interval styles, bytea output and float digits decide how values print; both servers must
     * print a row alike for its checksum to match. extra_float_digits 3 means "shortest exact" from PostgreSQL 12.
     */
    public static void prepare(Connection conn) throws SQLException {
        try (Statement s = conn.createStatement()) {
            s.execute("SET TimeZone = 'UTC'; SET DateStyle = 'ISO, MDY'; SET IntervalStyle = 'postgres'; "
                    + "SET bytea_output = 'hex'; SET extra_float_digits = 3; SET client_encoding = 'UTF8'");
        }
    }

    /**
     * Opens the read-only transaction a source worker reads in: REPEATABLE READ on the coordinator's exported
     * snapshot, so every worker sees the same moment; or its own snapshot when none could be exported.
     */
    public static void beginSnapshot(Connection conn, String snapshotId) throws SQLException {
        conn.setAutoCommit(false);
        try (Statement s = conn.createStatement()) {
            s.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
            if (snapshotId != null) {
                s.execute("SET TRANSACTION SNAPSHOT '" + snapshotId.replace("'", "''") + "'");
            }
        }
    }

    /**
     * Opens a REPEATABLE READ, READ ONLY transaction on {@code conn} and exports its snapshot for other sessions.
     * Returns null when the server cannot export one (a transaction-mode pooler, a standby): the transaction is then
     * started again, unshared, since the failure aborted it.
     */
    public static String beginExported(Connection conn) throws SQLException {
        beginSnapshot(conn, null);
        try (Statement s = conn.createStatement();
                java.sql.ResultSet rs = s.executeQuery("SELECT pg_export_snapshot()")) {
            rs.next();
            return rs.getString(1);
        } catch (SQLException e) {
            conn.rollback();
            beginSnapshot(conn, null);
            return null;
        }
    }
}
