package dev.supadokploy.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.embedded.PgBinaryResolver;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.PostgreSQLContainer;

/**
 * The real PostgreSQL every database test uses, started once per JVM. In order:
 * {@code SUPA_DOKPLOY_TEST_DATABASE_URL} (a superuser URL) if set; Testcontainers when a Docker engine
 * answers; otherwise zonky's embedded binaries from Maven (zonky runs them under {@code unshare -U} when root).
 * Each test class gets its own fresh database from {@link #createDatabase(String)}.
 *
 * <p>{@link #get()} is the default server, PostgreSQL 17 (the major current Supabase images run). {@link #pg15()}
 * is an older major for tests across versions, started only when a test asks, the same way:
 * {@code SUPA_DOKPLOY_TEST_DATABASE_URL_PG15}, else {@code postgres:15-alpine}, else zonky's 15 binaries, which
 * Maven copies to target/ (two versions of one artifact cannot both be on the classpath) and names in the system
 * property {@value #PG15_BINARIES_PROPERTY}. Both can run at once, on different ports.
 */
public final class TestPostgres {
    /** A login role with a password, for authentication tests (created by the fixture). */
    public static final String LOGIN_ROLE = "sd_test_login";

    public static final String LOGIN_PASSWORD = "correct horse #/@ battery";
    /** The system property (set by surefire and failsafe) naming the jar of zonky's PostgreSQL 15 binaries. */
    public static final String PG15_BINARIES_PROPERTY = "supadokploy.pg15.binaries";

    private static TestPostgres instance;
    private static TestPostgres pg15;
    private static final AtomicInteger DATABASES = new AtomicInteger();

    private final String host;
    private final int port;
    private final String adminUser;
    private final String adminPassword;
    private final String kind;
    /** Whether pg_hba asks non-admin roles for a password (false for trust-only servers). */
    private final boolean passwordAuth;

    private int serverVersionNum;

    TestPostgres(String host, int port, String adminUser, String adminPassword, String kind, boolean passwordAuth) {
        this.host = host;
        this.port = port;
        this.adminUser = adminUser;
        this.adminPassword = adminPassword;
        this.kind = kind;
        this.passwordAuth = passwordAuth;
    }

    /** The default server, PostgreSQL 17. */
    public static synchronized TestPostgres get() {
        if (instance == null) {
            instance = start("SUPA_DOKPLOY_TEST_DATABASE_URL", "postgres:17-alpine", null)
                    .ready();
        }
        return instance;
    }

    /** A PostgreSQL 15 server, started on first use (alongside the default one when both are asked for). */
    public static synchronized TestPostgres pg15() {
        if (pg15 == null) {
            pg15 = start("SUPA_DOKPLOY_TEST_DATABASE_URL_PG15", "postgres:15-alpine", TestPostgres::pg15Binaries)
                    .ready();
        }
        return pg15;
    }

    /** The major version the server reports (15, 17, …). */
    public int serverMajor() {
        return serverVersionNum / 10000;
    }

    private TestPostgres ready() {
        createLoginRole();
        return versionRead();
    }

    /** Reads the server's version, for {@link #serverMajor()}. */
    TestPostgres versionRead() {
        try (Connection c = adminConnection("postgres");
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SHOW server_version_num")) {
            rs.next();
            serverVersionNum = rs.getInt(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return this;
    }

    /** {@code binaries} null: zonky's default, the binaries jar on the test classpath. */
    private static TestPostgres start(String urlVariable, String image, PgBinaryResolver binaries) {
        String url = System.getenv(urlVariable);
        if (url != null && !url.isBlank()) {
            URI u = URI.create(url.replaceFirst("^jdbc:", "").replaceFirst("^postgres://", "postgresql://"));
            String[] userInfo = u.getUserInfo() == null
                    ? new String[] {"postgres"}
                    : u.getUserInfo().split(":", 2);
            return new TestPostgres(
                    u.getHost(),
                    u.getPort() < 0 ? 5432 : u.getPort(),
                    userInfo[0],
                    userInfo.length > 1 ? userInfo[1] : System.getenv("PGPASSWORD"),
                    urlVariable,
                    true);
        }
        if (dockerAvailable()) {
            PostgreSQLContainer<?> c = new PostgreSQLContainer<>(image);
            c.start();
            Runtime.getRuntime().addShutdownHook(new Thread(c::stop));
            return new TestPostgres(
                    c.getHost(), c.getMappedPort(5432), c.getUsername(), c.getPassword(), "testcontainers", true);
        }
        return startEmbedded(binaries);
    }

    /** The PostgreSQL 15 archive from the jar Maven copied to target/ (see pom.xml, maven-dependency-plugin). */
    static InputStream pg15Binaries(String system, String machine) throws IOException {
        String jar = System.getProperty(PG15_BINARIES_PROPERTY);
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("no PostgreSQL 15 binaries for the embedded test server: system property "
                    + PG15_BINARIES_PROPERTY + " is " + (jar == null ? "not set" : jar + ", which does not exist")
                    + "; run the tests through Maven (mvn test copies the jar to target/pg-binaries/), or set "
                    + "SUPA_DOKPLOY_TEST_DATABASE_URL_PG15 to a PostgreSQL 15 superuser URL");
        }
        String entry = ("postgres-" + system + "-" + machine + ".txz").toLowerCase(java.util.Locale.ROOT);
        ZipFile zip = new ZipFile(jar);
        ZipEntry e = zip.getEntry(entry);
        if (e == null) {
            zip.close();
            throw new IOException(jar + " has no " + entry);
        }
        InputStream in = zip.getInputStream(e);
        return new FilterInputStream(in) {
            @Override
            public void close() throws IOException {
                try {
                    super.close();
                } finally {
                    zip.close();
                }
            }
        };
    }

    static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (Throwable e) {
            return false;
        }
    }

    private static TestPostgres startEmbedded(PgBinaryResolver binaries) {
        Embedded pg = embedded(binaries);
        // initdb ran with trust for everybody; ask every role but the admin for a password so that
        // authentication failures can be tested for real.
        TestPostgres t = new TestPostgres("localhost", pg.port(), "postgres", null, "embedded", true);
        pg.hba(
                t,
                "local all all trust",
                "host all postgres 127.0.0.1/32 trust",
                "host all postgres ::1/128 trust",
                "host all all 127.0.0.1/32 scram-sha-256",
                "host all all ::1/128 scram-sha-256");
        return t;
    }

    /** A running embedded server: its data directory (for pg_hba.conf) and port. */
    record Embedded(Path dataDir, int port) {
        /** Replaces pg_hba.conf and reloads it, through {@code admin}. */
        void hba(TestPostgres admin, String... lines) {
            try {
                Files.writeString(dataDir.resolve("pg_hba.conf"), String.join("\n", lines) + "\n");
                admin.execute("postgres", "SELECT pg_reload_conf()");
            } catch (IOException e) {
                throw new IllegalStateException("cannot write pg_hba.conf: " + e.getMessage(), e);
            }
        }
    }

    /**
     * Zonky's server ({@code binaries} null: the jar on the test classpath) on a throwaway data directory, stopped when
     * the JVM exits; trust for every role, as initdb left it, and superuser {@code postgres}.
     */
    static Embedded embedded(PgBinaryResolver binaries) {
        try {
            Path dataDir = Files.createTempDirectory("supa-dokploy-pg");
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(true)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setServerConfig("max_connections", "60")
                    .setServerConfig("superuser_reserved_connections", "3")
                    // A throwaway server: no flush to disk (CREATE DATABASE and the shutdown checkpoint of hundreds of
                    // test databases otherwise wait on fsync; crash safety is not what these tests are about).
                    .setServerConfig("fsync", "off")
                    .setServerConfig("full_page_writes", "off")
                    .setServerConfig("synchronous_commit", "off");
            if (binaries != null) {
                builder.setPgBinaryResolver(binaries);
            }
            EmbeddedPostgres pg = builder.start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    pg.close();
                } catch (IOException ignored) {
                    // the JVM is exiting
                }
            }));
            return new Embedded(dataDir, pg.getPort());
        } catch (IOException e) {
            throw new IllegalStateException("cannot start embedded PostgreSQL: " + e.getMessage(), e);
        }
    }

    private void createLoginRole() {
        try (Connection c = adminConnection("postgres");
                Statement s = c.createStatement()) {
            s.execute("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '" + LOGIN_ROLE + "') THEN "
                    + "CREATE ROLE " + LOGIN_ROLE + " LOGIN; END IF; END $$");
            s.execute("ALTER ROLE " + LOGIN_ROLE + " PASSWORD '" + LOGIN_PASSWORD.replace("'", "''") + "'");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public String adminUser() {
        return adminUser;
    }

    public String adminPassword() {
        return adminPassword;
    }

    public String kind() {
        return kind;
    }

    public boolean passwordAuth() {
        return passwordAuth;
    }

    /** A fresh, empty database named after the caller; dropped with the server. */
    public String createDatabase(String prefix) {
        String name = (prefix + "_" + DATABASES.incrementAndGet() + "_"
                        + ProcessHandle.current().pid())
                .toLowerCase();
        try (Connection c = adminConnection("postgres");
                Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name);
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return name;
    }

    /** Drops a database made by {@link #createDatabase(String)}, for tests that make many: less to clean up at exit. */
    public void dropDatabase(String name) {
        execute("postgres", "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    /** A fresh database with the Supabase-shaped fixture (roles, auth/storage schemas, RLS, grants) loaded. */
    public String createSupabaseDatabase(String prefix) {
        String db = createDatabase(prefix);
        try (Connection c = adminConnection(db);
                Statement s = c.createStatement()) {
            s.execute(resource("/fixtures/supabase.sql"));
        } catch (SQLException e) {
            throw new IllegalStateException("fixture failed: " + e.getMessage(), e);
        }
        return db;
    }

    /** postgres:// URL for the admin; the password, if any, is embedded (test use only). */
    public String adminUrl(String database) {
        String auth = adminPassword == null ? adminUser : adminUser + ":" + encode(adminPassword);
        return "postgres://" + auth + "@" + host + ":" + port + "/" + database;
    }

    /** Admin URL without the password, which tests pass through PGPASSWORD like an operator would. */
    public String adminUrlWithoutPassword(String database) {
        return "postgres://" + adminUser + "@" + host + ":" + port + "/" + database;
    }

    public Connection adminConnection(String database) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", adminUser);
        if (adminPassword != null) {
            p.setProperty("password", adminPassword);
        }
        return DriverManager.getConnection("jdbc:postgresql://" + host + ":" + port + "/" + database, p);
    }

    public void execute(String database, String sql) {
        try (Connection c = adminConnection(database);
                Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    public static String resource(String path) {
        try (InputStream in = TestPostgres.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String encode(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
