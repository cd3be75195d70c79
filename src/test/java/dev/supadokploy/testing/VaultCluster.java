package dev.supadokploy.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A throwaway PostgreSQL cluster with the real supabase_vault extension (github.com/supabase/vault, built from the
 * source in {@code ../shared/supabase-upstream/vault} by its {@code build.sh}) preloaded and its root key supplied the
 * way the Supabase image does it ({@code cluster.sh}: a getkey script printing a key file outside PGDATA). Each
 * cluster has its own root key, so two of them are two stacks.
 *
 * <p>The roles are the real stack's: {@link #SUPERUSER} supabase_admin creates the extension, and {@link #STACK_LOGIN}
 * postgres is not a superuser; it may read vault.decrypted_secrets, delete from vault.secrets and call create_secret,
 * but not insert into vault.secrets (initdb's superuser is renamed to make room for it).
 *
 * <p>Skipped with a message when the vault's sources, root (the scripts run initdb as the postgres user) or Debian's
 * PostgreSQL are absent.
 */
public final class VaultCluster implements AutoCloseable {
    public static final String STACK_LOGIN = "postgres";
    public static final String SUPERUSER = "supabase_admin";

    private final Path scripts;
    private final Path dir;
    private final int port;

    private VaultCluster(Path scripts, Path dir, int port) {
        this.scripts = scripts;
        this.dir = dir;
        this.port = port;
    }

    /** {@code ../shared/supabase-upstream/vault}. */
    static Path scripts() {
        return SupabaseUpstream.source().resolve("vault");
    }

    /** Starts a cluster under /tmp with a fresh random root key, after building the extension when it is missing. */
    public static VaultCluster start(String name) throws Exception {
        Path scripts = scripts();
        Assumptions.assumeTrue(
                Files.isRegularFile(scripts.resolve("cluster.sh")),
                "the supabase_vault sources are absent (" + scripts + "): vault tests are skipped");
        Assumptions.assumeTrue(
                "root".equals(System.getProperty("user.name")),
                "vault tests run cluster.sh, which needs root (initdb as postgres): skipped");
        Assumptions.assumeTrue(
                Files.isDirectory(Path.of("/usr/lib/postgresql")),
                "Debian's PostgreSQL is absent (/usr/lib/postgresql): vault tests are skipped");
        ensureBuilt(scripts);
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "sd-vault-" + name + "-");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        run(List.of("bash", scripts.resolve("cluster.sh").toString(), "start", dir.toString(), String.valueOf(port)));
        VaultCluster cluster = new VaultCluster(scripts, dir, port);
        try (Connection c = DriverManager.getConnection(cluster.url("postgres", "postgres"));
                Statement s = c.createStatement()) {
            s.execute("CREATE ROLE " + SUPERUSER + " LOGIN SUPERUSER");
        }
        cluster.superuser("postgres", """
                ALTER ROLE postgres RENAME TO initdb_superuser;
                CREATE ROLE postgres LOGIN NOSUPERUSER NOCREATEROLE CREATEDB;
                """);
        return cluster;
    }

    private static synchronized void ensureBuilt(Path scripts) throws Exception {
        boolean built;
        try (var dirs = Files.list(Path.of("/usr/lib/postgresql"))) {
            built = dirs.allMatch(d -> Files.isRegularFile(d.resolve("lib/supabase_vault.so")));
        }
        if (!built) {
            String out = attempt(List.of("bash", scripts.resolve("build.sh").toString()));
            Assumptions.assumeTrue(
                    out == null, "building supabase_vault failed (offline without libsodium-dev?): " + out);
        }
    }

    /** A database with the extension, owned by the stack's login, which gets the grants the image gives postgres. */
    public String createDatabase(String name) throws SQLException {
        superuser("postgres", "CREATE DATABASE " + name + " OWNER " + STACK_LOGIN);
        superuser(name, "ALTER SCHEMA public OWNER TO " + STACK_LOGIN);
        superuser(name, """
                CREATE EXTENSION supabase_vault CASCADE;
                GRANT USAGE ON SCHEMA vault TO %1$s;
                GRANT SELECT, DELETE ON vault.secrets TO %1$s;
                GRANT SELECT ON vault.decrypted_secrets TO %1$s;
                GRANT EXECUTE ON FUNCTION vault.create_secret(text, text, text, uuid),
                    vault.update_secret(uuid, text, text, text, uuid),
                    vault._crypto_aead_det_decrypt(bytea, bytea, bigint, bytea, bytea) TO %1$s;
                """.formatted(STACK_LOGIN));
        return name;
    }

    /** Runs SQL as the superuser (setup, and what the test checks behind the tool's back). */
    public void superuser(String database, String sql) throws SQLException {
        try (Connection c = connect(database, SUPERUSER);
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    public Connection connect(String database, String user) throws SQLException {
        return DriverManager.getConnection(url(database, user));
    }

    /** JDBC URL (trust authentication on 127.0.0.1: no password). */
    public String url(String database, String user) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?user=" + user;
    }

    /** The stack login's URL as the CLI takes it. */
    public String loginUrl(String database) {
        return "postgresql://" + STACK_LOGIN + "@127.0.0.1:" + port + "/" + database;
    }

    /** The root key this cluster's getkey script hands the server (64 hex digits). */
    public String rootKey() throws IOException {
        return Files.readString(dir.resolve("pgsodium_root.key"), StandardCharsets.US_ASCII)
                .strip();
    }

    @Override
    public void close() throws Exception {
        run(List.of("bash", scripts.resolve("cluster.sh").toString(), "stop", dir.toString()));
        run(List.of("rm", "-rf", dir.toString()));
    }

    private static void run(List<String> command) throws Exception {
        String failed = attempt(command);
        if (failed != null) {
            throw new IllegalStateException(String.join(" ", command) + " failed:\n" + failed);
        }
    }

    /** Null on success, else the output. */
    private static String attempt(List<String> command) throws Exception {
        Process p = new ProcessBuilder(new ArrayList<>(command))
                .redirectErrorStream(true)
                .start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return "timed out: " + out;
        }
        return p.exitValue() == 0 ? null : out;
    }
}
