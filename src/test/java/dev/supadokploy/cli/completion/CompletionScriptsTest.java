package dev.supadokploy.cli.completion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.supadokploy.Cli;
import dev.supadokploy.cli.CliEnvironment;
import dev.supadokploy.cli.completion.CompletionScripts.Shell;
import dev.supadokploy.testing.CliRunner;
import dev.supadokploy.testing.NeedsTerminal;
import dev.supadokploy.testing.TmuxTerminal;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The completion scripts asked of the real shells: bash's completion function, fish's {@code complete -C}, and zsh at a
 * prompt in a tmux pane (a real Tab). Each shell test is skipped, saying why, when that shell is not installed.
 */
@NeedsTerminal
class CompletionScriptsTest {
    @TempDir
    Path dir;

    private static CommandLine tree() {
        return Cli.commandLine(new CliEnvironment(
                new ByteArrayInputStream(new byte[0]),
                new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(new ByteArrayOutputStream()),
                Map.of(),
                false,
                false));
    }

    @Test
    void theCompletionCommandPrintsWhatTheGeneratorWrites() {
        for (Shell shell : Shell.values()) {
            CliRunner.Result r = new CliRunner().run("completion", shell.name());
            assertEquals(0, r.exitCode(), r::toString);
            assertEquals(CompletionScripts.script(shell, tree()), r.stdout());
        }
        CliRunner.Result bad = new CliRunner().run("completion", "tcsh");
        assertEquals(2, bad.exitCode(), bad::toString);
        assertTrue(bad.stderr().contains("bash, zsh, fish"), bad::toString);
    }

    @Test
    void bashCompletesCommandsAndOptionValues() throws Exception {
        assumeTrue(installed("bash"), "bash is not installed");
        assertEquals(List.of("connect", "connections"), bash("supa-dokploy db con"));
        assertEquals(List.of("--latency-samples"), bash("supa-dokploy db connect --latency"));
        assertEquals(List.of("bash", "fish", "zsh"), sorted(bash("supa-dokploy completion ")));
    }

    @Test
    void fishCompletesCommandsOptionsAndValuesAtTheRightLevel() throws Exception {
        assumeTrue(installed("fish"), "fish is not installed (apt-get install fish)");
        assertEquals(List.of("connect", "connections"), names(fish("supa-dokploy db con")));
        assertEquals(List.of("--latency-samples"), names(fish("supa-dokploy --output json db connect --lat")));
        assertEquals(List.of("csv", "json", "text"), names(fish("supa-dokploy db sql --output ")));
        assertEquals(List.of("bash", "fish", "zsh"), names(fish("supa-dokploy completion ")));
        // "list" is a command of both instances and backup: each gets its own options.
        assertTrue(names(fish("supa-dokploy instances list --")).contains("--dokploy-url"));
        assertTrue(!names(fish("supa-dokploy backup list --")).contains("--dokploy-url"));
        assertTrue(
                fish("supa-dokploy db c").stream().anyMatch(l -> l.startsWith("connect\tCheck a database connection")),
                "descriptions come along");
        Files.writeString(dir.resolve("config.toml"), "");
        assertEquals(
                List.of(dir.resolve("config.toml").toString()), names(fish("supa-dokploy --config " + dir + "/con")));
    }

    @Test
    void zshCompletesAtARealPromptThroughTheAutoloadedFunction() throws Exception {
        assumeTrue(
                installed("zsh") && TmuxTerminal.available(),
                "zsh or tmux is not installed (apt-get install zsh tmux)");
        Path functions = Files.createDirectories(dir.resolve("functions"));
        Files.writeString(functions.resolve(Shell.zsh.fileName), CompletionScripts.zsh(tree()));
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Files.writeString(bin.resolve("supa-dokploy"), "#!/bin/sh\n");
        bin.resolve("supa-dokploy").toFile().setExecutable(true);
        Files.writeString(
                dir.resolve(".zshrc"),
                "PS1='%% '\nfpath=(" + functions + " $fpath)\n" + "autoload -U compinit && compinit -u -d "
                        + dir.resolve(".zcompdump") + "\nprint ready\n");
        Map<String, String> env = Map.of("ZDOTDIR", dir.toString(), "PATH", bin + ":" + System.getenv("PATH"));
        try (TmuxTerminal zsh = TmuxTerminal.start(dir, "zsh -i", env)) {
            zsh.waitFor("ready", 15);
            zsh.type("supa-dokploy db con");
            zsh.keys("Tab");
            zsh.waitFor("supa-dokploy db connect", 15);
            zsh.keys("Tab");
            String screen = zsh.waitFor("connections", 15);
            assertTrue(screen.contains("connect") && screen.contains("connections"), screen);
            zsh.keys("C-u");
            zsh.type("supa-dokploy migrate data --output ");
            zsh.keys("Tab");
            screen = zsh.waitFor("json", 15);
            assertTrue(screen.contains("csv") && screen.contains("text"), screen);
        }
    }

    private List<String> bash(String line) throws Exception {
        Path script = dir.resolve("supa-dokploy.bash");
        Files.writeString(script, CompletionScripts.bash(tree()));
        String words = line.endsWith(" ") ? line + "''" : line;
        String program = "source " + script + " 2>/dev/null\n"
                + "COMP_WORDS=(" + words + "); COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 )); COMP_LINE='" + line
                + "'; COMP_POINT=${#COMP_LINE}\n"
                + "_complete_supa-dokploy 2>/dev/null; printf '%s\\n' \"${COMPREPLY[@]}\"\n";
        return lines(run("bash", "-c", program));
    }

    private List<String> fish(String line) throws Exception {
        Path script = dir.resolve("supa-dokploy.fish");
        Files.writeString(script, CompletionScripts.fish(tree()));
        return lines(run("fish", "--no-config", "-c", "source " + script + "; complete -C '" + line + "'"));
    }

    private static List<String> names(List<String> completions) {
        return sorted(completions.stream().map(l -> l.split("\t", 2)[0]).toList());
    }

    private static List<String> sorted(List<String> list) {
        List<String> copy = new ArrayList<>(list);
        copy.sort(null);
        return copy;
    }

    private static List<String> lines(String text) {
        return text.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }

    private static boolean installed(String command) {
        for (String p : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(p, command))) {
                return true;
            }
        }
        return false;
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), String.join(" ", command));
        return out;
    }
}
