package dev.supadokploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.supadokploy.cli.CliEnvironment;
import dev.supadokploy.cli.HelpPages;
import dev.supadokploy.ops.Operation;
import dev.supadokploy.ops.catalog.OperationCatalog;
import dev.supadokploy.testing.CliRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.Model.OptionSpec;

/** The frame every command shares: help, version, usage errors, global options, config errors. */
class CliFrameTest {

    @Test
    void versionPrintsTheProjectVersion() {
        CliRunner.Result r = new CliRunner().run("--version");
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.stdout().startsWith("supa-dokploy "), r::toString);
        assertFalse(r.stdout().contains("unknown"), "version filtered in by Maven: " + r.stdout());
    }

    @Test
    void helpOnEveryLevelListsOnlyWorkingGroups() {
        CliRunner.Result root = new CliRunner().run("--help");
        assertEquals(0, root.exitCode(), root::toString);
        assertTrue(root.stdout().contains("db"), root::toString);
        assertFalse(root.stdout().toLowerCase().contains("not implemented"));
        List<List<String>> paths = new ArrayList<>();
        for (Operation<?, ?> op : OperationCatalog.all()) {
            paths.add(op.info().commandPath().subList(0, 1));
            paths.add(op.info().commandPath());
        }
        for (List<String> path : paths) {
            List<String> args = new ArrayList<>(path);
            args.add("--help");
            CliRunner.Result r = new CliRunner().run(args.toArray(String[]::new));
            assertEquals(0, r.exitCode(), r::toString);
            assertTrue(r.stdout().contains("Usage: supa-dokploy " + String.join(" ", path)), r::toString);
            assertTrue(r.stdout().contains("--output"), "global options are shown at every level: " + r.stdout());
        }
        for (String absent : List.of("deploy", "validate", "keys", "migrate", "backup", "monitor", "instances")) {
            boolean hasOps = OperationCatalog.all().stream()
                    .anyMatch(op -> op.info().commandPath().get(0).equals(absent));
            assertEquals(
                    hasOps,
                    root.stdout().contains("\n  " + absent + " "),
                    "group " + absent + " listed iff it has operations");
        }
    }

    @Test
    void unknownOptionIsAUsageErrorWithExit2() {
        CliRunner.Result r = new CliRunner().run("db", "connect", "--no-such-option");
        assertEquals(2, r.exitCode(), r::toString);
        assertTrue(r.stderr().contains("Unknown option"), r::toString);
        assertTrue(r.stderr().contains("supa-dokploy db connect --help"), r::toString);
        assertEquals("", r.stdout());
    }

    @Test
    void unknownCommandIsAUsageError() {
        CliRunner.Result r = new CliRunner().run("frobnicate");
        assertEquals(2, r.exitCode(), r::toString);
    }

    @Test
    void onlyTheNamedCommandsAreBuiltAndRootOptionValuesAreNotTakenForCommands() {
        Set<String> withValue = new HashSet<>();
        for (OptionSpec o : Cli.commandLine(new CliEnvironment(
                        new java.io.ByteArrayInputStream(new byte[0]),
                        new java.io.PrintStream(new java.io.ByteArrayOutputStream()),
                        new java.io.PrintStream(new java.io.ByteArrayOutputStream()),
                        java.util.Map.of(),
                        false,
                        false))
                .getCommandSpec()
                .options()) {
            if (o.arity().max() > 0) {
                withValue.addAll(List.of(o.names()));
            }
        }
        assertEquals(withValue, Cli.ROOT_OPTIONS_WITH_VALUE, "every root option that takes a value, by every name");
        assertEquals(
                List.of("db", "connect"), names(Cli.namedPath(new String[] {"--output", "json", "db", "connect"})));
        assertEquals(List.of("mcp"), names(Cli.namedPath(new String[] {"--config", "db", "-q", "mcp"})));
        assertEquals(List.of("mcp"), names(Cli.namedPath(new String[] {"--output=json", "mcp"})));
        assertEquals(
                List.of("db", "agent-role", "create"),
                names(Cli.namedPath(new String[] {"db", "-q", "agent-role", "create", "db"})));
        assertEquals(List.of("db", "sql"), names(Cli.namedPath(new String[] {"db", "sql", "connect"})));
        assertEquals(List.of("db"), names(Cli.namedPath(new String[] {"db", "conect", "sql"})));
        assertEquals(List.of(), names(Cli.namedPath(new String[] {"--help"})));
        assertEquals(List.of(), names(Cli.namedPath(new String[] {"--", "db"})));
        assertEquals(List.of(), names(Cli.namedPath(new String[] {"dbb", "connect"})));
        CliRunner.Result typo = new CliRunner().run("dbb");
        assertTrue(typo.stderr().contains("Did you mean: supa-dokploy db?"), typo::toString);
    }

    private static List<String> names(List<Class<?>> path) {
        return path.stream()
                .map(c -> c.getAnnotation(picocli.CommandLine.Command.class).name())
                .toList();
    }

    /** Each run builds only the commands its arguments name: every help page is still the one of the whole tree. */
    @Test
    void everyHelpPageIsTheWholeTreesOne() {
        picocli.CommandLine whole = Cli.commandLine(new CliEnvironment(
                new java.io.ByteArrayInputStream(new byte[0]),
                new java.io.PrintStream(new java.io.ByteArrayOutputStream()),
                new java.io.PrintStream(new java.io.ByteArrayOutputStream()),
                java.util.Map.of(),
                false,
                false));
        whole.setColorScheme(picocli.CommandLine.Help.defaultColorScheme(picocli.CommandLine.Help.Ansi.OFF));
        List<picocli.CommandLine> all = new ArrayList<>();
        collect(whole, all);
        assertTrue(all.size() > 30, "every command: " + all.size());
        for (picocli.CommandLine command : all) {
            List<String> args = new ArrayList<>(
                    List.of(command.getCommandSpec().qualifiedName().split(" ")));
            args.remove(0);
            args.add("--help");
            CliRunner.Result r = new CliRunner().run(args.toArray(String[]::new));
            assertEquals(0, r.exitCode(), r::toString);
            assertEquals(command.getUsageMessage(), r.stdout(), String.join(" ", args));
            // The page Main prints without picocli when stdout is no terminal: the same, for --help and -h.
            assertEquals(
                    r.stdout(),
                    HelpPages.page(args.toArray(String[]::new)),
                    "stored page of " + String.join(" ", args));
            args.set(args.size() - 1, "-h");
            assertEquals(
                    r.stdout(),
                    HelpPages.page(args.toArray(String[]::new)),
                    "stored page of " + String.join(" ", args));
        }
    }

    /** Only a command's exact name path and --help or -h: anything else may print otherwise, and goes through picocli. */
    @Test
    void storedHelpPagesAreForExactlyANamePathAndHelp() {
        assertTrue(HelpPages.page(new String[] {"db", "sql", "--help"}).startsWith("Usage: supa-dokploy db sql "));
        for (String[] args : List.of(
                new String[0],
                new String[] {"db"},
                new String[] {"db", "--help", "sql"},
                new String[] {"--quiet", "--help"},
                new String[] {"db", "sql", "SELECT", "--help"},
                new String[] {"db", "--no-color", "--help"},
                new String[] {"DB", "--help"},
                new String[] {"dbb", "--help"},
                new String[] {"../help/supa-dokploy", "--help"},
                new String[] {"db.sql", "--help"},
                new String[] {"--help=x"})) {
            assertEquals(null, HelpPages.page(args), String.join(" ", args));
        }
    }

    private static void collect(picocli.CommandLine command, List<picocli.CommandLine> all) {
        all.add(command);
        command.getSubcommands().values().stream().distinct().forEach(sub -> collect(sub, all));
    }

    @Test
    void aMistypedCommandGetsTheSimilarOnesAndTheSynopsis() {
        CliRunner.Result r = new CliRunner().run("db", "conect");
        assertEquals(2, r.exitCode(), r::toString);
        assertTrue(r.stderr().startsWith("error: "), r::toString);
        assertTrue(r.stderr().contains("Did you mean: db connect"), r::toString);
        assertTrue(r.stderr().contains("Usage: supa-dokploy db [OPTIONS] [COMMAND]"), r::toString);
        assertEquals("", r.stdout());
    }

    @Test
    void aMistypedOptionGetsTheSimilarOnesAndTheSynopsis() {
        CliRunner.Result r = new CliRunner().run("db", "connect", "--latency-sample", "3");
        assertEquals(2, r.exitCode(), r::toString);
        assertTrue(r.stderr().contains("--latency-samples"), r::toString);
        assertTrue(r.stderr().contains("Usage: supa-dokploy db connect [OPTIONS] [URL]"), r::toString);
    }

    @Test
    void badOutputFormatIsAUsageError() {
        CliRunner.Result r = new CliRunner().run("db", "connect", "--output", "yaml");
        assertEquals(2, r.exitCode(), r::toString);
        assertTrue(r.stderr().contains("text, json, csv"), r::toString);
    }

    @Test
    void globalOptionsWorkBeforeAndAfterTheCommand() {
        CliRunner.Result before = new CliRunner().run("--output", "json", "db", "connect");
        CliRunner.Result after = new CliRunner().run("db", "connect", "--output", "json");
        for (CliRunner.Result r : List.of(before, after)) {
            assertEquals(3, r.exitCode(), r::toString);
            assertEquals("CONNECTION_MISSING", r.json().get("error").get("code").asText(), r::toString);
        }
    }

    @Test
    void missingExplicitConfigIsAConfigurationError() {
        CliRunner.Result r =
                new CliRunner().run("--config", "/nonexistent/config.toml", "db", "connect", "--instance", "x");
        assertEquals(6, r.exitCode(), r::toString);
        assertTrue(r.stderr().contains("CONFIGURATION_NOT_FOUND"), r::toString);
    }

    @Test
    void unknownInstanceListsKnownOnes(@TempDir Path dir) throws IOException {
        Path config = dir.resolve("config.toml");
        Files.writeString(config, "[instances.staging]\ndatabase_url = \"postgres://postgres@localhost/postgres\"\n");
        CliRunner.Result r = new CliRunner()
                .env("SUPA_DOKPLOY_CONFIG", config.toString())
                .run("db", "connect", "--instance", "prod");
        assertEquals(6, r.exitCode(), r::toString);
        assertTrue(r.stderr().contains("CONFIGURATION_UNKNOWN_INSTANCE"), r::toString);
        assertTrue(r.stderr().contains("staging"), r::toString);
    }

    @Test
    void verboseShowsTheStackTrace() {
        CliRunner.Result quiet = new CliRunner().run("db", "connect", "postgres://x@127.0.0.1:1/db");
        CliRunner.Result verbose = new CliRunner().run("--verbose", "db", "connect", "postgres://x@127.0.0.1:1/db");
        assertEquals(1, quiet.stderr().lines().count(), "one line by default: " + quiet.stderr());
        assertTrue(verbose.stderr().contains("\tat "), verbose::toString);
    }

    @Test
    void passwordOnArgvIsWarnedAboutAndNeverEchoed() {
        CliRunner.Result r =
                new CliRunner().run("db", "connect", "--connection", "postgres://u:s3cr3t-value@127.0.0.1:1/db");
        assertTrue(r.stderr().contains("visible to other users"), r::toString);
        assertFalse(r.stderr().contains("s3cr3t-value"), r::toString);
        assertFalse(r.stdout().contains("s3cr3t-value"), r::toString);
        CliRunner.Result q = new CliRunner()
                .run("--quiet", "db", "connect", "--connection", "postgres://u:s3cr3t-value@127.0.0.1:1/db");
        assertFalse(q.stderr().contains("visible to other users"), "--quiet drops warnings: " + q);
        assertTrue(q.stderr().contains("CONNECTION_REFUSED"), "but not errors: " + q);
    }
}
