package dev.supadokploy.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.supadokploy.testing.McpProcess;
import dev.supadokploy.testing.McpResults;
import dev.supadokploy.testing.McpTestClient;
import dev.supadokploy.testing.NeedsPostgres;
import dev.supadokploy.testing.StartsProcess;
import dev.supadokploy.testing.TestPostgres;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Red team, credentials: a hostile agent drives the real server process and tries to make it send a credential the
 * operator stored (an instance's password, SUPA_DOKPLOY_DATABASE_URL's, PGPASSWORD, ~/.pgpass, DOKPLOY_API_KEY) to an
 * endpoint of the agent's choosing, or to load classes and files through pgjdbc URL parameters, or to read secrets in
 * the server's --verbose log. The trap is a fake PostgreSQL server that asks every client for a cleartext password and
 * records what it gets; a fake HTTP server records any request. Each attempt must end in a clear, coded error with
 * nothing stored reaching a trap; the same instance without overrides still connects to the real database.
 */
@NeedsPostgres
@StartsProcess
class McpCredentialRedTeamIT {
    private static final String STORED_PASSWORD = TestPostgres.LOGIN_PASSWORD;
    private static final String ENV_URL_PASSWORD = "env-url-secret-19bc";
    private static final String PGPASSWORD = "pgpassword-secret-c0de";
    private static final String PGPASS_FILE_PASSWORD = "pgpass-file-secret-5eed";
    private static final String DOKPLOY_KEY = "dokploy-key-secret-a11ce";

    static TestPostgres pg;
    static String db;

    @TempDir
    Path home;

    McpProcess server;
    PasswordTrap trap;

    @BeforeAll
    static void database() {
        pg = TestPostgres.get();
        db = pg.createDatabase("mcp_red_team");
    }

    @BeforeEach
    void openTrap() throws IOException {
        trap = new PasswordTrap();
    }

    @AfterEach
    void stop() throws IOException {
        if (server != null) {
            server.close();
        }
        trap.close();
    }

    /** The operator's setup: an instance "staging" on the real database, its password in the server's environment. */
    private Map<String, String> env() throws IOException {
        Path config = home.resolve("config.toml");
        Files.writeString(
                config,
                String.join(
                        "\n",
                        "[instances.staging]",
                        "database_url = \"postgres://" + TestPostgres.LOGIN_ROLE + "@" + pg.host() + ":" + pg.port()
                                + "/" + db + "\"",
                        "database_password = \"env:STAGING_DB_PASSWORD\"",
                        "dokploy_compose_id = \"staging-compose\"",
                        ""));
        Map<String, String> env = new HashMap<>();
        env.put("HOME", home.toString());
        env.put("XDG_CONFIG_HOME", home.resolve("xdg").toString());
        env.put("SUPA_DOKPLOY_CONFIG", config.toString());
        env.put("STAGING_DB_PASSWORD", STORED_PASSWORD);
        return env;
    }

    private McpTestClient start(Map<String, String> env, String... args) {
        server = McpProcess.start(env, args);
        server.client().initialize();
        return server.client();
    }

    /** Every stored secret, for asserting that none reached a trap or the agent. */
    private static final List<String> SECRETS =
            List.of(STORED_PASSWORD, ENV_URL_PASSWORD, PGPASSWORD, PGPASS_FILE_PASSWORD, DOKPLOY_KEY);

    private void assertNoStoredSecretLeft(McpTestClient client) {
        for (String secret : SECRETS) {
            assertFalse(trap.passwords().contains(secret), "the trap received a stored secret: " + trap.passwords());
            for (String line : client.lines()) {
                assertFalse(line.contains(secret), "a stored secret reached the agent: " + line);
            }
        }
    }

    private String trapUrl(String user, String query) {
        return "postgres://" + user + "@127.0.0.1:" + trap.port() + "/" + db + (query.isEmpty() ? "" : "?" + query);
    }

    // --- stored credentials and a changed endpoint ---

    @Test
    void anInstancePointedAtAnotherHostAndPortKeepsItsPassword() throws IOException {
        McpTestClient client = start(env());
        JsonNode r =
                client.callTool("connect", Map.of("instance", "staging", "host", "127.0.0.1", "port", trap.port()));
        assertRefused(r, "CONNECTION_PASSWORD_REQUIRED", "not sent to a changed endpoint");
        assertTrue(text(r).contains("'password'"), "the agent is told to bring its own password: " + r);
        JsonNode portOnly =
                client.callTool("execute_sql", Map.of("instance", "staging", "port", trap.port(), "query", "select 1"));
        assertRefused(portOnly, "CONNECTION_PASSWORD_REQUIRED", "port");
        assertEquals(0, trap.connections(), "refused before any connection: the trap was never contacted");
        assertNoStoredSecretLeft(client);
    }

    @Test
    void anInstanceWithAnotherUserDatabaseOrWeakerTlsKeepsItsPassword() throws IOException {
        McpTestClient client = start(env());
        assertRefused(
                client.callTool("connect", Map.of("instance", "staging", "user", "postgres")),
                "CONNECTION_PASSWORD_REQUIRED",
                "user");
        assertRefused(
                client.callTool("connect", Map.of("instance", "staging", "database", "postgres")),
                "CONNECTION_PASSWORD_REQUIRED",
                "database");
        assertRefused(
                client.callTool("connect", Map.of("instance", "staging", "sslMode", "disable")),
                "CONNECTION_PASSWORD_REQUIRED",
                "sslMode");
        assertNoStoredSecretLeft(client);
    }

    @Test
    void theInstanceAsStoredStillConnectsAndAnOverrideEqualToItIsNoChange() throws IOException {
        McpTestClient client = start(env());
        JsonNode r = client.callTool("connect", Map.of("instance", "staging"));
        assertFalse(r.get("isError").asBoolean(), r::toString);
        assertEquals(
                TestPostgres.LOGIN_ROLE,
                r.get("structuredContent").get("currentUser").asText());
        JsonNode same = client.callTool(
                "connect",
                Map.of("instance", "staging", "port", pg.port(), "user", TestPostgres.LOGIN_ROLE, "database", db));
        assertFalse(same.get("isError").asBoolean(), "naming the stored endpoint again changes nothing: " + same);
        assertNoStoredSecretLeft(client);
    }

    @Test
    void theServersDatabaseUrlAndPgpasswordStayWithTheirEndpoint() throws IOException {
        Map<String, String> env = env();
        env.put(
                "SUPA_DOKPLOY_DATABASE_URL",
                "postgres://" + TestPostgres.LOGIN_ROLE + ":" + ENV_URL_PASSWORD + "@" + pg.host() + ":" + pg.port()
                        + "/" + db);
        McpTestClient client = start(env);
        assertRefused(
                client.callTool("connect", Map.of("port", trap.port())),
                "CONNECTION_PASSWORD_REQUIRED",
                "SUPA_DOKPLOY_DATABASE_URL");
        server.close();

        env.put("SUPA_DOKPLOY_DATABASE_URL", pg.adminUrlWithoutPassword(db));
        env.put("PGPASSWORD", PGPASSWORD);
        client = start(env);
        assertRefused(client.callTool("connect", Map.of("port", trap.port())), "CONNECTION_PASSWORD_REQUIRED", "port");
        assertRefused(
                client.callTool("connect", Map.of("host", "127.0.0.1", "port", trap.port())),
                "CONNECTION_PASSWORD_REQUIRED",
                null);
        assertEquals(List.of(), trap.passwords(), "nothing was sent");
        assertNoStoredSecretLeft(client);
    }

    @Test
    void aConnectionStringToTheTrapGetsNoPasswordFromPgpasswordOrThePgpassFile() throws IOException {
        Map<String, String> env = env();
        env.put("PGPASSWORD", PGPASSWORD);
        Path pgpass = home.resolve(".pgpass");
        Files.writeString(pgpass, "*:*:*:*:" + PGPASS_FILE_PASSWORD + "\n");
        Files.setPosixFilePermissions(pgpass, PosixFilePermissions.fromString("rw-------"));
        McpTestClient client = start(env);
        JsonNode r = client.callTool("connect", Map.of("connectionString", trapUrl("victim", "")));
        assertRefused(r, "CONNECTION_PASSWORD_REQUIRED", null);
        assertTrue(text(r).contains("'password'"), "the agent is told to pass its own password: " + r);
        assertTrue(trap.connections() >= 1, "the trap was reached and asked for a password");
        assertEquals(List.of(), trap.passwords(), "no password at all was sent to the agent's host");

        // The control: an agent's own password does reach its own host, so the trap would have seen a stored one.
        JsonNode own = client.callTool(
                "connect", Map.of("connectionString", trapUrl("victim", ""), "password", "agent-own-password"));
        assertTrue(own.get("isError").asBoolean(), own::toString);
        assertEquals(List.of("agent-own-password"), trap.passwords());
        assertNoStoredSecretLeft(client);
    }

    @Test
    void aServerAskingForKerberosIsNotOfferedTheServersIdentity() throws IOException {
        trap.askGss = true;
        McpTestClient client = start(env());
        JsonNode r = client.callTool("connect", Map.of("connectionString", trapUrl("victim", ""), "password", "pw"));
        assertTrue(r.get("isError").asBoolean(), r::toString);
        assertTrue(text(r).contains("requireAuth"), "pgjdbc refused GSS before trying a Kerberos login: " + r);
        assertEquals(1, trap.connections());
        assertEquals(0, trap.gssAnswers(), "nothing was sent in answer to the GSS request");
    }

    // --- pgjdbc URL parameters ---

    @Test
    void classLoadingFileAndSessionParametersAreRefusedByName() throws IOException {
        McpTestClient client = start(env());
        Map<String, String> attempts = new LinkedHashMap<>();
        attempts.put("socketFactory", "socketFactory=javax.net.ssl.SSLSocketFactory");
        attempts.put("socketFactoryArg", "socketFactoryArg=x");
        attempts.put("sslfactory", "sslmode=require&sslfactory=org.postgresql.ssl.NonValidatingFactory");
        attempts.put("sslhostnameverifier", "sslhostnameverifier=java.lang.Object");
        attempts.put("sslpasswordcallback", "sslpasswordcallback=java.lang.Object");
        attempts.put("authenticationPluginClassName", "authenticationPluginClassName=java.lang.Object");
        attempts.put("sslrootcert", "sslrootcert=/etc/passwd");
        attempts.put("sslkey", "sslkey=/etc/shadow");
        attempts.put("loggerFile", "loggerFile=/tmp/red-team.log&loggerLevel=TRACE");
        attempts.put("service", "service=prod");
        attempts.put("options", "options=" + enc("-c default_transaction_read_only=off"));
        attempts.put("readOnlyMode", "readOnlyMode=ignore");
        attempts.put("preferQueryMode", "preferQueryMode=simple");
        attempts.put("replication", "replication=database");
        attempts.put("gsslib", "gsslib=gssapi");
        attempts.put("jaasApplicationName", "jaasApplicationName=pgjdbc");
        attempts.put("sspiServiceClass", "sspiServiceClass=POSTGRES");
        attempts.put("PGHOST", "PGHOST=evil.example");
        attempts.put("SocketFactory", "SocketFactory=x"); // a spelling pgjdbc ignores is refused, not judged
        for (Map.Entry<String, String> a : attempts.entrySet()) {
            JsonNode r = client.callTool(
                    "connect", Map.of("connectionString", trapUrl("victim", a.getValue()), "password", "pw"));
            assertRefused(r, "VALIDATION_INVALID_INPUT", "'" + a.getKey() + "'");
        }
        assertRefused(
                client.callTool("connect", Map.of("instance", "staging", "sslMode", "verify-none")),
                "VALIDATION_INVALID_INPUT",
                "verify-none");
        assertEquals(0, trap.connections(), "every refusal came before a connection");

        // Allowed parameters still work, against the real database.
        JsonNode ok = client.callTool(
                "connect",
                Map.of(
                        "connectionString",
                        pg.adminUrl(db) + "?connectTimeout=5&ApplicationName=red-team"
                                + "&tcpKeepAlive=true&targetServerType=any"));
        assertFalse(ok.get("isError").asBoolean(), ok::toString);
        assertNoStoredSecretLeft(client);
    }

    @Test
    void aHostCannotSmuggleParametersIntoTheJdbcUrl() throws IOException {
        McpTestClient client = start(env());
        JsonNode r = client.callTool(
                "connect",
                Map.of("host", "127.0.0.1:" + trap.port() + "/x?socketFactory=java.lang.Object&a=", "password", "pw"));
        assertRefused(r, "CONNECTION_INVALID_URL", "not a host name");
        assertEquals(0, trap.connections());
    }

    // --- Dokploy ---

    @Test
    void theServersDokployKeyIsNotSentToAUrlTheAgentNames() throws IOException {
        Map<String, String> env = env();
        env.put("DOKPLOY_URL", "http://127.0.0.1:9"); // the operator's Dokploy (never reached here)
        env.put("DOKPLOY_API_KEY", DOKPLOY_KEY);
        McpTestClient client = start(env);
        String trapServer = "http://127.0.0.1:" + trap.port();
        JsonNode r =
                client.callTool("dokploy_monitor_health", Map.of("dokployApiUrl", trapServer, "applicationId", "abc"));
        assertRefused(r, "CONFIGURATION_NOT_FOUND", "used only for its own Dokploy");
        JsonNode withInstance =
                client.callTool("dokploy_monitor_health", Map.of("dokployApiUrl", trapServer, "instance", "staging"));
        assertRefused(withInstance, "CONFIGURATION_NOT_FOUND", "used only for its own Dokploy");
        assertEquals(0, trap.connections(), "no request reached the agent's URL");
        assertNoStoredSecretLeft(client);
    }

    // --- verbose logs ---

    @Test
    void verboseLogsCarryNoSecretValues() throws IOException {
        Map<String, String> env = env();
        env.put("PGPASSWORD", PGPASSWORD);
        McpTestClient client = start(env, "--verbose");
        String agentPassword = "agent-password-in-args-77";
        String urlPassword = "url-password-in-args-88";
        client.callTool("connect", Map.of("connectionString", trapUrl("victim", ""), "password", agentPassword));
        client.callTool(
                "connect",
                Map.of(
                        "connectionString",
                        "postgres://victim:" + urlPassword + "@127.0.0.1:" + trap.port() + "/" + db));
        client.callTool("connect", Map.of("instance", "staging"));
        client.callTool("execute_sql", Map.of("instance", "staging", "query", "select 'sql-literal-secret-99'"));
        client.sendLine("{\"jsonrpc\":\"2.0\",\"id\":1000,\"method\":\"tools/call\",\"params\":{\"password\":\""
                + agentPassword + "\"");
        client.awaitNullIdError(0, McpTestClient.TIMEOUT);
        server.finishCleanly();
        String stderr = server.stderr();
        assertTrue(
                stderr.contains("connect called with arguments [connectionString, password]"),
                "verbose logs each call, argument names only:\n" + stderr);
        for (String secret :
                List.of(agentPassword, urlPassword, STORED_PASSWORD, PGPASSWORD, "sql-literal-secret-99")) {
            assertFalse(stderr.contains(secret), "the verbose log holds a secret (" + secret + "):\n" + stderr);
        }
        server = null;
    }

    // --- helpers ---

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String text(JsonNode result) {
        JsonNode content = result.get("content");
        return content != null && content.size() > 0
                ? content.get(0).get("text").asText()
                : "";
    }

    /** The error's code: structuredContent.code, else the "code" of the report in the text (errors without structuredContent). */
    private static String code(JsonNode result) {
        return McpResults.error(result).get("code").asText();
    }

    /** A refused call: an error result with this code, its text (message and suggestion) containing {@code says}. */
    private static void assertRefused(JsonNode result, String code, String says) {
        assertTrue(result.get("isError").asBoolean(), result::toString);
        assertEquals(code, code(result), result::toString);
        String all = text(result) + " "
                + (result.has("structuredContent")
                        ? result.get("structuredContent").toString()
                        : "");
        if (says != null) {
            assertTrue(all.contains(says), "the error says '" + says + "': " + result);
        }
    }

    /**
     * A fake PostgreSQL server: answers SSL and GSS encryption requests with 'N', asks for a cleartext password, records
     * what it receives, then fails the login. Any other first bytes (an HTTP request) are counted as a connection too.
     */
    static final class PasswordTrap implements AutoCloseable {
        private final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final List<String> passwords = new CopyOnWriteArrayList<>();
        private final AtomicInteger connections = new AtomicInteger();
        private final Thread acceptor;
        /** Asks for Kerberos (AuthenticationGSS) instead of a password: a client offering its identity would go on. */
        volatile boolean askGss;

        private final AtomicInteger gssTokens = new AtomicInteger();

        PasswordTrap() throws IOException {
            acceptor = new Thread(this::acceptLoop, "password-trap");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        List<String> passwords() {
            return List.copyOf(passwords);
        }

        int connections() {
            return connections.get();
        }

        int gssAnswers() {
            return gssTokens.get();
        }

        private void acceptLoop() {
            while (!socket.isClosed()) {
                try (Socket s = socket.accept()) {
                    connections.incrementAndGet();
                    s.setSoTimeout((int) Duration.ofSeconds(10).toMillis());
                    serve(s.getInputStream(), s.getOutputStream());
                } catch (IOException e) {
                    // a client that went away, or the trap closing
                }
            }
        }

        private void serve(InputStream rawIn, OutputStream rawOut) throws IOException {
            DataInputStream in = new DataInputStream(rawIn);
            DataOutputStream out = new DataOutputStream(rawOut);
            while (true) {
                int length = in.readInt();
                if (length < 8 || length > 10_000) {
                    return; // not PostgreSQL (e.g. "GET /" over HTTP)
                }
                byte[] body = new byte[length - 4];
                in.readFully(body);
                int code = ((body[0] & 0xff) << 24)
                        | ((body[1] & 0xff) << 16)
                        | ((body[2] & 0xff) << 8)
                        | (body[3] & 0xff);
                if (code == 80877103 || code == 80877104) { // SSLRequest, GSSENCRequest: "not here", then the startup
                    out.writeByte('N');
                    out.flush();
                    continue;
                }
                break; // the startup message
            }
            out.writeByte('R'); // AuthenticationGSS (7) or AuthenticationCleartextPassword (3)
            out.writeInt(8);
            out.writeInt(askGss ? 7 : 3);
            out.flush();
            int type = in.read();
            if (askGss) {
                if (type == 'p') {
                    gssTokens.incrementAndGet(); // a GSS token (or anything) sent in answer
                }
                return;
            }
            if (type != 'p') {
                return; // the client gave up without a password
            }
            byte[] body = new byte[in.readInt() - 4];
            in.readFully(body);
            int end = body.length > 0 && body[body.length - 1] == 0 ? body.length - 1 : body.length;
            passwords.add(new String(body, 0, end, StandardCharsets.UTF_8));
            byte[] fields =
                    "SFATAL\0C28P01\0Mpassword authentication failed (trap)\0\0".getBytes(StandardCharsets.UTF_8);
            out.writeByte('E');
            out.writeInt(4 + fields.length);
            out.write(fields);
            out.flush();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
