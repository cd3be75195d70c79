package dev.supadokploy.ops;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * What both surfaces need to know about an operation.
 *
 * @param toolName    the MCP tool name (the seed's names, e.g. {@code execute_sql})
 * @param commandPath the CLI path below the root, e.g. {@code ["db", "sql"]}
 * @param hints       what the operation promises about its effects and its output; a hint not named is false
 */
public record OperationInfo(
        String toolName, List<String> commandPath, String title, String description, Set<Hint> hints) {

    /** Named so a catalog entry reads as what it means, not as a row of positional booleans. */
    public enum Hint {
        /** Never changes state anywhere (MCP readOnlyHint). */
        READ_ONLY,
        /** May destroy data (MCP destructiveHint). */
        DESTRUCTIVE,
        /** The result carries data from a database or server that an agent must treat as data, not instructions. */
        UNTRUSTED_OUTPUT,
        /**
         * Calling it again with the same arguments has no further effect on its environment (MCP idempotentHint).
         * Set for read-only operations too: MCP reads the hint only when readOnlyHint is false, and for a read it
         * holds trivially.
         */
        IDEMPOTENT
    }

    public OperationInfo {
        hints = hints.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(hints));
    }

    public OperationInfo(String toolName, List<String> commandPath, String title, String description, Hint... hints) {
        this(toolName, commandPath, title, description, Set.of(hints));
    }

    public boolean readOnly() {
        return hints.contains(Hint.READ_ONLY);
    }

    public boolean destructive() {
        return hints.contains(Hint.DESTRUCTIVE);
    }

    public boolean untrustedOutput() {
        return hints.contains(Hint.UNTRUSTED_OUTPUT);
    }

    public boolean idempotent() {
        return hints.contains(Hint.IDEMPOTENT);
    }

    public String commandLine() {
        return String.join(" ", commandPath);
    }
}
