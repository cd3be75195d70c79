package dev.supadokploy.pg;

import dev.supadokploy.config.Secret;
import dev.supadokploy.errors.ErrorCode;
import dev.supadokploy.errors.SupaException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A fully resolved PostgreSQL endpoint. The password is a {@link Secret} and is never part of
 * {@link #jdbcUrl()} or {@link #display()}: it travels only as a JDBC property.
 *
 * @param parameters         libpq-style URL parameters (sslmode, sslrootcert, application_name, options …)
 * @param origin             where the connection came from, for messages ("--connection", "instance staging" …)
 * @param ambientCredentials pgjdbc may complete the login with credentials of the machine this runs on: a password
 *                           from its password file (~/.pgpass, PGPASSFILE), its Kerberos or SSPI identity. False for an
 *                           endpoint an agent named: a wildcard .pgpass line or a GSS login would otherwise hand the
 *                           operator's identity to a host of the agent's choosing
 */
public record ConnectionTarget(
        String host,
        int port,
        String database,
        String user,
        Secret password,
        Map<String, String> parameters,
        String origin,
        boolean ambientCredentials) {

    public static final int DEFAULT_PORT = 5432;
    /** Supavisor's transaction-mode port in Supabase's compose. */
    public static final int SUPAVISOR_TRANSACTION_PORT = 6543;

    /** Host names and IP literals only: a host is written into the JDBC URL, where '/', '?' or '&' would add parameters. */
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9._:%-]+");

    public ConnectionTarget {
        parameters = Map.copyOf(parameters);
        if (host == null || !HOST.matcher(host).matches()) {
            throw new SupaException(
                    ErrorCode.CONNECTION_INVALID_URL,
                    "The host " + (host == null ? "(none)" : "'" + host + "'") + " from " + origin
                            + " is not a host name or IP address",
                    "Give a host name such as db.example.com, or an IP address (IPv6 in brackets inside a URL).");
        }
    }

    public ConnectionTarget(
            String host,
            int port,
            String database,
            String user,
            Secret password,
            Map<String, String> parameters,
            String origin) {
        this(host, port, database, user, password, parameters, origin, true);
    }

    public String jdbcUrl() {
        String hostPart = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        String query = new TreeMap<>(parameters)
                .entrySet().stream()
                        .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                        .collect(Collectors.joining("&"));
        return "jdbc:postgresql://" + hostPart + ":" + port + "/" + encode(database)
                + (query.isEmpty() ? "" : "?" + query);
    }

    /** A URL safe to print: no password. */
    public String display() {
        String hostPart = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        return "postgres://" + (user == null ? "" : user + "@") + hostPart + ":" + port + "/" + database;
    }

    public ConnectionTarget withPassword(Secret newPassword) {
        return new ConnectionTarget(host, port, database, user, newPassword, parameters, origin, ambientCredentials);
    }

    /** The same endpoint, logging in with nothing of this machine's (see {@code ambientCredentials}). */
    public ConnectionTarget withoutAmbientCredentials() {
        return new ConnectionTarget(host, port, database, user, password, parameters, origin, false);
    }

    public ConnectionTarget withOrigin(String newOrigin) {
        return new ConnectionTarget(host, port, database, user, password, parameters, newOrigin, ambientCredentials);
    }

    /**
     * The option that gives this endpoint's password on the command line: two-database commands name each side's
     * own (their origin says which side); everything else takes --password-file.
     */
    public String passwordFileOption() {
        for (String side : new String[] {"source", "target"}) {
            if (origin != null && origin.contains("--" + side)) {
                return "--" + side + "-password-file";
            }
        }
        return "--password-file";
    }

    /**
     * Supavisor is recognised by its transaction port or by the {@code user.tenant} login it requires.
     * Returns null for a direct connection.
     */
    public PoolerInfo pooler() {
        boolean tenantUser = user != null && user.contains(".");
        if (port == SUPAVISOR_TRANSACTION_PORT) {
            return new PoolerInfo(
                    "supavisor", "transaction", tenantUser ? user.substring(user.indexOf('.') + 1) : null);
        }
        if (tenantUser) {
            return new PoolerInfo("supavisor", "session", user.substring(user.indexOf('.') + 1));
        }
        return null;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** @param tenant the POOLER_TENANT_ID part of the login, null when the user lacks it */
    public record PoolerInfo(String kind, String mode, String tenant) {}
}
