package dev.supadokploy.ops;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Describes an input or result record component. The MCP tool schemas are generated from these, and
 * the catalog test checks that the CLI exposes the same components, so both surfaces stay in step.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.TYPE})
public @interface Doc {
    String value();

    /** Marks a secret: never on argv (the CLI takes it from a file, env or prompt) and redacted in output. */
    boolean secret() default false;

    /**
     * The value may be an {@code env:NAME} / {@code file:PATH} / {@code -} reference that the operation
     * resolves on the server. The CLI accepts references; MCP refuses them (see mcp.SecretReferences).
     */
    boolean reference() default false;

    /** Marks an input the operation cannot run without (a JSON Schema "required"). */
    boolean required() default false;
}
