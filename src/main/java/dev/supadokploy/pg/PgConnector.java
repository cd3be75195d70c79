package dev.supadokploy.pg;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;
import org.postgresql.PGConnection;

/** Opens pgjdbc connections with the tool's defaults and coded errors. */
public final class PgConnector {
    public static final String APPLICATION_NAME = "supa-dokploy";

    private PgConnector() {}

    /**
     * Asks the server to cancel whatever this connection is running (a CancelRequest on a separate
     * socket, as psql sends on Ctrl-C). Best effort: failures are ignored.
     */
    public static void cancelRunningQuery(Connection conn) {
        try {
            conn.unwrap(PGConnection.class).cancelQuery();
        } catch (SQLException ignored) {
            // the query ends anyway when the connection closes
        }
    }

    public static Connection open(ConnectionTarget target, Duration connectTimeout) {
        Properties props = new Properties();
        if (target.user() != null) {
            props.setProperty("user", target.user());
        }
        if (target.password() != null) {
            props.setProperty("password", target.password().reveal());
        } else if (!target.ambientCredentials()) {
            props.setProperty("authenticationPluginClassName", NoStoredPassword.class.getName());
        }
        if (!target.ambientCredentials()) {
            // Nor this machine's Kerberos/SSPI identity, which a server asking for GSS would otherwise be offered.
            props.setProperty("requireAuth", "!gss,!sspi");
            props.setProperty("gssEncMode", "disable");
        }
        props.setProperty("connectTimeout", Long.toString(Math.max(1, connectTimeout.toSeconds())));
        props.setProperty("loginTimeout", Long.toString(Math.max(1, connectTimeout.toSeconds())));
        if (!target.parameters().containsKey("ApplicationName")
                && !target.parameters().containsKey("application_name")) {
            props.setProperty("ApplicationName", APPLICATION_NAME);
        }
        if (!target.parameters().containsKey("sslmode") && !target.parameters().containsKey("ssl")) {
            // libpq's default: use TLS when the server offers it, plain otherwise.
            props.setProperty("sslmode", "prefer");
        }
        ConnectionTarget.PoolerInfo pooler = target.pooler();
        if (pooler != null && "transaction".equals(pooler.mode())) {
            // Server-side prepared statements do not survive transaction pooling.
            props.setProperty("prepareThreshold", "0");
        }
        try {
            return DriverManager.getConnection(target.jdbcUrl(), props);
        } catch (SQLException e) {
            throw PgErrors.connectFailure(e, target);
        }
    }
}
