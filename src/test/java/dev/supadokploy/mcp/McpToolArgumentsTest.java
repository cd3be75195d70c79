package dev.supadokploy.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.supadokploy.errors.ErrorCode;
import dev.supadokploy.errors.SupaException;
import dev.supadokploy.ops.db.DbConnectOperation;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class McpToolArgumentsTest {
    private final ToolArguments<TestOperations.RowsOperation.Input> rows =
            new ToolArguments<>(new TestOperations.RowsOperation());
    private final ToolArguments<DbConnectOperation.Input> connect = new ToolArguments<>(new DbConnectOperation());
    private final ToolArguments<TestOperations.DropOperation.Input> drop =
            new ToolArguments<>(new TestOperations.DropOperation());

    private static SupaException fails(Runnable r) {
        return assertThrows(SupaException.class, r::run);
    }

    @Test
    void bindsTypedValuesIntoTheFlattenedRecord() {
        DbConnectOperation.Input in = connect.bind(Map.of("instance", "prod", "port", 6543, "latencySamples", 7.0))
                .input();
        assertEquals("prod", in.connection().instance());
        assertEquals(6543, in.connection().port());
        assertEquals(7, in.latencySamples(), "7.0 is an integer in JSON Schema");
        assertNull(in.connection().connectionString());
        TestOperations.RowsOperation.Input r = rows.bind(
                        Map.of("count", 2, "shape", "wide", "columns", List.of("a", "b")))
                .input();
        assertEquals(TestOperations.RowsOperation.Shape.wide, r.shape());
        assertEquals(List.of("a", "b"), r.columns());
    }

    @Test
    void missingArgumentsAndJsonNullAreAbsent() {
        Map<String, Object> args = new HashMap<>();
        args.put("latencySamples", null);
        assertNull(connect.bind(args).input().latencySamples());
        assertNull(connect.bind(null).input().latencySamples());
    }

    @Test
    void unknownArgumentsAreRefusedWithTheKnownOnes() {
        SupaException e = fails(() -> connect.bind(Map.of("connectionString", "postgres://x/y", "conection", "oops")));
        assertEquals(ErrorCode.VALIDATION_INVALID_INPUT, e.code());
        assertTrue(e.getMessage().contains("'conection'"), e.getMessage());
        assertTrue(
                e.suggestion().contains("connectionString") && e.suggestion().contains("latencySamples"),
                e.suggestion());
        assertEquals(
                ErrorCode.VALIDATION_INVALID_INPUT,
                fails(() -> connect.bind(Map.of("confirm", true))).code(),
                "confirm is not an argument of a non-destructive tool");
    }

    @Test
    void wrongTypesAreRefusedNotCoerced() {
        List<Map<String, Object>> wrong = List.of(
                Map.of("latencySamples", "5"),
                Map.of("latencySamples", 5.5),
                Map.of("latencySamples", true),
                Map.of("latencySamples", new BigInteger("99999999999")),
                Map.of("port", List.of(1)),
                Map.of("instance", 42),
                Map.of("instance", Map.of()),
                Map.of("instance", false));
        for (Map<String, Object> args : wrong) {
            SupaException e = fails(() -> connect.bind(args));
            assertEquals(ErrorCode.VALIDATION_INVALID_INPUT, e.code(), args.toString());
            assertTrue(e.getMessage().contains(args.keySet().iterator().next()), e.getMessage());
        }
        assertEquals(
                ErrorCode.VALIDATION_INVALID_INPUT,
                fails(() -> rows.bind(Map.of("count", 1, "shape", "WIDE"))).code());
        assertEquals(
                ErrorCode.VALIDATION_INVALID_INPUT,
                fails(() -> rows.bind(Map.of("count", 1, "columns", "a,b"))).code());
        assertEquals(
                ErrorCode.VALIDATION_INVALID_INPUT,
                fails(() -> rows.bind(Map.of("count", 1, "columns", List.of("a", 2))))
                        .code());
        assertEquals(
                ErrorCode.VALIDATION_INVALID_INPUT,
                fails(() -> rows.bind(Map.of("count", 1, "columns", Arrays.asList("a", null))))
                        .code());
    }

    @Test
    void requiredArgumentsMustBeGiven() {
        SupaException e = fails(() -> rows.bind(Map.of("shape", "wide")));
        assertEquals(ErrorCode.VALIDATION_MISSING_INPUT, e.code());
        assertTrue(e.getMessage().contains("'count'"), e.getMessage());
    }

    @Test
    void confirmIsABooleanOfDestructiveTools() {
        assertTrue(drop.bind(Map.of("name", "t", "confirm", true)).confirm());
        assertFalse(drop.bind(Map.of("name", "t", "confirm", false)).confirm());
        assertFalse(drop.bind(Map.of("name", "t")).confirm());
        assertEquals(
                ErrorCode.VALIDATION_INVALID_INPUT,
                fails(() -> drop.bind(Map.of("name", "t", "confirm", "yes"))).code());
    }

    @Test
    void agentsCannotMakeTheServerResolveItsOwnSecrets() {
        for (String reference : new String[] {"env:PGPASSWORD", "file:/etc/shadow", "-"}) {
            SupaException e = fails(() -> connect.bind(Map.of("password", reference)));
            assertEquals(ErrorCode.VALIDATION_INVALID_INPUT, e.code());
            assertTrue(e.suggestion().contains("instance"), e.suggestion());
            assertEquals(
                    ErrorCode.VALIDATION_INVALID_INPUT,
                    fails(() -> connect.bind(Map.of("connectionString", reference)))
                            .code(),
                    reference);
        }
        assertEquals(
                "env:literal",
                connect.bind(Map.of("instance", "env:literal"))
                        .input()
                        .connection()
                        .instance(),
                "inputs that are never resolved as references keep their text");
        assertEquals(
                "s3cret",
                connect.bind(Map.of("password", "s3cret")).input().connection().password(),
                "a literal password the agent already knows is fine");
    }

    @Test
    void secretValuesNeverAppearInErrors() {
        SupaException e = fails(() -> connect.bind(Map.of("password", 123456789)));
        assertFalse(e.getMessage().contains("123456789"), e.getMessage());
    }
}
