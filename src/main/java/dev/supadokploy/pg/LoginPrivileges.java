package dev.supadokploy.pg;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * What makes a role more than a reader, as PostgreSQL sees it: attributes that step outside a read-only transaction
 * or row level security (SUPERUSER, REPLICATION, BYPASSRLS, CREATEROLE), and membership — direct, inherited or
 * through SET ROLE — in a role that has them or in one of the predefined roles that reach the server itself (files,
 * programs, other backends) or every table. Agent SQL is refused on such a login, and {@code db agent-role create}
 * checks the login it made has none of it.
 *
 * <p>pg_monitor is left out on purpose: it reads statistics and settings, not table data, and changes nothing.
 *
 * @param role       the role examined
 * @param privileges what it holds, e.g. {@code SUPERUSER}, {@code member of pg_signal_backend}; empty for a plain role
 */
public record LoginPrivileges(String role, List<String> privileges) {
    /** Predefined roles that give a login the server's files, programs or backends, or every table's rows. */
    public static final List<String> PRIVILEGED_ROLES = List.of(
            "pg_read_server_files",
            "pg_write_server_files",
            "pg_execute_server_program",
            "pg_signal_backend",
            "pg_read_all_data",
            "pg_write_all_data",
            "pg_checkpoint",
            "pg_create_subscription");

    private static final String QUERY = """
            SELECT r.rolname::text, r.rolname = who.name AS self, r.rolsuper, r.rolreplication, r.rolbypassrls, r.rolcreaterole
            FROM pg_roles r, (SELECT coalesce(?::name, session_user) AS name) who
            WHERE (r.rolname = who.name OR pg_has_role(who.name, r.oid, 'MEMBER'))
              AND (r.rolsuper OR r.rolreplication OR r.rolbypassrls OR r.rolcreaterole OR r.rolname = ANY (?))
            ORDER BY r.rolname = who.name DESC, r.rolname""";

    public boolean privileged() {
        return !privileges.isEmpty();
    }

    /** The session's login (session_user: what RESET ROLE returns to). */
    public static LoginPrivileges ofLogin(Connection conn) throws SQLException {
        return of(conn, null);
    }

    /** {@code role}, or the session's login when null. */
    public static LoginPrivileges of(Connection conn, String role) throws SQLException {
        String name = role;
        List<String> found = new ArrayList<>();
        try (PreparedStatement ps = conn.prepareStatement(QUERY)) {
            ps.setString(1, role);
            Array roles = conn.createArrayOf("text", PRIVILEGED_ROLES.toArray());
            ps.setArray(2, roles);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    boolean self = rs.getBoolean("self");
                    List<String> attributes = attributes(rs);
                    if (self) {
                        name = rs.getString(1);
                        found.addAll(attributes);
                        if (attributes.contains("SUPERUSER")) {
                            break; // a superuser is a member of every role: listing them says nothing more
                        }
                    } else {
                        found.add("member of " + rs.getString(1)
                                + (attributes.isEmpty() ? "" : " (" + String.join(", ", attributes) + ")"));
                    }
                }
            }
        }
        if (name == null) {
            try (PreparedStatement ps = conn.prepareStatement("SELECT session_user::text");
                    ResultSet rs = ps.executeQuery()) {
                rs.next();
                name = rs.getString(1);
            }
        }
        return new LoginPrivileges(name, List.copyOf(found));
    }

    private static List<String> attributes(ResultSet rs) throws SQLException {
        List<String> a = new ArrayList<>();
        if (rs.getBoolean("rolsuper")) {
            a.add("SUPERUSER");
        }
        if (rs.getBoolean("rolreplication")) {
            a.add("REPLICATION");
        }
        if (rs.getBoolean("rolbypassrls")) {
            a.add("BYPASSRLS");
        }
        if (rs.getBoolean("rolcreaterole")) {
            a.add("CREATEROLE");
        }
        return a;
    }
}
