package dev.supadokploy.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.supadokploy.cli.Cli;
import dev.supadokploy.cli.CliEnvironment;
import dev.supadokploy.cli.completion.CompletionScripts;
import dev.supadokploy.cli.completion.CompletionScripts.Shell;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The shell completion scripts (bash, zsh, fish) in completions/ and the man pages in man/ are generated from the command
 * tree. This test regenerates them and fails when the committed files are stale; run
 * {@code mvn test -Dtest=GeneratedDocsTest -Dsupadokploy.updateDocs=true} to rewrite them.
 */
class GeneratedDocsTest {
    private static final Path ROOT = Path.of(System.getProperty("user.dir"));
    private static final boolean UPDATE = Boolean.getBoolean("supadokploy.updateDocs");

    private static CommandLine commandLine() {
        return Cli.commandLine(new CliEnvironment(new ByteArrayInputStream(new byte[0]),
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(new ByteArrayOutputStream()),
                Map.of(), false, false));
    }

    @Test
    void completionScriptsAreCurrent() throws IOException {
        Map<Path, String> scripts = new TreeMap<>();
        for (Shell shell : Shell.values()) {
            scripts.put(ROOT.resolve("completions/" + shell.fileName), CompletionScripts.script(shell, commandLine()));
        }
        check(scripts, ROOT.resolve("completions"), "");
    }

    @Test
    void manPagesAreCurrent() throws IOException {
        Map<Path, String> pages = new TreeMap<>();
        collect(commandLine(), pages);
        assertTrue(pages.containsKey(ROOT.resolve("man/supa-dokploy.1")));
        check(pages, ROOT.resolve("man"), ".1");
    }

    private static void collect(CommandLine cl, Map<Path, String> pages) {
        String name = cl.getCommandSpec().qualifiedName("-");
        pages.put(ROOT.resolve("man/" + name + ".1"), ManPage.render(cl.getCommandSpec()));
        cl.getSubcommands().values().forEach(sub -> collect(sub, pages));
    }

    private static void check(Map<Path, String> expected, Path dir, String suffix) throws IOException {
        if (UPDATE) {
            Files.createDirectories(dir);
            try (Stream<Path> old = Files.list(dir)) {
                for (Path p : old.filter(p -> p.toString().endsWith(suffix)).toList()) {
                    Files.delete(p);
                }
            }
            for (Map.Entry<Path, String> e : expected.entrySet()) {
                Files.writeString(e.getKey(), e.getValue());
            }
        }
        Map<Path, String> actual = new TreeMap<>();
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path p : files.filter(p -> p.toString().endsWith(suffix)).toList()) {
                    actual.put(p, Files.readString(p));
                }
            }
        }
        assertEquals(new TreeMap<>(expected).keySet(), actual.keySet(),
                "generated files differ from " + dir + "; rerun with -Dsupadokploy.updateDocs=true");
        for (Map.Entry<Path, String> e : expected.entrySet()) {
            assertEquals(e.getValue(), actual.get(e.getKey()),
                    e.getKey() + " is stale; rerun with -Dsupadokploy.updateDocs=true");
        }
    }
}
