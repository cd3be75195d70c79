package dev.supadokploy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.supadokploy.ops.Operation;
import dev.supadokploy.ops.OperationCatalog;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The options that take a Dokploy compose id are called {@code --compose-id} ({@code --source-compose-id},
 * {@code --target-compose-id}); their first names ({@code --application-id} …) still work for existing scripts but are
 * hidden from help. The MCP arguments keep the name applicationId (a contract).
 */
class ComposeIdOptionTest {

    private static CommandLine cli() {
        return Cli.commandLine(new CliEnvironment(new ByteArrayInputStream(new byte[0]),
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(new ByteArrayOutputStream()),
                Map.of("XDG_CONFIG_HOME", "/nonexistent"), false, false));
    }

    private static CommandLine find(CommandLine root, List<String> path) {
        CommandLine cur = root;
        for (String name : path) {
            cur = cur.getSubcommands().get(name);
        }
        return cur;
    }

    @Test
    void everyOldNameIsAHiddenAliasOfItsComposeIdOption() throws Exception {
        List<String> aliases = new ArrayList<>();
        for (Operation<?, ?> op : OperationCatalog.all()) {
            CommandLine leaf = find(cli(), op.info().commandPath());
            for (OptionSpec old : leaf.getCommandSpec().options()) {
                String oldName = old.longestName();
                if (!oldName.endsWith("application-id")) {
                    continue;
                }
                String newName = oldName.replace("application-id", "compose-id");
                aliases.add(op.info().commandLine() + " " + oldName);
                assertTrue(old.hidden(), oldName + " of " + op.info().commandLine() + " is hidden");
                OptionSpec current = leaf.getCommandSpec().findOption(newName);
                assertNotNull(current, op.info().commandLine() + " has " + newName);
                assertFalse(current.hidden(), newName + " shows in help");

                String usage = leaf.getUsageMessage(CommandLine.Help.Ansi.OFF);
                assertTrue(usage.contains(newName), usage);
                assertFalse(usage.contains(oldName), "help does not show " + oldName + ":\n" + usage);

                // Both names give the operation the same input, with the id in the MCP argument of the old name.
                Object byNew = input(op, newName, "cmp-new-1");
                Object byOld = input(op, oldName, "cmp-new-1");
                assertEquals(byNew, byOld, oldName + " and " + newName + " of " + op.info().commandLine());
                String mcpName = mcpArgument(oldName);
                assertEquals("cmp-new-1", component(byOld, mcpName), mcpName + " of " + op.info().commandLine());
            }
        }
        // The four stack commands and promote's two sides: a walk that found none would prove nothing.
        assertEquals(List.of("validate config --application-id", "keys regenerate --application-id",
                "monitor health --application-id", "monitor logs --application-id",
                "instances promote --source-application-id", "instances promote --target-application-id"), aliases);
    }

    /** {@code --source-application-id} → {@code sourceApplicationId}, the MCP argument's name. */
    private static String mcpArgument(String option) {
        String[] words = option.substring(2).split("-");
        StringBuilder name = new StringBuilder(words[0]);
        for (int i = 1; i < words.length; i++) {
            name.append(Character.toUpperCase(words[i].charAt(0))).append(words[i].substring(1));
        }
        return name.toString();
    }

    private static Object input(Operation<?, ?> op, String option, String value) throws Exception {
        CommandLine root = cli();
        List<String> argv = new ArrayList<>(op.info().commandPath());
        argv.add(option);
        argv.add(value);
        for (ArgSpec required : find(root, op.info().commandPath()).getCommandSpec().requiredArgs()) {
            if (required instanceof OptionSpec opt) {
                argv.add(opt.longestName()); // e.g. promote's --source and --target, the same for both names
                argv.add("staging");
            }
        }
        root.parseArgs(argv.toArray(String[]::new));
        CommandLine leaf = find(root, op.info().commandPath());
        Method input = OperationCommand.class.getDeclaredMethod("input", CliSession.class);
        input.setAccessible(true);
        return input.invoke(leaf.getCommand(), CliSession.of(leaf.getCommandSpec()));
    }

    private static Object component(Object record, String name) throws Exception {
        for (RecordComponent c : record.getClass().getRecordComponents()) {
            if (c.getName().equals(name)) {
                return c.getAccessor().invoke(record);
            }
        }
        throw new AssertionError(record.getClass() + " has no " + name);
    }
}
