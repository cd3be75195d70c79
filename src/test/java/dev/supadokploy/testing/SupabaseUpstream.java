package dev.supadokploy.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;
import org.testcontainers.containers.PostgreSQLContainer;

/**
 * Databases built the way a real self-hosted Supabase stack builds its own: {@code ../shared/supabase-upstream/build-db.sh}
 * applies supabase/postgres's init scripts and migrations, GoTrue's and storage-api's migrations, each as the role the
 * stack uses. They live on a server of their own, set up as the supabase/postgres image is: the bootstrap superuser is
 * {@code supabase_admin}, and {@code postgres} — the login operators and this project use — is demoted after the
 * build exactly as the image's {@code 10000000000000_demote-postgres.sql} does (NOSUPERUSER CREATEDB CREATEROLE
 * REPLICATION BYPASSRLS), keeping the memberships the stack's migrations give it (supabase_auth_admin,
 * supabase_storage_admin, anon, authenticated, service_role, pg_read_all_data, pg_signal_backend, pg_monitor).
 * What the image's supautils lets that postgres do, it may do here too ({@link Supautils}). (On the shared test servers
 * {@code postgres} is the bootstrap superuser, which PostgreSQL 16+ cannot demote.)
 *
 * <p>Built once per server and JVM into two templates: {@link #createStack} clones the stack as built (a new, empty
 * project), {@link #createApp} the stack with {@code fixtures/supabase-app.sql} applied as {@code postgres}
 * (profiles and orders with foreign keys into auth.users, the handle_new_user trigger on auth.users, storage
 * policies and a bucket, an enum, a domain, a view, narrowed grants, rows). {@link #createOlderStorage} is a stack
 * on an older storage-api (storage migrations up to {@value #OLDER_STORAGE}), built on first use.
 *
 * <p>The server, in order: {@code SUPA_DOKPLOY_TEST_SUPABASE_URL} ({@code _PG15} for 15), a superuser URL of a server
 * kept for these tests whose superuser is not named postgres; a {@code postgres:N-alpine} container whose superuser
 * is supabase_admin when Docker answers; else zonky's embedded binaries, whose bootstrap superuser is renamed
 * supabase_admin. Tests are skipped, saying why, when {@code ../shared/supabase-upstream} or psql is absent.
 */
public final class SupabaseUpstream {
    /** The stack's login, as a non-superuser. */
    public static final String LOGIN = "postgres";
    /** Every role that logs in here (the admin, postgres, and the roles build-db.sh runs as) has this password. */
    public static final String PASSWORD = "stack postgres #/@ password";

    static final int OLDER_STORAGE = 55;
    private static final String STACK = "sb_upstream";
    private static final String APP = "sb_upstream_app";
    private static final String OLDER = "sb_upstream_storage" + OLDER_STORAGE;
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static SupabaseUpstream pg17;
    private static SupabaseUpstream pg15;

    private final TestPostgres server;
    private boolean olderBuilt;

    private SupabaseUpstream(TestPostgres server) {
        this.server = server;
    }

    /** On PostgreSQL 17 (the major current Supabase images run); skips the test when the upstream SQL is absent. */
    public static synchronized SupabaseUpstream pg17() {
        assumeAvailable();
        if (pg17 == null) {
            pg17 = start("SUPA_DOKPLOY_TEST_SUPABASE_URL", "postgres:17-alpine", null);
        }
        return pg17;
    }

    /** On PostgreSQL 15 (older stacks still run it). */
    public static synchronized SupabaseUpstream pg15() {
        assumeAvailable();
        if (pg15 == null) {
            pg15 = start("SUPA_DOKPLOY_TEST_SUPABASE_URL_PG15", "postgres:15-alpine", TestPostgres::pg15Binaries);
        }
        return pg15;
    }

    /** 15 or 17, for tests that run on both. */
    public static SupabaseUpstream of(int major) {
        return switch (major) {
            case 15 -> pg15();
            case 17 -> pg17();
            default -> throw new IllegalArgumentException("no upstream Supabase server of PostgreSQL " + major);
        };
    }

    /** {@code ../shared/supabase-upstream}, or $SUPA_DOKPLOY_SUPABASE_UPSTREAM. */
    static Path source() {
        String configured = System.getenv("SUPA_DOKPLOY_SUPABASE_UPSTREAM");
        return configured != null && !configured.isBlank()
                ? Path.of(configured)
                : Path.of(System.getProperty("user.dir"))
                        .resolve("../shared/supabase-upstream")
                        .normalize();
    }

    private static void assumeAvailable() {
        Path script = source().resolve("build-db.sh");
        Assumptions.assumeTrue(
                Files.isRegularFile(script),
                "upstream Supabase SQL absent (" + script
                        + " not found): tests on databases built from it are skipped");
        Assumptions.assumeTrue(
                onPath("psql"),
                "psql not found (apt-get install postgresql-client): build-db.sh needs it; "
                        + "tests on upstream-built Supabase databases are skipped");
    }

    private static boolean onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }

    private static SupabaseUpstream start(
            String urlVariable, String image, io.zonky.test.db.postgres.embedded.PgBinaryResolver binaries) {
        TestPostgres admin;
        String url = System.getenv(urlVariable);
        if (url != null && !url.isBlank()) {
            java.net.URI u =
                    java.net.URI.create(url.replaceFirst("^jdbc:", "").replaceFirst("^postgres://", "postgresql://"));
            String[] userInfo = u.getUserInfo() == null
                    ? new String[] {"supabase_admin"}
                    : u.getUserInfo().split(":", 2);
            if (userInfo[0].equals(LOGIN)) {
                throw new IllegalStateException(
                        urlVariable + " must name a superuser other than postgres: postgres is the "
                                + "stack's demoted login there");
            }
            admin = new TestPostgres(
                    u.getHost(),
                    u.getPort() < 0 ? 5432 : u.getPort(),
                    userInfo[0],
                    userInfo.length > 1 ? userInfo[1] : PASSWORD,
                    urlVariable,
                    true);
        } else if (TestPostgres.dockerAvailable()) {
            PostgreSQLContainer<?> c = new PostgreSQLContainer<>(image)
                    .withUsername("supabase_admin")
                    .withPassword(PASSWORD);
            c.start();
            Runtime.getRuntime().addShutdownHook(new Thread(c::stop));
            admin = new TestPostgres(
                    c.getHost(), c.getMappedPort(5432), "supabase_admin", PASSWORD, "testcontainers", true);
        } else {
            admin = embedded(binaries);
        }
        SupabaseUpstream upstream = new SupabaseUpstream(admin.versionRead());
        long started = System.nanoTime();
        upstream.build(STACK, null);
        upstream.createApplicationTemplate();
        System.err.printf(
                "upstream Supabase database built on PostgreSQL %d (%s) in %.1f s%n",
                admin.serverMajor(), admin.kind(), (System.nanoTime() - started) / 1e9);
        return upstream;
    }

    /**
     * Zonky's server, whose bootstrap superuser initdb names postgres: renamed supabase_admin (a superuser made for
     * the purpose does it, since a session cannot rename its own user), as supabase/postgres images name theirs.
     */
    private static TestPostgres embedded(io.zonky.test.db.postgres.embedded.PgBinaryResolver binaries) {
        TestPostgres.Embedded pg = TestPostgres.embedded(binaries);
        TestPostgres initial = new TestPostgres("localhost", pg.port(), "postgres", null, "embedded", false);
        initial.execute("postgres", "CREATE ROLE sd_rename_bootstrap SUPERUSER LOGIN");
        TestPostgres renamer = new TestPostgres("localhost", pg.port(), "sd_rename_bootstrap", null, "embedded", false);
        renamer.execute("postgres", "ALTER ROLE postgres RENAME TO supabase_admin");
        TestPostgres admin = new TestPostgres("localhost", pg.port(), "supabase_admin", PASSWORD, "embedded", true);
        TestPostgres trusted = new TestPostgres("localhost", pg.port(), "supabase_admin", null, "embedded", false);
        trusted.execute(
                "postgres", "DROP ROLE sd_rename_bootstrap; ALTER ROLE supabase_admin PASSWORD " + literal(PASSWORD));
        pg.hba(
                trusted,
                "local all all trust",
                "host all all 127.0.0.1/32 scram-sha-256",
                "host all all ::1/128 scram-sha-256");
        return admin;
    }

    /**
     * build-db.sh into {@code database}: postgres is a superuser while it runs (the image's init scripts run as one),
     * then demoted as the image demotes it. The roles it runs as log in with {@link #PASSWORD}.
     */
    private void build(String database, Integer storageUpTo) {
        String password = server.adminPassword() == null ? PASSWORD : server.adminPassword();
        StringBuilder roles = new StringBuilder();
        for (String role : List.of("supabase_admin", LOGIN, "supabase_auth_admin", "supabase_storage_admin")) {
            String attributes = role.equals(LOGIN) || role.equals("supabase_admin") ? "SUPERUSER LOGIN" : "LOGIN";
            roles.append("DO $r$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '")
                    .append(role)
                    .append("') THEN CREATE ROLE ")
                    .append(role)
                    .append("; END IF; END $r$; ALTER ROLE ")
                    .append(role)
                    .append(' ')
                    .append(attributes)
                    .append(" PASSWORD ")
                    .append(literal(password))
                    .append(";\n");
        }
        server.execute("postgres", roles.toString());
        try {
            Path work = Files.createTempDirectory("supabase-upstream-build");
            Path log = work.resolve("build.log");
            ProcessBuilder pb = new ProcessBuilder(
                            "bash", source().resolve("build-db.sh").toString(), String.valueOf(server.port()), database)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            Map<String, String> env = pb.environment();
            env.put("PGHOST", server.host().equals("localhost") ? "127.0.0.1" : server.host());
            env.put("PGPASSWORD", password);
            env.put("WORK", work.toString());
            if (storageUpTo != null) {
                env.put("STORAGE_UPTO", String.valueOf(storageUpTo));
            }
            Process p = pb.start();
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IllegalStateException("build-db.sh did not finish in 10 minutes; its log: " + log);
            }
            if (p.exitValue() != 0) {
                List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
                throw new IllegalStateException("build-db.sh failed (exit " + p.exitValue() + "); its log ends:\n"
                        + String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size())));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run build-db.sh: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while building the upstream Supabase database", e);
        } finally {
            // the image's demotion, which build-db.sh leaves out on a server whose postgres is the bootstrap superuser
            server.execute(
                    "postgres", "ALTER ROLE postgres NOSUPERUSER CREATEDB CREATEROLE LOGIN REPLICATION BYPASSRLS");
            server.execute("postgres", Supautils.GRANT_REPLICATION_ROLE);
        }
    }

    private void createApplicationTemplate() {
        clone(STACK, APP);
        try (Connection c = login(APP);
                Statement s = c.createStatement()) {
            s.execute(TestPostgres.resource("/fixtures/supabase-app.sql"));
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "fixtures/supabase-app.sql failed on the upstream-built database: " + e.getMessage(), e);
        }
    }

    /** A copy of {@code template} owned by postgres, with the database grants build-db.sh gives (not copied by CREATE DATABASE). */
    private void clone(String template, String name) {
        server.execute("postgres", "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        server.execute("postgres", "CREATE DATABASE " + name + " TEMPLATE " + template + " OWNER postgres");
        server.execute("postgres", "GRANT ALL ON DATABASE " + name + " TO postgres, dashboard_user");
    }

    private String fresh(String prefix, String template) {
        String name = (prefix + "_" + DATABASES.incrementAndGet() + "_"
                        + ProcessHandle.current().pid())
                .toLowerCase();
        clone(template, name);
        return name;
    }

    /** The stack with the application and its rows (fixtures/supabase-app.sql). */
    public String createApp(String prefix) {
        return fresh(prefix, APP);
    }

    /** The stack as built: a new project without the application. */
    public String createStack(String prefix) {
        return fresh(prefix, STACK);
    }

    /** An empty database on this server, owned by postgres: not a stack (no auth, no storage). */
    public String createEmpty(String prefix) {
        String name = server.createDatabase(prefix);
        server.execute("postgres", "ALTER DATABASE " + name + " OWNER TO " + LOGIN);
        return name;
    }

    /** A stack on an older storage-api: storage migrations up to {@value #OLDER_STORAGE} (built on first use). */
    public synchronized String createOlderStorage(String prefix) {
        if (!olderBuilt) {
            build(OLDER, OLDER_STORAGE);
            olderBuilt = true;
        }
        return fresh(prefix, OLDER);
    }

    /** Databases of this server made for one test, dropped when it closes: {@code try (Scratch dbs = upstream.scratch())}. */
    public Scratch scratch() {
        return new Scratch();
    }

    public final class Scratch implements AutoCloseable {
        private final List<String> made = new java.util.ArrayList<>();

        private String keep(String name) {
            made.add(name);
            return name;
        }

        /** {@link #createApp}. */
        public String app(String prefix) {
            return keep(createApp(prefix));
        }

        /** {@link #createStack}. */
        public String stack(String prefix) {
            return keep(createStack(prefix));
        }

        /** {@link #createOlderStorage}. */
        public String olderStorage(String prefix) {
            return keep(createOlderStorage(prefix));
        }

        /** {@link #createEmpty}. */
        public String empty(String prefix) {
            return keep(createEmpty(prefix));
        }

        @Override
        public void close() {
            made.forEach(SupabaseUpstream.this::dropDatabase);
        }
    }

    public void dropDatabase(String name) {
        server.dropDatabase(name);
    }

    /** The server, whose admin is supabase_admin (a superuser): for set-up and for pg_dump. */
    public TestPostgres server() {
        return server;
    }

    public int major() {
        return server.serverMajor();
    }

    /** postgres:// URL of the stack's postgres login, password embedded (test use only). */
    public String loginUrl(String database) {
        return "postgres://" + LOGIN + ":"
                + java.net.URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8).replace("+", "%20") + "@" + server.host()
                + ":" + server.port() + "/" + database;
    }

    /** The same without the password, which a test passes through PGPASSWORD as an operator would ({@link #cli()}). */
    public String loginUrlWithoutPassword(String database) {
        return "postgres://" + LOGIN + "@" + server.host() + ":" + server.port() + "/" + database;
    }

    /** Two databases of this server, as an operation between databases takes them (the password from PGPASSWORD). */
    public dev.supadokploy.ops.connection.Databases databases(String source, String target) {
        return dev.supadokploy.ops.connection.Databases.of(
                loginUrlWithoutPassword(source), loginUrlWithoutPassword(target));
    }

    /** An operation context whose PGPASSWORD is the login's; writes allowed, confirmations given (as --yes). */
    public static dev.supadokploy.ops.OperationContext context() {
        return TestContext.with(Map.of("PGPASSWORD", PASSWORD))
                .policy(new dev.supadokploy.ops.Policy(true, true, false, true))
                .build();
    }

    /** A CLI runner whose PGPASSWORD is the login's. */
    public CliRunner cli() {
        return new CliRunner().env("PGPASSWORD", PASSWORD);
    }

    public Connection login(String database) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", LOGIN);
        p.setProperty("password", PASSWORD);
        return DriverManager.getConnection(
                "jdbc:postgresql://" + server.host() + ":" + server.port() + "/" + database, p);
    }

    /**
     * Fails unless databases {@code a} and {@code b} hold the same schema in those schemas: every privilege read straight
     * from the catalogs ({@link Acls}), and, where a pg_dump can read this server, pg_dump's {@code --schema-only} view
     * (else it says why it was skipped).
     */
    public void assertSameSchemas(String a, String b, String what, String... schemas) throws Exception {
        try (Connection x = login(a);
                Connection y = login(b)) {
            Acls.assertSame(x, y, what, schemas);
        }
        PgDump pgDump = PgDump.forServer(server);
        if (pgDump.usable()) {
            pgDump.assertSameSchema(a, b, List.of(schemas), what, "");
        } else {
            System.err.println("pg_dump comparison skipped on PostgreSQL " + major() + ": " + pgDump.skipReason());
        }
    }

    /** Runs SQL as the stack's postgres login. */
    public void executeAsLogin(String database, String sql) {
        try (Connection c = login(database);
                Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private static String literal(String s) {
        return "'" + s.replace("'", "''") + "'";
    }
}
