package dev.supadokploy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.supadokploy.testing.TestPostgres;
import dev.supadokploy.util.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's path for an operator: ./install.sh into a prefix, then the installed launcher as a real
 * process. Runs after `mvn package` (failsafe), against the shaded jar.
 */
class InstalledCliIT {
    @TempDir
    static Path prefix;
    static Path launcher;

    @BeforeAll
    static void install() throws Exception {
        Path repo = Path.of(System.getProperty("user.dir"));
        Process p = new ProcessBuilder("bash", repo.resolve("install.sh").toString(), "--skip-build", "--prefix", prefix.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        launcher = prefix.resolve("bin/supa-dokploy");
        assertTrue(Files.isExecutable(launcher), out);
        assertTrue(Files.exists(prefix.resolve("share/man/man1/supa-dokploy.1")));
        assertTrue(Files.exists(prefix.resolve("share/bash-completion/completions/supa-dokploy")));
    }

    record Run(int code, String stdout, String stderr) {}

    static Run run(Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(launcher.toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().keySet().removeIf(k -> k.startsWith("SUPA_DOKPLOY") || k.equals("PGPASSWORD"));
        pb.environment().put("XDG_CONFIG_HOME", prefix.resolve("config").toString());
        pb.environment().putAll(env);
        Path out = Files.createTempFile(prefix, "out", ".txt");
        Path err = Files.createTempFile(prefix, "err", ".txt");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE).start();
        p.getOutputStream().close();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "timed out: " + cmd);
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    @Test
    void versionAndHelp() throws Exception {
        Run v = run(Map.of(), "--version");
        assertEquals(0, v.code(), v.toString());
        assertTrue(v.stdout().startsWith("supa-dokploy "), v.toString());
        Run h = run(Map.of(), "db", "--help");
        assertEquals(0, h.code(), h.toString());
        assertTrue(h.stdout().contains("connect"), h.toString());
    }

    @Test
    void dbConnectAgainstARealServerPrintsOneJsonDocument() throws Exception {
        TestPostgres pg = TestPostgres.get();
        String db = pg.createSupabaseDatabase("installed");
        Map<String, String> env = pg.adminPassword() == null ? Map.of() : Map.of("PGPASSWORD", pg.adminPassword());
        Run r = run(env, "db", "connect", pg.adminUrlWithoutPassword(db), "--output", "json");
        assertEquals(0, r.code(), r.toString());
        JsonNode j = Json.MAPPER.readTree(r.stdout());
        assertEquals("connected", j.get("status").asText());
        assertEquals(db, j.get("database").asText());
        assertEquals("", r.stderr().strip(), "nothing on stderr for a clean run: " + r);
    }

    @Test
    void ctrlCStopsTheQueryOnTheServer() throws Exception {
        TestPostgres pg = TestPostgres.get();
        String db = pg.createDatabase("interrupt");
        ProcessBuilder pb = new ProcessBuilder(launcher.toString(), "db", "sql", "select pg_sleep(120) /* ctrl-c test */",
                "--connection", pg.adminUrl(db));
        pb.environment().put("XDG_CONFIG_HOME", prefix.resolve("config").toString());
        Process p = pb.redirectErrorStream(true).start();
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (running(pg, db) == 0 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertEquals(1, running(pg, db), "the query runs on the server");
        new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the CLI exits on Ctrl-C");
        assertEquals(130, p.exitValue());
        long gone = System.nanoTime() + 10_000_000_000L;
        while (running(pg, db) > 0 && System.nanoTime() < gone) {
            Thread.sleep(100);
        }
        assertEquals(0, running(pg, db), "the server stopped the query too");
    }

    private static long running(TestPostgres pg, String db) throws java.sql.SQLException {
        try (java.sql.Connection c = pg.adminConnection(db); java.sql.Statement s = c.createStatement();
             java.sql.ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE state = 'active' "
                     + "AND query LIKE '%ctrl-c test%' AND pid <> pg_backend_pid()")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void failureExitCodeAndOneLineOnStderr() throws Exception {
        Run r = run(Map.of(), "db", "connect", "postgres://postgres@127.0.0.1:1/postgres");
        assertEquals(3, r.code(), r.toString());
        assertEquals("", r.stdout());
        assertEquals(1, r.stderr().strip().lines().count(), r.toString());
        assertTrue(r.stderr().startsWith("error: ") && r.stderr().contains("[CONNECTION_REFUSED]"), r.toString());
    }
}
