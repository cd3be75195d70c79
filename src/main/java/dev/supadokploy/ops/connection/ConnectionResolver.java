package dev.supadokploy.ops.connection;

import dev.supadokploy.config.InstanceConfig;
import dev.supadokploy.config.Secret;
import dev.supadokploy.config.SecretResolver;
import dev.supadokploy.errors.ErrorCode;
import dev.supadokploy.errors.SupaException;
import dev.supadokploy.ops.OperationContext;
import dev.supadokploy.ops.Policy;
import dev.supadokploy.pg.AgentParameters;
import dev.supadokploy.pg.ConnectionTarget;
import dev.supadokploy.pg.PgConnector;
import dev.supadokploy.pg.PostgresUrl;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns a {@link ConnectionInput} into a {@link ConnectionTarget} and opens it. The password is looked
 * for in order: the input, the URL, the instance's database_password, PGPASSWORD, and finally a prompt
 * when a person is at a terminal and the server asks for one.
 *
 * <p>For an agent ({@link Policy#ambientCredentials()} false) a stored credential — an instance's, the server's
 * SUPA_DOKPLOY_DATABASE_URL or PGPASSWORD, ~/.pgpass — is used only for the host, port, user and database it was stored
 * for, and the agent's URL parameters are limited to {@link AgentParameters}. The CLI keeps both: an operator refining
 * an instance ({@code --instance prod --user postgres.tenant}) sends the operator's own password where the operator said.
 */
public final class ConnectionResolver {
    public static final String DEFAULT_URL_ENV = "SUPA_DOKPLOY_DATABASE_URL";
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private ConnectionResolver() {}

    public static ConnectionTarget resolve(ConnectionInput in, OperationContext ctx) {
        ConnectionInput input = in == null ? ConnectionInput.none() : in;
        SecretResolver secrets = ctx.secrets();
        boolean agent = !ctx.policy().ambientCredentials();
        if (agent && input.sslMode() != null) {
            AgentParameters.requireSslMode(input.sslMode(), "sslMode");
        }
        if (input.connectionString() != null && !input.connectionString().isBlank()) {
            String url = secrets.resolve(input.connectionString(), "the connection string")
                    .reveal();
            ConnectionTarget named = PostgresUrl.parse(url, "the connection string");
            if (agent) {
                AgentParameters.requireAllowed(named.parameters(), "the connection string");
            }
            return callerNamed(applyOverrides(named, input), input, ctx);
        }
        if (input.instance() == null || input.instance().isBlank()) {
            if (input.host() != null && !input.host().isBlank()) {
                return callerNamed(
                        new ConnectionTarget(
                                input.host(),
                                input.port() == null ? ConnectionTarget.DEFAULT_PORT : input.port(),
                                input.database() == null ? "postgres" : input.database(),
                                input.user() == null ? "postgres" : input.user(),
                                null,
                                Map.of(),
                                "host/port/user options"),
                        input,
                        ctx);
            }
            if (ctx.env().get(DEFAULT_URL_ENV) == null
                    || ctx.env().get(DEFAULT_URL_ENV).isBlank()) {
                throw new SupaException(
                        ErrorCode.CONNECTION_MISSING,
                        "No database given",
                        "Pass --connection URL, --instance NAME or --host/--user/--dbname (MCP: connectionString, instance, or host…), "
                                + "or set " + DEFAULT_URL_ENV + ".");
            }
        }
        // An endpoint the operator stored (an instance, or the server's SUPA_DOKPLOY_DATABASE_URL), with its
        // credentials.
        ConnectionTarget stored;
        Secret storedPassword;
        if (input.instance() != null && !input.instance().isBlank()) {
            InstanceConfig instance = ctx.config().instance(input.instance());
            if (instance.databaseUrl() == null) {
                throw new SupaException(
                        ErrorCode.CONFIGURATION_INVALID,
                        "Instance '" + instance.name() + "' has no database_url",
                        "Add database_url = \"env:NAME\" (or a postgres:// URL without the password) to [instances."
                                + instance.name() + "] in " + ctx.config().source() + ".");
            }
            String origin = "instance " + instance.name();
            stored = PostgresUrl.parse(
                    secrets.resolve(instance.databaseUrl(), origin + " database_url")
                            .reveal(),
                    origin);
            storedPassword = stored.password() != null
                    ? stored.password()
                    : secrets.resolve(instance.databasePassword(), origin + " database_password");
        } else {
            stored = PostgresUrl.parse(ctx.env().get(DEFAULT_URL_ENV), DEFAULT_URL_ENV);
            storedPassword = stored.password();
        }
        if (storedPassword == null && ctx.env().get("PGPASSWORD") != null) {
            storedPassword = Secret.of(ctx.env().get("PGPASSWORD"));
        }
        ConnectionTarget target = applyOverrides(stored, input);
        List<String> changed = changes(stored, target);
        if (input.password() != null) {
            ConnectionTarget own = target.withPassword(secrets.resolve(input.password(), "the password"));
            return agent && !changed.isEmpty() ? own.withoutAmbientCredentials() : own;
        }
        if (agent && !changed.isEmpty()) {
            // A stored credential goes only where it was stored for: an agent moving the endpoint (another host, or a
            // user or database the operator did not pair it with) would otherwise receive it, in cleartext if it asks
            // so.
            if (storedPassword != null) {
                throw new SupaException(
                        ErrorCode.CONNECTION_PASSWORD_REQUIRED,
                        "The stored credentials of " + stored.origin() + " are not sent to a changed endpoint ("
                                + String.join(", ", changed) + " given by the caller)",
                        "Leave host, port, user, database and sslMode out to connect as " + stored.origin()
                                + " with its stored "
                                + "credentials, or pass 'password' with your own password for the changed endpoint. Through "
                                + "Supavisor, ask the operator for an instance whose database_url names the pooler login.");
            }
            return target.withPassword(null).withoutAmbientCredentials();
        }
        return target.withPassword(storedPassword);
    }

    /** An endpoint the caller named itself: its own password, and for an agent nothing of the server's. */
    private static ConnectionTarget callerNamed(ConnectionTarget target, ConnectionInput input, OperationContext ctx) {
        ConnectionTarget own = input.password() == null
                ? target
                : target.withPassword(ctx.secrets().resolve(input.password(), "the password"));
        if (!ctx.policy().ambientCredentials()) {
            return own.withoutAmbientCredentials();
        }
        if (own.password() != null) {
            return own;
        }
        String pgPassword = ctx.env().get("PGPASSWORD");
        return pgPassword == null ? target : target.withPassword(Secret.of(pgPassword));
    }

    /**
     * What the caller's overrides changed about a stored endpoint. TLS counts when weakened: a stored password sent over a
     * connection the stored URL required encrypted could be read on the way.
     */
    private static List<String> changes(ConnectionTarget stored, ConnectionTarget now) {
        List<String> changed = new ArrayList<>();
        if (!stored.host().equalsIgnoreCase(now.host())) {
            changed.add("host");
        }
        if (stored.port() != now.port()) {
            changed.add("port");
        }
        if (!Objects.equals(stored.user(), now.user())) {
            changed.add("user");
        }
        if (!Objects.equals(stored.database(), now.database())) {
            changed.add("database");
        }
        if (tlsStrength(now) < tlsStrength(stored)) {
            changed.add("sslMode");
        }
        return changed;
    }

    private static int tlsStrength(ConnectionTarget t) {
        String mode = t.parameters().get("sslmode");
        if (mode == null) {
            // pgjdbc: ssl=true without sslmode verifies the server fully; neither means our default, prefer.
            return "true".equalsIgnoreCase(t.parameters().get("ssl"))
                    ? TLS_MODES.size() - 1
                    : TLS_MODES.indexOf("prefer");
        }
        return TLS_MODES.indexOf(mode);
    }

    private static final List<String> TLS_MODES =
            List.of("disable", "allow", "prefer", "require", "verify-ca", "verify-full");

    /** Explicit parts given next to a URL or instance refine it (e.g. --instance prod --user postgres.tenant). */
    private static ConnectionTarget applyOverrides(ConnectionTarget t, ConnectionInput in) {
        Map<String, String> params = new HashMap<>(t.parameters());
        if (in.sslMode() != null) {
            params.put("sslmode", in.sslMode());
        }
        return new ConnectionTarget(
                in.host() != null ? in.host() : t.host(),
                in.port() != null ? in.port() : t.port(),
                in.database() != null ? in.database() : t.database(),
                in.user() != null ? in.user() : t.user(),
                t.password(),
                params,
                t.origin());
    }

    /** Opens a connection; asks for the password on a terminal if the server wants one we lack. */
    public static Connection open(ConnectionTarget target, OperationContext ctx) {
        return openTimed(target, ctx).connection();
    }

    /**
     * A connection, how long the successful attempt took (time spent at a password prompt excluded), and the target
     * as it connected (with a password typed at the prompt), for opening more connections without asking again.
     */
    public record Opened(Connection connection, double connectMs, ConnectionTarget target) {}

    public static Opened openTimed(ConnectionTarget target, OperationContext ctx) {
        try {
            return timed(target);
        } catch (SupaException e) {
            if (e.code() != ErrorCode.CONNECTION_PASSWORD_REQUIRED || target.password() != null) {
                throw e;
            }
            if (!ctx.policy().ambientCredentials()) {
                // The CLI's advice (PGPASSWORD, --password-file) is the operator's; an agent has the arguments.
                throw new SupaException(
                        e.code(),
                        e.getMessage(),
                        "Pass 'password' with the password for " + target.display()
                                + ", or name an instance from the server's config.toml without changing its host, port, user or "
                                + "database: the server's stored credentials are sent only to the endpoint they were stored for.",
                        e.details(),
                        e);
            }
            Optional<char[]> typed = ctx.interaction().readSecret("Password for " + target.display() + ": ");
            if (typed.isEmpty()) {
                throw e;
            }
            return timed(target.withPassword(Secret.of(new String(typed.get()))));
        }
    }

    private static Opened timed(ConnectionTarget target) {
        long start = System.nanoTime();
        Connection conn = PgConnector.open(target, CONNECT_TIMEOUT);
        return new Opened(conn, (System.nanoTime() - start) / 1e6, target);
    }

    public static Connection open(ConnectionInput input, OperationContext ctx) {
        return open(resolve(input, ctx), ctx);
    }
}
