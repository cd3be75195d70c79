package dev.supadokploy.mcp;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import io.modelcontextprotocol.json.schema.jackson2.DefaultJsonSchemaValidator;
import java.util.Map;

/**
 * The SDK's own validator, made on first use: building it loads the whole JSON Schema library, about 150 ms a client
 * would otherwise wait for before the {@code initialize} answer. Every structuredContent is still checked against its
 * tool's output schema (from the first call on). The SDK's start-up check that each tool's schemas are themselves valid
 * JSON Schema is answered without the library: the schemas are generated from the operations' records, and
 * ToolSchemasTest proves every catalog operation's schemas valid with this same validator at build time.
 */
final class LazySchemaValidator implements JsonSchemaValidator {
    private final ObjectMapper mapper;
    private volatile JsonSchemaValidator delegate;

    LazySchemaValidator(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    public ValidationResponse validate(Map<String, Object> schema, Object structuredContent) {
        return delegate().validate(schema, structuredContent);
    }

    @Override
    public ValidationResponse validateSchema(Map<String, Object> schema) {
        return ValidationResponse.asValid(null);
    }

    private JsonSchemaValidator delegate() {
        JsonSchemaValidator d = delegate;
        if (d == null) {
            synchronized (this) {
                if (delegate == null) {
                    delegate = new DefaultJsonSchemaValidator(mapper);
                }
                d = delegate;
            }
        }
        return d;
    }
}
