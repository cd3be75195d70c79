package dev.supadokploy.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.supadokploy.ops.connection.Databases;
import dev.supadokploy.ops.migrate.MigrateDataOperation;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InputsTest {
    private static final Databases DBS = new Databases("postgres://a/x", "postgres://b/y", null, null);

    @Test
    void namedValuesGoToTheirComponentsAndTheRestAreNotGiven() {
        MigrateDataOperation.Input built = Inputs.of(
                MigrateDataOperation.Input.class,
                Map.of("databases", DBS, "tables", List.of("public.notes"), "truncate", true, "jobs", 1));
        assertEquals(
                new MigrateDataOperation.Input(
                        DBS, List.of("public.notes"), null, null, true, null, null, 1, null, null),
                built);
    }

    @Test
    void aNameTheRecordLacksFails() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> Inputs.of(MigrateDataOperation.Input.class, Map.of("databases", DBS, "truncated", true)));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    record Pair(String name, int count) {
        Pair {
            if (count < 0) {
                throw new IllegalStateException("negative");
            }
        }
    }

    @Test
    void aPrimitiveMustBeGivenAndTheRecordsOwnCheckIsThrownAsIs() {
        assertThrows(IllegalArgumentException.class, () -> Inputs.of(Pair.class, Map.of("name", "x")));
        assertEquals(new Pair("x", 2), Inputs.of(Pair.class, Map.of("name", "x", "count", 2)));
        assertEquals(
                "negative",
                assertThrows(IllegalStateException.class, () -> Inputs.of(Pair.class, Map.of("name", "x", "count", -1)))
                        .getMessage());
    }
}
