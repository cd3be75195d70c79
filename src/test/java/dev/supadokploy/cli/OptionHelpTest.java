package dev.supadokploy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.supadokploy.Cli;
import dev.supadokploy.ops.Doc;
import dev.supadokploy.ops.InputField;
import dev.supadokploy.ops.Operation;
import dev.supadokploy.ops.catalog.OperationCatalog;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Help.Ansi;
import picocli.CommandLine.Model.OptionSpec;

/** Option help written once: options without text of their own show the input record's {@code @Doc}. */
class OptionHelpTest {

    private static CommandLine cli() {
        return Cli.commandLine(new CliEnvironment(
                new ByteArrayInputStream(new byte[0]),
                new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(new ByteArrayOutputStream()),
                Map.of("XDG_CONFIG_HOME", "/nonexistent"),
                false,
                false));
    }

    private static CommandLine leaf(CommandLine root, List<String> path) {
        CommandLine cur = root;
        for (String name : path) {
            cur = cur.getSubcommands().get(name);
        }
        return cur;
    }

    @Test
    void everyOperationOptionHasHelp() {
        CommandLine root = cli();
        List<String> checked = new ArrayList<>();
        for (Operation<?, ?> op : OperationCatalog.all()) {
            for (OptionSpec option :
                    leaf(root, op.info().commandPath()).getCommandSpec().options()) {
                if (option.hidden()) {
                    continue;
                }
                String text = String.join(" ", option.description()).trim();
                assertFalse(text.isEmpty(), op.info().commandLine() + " " + option.longestName() + " has no help");
                checked.add(op.info().commandLine() + " " + option.longestName());
            }
        }
        assertTrue(checked.contains("migrate data --create-tables"), checked::toString);
    }

    @Test
    void anOptionWithoutTextShowsItsComponentsDocAsASentence() {
        CommandLine data = leaf(cli(), List.of("migrate", "data"));
        OptionSpec append = data.getCommandSpec().findOption("--append");
        assertEquals(
                "Add to target tables that hold rows instead of refusing them.",
                String.join(" ", append.description()));
        assertTrue(data.getUsageMessage(Ansi.OFF)
                .replaceAll("\\s+", " ")
                .contains("Add to target tables that hold rows instead of refusing them."));
    }

    record Sample(
            @Doc("Also the stack") Boolean withConfig,
            @Doc("Which") Boolean fix,

            @Doc("withConfig only; with fix, not withConfigs")
            String sourceId) {}

    @Test
    void theDocsCamelCaseNamesOfOtherInputsBecomeTheirOptions() {
        // One-word names are plain words too, so they stay; a longer word that starts with a name is not the name.
        assertEquals(
                "--with-config only; with fix, not withConfigs",
                OptionHelp.optionNames("withConfig only; with fix, not withConfigs", InputField.of(Sample.class)));
    }

    @Test
    void anOptionsOwnTextWins() {
        OptionSpec truncate =
                leaf(cli(), List.of("migrate", "data")).getCommandSpec().findOption("--truncate");
        assertTrue(String.join(" ", truncate.description()).contains("--yes in scripts"));
    }

    @Test
    void theInputTypeComesFromTheCommandsDeclaration() {
        assertEquals(
                dev.supadokploy.ops.migrate.MigrateDataOperation.Input.class,
                OptionHelp.inputType(dev.supadokploy.cli.migrate.MigrateDataCommand.class));
    }
}
