package dev.supadokploy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.supadokploy.testing.NeedsPostgres;
import dev.supadokploy.testing.NeedsTerminal;
import dev.supadokploy.testing.StartsProcess;
import dev.supadokploy.testing.TestPostgres;
import dev.supadokploy.testing.TmuxTerminal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The installed tool in a real terminal (a tmux pane), checked the way a person sees it: colour on the terminal and
 * none when piped or with NO_COLOR, a progress bar drawn while a backup runs and erased when it ends, a password
 * prompt that does not echo. Skipped, saying why, when tmux is not installed.
 */
@NeedsPostgres
@NeedsTerminal
@StartsProcess
class TerminalIT {
    private static final String ESC = "\u001b[";

    @TempDir
    static Path dir;

    static Path launcher;
    static TestPostgres pg;
    static String db;

    @BeforeAll
    static void install() throws Exception {
        assumeTrue(TmuxTerminal.available(), "tmux is not installed (apt-get install tmux)");
        InstalledCliIT.install(dir.resolve("prefix"));
        launcher = dir.resolve("prefix/bin/supa-dokploy");
        pg = TestPostgres.get();
        db = pg.createDatabase("terminal");
        pg.execute(
                db,
                "CREATE TABLE public.t (id int PRIMARY KEY, v text);"
                        + "INSERT INTO public.t SELECT g, repeat('x', 200) FROM generate_series(1, 200000) g;");
    }

    private static TmuxTerminal terminal() throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("PATH", launcher.getParent() + ":" + System.getenv("PATH"));
        env.put("XDG_CONFIG_HOME", dir.resolve("config").toString());
        env.put("PS1", "$ ");
        if (pg.adminPassword() != null) {
            env.put("PGPASSWORD", pg.adminPassword());
        }
        return TmuxTerminal.start(dir, "sh", env);
    }

    /** Runs a command line at the prompt; returns what the terminal received from it (between two markers). */
    private static String run(TmuxTerminal t, int n, String commandLine) throws Exception {
        t.type("printf 'BEGIN-%s\\n' " + n + "; " + commandLine + "; printf 'END-%s:%s\\n' " + n + " $?");
        t.keys("Enter");
        String raw = t.waitForRaw("END-" + n + ":", 120);
        return raw.substring(raw.lastIndexOf("BEGIN-" + n + "\r\n"), raw.lastIndexOf("END-" + n + ":"));
    }

    @Test
    void colourOnATerminalOnlyAndNeverWithNoColor() throws Exception {
        String url = TmuxTerminal.quote(pg.adminUrlWithoutPassword(db));
        try (TmuxTerminal t = terminal()) {
            String onTty = run(t, 1, "supa-dokploy db connect " + url);
            assertTrue(onTty.contains("Connected"), onTty);
            assertTrue(onTty.contains(ESC), "colour on a terminal: " + onTty);
            String noColor = run(t, 2, "NO_COLOR=1 supa-dokploy db connect " + url);
            assertTrue(noColor.contains("Connected") && !noColor.contains(ESC), "NO_COLOR: " + noColor);
            String piped = run(t, 3, "supa-dokploy db connect " + url + " | cat");
            assertTrue(piped.contains("Connected") && !piped.contains(ESC), "piped: " + piped);
            String flag = run(t, 4, "supa-dokploy db connect --no-color " + url);
            assertTrue(flag.contains("Connected") && !flag.contains(ESC), "--no-color: " + flag);
            String usage = run(t, 5, "supa-dokploy db conect");
            assertTrue(usage.contains("Did you mean: db connect"), usage);
            String help = run(t, 6, "supa-dokploy db --help");
            assertTrue(help.contains("Usage:") && help.contains(ESC), "help in colour on a terminal: " + help);
            String helpPiped = run(t, 7, "supa-dokploy db --help | cat");
            assertTrue(
                    helpPiped.contains("Usage:") && !helpPiped.contains(ESC), "help piped into a pager: " + helpPiped);
        }
    }

    @Test
    void theProgressBarIsDrawnWhileABackupRunsAndErasedAfter() throws Exception {
        Path out = Files.createDirectories(dir.resolve("backups"));
        try (TmuxTerminal t = terminal()) {
            String seen = run(
                    t,
                    1,
                    "supa-dokploy backup create --connection " + TmuxTerminal.quote(pg.adminUrlWithoutPassword(db))
                            + " --output-path " + out + " --compress none");
            assertTrue(seen.contains("\rBacking up") && seen.contains("%"), "a bar redrawn in place: " + seen);
            assertFalse(seen.contains("backed up public.t:"), "no per-table lines under the bar: " + seen);
            String screen = t.waitFor("END-1:0", 10);
            assertFalse(screen.contains("Backing up"), "the bar is gone from the screen:\n" + screen);
            assertTrue(screen.contains("Backup "), "the result is there:\n" + screen);
            String piped = run(
                    t,
                    2,
                    "supa-dokploy backup create --connection " + TmuxTerminal.quote(pg.adminUrlWithoutPassword(db))
                            + " --output-path " + out + " --compress none 2>&1 | cat");
            assertFalse(piped.contains("\rBacking up"), "no bar when stderr is a pipe: " + piped);
            assertTrue(piped.contains("backed up public.t: 200,000 rows"), "a plain line per table instead: " + piped);
        }
    }

    @Test
    void aPasswordPromptOnTheTerminalDoesNotEcho() throws Exception {
        assumeTrue(pg.passwordAuth(), "this PostgreSQL does not ask " + TestPostgres.LOGIN_ROLE + " for a password");
        String url = "postgres://" + TestPostgres.LOGIN_ROLE + "@" + pg.host() + ":" + pg.port() + "/" + db;
        try (TmuxTerminal t = terminal()) {
            t.type("env -u PGPASSWORD supa-dokploy db connect '" + url + "'; printf 'END-%s:%s\\n' 1 $?");
            t.keys("Enter");
            t.waitFor("Password for", 60);
            t.type(TestPostgres.LOGIN_PASSWORD);
            t.keys("Enter");
            String screen = t.waitFor("END-1:", 60);
            assertTrue(screen.contains("END-1:0"), screen);
            assertTrue(screen.contains("Connected"), screen);
            assertFalse(t.raw().contains("horse"), "the password never reaches the terminal");
            // In a script nobody can answer: no prompt, the missing password is an error saying how to give it.
            String script = run(t, 2, "env -u PGPASSWORD supa-dokploy db connect '" + url + "' < /dev/null");
            assertFalse(script.contains("Password for"), script);
            assertTrue(script.contains("CONNECTION_PASSWORD_REQUIRED"), script);
            assertTrue(t.raw().contains("END-2:3"), "exit 3 (connection)");
            assertEquals(1, script.lines().filter(l -> l.startsWith("error: ")).count(), script);
        }
    }
}
