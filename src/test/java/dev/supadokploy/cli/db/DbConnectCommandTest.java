package dev.supadokploy.cli.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.supadokploy.testing.CliRunner;
import dev.supadokploy.testing.NeedsPostgres;
import dev.supadokploy.testing.TestPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@NeedsPostgres
class DbConnectCommandTest {
    static TestPostgres pg;
    static String db;

    @BeforeAll
    static void start() {
        pg = TestPostgres.get();
        db = pg.createSupabaseDatabase("connect");
    }

    private CliRunner cli() {
        return CliRunner.forServer(pg);
    }

    @Test
    void reportsServerUserLatencyAndHeadroomAsJson() {
        CliRunner.Result r = cli().run(
                        "db", "connect", pg.adminUrlWithoutPassword(db), "--output", "json", "--latency-samples", "7");
        assertEquals(0, r.exitCode(), r::toString);
        JsonNode j = r.json();
        assertEquals("connected", j.get("status").asText());
        assertEquals(pg.adminUser(), j.get("currentUser").asText());
        assertEquals(db, j.get("database").asText());
        assertTrue(j.get("serverVersionNum").asInt() >= 140000, r::toString);
        assertTrue(j.get("supabase").asBoolean(), "fixture has auth schema and authenticator role");
        JsonNode lat = j.get("latency");
        assertEquals(7, lat.get("samples").asInt());
        assertTrue(
                lat.get("minMs").asDouble() > 0
                        && lat.get("minMs").asDouble() <= lat.get("medianMs").asDouble()
                        && lat.get("medianMs").asDouble() <= lat.get("maxMs").asDouble(),
                r::toString);
        JsonNode pool = j.get("pool");
        assertTrue(pool.get("inUse").asInt() >= 1);
        assertEquals(
                pool.get("maxConnections").asInt()
                        - pool.get("reservedConnections").asInt()
                        - pool.get("inUse").asInt(),
                pool.get("available").asInt());
        assertFalse(pool.has("pooler"), "a direct connection has no pooler");
        assertFalse(r.stdout().contains(String.valueOf(pg.adminPassword())) && pg.adminPassword() != null);
    }

    @Test
    void textOutputForPeople() {
        CliRunner.Result r = cli().run("db", "connect", "--connection", pg.adminUrlWithoutPassword(db));
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.stdout().startsWith("Connected to postgres://"), r::toString);
        assertTrue(r.stdout().contains("round trip min"), r::toString);
    }

    @Test
    void connectionByPartsWithPasswordFile(@TempDir Path dir) throws IOException {
        assumeTrue(pg.passwordAuth(), "server does not ask for passwords");
        Path file = dir.resolve("pw");
        Files.writeString(file, TestPostgres.LOGIN_PASSWORD + "\n");
        CliRunner.Result r = new CliRunner()
                .run(
                        "db",
                        "connect",
                        "--host",
                        pg.host(),
                        "--port",
                        String.valueOf(pg.port()),
                        "--user",
                        TestPostgres.LOGIN_ROLE,
                        "--dbname",
                        db,
                        "--password-file",
                        file.toString(),
                        "--output",
                        "json");
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals(TestPostgres.LOGIN_ROLE, r.json().get("currentUser").asText());
    }

    @Test
    void pgpasswordFromTheEnvironmentIsUsedAtTheCli() {
        assumeTrue(pg.passwordAuth(), "server does not ask for passwords");
        CliRunner.Result r = new CliRunner()
                .env("PGPASSWORD", TestPostgres.LOGIN_PASSWORD)
                .run(
                        "db",
                        "connect",
                        "postgres://" + TestPostgres.LOGIN_ROLE + "@" + pg.host() + ":" + pg.port() + "/" + db,
                        "--output",
                        "json");
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals(TestPostgres.LOGIN_ROLE, r.json().get("currentUser").asText());
    }

    @Test
    void wrongPasswordIsAnAuthError() {
        assumeTrue(pg.passwordAuth(), "server does not ask for passwords");
        CliRunner.Result r = new CliRunner()
                .env("PGPASSWORD", "definitely-wrong")
                .run(
                        "db",
                        "connect",
                        "postgres://" + TestPostgres.LOGIN_ROLE + "@" + pg.host() + ":" + pg.port() + "/" + db,
                        "--output",
                        "json");
        assertEquals(3, r.exitCode(), r::toString);
        assertEquals("CONNECTION_AUTH_FAILED", r.json().get("error").get("code").asText());
        assertTrue(r.stderr().contains("CONNECTION_AUTH_FAILED"), r::toString);
        assertFalse(r.stderr().contains("definitely-wrong"), "the password never appears in errors");
        assertFalse(r.stderr().contains("\tat "), "no stack trace without --verbose");
    }

    @Test
    void missingPasswordWithoutTerminalSaysWhereToPutIt() {
        assumeTrue(pg.passwordAuth(), "server does not ask for passwords");
        CliRunner.Result r = new CliRunner()
                .run(
                        "db",
                        "connect",
                        "postgres://" + TestPostgres.LOGIN_ROLE + "@" + pg.host() + ":" + pg.port() + "/" + db);
        assertEquals(3, r.exitCode(), r::toString);
        assertTrue(r.stderr().contains("CONNECTION_PASSWORD_REQUIRED"), r::toString);
        assertTrue(r.stderr().contains("PGPASSWORD"), r::toString);
    }

    @Test
    void closedPortIsRefused() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        CliRunner.Result r =
                new CliRunner().run("db", "connect", "postgres://postgres@127.0.0.1:" + port + "/postgres");
        assertEquals(3, r.exitCode(), r::toString);
        assertTrue(r.stderr().contains("CONNECTION_REFUSED"), r::toString);
    }

    @Test
    void unknownHostIsNamed() {
        CliRunner.Result r =
                new CliRunner().run("db", "connect", "postgres://postgres@no-such-host.invalid:5432/postgres");
        assertEquals(3, r.exitCode(), r::toString);
        assertTrue(r.stderr().contains("CONNECTION_UNKNOWN_HOST"), r::toString);
    }

    @Test
    void unknownDatabaseIsNamed() {
        CliRunner.Result r = cli().run("db", "connect", pg.adminUrlWithoutPassword("no_such_db_here"));
        assertEquals(3, r.exitCode(), r::toString);
        assertTrue(r.stderr().contains("CONNECTION_UNKNOWN_DATABASE"), r::toString);
    }

    @Test
    void tlsRequiredByClientOnServerWithoutTls() {
        CliRunner.Result r = cli().run("db", "connect", pg.adminUrlWithoutPassword(db) + "?sslmode=require");
        // The embedded server has no certificate; a TLS-enabled server would simply connect.
        if (r.exitCode() != 0) {
            assertTrue(r.stderr().contains("CONNECTION_TLS_UNAVAILABLE"), r::toString);
        } else {
            assertTrue(r.stdout().contains("tls"), r::toString);
        }
    }

    @Test
    void noConnectionGivenIsAClearError() {
        CliRunner.Result r = new CliRunner().run("db", "connect");
        assertEquals(3, r.exitCode(), r::toString);
        assertTrue(r.stderr().contains("CONNECTION_MISSING"), r::toString);
        assertTrue(r.stderr().contains("SUPA_DOKPLOY_DATABASE_URL"), r::toString);
    }

    @Test
    void defaultsToDatabaseUrlFromEnvironment() {
        CliRunner.Result r = cli().env("SUPA_DOKPLOY_DATABASE_URL", pg.adminUrlWithoutPassword(db))
                .run("db", "connect", "--output", "json");
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals(db, r.json().get("database").asText());
    }
}
