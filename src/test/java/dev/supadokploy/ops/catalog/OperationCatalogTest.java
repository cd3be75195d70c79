package dev.supadokploy.ops.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.supadokploy.Cli;
import dev.supadokploy.cli.CliEnvironment;
import dev.supadokploy.cli.CliSession;
import dev.supadokploy.cli.OperationCommand;
import dev.supadokploy.ops.InputField;
import dev.supadokploy.ops.Operation;
import dev.supadokploy.ops.OperationInfo;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * The operation catalog is the single source of truth: every operation is a CLI command that builds the
 * very input record the MCP binding builds from the same values, and every CLI leaf is an operation.
 * (The MCP side of the walk — every operation listed as a tool with these inputs — is in McpToolsTest
 * and McpServerIT.)
 */
class OperationCatalogTest {

    private static CommandLine cli() {
        return Cli.commandLine(new CliEnvironment(
                new ByteArrayInputStream(new byte[0]),
                new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(new ByteArrayOutputStream()),
                Map.of("XDG_CONFIG_HOME", "/nonexistent"),
                false,
                false));
    }

    private static CommandLine find(CommandLine root, List<String> path) {
        CommandLine cur = root;
        for (String name : path) {
            cur = cur.getSubcommands().get(name);
            if (cur == null) {
                return null;
            }
        }
        return cur;
    }

    @Test
    void toolNamesAndCommandPathsAreUnique() {
        Set<String> tools = new HashSet<>();
        Set<String> commands = new HashSet<>();
        for (Operation<?, ?> op : OperationCatalog.all()) {
            assertTrue(
                    tools.add(op.info().toolName()),
                    "duplicate tool " + op.info().toolName());
            assertTrue(
                    commands.add(op.info().commandLine()),
                    "duplicate command " + op.info().commandLine());
            assertTrue(
                    op.info().toolName().matches("[a-z][a-z0-9_]*"),
                    "tool names are snake_case: " + op.info().toolName());
            assertFalse(op.info().description().isBlank());
        }
    }

    @Test
    void hintsAgreeWithEachOther() {
        for (Operation<?, ?> op : OperationCatalog.all()) {
            OperationInfo info = op.info();
            // A read changes nothing, so calling it again changes nothing either.
            assertTrue(!info.readOnly() || info.idempotent(), info.toolName() + " is read-only, so idempotent");
            assertFalse(
                    info.readOnly() && info.destructive(), info.toolName() + " cannot be read-only and destructive");
        }
    }

    @Test
    void everyCliLeafIsACatalogOperationAndEveryGroupHasOne() {
        CommandLine root = cli();
        Set<String> catalogCommands = new HashSet<>();
        OperationCatalog.all().forEach(op -> catalogCommands.add(op.info().commandLine()));
        List<String> leaves = new ArrayList<>();
        for (CommandLine group : root.getSubcommands().values()) {
            if (group.getCommandName().equals("mcp") || group.getCommandName().equals("completion")) {
                continue; // the MCP server serves the catalog; completion prints shell scripts: neither is an operation
            }
            collectLeaves(group, group.getCommandName(), catalogCommands, leaves);
        }
        assertEquals(catalogCommands, new HashSet<>(leaves), "catalog operations without a CLI command");
    }

    /** The leaves below {@code group}, also in nested groups such as {@code db agent-role}. */
    private static void collectLeaves(
            CommandLine group, String path, Set<String> catalogCommands, List<String> leaves) {
        assertFalse(group.getSubcommands().isEmpty(), "group '" + path + "' has no operations");
        for (CommandLine sub : group.getSubcommands().values()) {
            if (sub.getCommandName().equals("help")) {
                continue;
            }
            String line = path + " " + sub.getCommandName();
            if (!(sub.getCommand() instanceof OperationCommand)
                    && !sub.getSubcommands().isEmpty()) {
                collectLeaves(sub, line, catalogCommands, leaves);
                continue;
            }
            leaves.add(line);
            assertTrue(catalogCommands.contains(line), "CLI command '" + line + "' is not in the operation catalog");
            assertTrue(sub.getCommand() instanceof OperationCommand, line + " must extend OperationCommand");
        }
    }

    /**
     * One name per operation, read off its command path: {@code db agent-role create} is
     * {@code ops/db/DbAgentRoleCreateOperation} and {@code cli/db/DbAgentRoleCreateCommand}, so a newcomer finds it
     * in one hop and names cannot drift from the commands again. (MCP tool names are a contract and keep theirs.)
     */
    @Test
    void classNamesFollowTheCommandPath() {
        CommandLine root = cli();
        for (Operation<?, ?> op : OperationCatalog.all()) {
            List<String> path = op.info().commandPath();
            String stem = pascalCase(path);
            assertEquals(
                    stem + "Operation",
                    op.getClass().getSimpleName(),
                    "operation class of '" + op.info().commandLine() + "'");
            assertEquals(
                    "dev.supadokploy.ops." + path.get(0),
                    op.getClass().getPackageName(),
                    op.getClass().getName());
            CommandLine command = find(root, path);
            assertNotNull(command, "no CLI command '" + op.info().commandLine() + "'");
            Class<?> commandClass = command.getCommand().getClass();
            assertEquals(
                    stem + "Command",
                    commandClass.getSimpleName(),
                    "command class of '" + op.info().commandLine() + "'");
            assertEquals("dev.supadokploy.cli." + path.get(0), commandClass.getPackageName(), commandClass.getName());
        }
    }

    /** The other commands follow the same rule: {@code db} is DbCommand, {@code db agent-role} DbAgentRoleCommand, {@code mcp} McpCommand. */
    @Test
    void groupCommandClassNamesFollowTheCommandPath() {
        List<String> checked = new ArrayList<>();
        for (CommandLine group : cli().getSubcommands().values()) {
            checkGroupNames(group, List.of(group.getCommandName()), checked);
        }
        assertTrue(checked.contains("db agent-role"), "nested groups are walked: " + checked);
    }

    private static void checkGroupNames(CommandLine command, List<String> path, List<String> checked) {
        if (command.getCommand() instanceof OperationCommand) {
            return; // operations are checked against the catalog above
        }
        assertEquals(
                pascalCase(path) + "Command",
                command.getCommand().getClass().getSimpleName(),
                "group command class of '" + String.join(" ", path) + "'");
        checked.add(String.join(" ", path));
        for (CommandLine sub : command.getSubcommands().values()) {
            if (!sub.getCommandName().equals("help")) {
                List<String> subPath = new ArrayList<>(path);
                subPath.add(sub.getCommandName());
                checkGroupNames(sub, subPath, checked);
            }
        }
    }

    /** {@code ["instances", "sync-schema"]} → {@code InstancesSyncSchema}. */
    private static String pascalCase(List<String> path) {
        StringBuilder name = new StringBuilder();
        for (String segment : path) {
            for (String word : segment.split("-")) {
                name.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
            }
        }
        return name.toString();
    }

    /** For each operation: the CLI and the MCP binding build equal input records from the same values. */
    @TestFactory
    List<DynamicTest> cliBuildsTheSameInputAsMcp() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Operation<?, ?> op : OperationCatalog.all()) {
            tests.add(DynamicTest.dynamicTest(op.info().commandLine(), () -> checkSameInput(op)));
        }
        return tests;
    }

    private static void checkSameInput(Operation<?, ?> op) throws Exception {
        CommandLine root = cli();
        CommandLine leaf = find(root, op.info().commandPath());
        assertNotNull(leaf, "no CLI command for " + op.info().commandLine());
        Map<String, Object> values = new LinkedHashMap<>();
        List<String> argv = new ArrayList<>(op.info().commandPath());
        for (InputField field : InputField.of(op.inputType())) {
            Object value = sampleValue(field);
            values.put(field.name(), value);
            argv.addAll(cliArgs(leaf, field, value));
        }
        Object fromCli = cliInput(root, op, argv);
        Object fromMcp = InputField.instantiate(op.inputType(), values);
        assertEquals(
                fromMcp, fromCli, "CLI and MCP inputs differ for " + op.info().commandLine() + " with argv " + argv);
    }

    /** Parses {@code argv} with {@code root} and returns the input record the command builds for the operation. */
    private static Object cliInput(CommandLine root, Operation<?, ?> op, List<String> argv) throws Exception {
        root.parseArgs(argv.toArray(String[]::new));
        CommandLine leaf = find(root, op.info().commandPath());
        Method input = OperationCommand.class.getDeclaredMethod("input", CliSession.class);
        input.setAccessible(true);
        return input.invoke(leaf.getCommand(), CliSession.of(leaf.getCommandSpec()));
    }

    /**
     * The options that take a Dokploy compose id are {@code --compose-id} ({@code --source-compose-id},
     * {@code --target-compose-id}); their first names ({@code --application-id} …) still work for existing scripts but
     * are hidden from help. The MCP arguments keep the name applicationId (a contract).
     */
    @Test
    void everyApplicationIdOptionIsAHiddenAliasOfItsComposeIdOption() throws Exception {
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

                // Both names give the operation the same input, the id in the MCP argument named like the old option.
                Object byNew = cliInput(cli(), op, aliasArgv(leaf, op, newName));
                Object byOld = cliInput(cli(), op, aliasArgv(leaf, op, oldName));
                assertEquals(
                        byNew,
                        byOld,
                        oldName + " and " + newName + " of " + op.info().commandLine());
                InputField field = InputField.of(op.inputType()).stream()
                        .filter(f -> f.kebabOption().equals(oldName))
                        .findFirst()
                        .orElseThrow();
                assertEquals(
                        "cmp-1",
                        recordComponent(byOld, field.name()),
                        field.name() + " of " + op.info().commandLine());
            }
        }
        // The four stack commands and promote's two sides: a walk that found none would prove nothing.
        assertEquals(
                Set.of(
                        "validate config --application-id",
                        "keys regenerate --application-id",
                        "monitor health --application-id",
                        "monitor logs --application-id",
                        "instances promote --source-application-id",
                        "instances promote --target-application-id",
                        "backup restore --application-id"),
                new HashSet<>(aliases));
    }

    /**
     * The command path, {@code option cmp-1}, and a value for each required option (promote's --source, --target) and
     * parameter (backup restore's FILE).
     */
    private static List<String> aliasArgv(CommandLine leaf, Operation<?, ?> op, String option) {
        List<String> argv = new ArrayList<>(op.info().commandPath());
        argv.addAll(List.of(option, "cmp-1"));
        for (ArgSpec required : leaf.getCommandSpec().requiredArgs()) {
            if (required instanceof OptionSpec opt) {
                argv.addAll(List.of(opt.longestName(), "staging"));
            } else {
                argv.add("positional-1"); // backup restore's FILE
            }
        }
        return argv;
    }

    private static Object recordComponent(Object record, String name) throws Exception {
        for (RecordComponent c : record.getClass().getRecordComponents()) {
            if (c.getName().equals(name)) {
                return c.getAccessor().invoke(record);
            }
        }
        throw new AssertionError(record.getClass() + " has no " + name);
    }

    /** The argv that gives {@code field} the value: its kebab-case option, its -file twin for secrets, or its positional. */
    private static List<String> cliArgs(CommandLine leaf, InputField field, Object value) {
        if (field.secret()) {
            String fileOption = field.kebabOption() + "-file";
            OptionSpec opt = leaf.getCommandSpec().findOption(fileOption);
            assertNotNull(
                    opt,
                    "secret input " + field.name() + " needs " + fileOption + " on the CLI (never the value on argv)");
            return List.of(fileOption, ((String) value).substring("file:".length()));
        }
        OptionSpec opt = leaf.getCommandSpec().findOption(field.kebabOption());
        if (opt != null) {
            List<String> args = new ArrayList<>();
            if (value instanceof Boolean) {
                args.add(field.kebabOption());
            } else if (value instanceof List<?> list) {
                for (Object v : list) {
                    args.add(field.kebabOption());
                    args.add(String.valueOf(v));
                }
            } else {
                args.add(field.kebabOption());
                args.add(String.valueOf(value));
            }
            return args;
        }
        String label = field.name().replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase();
        for (PositionalParamSpec p : leaf.getCommandSpec().positionalParameters()) {
            if (p.paramLabel().equals(label)) {
                return List.of(String.valueOf(value));
            }
        }
        fail(leaf.getCommandName() + ": input '" + field.name() + "' has neither option " + field.kebabOption()
                + " nor a positional parameter labelled " + label);
        return List.of();
    }

    private static Object sampleValue(InputField field) {
        if (field.secret()) {
            return "file:/tmp/sample-" + field.name();
        }
        Type t = field.type();
        if (t == String.class) {
            return "sample-" + field.name();
        }
        if (t == Integer.class) {
            return 7;
        }
        if (t == Long.class) {
            return 7L;
        }
        if (t == Double.class) {
            return 2.5;
        }
        if (t == Boolean.class) {
            return true;
        }
        if (t instanceof Class<?> c && c.isEnum()) {
            return c.getEnumConstants()[0];
        }
        if (t instanceof ParameterizedType p
                && p.getRawType() == List.class
                && p.getActualTypeArguments()[0] == String.class) {
            return List.of("first-" + field.name(), "second-" + field.name());
        }
        throw new AssertionError("no sample for input type " + t + " of " + field.name() + ": extend the test");
    }
}
