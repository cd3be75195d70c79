package dev.supadokploy.ops;

import dev.supadokploy.config.InstanceConfig;
import dev.supadokploy.config.Secret;
import dev.supadokploy.config.SecretResolver;
import dev.supadokploy.errors.ErrorCode;
import dev.supadokploy.errors.SupaException;
import dev.supadokploy.pg.ConnectionTarget;
import dev.supadokploy.pg.PgConnector;
import dev.supadokploy.pg.PostgresUrl;
import java.sql.Connection;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a {@link ConnectionInput} into a {@link ConnectionTarget} and opens it. The password is looked
 * for in order: the input, the URL, the instance's database_password, PGPASSWORD, and finally a prompt
 * when a person is at a terminal and the server asks for one.
 */
public final class ConnectionResolver {
    public static final String DEFAULT_URL_ENV = "SUPA_DOKPLOY_DATABASE_URL";
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private ConnectionResolver() {}

    public static ConnectionTarget resolve(ConnectionInput in, OperationContext ctx) {
        ConnectionInput input = in == null ? ConnectionInput.none() : in;
        SecretResolver secrets = ctx.secrets();
        ConnectionTarget target;
        Secret instancePassword = null;
        if (input.connectionString() != null && !input.connectionString().isBlank()) {
            String url = secrets.resolve(input.connectionString(), "the connection string").reveal();
            target = PostgresUrl.parse(url, "the connection string");
        } else if (input.instance() != null && !input.instance().isBlank()) {
            InstanceConfig instance = ctx.config().instance(input.instance());
            if (instance.databaseUrl() == null) {
                throw new SupaException(ErrorCode.CONFIGURATION_INVALID,
                        "Instance '" + instance.name() + "' has no database_url",
                        "Add database_url = \"env:NAME\" (or a postgres:// URL without the password) to [instances."
                                + instance.name() + "] in " + ctx.config().source() + ".");
            }
            String origin = "instance " + instance.name();
            target = PostgresUrl.parse(secrets.resolve(instance.databaseUrl(), origin + " database_url").reveal(), origin);
            instancePassword = secrets.resolve(instance.databasePassword(), origin + " database_password");
        } else if (input.host() != null && !input.host().isBlank()) {
            target = new ConnectionTarget(input.host(), input.port() == null ? ConnectionTarget.DEFAULT_PORT : input.port(),
                    input.database() == null ? "postgres" : input.database(),
                    input.user() == null ? "postgres" : input.user(), null, Map.of(), "host/port/user options");
        } else if (ctx.env().get(DEFAULT_URL_ENV) != null && !ctx.env().get(DEFAULT_URL_ENV).isBlank()) {
            target = PostgresUrl.parse(ctx.env().get(DEFAULT_URL_ENV), DEFAULT_URL_ENV);
        } else {
            throw new SupaException(ErrorCode.CONNECTION_MISSING, "No database given",
                    "Pass --connection URL, --instance NAME or --host/--user/--dbname (MCP: connectionString, instance, or host…), "
                            + "or set " + DEFAULT_URL_ENV + ".");
        }
        target = applyOverrides(target, input);
        if (input.password() != null) {
            return target.withPassword(secrets.resolve(input.password(), "the password"));
        }
        if (target.password() != null) {
            return target;
        }
        if (instancePassword != null) {
            return target.withPassword(instancePassword);
        }
        boolean callerNamedEndpoint = input.connectionString() != null && !input.connectionString().isBlank()
                || input.host() != null && !input.host().isBlank();
        if (callerNamedEndpoint && !ctx.policy().ambientCredentials()) {
            return target;
        }
        String pgPassword = ctx.env().get("PGPASSWORD");
        return pgPassword == null ? target : target.withPassword(Secret.of(pgPassword));
    }

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
                t.password(), params, t.origin());
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
