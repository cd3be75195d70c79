package dev.supadokploy.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.supadokploy.Cli;
import dev.supadokploy.cli.CliEnvironment;
import dev.supadokploy.cli.HelpPages;
import dev.supadokploy.cli.completion.CompletionScripts;
import dev.supadokploy.cli.completion.CompletionScripts.Shell;
import dev.supadokploy.errors.ErrorFamily;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The shell completion scripts (bash, zsh, fish) in completions/, the man pages in man/ and the stored {@code --help}
 * pages in src/main/resources/dev/supadokploy/cli/help/ are generated from the command tree; the reference tables in docs/ (exit codes, MCP tools, validate rules) and the root {@code --help} footer from the
 * code that holds their facts ({@link ReferenceTables}), between {@code BEGIN GENERATED}/{@code END GENERATED} markers.
 * This test regenerates them and fails when the committed files are stale; run
 * {@code mvn test -Dtest=GeneratedDocsTest -Dsupadokploy.updateDocs=true} to rewrite them.
 */
class GeneratedDocsTest {
    private static final Path ROOT = Path.of(System.getProperty("user.dir"));
    private static final Path HELP_DIR = ROOT.resolve("src/main/resources" + HelpPages.RESOURCE_DIR);
    private static final boolean UPDATE = Boolean.getBoolean("supadokploy.updateDocs");

    private static CommandLine commandLine() {
        return Cli.commandLine(new CliEnvironment(
                new ByteArrayInputStream(new byte[0]),
                new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(new ByteArrayOutputStream()),
                Map.of(),
                false,
                false));
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

    /** The `--help` pages {@link HelpPages} prints without picocli: colourless, at the width picocli uses off a terminal. */
    @Test
    void helpPagesAreCurrent() throws IOException {
        Map<Path, String> pages = new TreeMap<>();
        collectHelp(commandLine(), pages);
        assertTrue(pages.containsKey(HELP_DIR.resolve("supa-dokploy.txt")));
        check(pages, HELP_DIR, ".txt");
    }

    @Test
    void referenceTablesAreCurrent() throws IOException {
        region(ROOT.resolve("docs/output-and-exit-codes.md"), "<!-- ", "exit-codes", ReferenceTables.exitCodes());
        region(ROOT.resolve("docs/mcp.md"), "<!-- ", "mcp-tools", ReferenceTables.mcpTools());
        region(ROOT.resolve("docs/commands/validate.md"), "<!-- ", "validate-rules", ReferenceTables.validateRules());
        StringBuilder footer = new StringBuilder("        footer = {");
        List<String> lines = ReferenceTables.footer();
        for (int i = 0; i < lines.size(); i++) {
            footer.append(i == 0 ? "" : "                ")
                    .append('"')
                    .append(lines.get(i))
                    .append('"')
                    .append(i == lines.size() - 1 ? "})\n" : ",\n");
        }
        region(ROOT.resolve("src/main/java/dev/supadokploy/cli/RootCommand.java"), "// ", "footer", footer.toString());
    }

    @Test
    void everyExitCodeIsDocumented() throws IllegalAccessException {
        Set<Integer> documented = new TreeSet<>();
        ReferenceTables.OTHER_EXITS.forEach(o -> documented.add(o.code()));
        Set<Integer> constants = new TreeSet<>();
        for (Field f : ErrorFamily.class.getFields()) {
            if (f.getType() == int.class && Modifier.isStatic(f.getModifiers())) {
                constants.add(f.getInt(null));
            }
        }
        assertEquals(constants, documented, "ErrorFamily's exit-code constants and ReferenceTables.OTHER_EXITS");
        String help = commandLine().getUsageMessage();
        for (int code : constants) {
            assertTrue(help.contains(" " + code + " "), "root --help footer lacks exit code " + code + ":\n" + help);
        }
        for (ErrorFamily family : ErrorFamily.values()) {
            assertTrue(help.contains(" " + family.exitCode() + " " + family.label()), "root --help lacks " + family);
        }
    }

    /**
     * Replaces (under updateDocs) or checks the text between the lines {@code <comment>BEGIN GENERATED name…} and
     * {@code <comment>END GENERATED name…} of a file.
     */
    private static void region(Path file, String comment, String name, String generated) throws IOException {
        String text = Files.readString(file);
        String begin = comment + "BEGIN GENERATED " + name;
        String end = comment + "END GENERATED " + name;
        int b = text.indexOf(begin);
        int e = text.indexOf(end);
        assertTrue(b >= 0 && e > b, file + " lacks the markers '" + begin + "' … '" + end + "'");
        int from = text.indexOf('\n', b) + 1;
        int to = text.lastIndexOf('\n', e) + 1;
        if (UPDATE) {
            text = text.substring(0, from) + generated + text.substring(to);
            Files.writeString(file, text);
            to = from + generated.length();
        }
        assertEquals(
                generated,
                text.substring(from, to),
                file + ": the generated " + name + " is stale; rerun with -Dsupadokploy.updateDocs=true");
    }

    private static void collect(CommandLine cl, Map<Path, String> pages) {
        String name = cl.getCommandSpec().qualifiedName("-");
        pages.put(ROOT.resolve("man/" + name + ".1"), ManPage.render(cl.getCommandSpec()));
        cl.getSubcommands().values().forEach(sub -> collect(sub, pages));
    }

    private static void collectHelp(CommandLine cl, Map<Path, String> pages) {
        // A terminal's width (when this test runs in one) must not reach the stored pages.
        cl.getCommandSpec().usageMessage().autoWidth(false);
        cl.setColorScheme(CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF));
        pages.put(HELP_DIR.resolve(cl.getCommandSpec().qualifiedName(".") + ".txt"), cl.getUsageMessage());
        cl.getSubcommands().values().stream().distinct().forEach(sub -> collectHelp(sub, pages));
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
        assertEquals(
                new TreeMap<>(expected).keySet(),
                actual.keySet(),
                "generated files differ from " + dir + "; rerun with -Dsupadokploy.updateDocs=true");
        for (Map.Entry<Path, String> e : expected.entrySet()) {
            assertEquals(
                    e.getValue(),
                    actual.get(e.getKey()),
                    e.getKey() + " is stale; rerun with -Dsupadokploy.updateDocs=true");
        }
    }
}
