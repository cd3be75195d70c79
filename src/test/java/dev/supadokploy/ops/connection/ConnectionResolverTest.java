package dev.supadokploy.ops.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.supadokploy.config.Config;
import dev.supadokploy.config.DokployServerConfig;
import dev.supadokploy.config.InstanceConfig;
import dev.supadokploy.errors.ErrorCode;
import dev.supadokploy.errors.SupaException;
import dev.supadokploy.ops.OperationContext;
import dev.supadokploy.ops.Policy;
import dev.supadokploy.pg.ConnectionTarget;
import dev.supadokploy.testing.TestContext;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Where stored credentials may go: the CLI refines endpoints freely, an agent only reaches them unchanged. */
class ConnectionResolverTest {
    private static final Config CONFIG = new Config(
            null,
            new DokployServerConfig(null, null),
            Map.of(
                    "prod",
                    new InstanceConfig(
                            "prod",
                            "postgres://postgres@db.internal:5432/postgres?sslmode=require",
                            "env:PROD_PW",
                            null,
                            null,
                            null)));

    private static OperationContext context(boolean agent, Map<String, String> extraEnv) {
        Map<String, String> env = new HashMap<>(Map.of("PROD_PW", "prod-secret"));
        env.putAll(extraEnv);
        return TestContext.with(env)
                .config(CONFIG)
                .policy(new Policy(false, false, false, !agent))
                .build();
    }

    private static ConnectionInput instance(String host, Integer port, String user, String database, String sslMode) {
        return new ConnectionInput(null, "prod", host, port, user, null, database, sslMode);
    }

    private static ConnectionInput url(String url, String password) {
        return new ConnectionInput(url, null, null, null, null, password, null, null);
    }

    @Test
    void theOperatorMayRefineAnInstanceAndKeepsItsPassword() {
        ConnectionTarget t = ConnectionResolver.resolve(
                instance(null, 6543, "postgres.tenant", null, null), context(false, Map.of()));
        assertEquals("postgres.tenant", t.user());
        assertEquals(6543, t.port());
        assertEquals("prod-secret", t.password().reveal());
    }

    @Test
    void anAgentGetsTheStoredPasswordOnlyForTheStoredEndpoint() {
        OperationContext agent = context(true, Map.of());
        assertEquals(
                "prod-secret",
                ConnectionResolver.resolve(ConnectionInput.instance("prod"), agent)
                        .password()
                        .reveal());
        ConnectionTarget same =
                ConnectionResolver.resolve(instance("DB.internal", 5432, "postgres", "postgres", "verify-full"), agent);
        assertEquals(
                "prod-secret",
                same.password().reveal(),
                "the same endpoint, TLS stronger: nothing changed that matters");
        for (ConnectionInput moved : new ConnectionInput[] {
            instance("evil.example", null, null, null, null),
            instance(null, 6543, null, null, null),
            instance(null, null, "postgres.tenant", null, null),
            instance(null, null, null, "other", null),
            instance(null, null, null, null, "prefer")
        }) {
            SupaException e =
                    assertThrows(SupaException.class, () -> ConnectionResolver.resolve(moved, agent), moved::toString);
            assertEquals(ErrorCode.CONNECTION_PASSWORD_REQUIRED, e.code());
            assertTrue(e.getMessage().contains("not sent to a changed endpoint"), e.getMessage());
            assertTrue(e.suggestion().contains("'password'"), e.suggestion());
        }
        ConnectionTarget own = ConnectionResolver.resolve(
                new ConnectionInput(null, "prod", "other.example", null, null, "mine", null, null), agent);
        assertEquals("mine", own.password().reveal(), "the agent's own password goes where the agent says");
    }

    @Test
    void theServersDatabaseUrlAndPgpasswordArePinnedToo() {
        OperationContext withUrlPassword =
                context(true, Map.of(ConnectionResolver.DEFAULT_URL_ENV, "postgres://app:url-secret@db:5432/app"));
        assertEquals(
                "url-secret",
                ConnectionResolver.resolve(ConnectionInput.none(), withUrlPassword)
                        .password()
                        .reveal());
        assertEquals(
                ErrorCode.CONNECTION_PASSWORD_REQUIRED,
                assertThrows(
                                SupaException.class,
                                () -> ConnectionResolver.resolve(
                                        new ConnectionInput(null, null, null, 1, null, null, null, null),
                                        withUrlPassword))
                        .code());
        OperationContext withPgpassword = context(
                true,
                Map.of(ConnectionResolver.DEFAULT_URL_ENV, "postgres://app@db:5432/app", "PGPASSWORD", "pg-secret"));
        assertEquals(
                "pg-secret",
                ConnectionResolver.resolve(ConnectionInput.none(), withPgpassword)
                        .password()
                        .reveal());
        assertThrows(
                SupaException.class,
                () -> ConnectionResolver.resolve(
                        new ConnectionInput(null, null, null, null, "postgres", null, null, null), withPgpassword));
    }

    @Test
    void anAgentsOwnUrlGetsNoServerPasswordAndNoPasswordFile() {
        ConnectionTarget agent = ConnectionResolver.resolve(
                url("postgres://x@trap.example/db", null), context(true, Map.of("PGPASSWORD", "pg")));
        assertNull(agent.password());
        assertFalse(agent.ambientCredentials());
        ConnectionTarget withOwn =
                ConnectionResolver.resolve(url("postgres://x@trap.example/db", "mine"), context(true, Map.of()));
        assertEquals("mine", withOwn.password().reveal());
        assertFalse(withOwn.ambientCredentials(), "nor this machine's Kerberos identity, password or not");
        assertFalse(
                ConnectionResolver.resolve(
                                new ConnectionInput(null, "prod", "other.example", null, null, "mine", null, null),
                                context(true, Map.of()))
                        .ambientCredentials(),
                "a moved instance with the agent's password is the agent's endpoint");
        assertTrue(
                ConnectionResolver.resolve(ConnectionInput.instance("prod"), context(true, Map.of()))
                        .ambientCredentials(),
                "the operator's endpoint as stored keeps the operator's ways to log in");
        ConnectionTarget cli = ConnectionResolver.resolve(
                url("postgres://x@trap.example/db", null), context(false, Map.of("PGPASSWORD", "pg")));
        assertEquals("pg", cli.password().reveal());
        assertTrue(cli.ambientCredentials());
    }

    @Test
    void anAgentsUrlParametersAreAllowListedTheOperatorsAreKept() {
        OperationContext agent = context(true, Map.of());
        SupaException e = assertThrows(
                SupaException.class,
                () -> ConnectionResolver.resolve(
                        url(
                                "postgres://x@h/db?sslmode=require&sslfactory=org.postgresql.ssl.NonValidatingFactory",
                                "pw"),
                        agent));
        assertEquals(ErrorCode.VALIDATION_INVALID_INPUT, e.code());
        assertTrue(e.getMessage().contains("'sslfactory'") && e.getMessage().contains("Java class"), e.getMessage());
        SupaException options = assertThrows(
                SupaException.class,
                () -> ConnectionResolver.resolve(
                        url("postgres://x@h/db?options=-c%20default_transaction_read_only%3Doff", "pw"), agent));
        assertTrue(options.getMessage().contains("'options'"), options.getMessage());
        assertEquals(
                Map.of("connectTimeout", "5", "sslmode", "verify-full"),
                ConnectionResolver.resolve(url("postgres://x@h/db?connectTimeout=5&sslmode=verify-full", "pw"), agent)
                        .parameters());
        assertEquals(
                "/etc/ca.pem",
                ConnectionResolver.resolve(
                                url("postgres://x@h/db?sslrootcert=/etc/ca.pem", "pw"), context(false, Map.of()))
                        .parameters()
                        .get("sslrootcert"),
                "the operator's file parameter stays");
    }

    @Test
    void aHostThatWouldAddJdbcUrlParametersIsRefused() {
        SupaException e = assertThrows(
                SupaException.class,
                () -> ConnectionResolver.resolve(
                        new ConnectionInput(null, null, "h:1/x?socketFactory=a&b=", null, null, "pw", null, null),
                        context(false, Map.of())));
        assertEquals(ErrorCode.CONNECTION_INVALID_URL, e.code());
        assertEquals(
                ErrorCode.CONNECTION_INVALID_URL,
                assertThrows(
                                SupaException.class,
                                () -> ConnectionResolver.resolve(
                                        url("postgres://x@h/db?host=a%2Fb%3FsocketFactory%3Dx", "pw"),
                                        context(false, Map.of())))
                        .code());
    }
}
