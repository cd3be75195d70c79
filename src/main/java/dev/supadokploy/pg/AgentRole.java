package dev.supadokploy.pg;

import dev.supadokploy.errors.ErrorCode;
import dev.supadokploy.errors.SupaException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.postgresql.PGConnection;

/**
 * A least-privilege login for agent SQL, which PostgreSQL itself confines: LOGIN and nothing else (no SUPERUSER,
 * CREATEDB, CREATEROLE, REPLICATION, BYPASSRLS, no membership in any role), USAGE and SELECT on chosen schemas,
 * {@code default_transaction_read_only} and timeouts set on the role. A {@code RESET ROLE} in its session returns to
 * it, never above it. Made and dropped in one transaction each, as whichever login runs the command: a superuser, or a
 * login with CREATEROLE (the stack's {@code postgres} on Supabase images, which is no superuser there).
 *
 * <p>The role carries a comment ({@link #MARKER}) so that drop, and a second create, recognise a role this tool made
 * and leave other roles alone.
 */
public final class AgentRole {
    /** Start of the COMMENT ON ROLE that marks a role made by {@code db agent-role create}. */
    public static final String MARKER = "supa-dokploy agent login";

    public static final String DEFAULT_NAME = "supa_dokploy_agent";
    private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    /** The settings create puts on the role, in this order. */
    static final List<String> SETTINGS = List.of(
            "default_transaction_read_only",
            "statement_timeout",
            "lock_timeout",
            "idle_in_transaction_session_timeout");

    private AgentRole() {}

    /**
     * @param name            the role
     * @param schemas         schemas to grant USAGE and SELECT on every table, view and materialized view
     * @param futureTables    also ALTER DEFAULT PRIVILEGES so tables the running login creates later in them are readable
     * @param password        the password a new role gets
     * @param replacePassword whether an existing role gets it too (else it keeps its own)
     * @param statementTimeout the role's statement_timeout; lockTimeout and idleTimeout likewise
     */
    public record Spec(
            String name,
            List<String> schemas,
            boolean futureTables,
            char[] password,
            boolean replacePassword,
            Duration statementTimeout,
            Duration lockTimeout,
            Duration idleTimeout) {}

    /**
     * @param created     whether the role was new (false: an earlier create's role, brought up to date)
     * @param ranAs       the login that made it
     * @param settings    the role's settings as set
     * @param notGranted  "schema.table" the running login could not grant SELECT on (it holds no grant option)
     */
    public record Outcome(boolean created, String ranAs, Map<String, String> settings, List<String> notGranted) {}

    /** Role names this tool makes: plain lower-case identifiers, so they need no quoting in config or URLs. */
    public static void checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw SupaException.invalidInput(
                    "'" + name + "' is not a name for the agent login",
                    "Use lower-case letters, digits and _ (at most 63, not starting with a digit), e.g. " + DEFAULT_NAME
                            + ".");
        }
        if (name.startsWith("pg_")) {
            throw SupaException.invalidInput(
                    "Role names starting with pg_ are reserved by PostgreSQL", "Use e.g. " + DEFAULT_NAME + ".");
        }
    }

    /** What the database knows of a role: absent, or present with its marker and attributes. */
    record Existing(boolean exists, boolean marked, boolean superuser, boolean adminable) {}

    private static Existing existing(Connection conn, String name) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("""
                SELECT coalesce(shobj_description(r.oid, 'pg_authid'), '') LIKE ? || '%', r.rolsuper,
                       pg_has_role(current_user, r.oid, 'USAGE')
                FROM pg_roles r WHERE r.rolname = ?""")) {
            ps.setString(1, MARKER);
            ps.setString(2, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next()
                        ? new Existing(true, rs.getBoolean(1), rs.getBoolean(2), rs.getBoolean(3))
                        : new Existing(false, false, false, false);
            }
        }
    }

    public static Outcome create(Connection conn, Spec spec) {
        checkName(spec.name());
        String role = PgIdentifiers.quote(spec.name());
        try {
            conn.setAutoCommit(false);
            Existing before = existing(conn, spec.name());
            if (before.exists() && !before.marked()) {
                throw SupaException.invalidInput(
                        "Role '" + spec.name()
                                + "' exists and was not made by db agent-role create; it is left as it is",
                        "Choose another name (--name), or drop that role yourself if it is unused.");
            }
            String ranAs = scalar(conn, "SELECT current_user::text");
            try (Statement s = conn.createStatement()) {
                if (!before.exists()) {
                    s.execute("CREATE ROLE " + role
                            + " LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS INHERIT");
                } else {
                    fixAttributes(conn, s, spec.name(), role);
                }
                s.execute("COMMENT ON ROLE " + role + " IS '" + MARKER
                        + " (made by supa-dokploy db agent-role create; read-only, "
                        + "SELECT on chosen schemas). Drop it with supa-dokploy db agent-role drop.'");
                if (!before.exists() || spec.replacePassword()) {
                    // pgjdbc hashes the password (SCRAM) before sending ALTER ROLE, so the server and its logs never
                    // see it in clear.
                    conn.unwrap(PGConnection.class).alterUserPassword(spec.name(), spec.password(), null);
                }
                Map<String, String> settings = settings(spec);
                s.execute("ALTER ROLE " + role + " RESET ALL");
                for (Map.Entry<String, String> e : settings.entrySet()) {
                    s.execute("ALTER ROLE " + role + " SET " + e.getKey() + " = " + e.getValue());
                }
                List<String> notGranted = new ArrayList<>();
                for (String schema : spec.schemas()) {
                    grantSchema(conn, s, schema, role, spec.futureTables(), notGranted);
                }
                LoginPrivileges check = LoginPrivileges.of(conn, spec.name());
                if (check.privileged()) {
                    throw new SupaException(
                            ErrorCode.VALIDATION_INVALID_INPUT,
                            "Role '" + spec.name() + "' holds " + String.join(", ", check.privileges())
                                    + ", which an agent login must not",
                            "Nothing was changed. Revoke those (e.g. REVOKE pg_signal_backend FROM " + role
                                    + ") as a superuser, then run again.");
                }
                conn.commit();
                return new Outcome(!before.exists(), ranAs, settings, List.copyOf(notGranted));
            }
        } catch (SQLException e) {
            rollbackQuietly(conn);
            throw failure("Creating the agent login " + spec.name(), e);
        } catch (RuntimeException e) {
            rollbackQuietly(conn);
            throw e;
        }
    }

    /**
     * An earlier create's role that someone changed since: put back only the attributes that differ, because a
     * CREATEROLE login may not even name REPLICATION or BYPASSRLS in ALTER ROLE unless it holds them.
     */
    private static void fixAttributes(Connection conn, Statement s, String name, String role) throws SQLException {
        List<String> fix = new ArrayList<>();
        try (PreparedStatement ps = conn.prepareStatement(
                "SELECT rolcanlogin, rolsuper, rolcreatedb, rolcreaterole, rolreplication, rolbypassrls FROM pg_roles WHERE rolname = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                String[] wrong = {"LOGIN", "NOSUPERUSER", "NOCREATEDB", "NOCREATEROLE", "NOREPLICATION", "NOBYPASSRLS"};
                boolean[] expected = {true, false, false, false, false, false};
                for (int i = 0; i < wrong.length; i++) {
                    if (rs.getBoolean(i + 1) != expected[i]) {
                        fix.add(wrong[i]);
                    }
                }
            }
        }
        if (!fix.isEmpty()) {
            s.execute("ALTER ROLE " + role + " " + String.join(" ", fix));
        }
    }

    private static Map<String, String> settings(Spec spec) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("default_transaction_read_only", "on");
        settings.put("statement_timeout", millis(spec.statementTimeout()));
        settings.put("lock_timeout", millis(spec.lockTimeout()));
        settings.put("idle_in_transaction_session_timeout", millis(spec.idleTimeout()));
        return settings;
    }

    /** A setting value PostgreSQL reads as milliseconds; digits only, so it needs no quoting. */
    private static String millis(Duration d) {
        return Long.toString(d.toMillis());
    }

    private static void grantSchema(
            Connection conn, Statement s, String schema, String role, boolean futureTables, List<String> notGranted)
            throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("SELECT 1 FROM pg_namespace WHERE nspname = ?")) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw SupaException.invalidInput(
                            "Schema '" + schema + "' does not exist in this database",
                            "Check the name (Supabase: public, auth, storage …), or leave it out. Nothing was changed.");
                }
            }
        }
        String q = PgIdentifiers.quote(schema);
        s.execute("GRANT USAGE ON SCHEMA " + q + " TO " + role);
        s.clearWarnings();
        s.execute("GRANT SELECT ON ALL TABLES IN SCHEMA " + q + " TO " + role);
        // PostgreSQL warns, and grants nothing, for each table the running login holds no grant option on.
        for (SQLWarning w = s.getWarnings(); w != null; w = w.getNextWarning()) {
            if (w.getMessage() != null && w.getMessage().startsWith("no privileges were granted for")) {
                notGranted.add(schema + "."
                        + w.getMessage().replaceFirst("^no privileges were granted for \"?(.*?)\"?$", "$1"));
            }
        }
        if (futureTables) {
            s.execute("ALTER DEFAULT PRIVILEGES IN SCHEMA " + q + " GRANT SELECT ON TABLES TO " + role);
        }
    }

    /**
     * @param dropped  false when there was no such role (nothing to do)
     * @param marked   whether it carried the marker (false only with force)
     */
    public record Dropped(boolean dropped, boolean marked) {}

    /**
     * Drops the role in one transaction: its privileges and default privileges in this database (DROP OWNED), then the
     * role. A role not made by create is refused unless {@code force}; a superuser role always (drop that by hand).
     */
    public static Dropped drop(Connection conn, String name, boolean force) {
        checkName(name);
        String role = PgIdentifiers.quote(name);
        try {
            conn.setAutoCommit(false);
            Existing before = existing(conn, name);
            if (!before.exists()) {
                conn.rollback();
                return new Dropped(false, false);
            }
            if (before.superuser()) {
                throw SupaException.invalidInput(
                        "Role '" + name + "' is a superuser; db agent-role drop leaves it alone",
                        "Drop it yourself if you mean it: DROP ROLE " + role + ".");
            }
            if (!before.marked() && !force) {
                throw SupaException.invalidInput(
                        "Role '" + name
                                + "' was not made by db agent-role create (its comment lacks the marker); it is left as it is",
                        "Check the name; to drop it anyway pass --force (MCP: force).");
            }
            try (Statement s = conn.createStatement()) {
                if (!before.adminable()) {
                    // DROP OWNED needs the role's privileges: a CREATEROLE login (not a superuser) takes them for the
                    // length of this transaction; DROP ROLE then ends the membership with the role.
                    s.execute("GRANT " + role + " TO CURRENT_USER");
                }
                s.execute("DROP OWNED BY " + role);
                s.execute("DROP ROLE " + role);
            }
            conn.commit();
            return new Dropped(true, before.marked());
        } catch (SQLException e) {
            rollbackQuietly(conn);
            if ("2BP01".equals(e.getSQLState())) {
                throw new SupaException(
                        ErrorCode.QUERY_FAILED,
                        "Role '" + name + "' still has privileges or objects in other databases: "
                                + PgErrors.firstLine(e.getMessage()) + detail(e),
                        "Run db agent-role drop against each database named (--database NAME); it is dropped from the last one.",
                        e);
            }
            throw failure("Dropping the agent login " + name, e);
        } catch (RuntimeException e) {
            rollbackQuietly(conn);
            throw e;
        }
    }

    private static String detail(SQLException e) {
        if (e instanceof org.postgresql.util.PSQLException p
                && p.getServerErrorMessage() != null
                && p.getServerErrorMessage().getDetail() != null) {
            return " (" + p.getServerErrorMessage().getDetail().replace('\n', ';') + ")";
        }
        return "";
    }

    private static SupaException failure(String what, SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        if ("42501".equals(state)) {
            return new SupaException(
                    ErrorCode.QUERY_PERMISSION_DENIED,
                    what + " failed: " + PgErrors.firstLine(e.getMessage()),
                    "Run it as a superuser or as a login with CREATEROLE (on Supabase, the stack's postgres login); nothing was changed.",
                    e);
        }
        return new SupaException(
                ErrorCode.QUERY_FAILED,
                what + " failed: " + PgErrors.firstLine(e.getMessage()),
                "Nothing was changed (the transaction was rolled back). Check the message and run again.",
                e);
    }

    private static String scalar(Connection conn, String sql) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement(sql);
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static void rollbackQuietly(Connection conn) {
        try {
            conn.rollback();
        } catch (SQLException ignored) {
            // the caller closes the connection; the original failure is what matters
        }
    }
}
