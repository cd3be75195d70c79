package dev.supadokploy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.supadokploy.testing.NeedsPostgres;
import dev.supadokploy.testing.StartsProcess;
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
@NeedsPostgres
@StartsProcess
class InstalledCliIT {
    @TempDir
    static Path prefix;

    static Path launcher;

    @BeforeAll
    static void install() throws Exception {
        Path repo = Path.of(System.getProperty("user.dir"));
        Process p = new ProcessBuilder(
                        "bash", repo.resolve("install.sh").toString(), "--skip-build", "--prefix", prefix.toString())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        launcher = prefix.resolve("bin/supa-dokploy");
        assertTrue(Files.isExecutable(launcher), out);
        assertTrue(Files.exists(prefix.resolve("share/man/man1/supa-dokploy.1")));
        assertTrue(Files.exists(prefix.resolve("share/man/man1/supa-dokploy-db-sql.1")));
        assertTrue(Files.exists(prefix.resolve("share/bash-completion/completions/supa-dokploy")));
        assertTrue(Files.exists(prefix.resolve("share/zsh/site-functions/_supa-dokploy")));
        assertTrue(Files.exists(prefix.resolve("share/fish/vendor_completions.d/supa-dokploy.fish")));
        assertTrue(
                Files.size(prefix.resolve("share/supa-dokploy/supa-dokploy.jsa")) > 1_000_000,
                "class-data sharing archive built");
    }

    static String install(Path into, String... more) throws IOException, InterruptedException {
        Path repo = Path.of(System.getProperty("user.dir"));
        List<String> cmd = new ArrayList<>(
                List.of("bash", repo.resolve("install.sh").toString(), "--skip-build", "--prefix", into.toString()));
        cmd.addAll(List.of(more));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    @Test
    void installingTwiceUpdatesInPlaceAndUninstallRemovesOnlyWhatItPut(@TempDir Path other) throws Exception {
        Path mine = Files.createDirectories(other.resolve("share/man/man1")).resolve("someone-elses.1");
        Files.writeString(mine, "kept");
        install(other);
        Path stale = other.resolve("share/man/man1/supa-dokploy-removed-command.1");
        Files.writeString(stale, "from an older version");
        Files.writeString(
                other.resolve("share/supa-dokploy/installed-files"),
                Files.readString(other.resolve("share/supa-dokploy/installed-files"))
                        + "share/man/man1/supa-dokploy-removed-command.1\n");
        install(other);
        assertTrue(Files.notExists(stale), "a page the new version no longer has is removed on update");
        assertTrue(Files.isExecutable(other.resolve("bin/supa-dokploy")));
        install(other, "--uninstall");
        assertTrue(Files.notExists(other.resolve("bin/supa-dokploy")));
        assertTrue(Files.notExists(other.resolve("share/supa-dokploy")));
        assertTrue(Files.notExists(other.resolve("share/zsh")), "emptied directories go too");
        assertEquals("kept", Files.readString(mine));
        install(other, "--uninstall");
    }

    @Test
    void aDamagedOrStaleArchiveNeverReachesStdout(@TempDir Path other) throws Exception {
        install(other);
        Path archive = other.resolve("share/supa-dokploy/supa-dokploy.jsa");
        Path launcher = other.resolve("bin/supa-dokploy");
        byte[] good = Files.readAllBytes(archive);
        archive.toFile().setWritable(true);
        byte[] damaged = good.clone();
        for (int i = 96; i < 224; i++) {
            damaged[i] ^= (byte)
                    0x5a; // the region table: without the launcher's check the JVM dies with a fatal error on stdout
        }
        Files.write(archive, damaged);
        assertCleanStart(launcher, "header damaged");
        Files.write(archive, java.util.Arrays.copyOf(good, good.length / 2));
        assertCleanStart(launcher, "truncated");
        Files.write(archive, good);
        Path jar = other.resolve("share/supa-dokploy/supa-dokploy.jar");
        Files.setLastModifiedTime(jar, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5000));
        assertCleanStart(launcher, "jar changed after the archive was made");
    }

    /**
     * {@code --help} to a pipe prints the stored page without loading picocli, byte for byte what picocli prints (made to
     * render it by a {@code picocli.*} property, which keeps the width it uses off a terminal).
     */
    @Test
    void helpToAPipeIsTheStoredPageAndPicocliPrintsTheSame(@TempDir Path logs) throws Exception {
        for (List<String> args : List.of(List.of("--help"), List.of("db", "--help"), List.of("db", "sql", "-h"))) {
            Path classes = logs.resolve("classes.txt");
            String stored = helpOf(args, "-Xlog:class+load=info:file=" + classes);
            String picocli = helpOf(args, "-Dpicocli.usage.width=80");
            assertTrue(stored.startsWith("Usage: supa-dokploy "), stored);
            assertEquals(picocli, stored, String.join(" ", args));
            String loaded = Files.readString(classes);
            assertTrue(loaded.contains("dev.supadokploy.cli.HelpPages"), "the stored page's path was taken");
            assertTrue(!loaded.contains("picocli."), "no picocli class on the stored page's path");
        }
    }

    private static String helpOf(List<String> args, String javaOptions) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(launcher.toString()));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("SUPA_DOKPLOY_JAVA_OPTS", javaOptions);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    /** {@code --help}: a start that uses the archive ({@code --version} does without it). */
    private static void assertCleanStart(Path launcher, String situation) throws Exception {
        Process p = new ProcessBuilder(launcher.toString(), "--help").start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), situation + ": " + out + err);
        assertTrue(out.startsWith("Usage: supa-dokploy "), situation + ": " + out);
        assertEquals("", err, situation);
    }

    @Test
    void theMcpServerStartsWithTheArchiveWithoutItAndUnderAnotherJava(@TempDir Path other, @TempDir Path fake)
            throws Exception {
        install(other);
        Path launcher = other.resolve("bin/supa-dokploy");
        assertTrue(
                Files.readString(launcher).contains("ArchiveRelocationMode=0"),
                "this Java takes the option: the launcher uses it");
        assertMcpAnswers(launcher, Map.of(), "with the archive");
        // Another Java than the one install.sh checked gets the archive without the diagnostic option: a Java that
        // refused it would not start at all.
        Path bin = Files.createDirectories(fake.resolve("bin"));
        String realJava = ProcessHandle.current().info().command().orElse("java");
        Files.writeString(
                bin.resolve("java"),
                "#!/bin/sh\ncase \"$*\" in *ArchiveRelocationMode*) echo 'unknown option' >&2; exit 1;; esac\n"
                        + "exec '" + realJava + "' \"$@\"\n");
        bin.resolve("java").toFile().setExecutable(true);
        assertMcpAnswers(launcher, Map.of("JAVA_HOME", fake.toString()), "under another Java");
        Files.delete(other.resolve("share/supa-dokploy/supa-dokploy.jsa"));
        assertMcpAnswers(launcher, Map.of(), "without the archive");
        Files.delete(other.resolve("share/supa-dokploy/supa-dokploy.jsa.head"));
        assertMcpAnswers(launcher, Map.of(), "without the archive and its check file");
    }

    /** The launcher's {@code mcp} answers ping and initialize, and prints nothing but protocol lines. */
    private static void assertMcpAnswers(Path launcher, Map<String, String> env, String situation) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(launcher.toString(), "mcp");
        pb.environment().put("XDG_CONFIG_HOME", prefix.resolve("config").toString());
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream()
                .write(("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}\n"
                                + "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
                                + "\"capabilities\":{},\"clientInfo\":{\"name\":\"it\",\"version\":\"1\"}}}\n")
                        .getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), situation);
        assertEquals(0, p.exitValue(), situation + ": " + out + err);
        List<String> lines = out.lines().toList();
        assertEquals(2, lines.size(), situation + ": " + out + err);
        assertEquals(1, Json.MAPPER.readTree(lines.get(0)).get("id").asInt(), situation + ": " + out);
        assertEquals(
                "supa-dokploy",
                Json.MAPPER
                        .readTree(lines.get(1))
                        .path("result")
                        .path("serverInfo")
                        .path("name")
                        .asText(),
                situation + ": " + out);
        assertTrue(
                err.lines().allMatch(l -> l.startsWith("supa-dokploy ")),
                situation + ": only the banner on stderr: " + err);
    }

    @Test
    void theLauncherRunsJavaHomeFirstAndPassesExitCodesThrough(@TempDir Path fake) throws Exception {
        Path bin = Files.createDirectories(fake.resolve("bin"));
        Path marker = fake.resolve("used");
        String realJava = ProcessHandle.current().info().command().orElse("java");
        Files.writeString(bin.resolve("java"), "#!/bin/sh\ntouch '" + marker + "'\nexec '" + realJava + "' \"$@\"\n");
        bin.resolve("java").toFile().setExecutable(true);
        Run r = run(Map.of("JAVA_HOME", fake.toString()), "db", "connect", "--no-such-option");
        assertEquals(2, r.code(), r.toString());
        assertTrue(Files.exists(marker), "JAVA_HOME's java ran");
        assertEquals("", r.stdout());
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
        Process p = pb.redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.PIPE)
                .start();
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
        ProcessBuilder pb = new ProcessBuilder(
                launcher.toString(),
                "db",
                "sql",
                "select pg_sleep(120) /* ctrl-c test */",
                "--connection",
                pg.adminUrl(db));
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
        try (java.sql.Connection c = pg.adminConnection(db);
                java.sql.Statement s = c.createStatement();
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
