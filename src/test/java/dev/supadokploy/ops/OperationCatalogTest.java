package dev.supadokploy.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.supadokploy.cli.Cli;
import dev.supadokploy.cli.CliEnvironment;
import dev.supadokploy.cli.CliSession;
import dev.supadokploy.cli.OperationCommand;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
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
        return Cli.commandLine(new CliEnvironment(new ByteArrayInputStream(new byte[0]),
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(new ByteArrayOutputStream()),
                Map.of("XDG_CONFIG_HOME", "/nonexistent"), false, false));
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
            assertTrue(tools.add(op.info().toolName()), "duplicate tool " + op.info().toolName());
            assertTrue(commands.add(op.info().commandLine()), "duplicate command " + op.info().commandLine());
            assertTrue(op.info().toolName().matches("[a-z][a-z0-9_]*"), "tool names are snake_case: " + op.info().toolName());
            assertFalse(op.info().description().isBlank());
        }
    }

    @Test
    void hintsAgreeWithEachOther() {
        for (Operation<?, ?> op : OperationCatalog.all()) {
            OperationInfo info = op.info();
            // A read changes nothing, so calling it again changes nothing either.
            assertTrue(!info.readOnly() || info.idempotent(), info.toolName() + " is read-only, so idempotent");
            assertFalse(info.readOnly() && info.destructive(), info.toolName() + " cannot be read-only and destructive");
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
    private static void collectLeaves(CommandLine group, String path, Set<String> catalogCommands, List<String> leaves) {
        assertFalse(group.getSubcommands().isEmpty(), "group '" + path + "' has no operations");
        for (CommandLine sub : group.getSubcommands().values()) {
            if (sub.getCommandName().equals("help")) {
                continue;
            }
            String line = path + " " + sub.getCommandName();
            if (!(sub.getCommand() instanceof OperationCommand) && !sub.getSubcommands().isEmpty()) {
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
            assertEquals(stem + "Operation", op.getClass().getSimpleName(), "operation class of '" + op.info().commandLine() + "'");
            assertEquals("dev.supadokploy.ops." + path.get(0), op.getClass().getPackageName(), op.getClass().getName());
            CommandLine command = find(root, path);
            assertNotNull(command, "no CLI command '" + op.info().commandLine() + "'");
            Class<?> commandClass = command.getCommand().getClass();
            assertEquals(stem + "Command", commandClass.getSimpleName(), "command class of '" + op.info().commandLine() + "'");
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
        assertEquals(pascalCase(path) + "Command", command.getCommand().getClass().getSimpleName(),
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
        root.parseArgs(argv.toArray(String[]::new));
        OperationCommand<?, ?> command = leaf.getCommand();
        Method input = OperationCommand.class.getDeclaredMethod("input", CliSession.class);
        input.setAccessible(true);
        Object fromCli = input.invoke(command, CliSession.of(leaf.getCommandSpec()));
        Object fromMcp = InputField.instantiate(op.inputType(), values);
        assertEquals(fromMcp, fromCli, "CLI and MCP inputs differ for " + op.info().commandLine() + " with argv " + argv);
    }

    /** The argv that gives {@code field} the value: its kebab-case option, its -file twin for secrets, or its positional. */
    private static List<String> cliArgs(CommandLine leaf, InputField field, Object value) {
        if (field.secret()) {
            String fileOption = field.kebabOption() + "-file";
            OptionSpec opt = leaf.getCommandSpec().findOption(fileOption);
            assertNotNull(opt, "secret input " + field.name() + " needs " + fileOption + " on the CLI (never the value on argv)");
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
        if (t instanceof ParameterizedType p && p.getRawType() == List.class && p.getActualTypeArguments()[0] == String.class) {
            return List.of("first-" + field.name(), "second-" + field.name());
        }
        throw new AssertionError("no sample for input type " + t + " of " + field.name() + ": extend the test");
    }
}
