package dev.supadokploy.mcp;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LazySchemaValidatorTest {
    private static final Map<String, Object> SCHEMA = Map.of(
            "type", "object", "properties", Map.of("count", Map.of("type", "integer")), "required", List.of("count"));

    @Test
    void structuredContentIsStillCheckedAgainstTheOutputSchema() {
        LazySchemaValidator v = new LazySchemaValidator(new ObjectMapper());
        assertTrue(v.validate(SCHEMA, Map.of("count", 3)).valid());
        assertFalse(v.validate(SCHEMA, Map.of("count", "three")).valid(), "a result that breaks its schema is refused");
        assertFalse(v.validate(SCHEMA, Map.of()).valid(), "a missing required field is refused");
    }
}
