package dev.supadokploy.pg;

import dev.supadokploy.errors.ErrorCode;
import dev.supadokploy.errors.SupaException;
import dev.supadokploy.util.Lines;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.net.ssl.SSLException;

/** Turns pgjdbc failures into coded errors that say what to do next. */
public final class PgErrors {
    private PgErrors() {}

    /** Classifies a failure to open a connection. */
    public static SupaException connectFailure(SQLException e, ConnectionTarget target) {
        String where = target.display() + " (from " + target.origin() + ")";
        String msg = e.getMessage() == null ? "" : e.getMessage();
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        Throwable root = rootCause(e);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("target", target.display());
        if (!state.isEmpty()) {
            details.put("sqlState", state);
        }
        if (root instanceof UnknownHostException) {
            return new SupaException(
                    ErrorCode.CONNECTION_UNKNOWN_HOST,
                    "Unknown host '" + target.host() + "' for " + where,
                    "Check the host name; inside Dokploy the database is reachable by its service name only from the same network.",
                    details,
                    e);
        }
        if (root instanceof ConnectException || root instanceof NoRouteToHostException) {
            return new SupaException(
                    ErrorCode.CONNECTION_REFUSED,
                    "Connection refused by " + target.host() + ":" + target.port(),
                    "Check that PostgreSQL (or Supavisor) listens on port " + target.port()
                            + " and that the port is published; Supabase's compose exposes 5432 (session) and 6543 (transaction) through Supavisor.",
                    details,
                    e);
        }
        if (root instanceof SocketTimeoutException || msg.contains("timed out")) {
            return new SupaException(
                    ErrorCode.CONNECTION_TIMEOUT,
                    "Timed out connecting to " + where,
                    "Check firewalls between here and " + target.host() + ", or raise connect_timeout in the URL.",
                    details,
                    e);
        }
        if (root instanceof SSLException || msg.contains("does not support SSL")) {
            return new SupaException(
                    ErrorCode.CONNECTION_TLS_UNAVAILABLE,
                    "TLS was required but " + where + " does not offer it: " + msg,
                    "Use sslmode=prefer or sslmode=disable for a server without TLS, or enable ssl on the server.",
                    details,
                    e);
        }
        if (msg.contains("Tenant or user not found") || msg.contains("tenant") && msg.contains("not found")) {
            return new SupaException(
                    ErrorCode.CONNECTION_POOLER_TENANT,
                    "Supavisor does not know the login '" + target.user() + "'",
                    "Supavisor needs the user as postgres.<POOLER_TENANT_ID> (see POOLER_TENANT_ID in the stack's .env).",
                    details,
                    e);
        }
        switch (state) {
            case "28P01":
                return new SupaException(
                        ErrorCode.CONNECTION_AUTH_FAILED,
                        "Password authentication failed for user '" + target.user() + "' at " + where,
                        "Check the password (PGPASSWORD, " + target.passwordFileOption()
                                + ", or the instance's database_password); for Supabase it is POSTGRES_PASSWORD.",
                        details,
                        e);
            case "28000":
                if (msg.contains("no encryption") || msg.contains("SSL off")) {
                    return new SupaException(
                            ErrorCode.CONNECTION_TLS_REQUIRED,
                            "The server requires TLS for " + where,
                            "Add ?sslmode=require to the URL (or --sslmode require).",
                            details,
                            e);
                }
                return new SupaException(
                        ErrorCode.CONNECTION_REJECTED,
                        "The server rejected the login: " + firstLine(msg),
                        "Check pg_hba.conf on the server allows this user, database and client address.",
                        details,
                        e);
            case "3D000":
                return new SupaException(
                        ErrorCode.CONNECTION_UNKNOWN_DATABASE,
                        "Database '" + target.database() + "' does not exist at " + target.host(),
                        "Supabase's database is named 'postgres'; check the database name in the URL.",
                        details,
                        e);
            case "53300":
                return new SupaException(
                        ErrorCode.CONNECTION_LIMIT_REACHED,
                        "The server has no free connection slots: " + firstLine(msg),
                        "Run 'supa-dokploy db connections' from a superuser to see who holds them, or connect through Supavisor.",
                        details,
                        e);
            case "08004":
                if (msg.contains("no password was provided")) {
                    return new SupaException(
                            ErrorCode.CONNECTION_PASSWORD_REQUIRED,
                            "The server wants a password for user '" + target.user() + "'",
                            "Give it with PGPASSWORD, " + target.passwordFileOption()
                                    + " FILE, the instance's database_password, or at the prompt on a terminal.",
                            details,
                            e);
                }
                break;
            default:
                break;
        }
        return new SupaException(
                ErrorCode.CONNECTION_FAILED,
                "Cannot connect to " + where + ": " + firstLine(msg),
                "Check the URL, credentials and network path to the server.",
                details,
                e);
    }

    public static Throwable rootCause(Throwable t) {
        Throwable cur = t;
        while (cur.getCause() != null && cur.getCause() != cur) {
            cur = cur.getCause();
        }
        return cur;
    }

    public static String firstLine(String s) {
        return Lines.first(s);
    }
}
