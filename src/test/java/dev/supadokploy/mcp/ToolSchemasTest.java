package dev.supadokploy.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.supadokploy.ops.Doc;
import dev.supadokploy.ops.InputField;
import dev.supadokploy.ops.Operation;
import dev.supadokploy.ops.OperationContext;
import dev.supadokploy.ops.OperationInfo;
import dev.supadokploy.ops.OperationInfo.Hint;
import dev.supadokploy.ops.catalog.OperationCatalog;
import dev.supadokploy.ops.connection.ConnectionInput;
import dev.supadokploy.util.Json;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ToolSchemasTest {
    private static final JsonSchemaValidator VALIDATOR = McpJsonDefaults.getSchemaValidator();

    enum Level {
        low,
        high
    }

    record Input(
            ConnectionInput connection,
            @Doc(value = "The query", required = true) String query,
            @Doc("Row limit") Integer limit,
            @Doc("Big number") Long big,
            @Doc("Ratio") Double ratio,
            @Doc("Verbose") Boolean verbose,
            @Doc("Parameters") List<String> params,
            @Doc("Level") Level level) {}

    record Child(@Doc("Child name") String name, int size, List<Child> children) {}

    @Doc("What the thing reports")
    record Output(
            @Doc("A label") String label,
            int count,
            double ratio,
            boolean ok,
            Level level,
            Instant at,
            Child child,
            List<Child> children,
            Map<String, Integer> totals,
            List<Map<String, Object>> rows,
            List<List<String>> cells,
            Object anything) {}

    static final class Sample implements Operation<Input, Output> {
        private final boolean destructive;
        private final boolean untrusted;

        Sample(boolean destructive, boolean untrusted) {
            this.destructive = destructive;
            this.untrusted = untrusted;
        }

        @Override
        public OperationInfo info() {
            EnumSet<Hint> hints =
                    destructive ? EnumSet.of(Hint.DESTRUCTIVE) : EnumSet.of(Hint.READ_ONLY, Hint.IDEMPOTENT);
            if (untrusted) {
                hints.add(Hint.UNTRUSTED_OUTPUT);
            }
            return new OperationInfo("sample", List.of("sample"), "Sample", "A sample.", hints);
        }

        @Override
        public Class<Input> inputType() {
            return Input.class;
        }

        @Override
        public Class<Output> resultType() {
            return Output.class;
        }

        @Override
        public Output run(Input input, OperationContext context) {
            throw new UnsupportedOperationException("schemas only");
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> props(Map<String, Object> schema) {
        return (Map<String, Object>) schema.get("properties");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> prop(Map<String, Object> schema, String name) {
        return (Map<String, Object>) props(schema).get(name);
    }

    @Test
    void inputIsFlatStrictAndTyped() {
        Map<String, Object> s = ToolSchemas.input(new Sample(false, false));
        assertEquals("object", s.get("type"));
        assertEquals(false, s.get("additionalProperties"));
        List<String> names =
                InputField.of(Input.class).stream().map(InputField::name).toList();
        assertEquals(names, new ArrayList<>(props(s).keySet()), "flattened, in declaration order");
        assertTrue(
                props(s).containsKey("connectionString") && props(s).containsKey("instance"),
                "ConnectionInput is flattened");
        assertEquals("string", prop(s, "query").get("type"));
        assertEquals("The query", prop(s, "query").get("description"));
        assertEquals("integer", prop(s, "limit").get("type"));
        assertEquals("integer", prop(s, "big").get("type"));
        assertEquals("number", prop(s, "ratio").get("type"));
        assertEquals("boolean", prop(s, "verbose").get("type"));
        assertEquals(
                Map.of("type", "array", "items", Map.of("type", "string"), "description", "Parameters"),
                prop(s, "params"));
        assertEquals(List.of("low", "high"), prop(s, "level").get("enum"));
        assertEquals("string", prop(s, "level").get("type"));
        assertEquals(List.of("query"), s.get("required"));
        assertFalse(props(s).containsKey(ToolSchemas.CONFIRM), "only destructive tools take confirm");
    }

    @Test
    void referenceTakingInputsSayReferencesAreNotResolvedForAgents() {
        Map<String, Object> s = ToolSchemas.input(new Sample(false, false));
        assertTrue(
                ((String) prop(s, "password").get("description")).contains("only from the server's own configuration"));
        assertTrue(((String) prop(s, "connectionString").get("description"))
                .contains("only from the server's own configuration"));
        assertFalse(((String) prop(s, "instance").get("description")).contains("server's own configuration"));
    }

    @Test
    void destructiveToolsTakeABooleanConfirm() {
        Map<String, Object> s = ToolSchemas.input(new Sample(true, false));
        assertEquals("boolean", prop(s, ToolSchemas.CONFIRM).get("type"));
        assertTrue(((String) prop(s, ToolSchemas.CONFIRM).get("description")).contains("confirm: true"));
        assertEquals(
                List.of("query"), s.get("required"), "confirm is optional in the schema: without it the tool refuses");
    }

    @Test
    void confirmIsReservedInDestructiveTools() {
        record Clash(@Doc("x") Boolean confirm) {}
        Operation<Clash, Output> op = new Operation<>() {
            public OperationInfo info() {
                return new OperationInfo("clash", List.of("clash"), "Clash", "Clash.", Hint.DESTRUCTIVE);
            }

            public Class<Clash> inputType() {
                return Clash.class;
            }

            public Class<Output> resultType() {
                return Output.class;
            }

            public Output run(Clash input, OperationContext context) {
                throw new UnsupportedOperationException();
            }
        };
        assertThrows(IllegalStateException.class, () -> ToolSchemas.input(op));
    }

    @Test
    @SuppressWarnings("unchecked")
    void outputIsRecursiveWithListsMapsAndScalars() {
        Map<String, Object> s = ToolSchemas.output(new Sample(false, false));
        assertEquals("object", s.get("type"));
        assertEquals("What the thing reports", s.get("description"));
        assertNull(s.get("additionalProperties"), "outputs stay open: Jackson may write more than the components");
        assertEquals(
                List.of("count", "ratio", "ok"),
                s.get("required"),
                "primitives are always written; null references are left out");
        assertEquals(Map.of("type", "string", "description", "A label"), prop(s, "label"));
        assertEquals("integer", prop(s, "count").get("type"));
        assertEquals("number", prop(s, "ratio").get("type"));
        assertEquals(Map.of("type", "string", "format", "date-time"), prop(s, "at"));
        Map<String, Object> child = prop(s, "child");
        assertEquals("object", child.get("type"));
        assertEquals("string", prop(child, "name").get("type"));
        Map<String, Object> grandChildren = prop(child, "children");
        assertEquals("array", grandChildren.get("type"));
        assertEquals(
                List.of("object", "null"),
                ((Map<String, Object>) grandChildren.get("items")).get("type"),
                "a record inside itself stops the recursion");
        Map<String, Object> children = prop(s, "children");
        assertEquals("array", children.get("type"));
        assertEquals(List.of("object", "null"), ((Map<String, Object>) children.get("items")).get("type"));
        assertTrue(((Map<String, Object>) children.get("items")).containsKey("properties"));
        assertEquals(Map.of("type", "object", "additionalProperties", Map.of("type", "integer")), prop(s, "totals"));
        Map<String, Object> cells = prop(s, "cells");
        Map<String, Object> cellRow = (Map<String, Object>) cells.get("items");
        assertEquals(
                Map.of("type", List.of("string", "null")), cellRow.get("items"), "SQL NULL cells are null list items");
        assertEquals(Map.of(), prop(s, "anything"), "Object accepts any JSON");
        assertEquals(List.of("low", "high"), prop(s, "level").get("enum"));
    }

    @Test
    void untrustedOutputsDeclareTheMarker() {
        assertFalse(props(ToolSchemas.output(new Sample(false, false))).containsKey(ToolSchemas.UNTRUSTED_MARKER));
        assertEquals(
                "boolean",
                prop(ToolSchemas.output(new Sample(false, true)), ToolSchemas.UNTRUSTED_MARKER)
                        .get("type"));
    }

    @Test
    void whatJsonMapperWritesConformsToTheOutputSchema() {
        Child leaf = new Child(null, 0, List.of());
        Output out = new Output(
                null,
                3,
                0.5,
                true,
                Level.high,
                Instant.parse("2025-01-02T03:04:05Z"),
                new Child("c", 1, List.of(leaf)),
                java.util.Arrays.asList(leaf, null),
                Map.of("a", 1),
                List.of(Map.of("x", 1, "y", "z")),
                java.util.Arrays.asList(java.util.Arrays.asList("1", null), null),
                List.of(1, "two", Map.of()));
        Map<String, Object> json = Json.MAPPER.convertValue(out, new TypeReference<Map<String, Object>>() {});
        JsonSchemaValidator.ValidationResponse v =
                VALIDATOR.validate(ToolSchemas.output(new Sample(false, false)), json);
        assertTrue(v.valid(), v::errorMessage);
        json.put("count", "three");
        assertFalse(
                VALIDATOR
                        .validate(ToolSchemas.output(new Sample(false, false)), json)
                        .valid(),
                "the schema does constrain");
    }

    @Test
    void everyCatalogOperationHasValidSchemasOverItsInputFields() {
        for (Operation<?, ?> op : OperationCatalog.all()) {
            Map<String, Object> input = ToolSchemas.input(op);
            Map<String, Object> output = ToolSchemas.output(op);
            VALIDATOR.assertConforms(op.info().toolName() + " input", input);
            VALIDATOR.assertConforms(op.info().toolName() + " output", output);
            List<String> expected = new ArrayList<>(
                    InputField.of(op.inputType()).stream().map(InputField::name).toList());
            if (op.info().destructive()) {
                expected.add(ToolSchemas.CONFIRM);
            }
            assertEquals(
                    expected, new ArrayList<>(props(input).keySet()), op.info().toolName());
        }
    }

    @Test
    void testOperationsHaveValidSchemas() {
        for (Operation<?, ?> op : TestOperations.all()) {
            VALIDATOR.assertConforms(op.info().toolName() + " input", ToolSchemas.input(op));
            VALIDATOR.assertConforms(op.info().toolName() + " output", ToolSchemas.output(op));
        }
    }

    /** A verdict from a fixed set is an enum: the output schema lists the values the JSON holds. */
    @Test
    void aVerdictEnumListsItsValuesInTheOutputSchema() {
        Map<String, Object> verdict =
                prop(ToolSchemas.output(new dev.supadokploy.ops.backup.BackupRestoreOperation()), "verdict");
        assertEquals(List.of("restored", "would_restore"), verdict.get("enum"), verdict::toString);
        assertEquals(
                "\"would_restore\"",
                Json.MAPPER
                        .valueToTree(dev.supadokploy.ops.backup.BackupRestoreOperation.Verdict.would_restore)
                        .toString());
    }
}
