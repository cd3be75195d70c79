package dev.supadokploy.pg;

import dev.supadokploy.errors.SupaException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Which pgjdbc URL parameters an agent may set. pgjdbc acts on many parameters with the rights of the process it runs
 * in: some load a Java class by name (socketFactory, sslfactory …), some read files of this machine (sslkey, service
 * → pg_service.conf …), some use its Kerberos credentials (gsslib, jaasLogin …), and some change the session an agent's
 * SQL runs in (options=-c … sets any setting, readOnlyMode=ignore, preferQueryMode=simple, replication). An agent gets
 * only the parameters below, which choose transport security and timeouts and nothing else (not requireAuth either:
 * {@link PgConnector} sets it for agents' endpoints, to keep this machine's Kerberos identity out). The operator's own
 * URLs (config.toml, SUPA_DOKPLOY_DATABASE_URL, the CLI) keep every parameter. Names compare without case, so a
 * spelling pgjdbc would ignore is refused too rather than judged.
 */
public final class AgentParameters {
    /** From pgjdbc's PGProperty: TLS choices, timeouts, keepalive, the connection's label, the primary/standby choice. */
    static final List<String> ALLOWED_NAMES = List.of(
            "sslmode",
            "ssl",
            "sslNegotiation",
            "sslResponseTimeout",
            "channelBinding",
            "connectTimeout",
            "socketTimeout",
            "loginTimeout",
            "cancelSignalTimeout",
            "tcpKeepAlive",
            "tcpNoDelay",
            "ApplicationName",
            "application_name",
            "targetServerType",
            "hostRecheckSeconds");

    private static final Set<String> ALLOWED = names(ALLOWED_NAMES.toArray(String[]::new));

    private static final Set<String> LOADS_CLASS = names(
            "socketFactory",
            "socketFactoryArg",
            "sslfactory",
            "sslfactoryarg",
            "sslhostnameverifier",
            "sslpasswordcallback",
            "authenticationPluginClassName",
            "connectExecutor",
            "connectExecutorArg",
            "xmlFactoryFactory",
            "classLoaderStrategy");
    private static final Set<String> READS_FILE =
            names("sslcert", "sslkey", "sslrootcert", "sslpassword", "loggerFile", "loggerLevel", "service");
    private static final Set<String> SERVER_IDENTITY = names(
            "gsslib",
            "gssEncMode",
            "gssUseDefaultCreds",
            "jaasLogin",
            "jaasApplicationName",
            "kerberosServerName",
            "useSpnego",
            "sspiServiceClass",
            "localSocketAddress");

    /** libpq's and pgjdbc's values (pgjdbc rejects anything else). */
    public static final Set<String> SSL_MODES =
            Set.of("disable", "allow", "prefer", "require", "verify-ca", "verify-full");

    private AgentParameters() {}

    /** Refuses the first parameter an agent may not set, naming it and why. */
    public static void requireAllowed(Map<String, String> parameters, String origin) {
        for (Map.Entry<String, String> e : new TreeMap<>(parameters).entrySet()) {
            String name = e.getKey();
            String key = name.toLowerCase(Locale.ROOT);
            if (!ALLOWED.contains(key)) {
                throw SupaException.invalidInput(
                        "The URL parameter '" + name + "' in " + origin + " is refused: " + why(key),
                        "Leave it out. Agents may set only: " + String.join(", ", ALLOWED_NAMES)
                                + ". An operator who needs it puts it "
                                + "in an instance's database_url in config.toml and the agent names that instance.");
            }
            if (key.equals("sslmode")) {
                requireSslMode(e.getValue(), origin);
            }
        }
    }

    public static void requireSslMode(String value, String origin) {
        if (value != null && !SSL_MODES.contains(value)) {
            throw SupaException.invalidInput(
                    "The TLS mode '" + value + "' in " + origin + " is not one PostgreSQL knows",
                    "Use one of disable, allow, prefer, require, verify-ca, verify-full.");
        }
    }

    private static String why(String key) {
        if (LOADS_CLASS.contains(key)) {
            return "it makes the server load a Java class by name";
        }
        if (READS_FILE.contains(key)) {
            return "it makes the server read or write a file of its own";
        }
        if (SERVER_IDENTITY.contains(key)) {
            return "it makes the server use its own Kerberos/Windows identity or network address";
        }
        if (key.equals("options")) {
            return "it sets server settings for the session (-c name=value), read-only defaults and timeouts included";
        }
        return "it is not among the parameters agents may set (it changes how the session or the driver behaves)";
    }

    private static Set<String> names(String... names) {
        Set<String> s = new TreeSet<>();
        for (String n : names) {
            s.add(n.toLowerCase(Locale.ROOT));
        }
        return Set.copyOf(s);
    }
}
