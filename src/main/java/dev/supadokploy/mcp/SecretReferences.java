package dev.supadokploy.mcp;

import dev.supadokploy.config.SecretResolver;
import dev.supadokploy.ops.InputField;

/**
 * Keeps agents from pointing the server at its own secrets. Operations resolve some inputs (a connection
 * string, a password) as {@code env:NAME} / {@code file:PATH} / {@code -} references. From a person at a
 * terminal that is a convenience; from an agent it would let any prompt-injected instruction read the
 * server's environment and files, or send a password from the server's environment to a host of the
 * agent's choosing. So over MCP such inputs take literal values only, and the server's secrets are reached
 * through the instances of its configuration.
 */
final class SecretReferences {
    private SecretReferences() {}

    /** Inputs that operations resolve through {@link SecretResolver}: secrets, and those documented to take references. */
    static boolean acceptsReference(InputField field) {
        return field.reference();
    }

    static boolean isReference(Object value) {
        return value instanceof String s && SecretResolver.isReference(s);
    }
}
