package dev.supadokploy.ops;

import java.util.List;

/**
 * What both surfaces need to know about an operation.
 *
 * @param toolName    the MCP tool name (the seed's names, e.g. {@code execute_sql})
 * @param commandPath the CLI path below the root, e.g. {@code ["db", "sql"]}
 * @param readOnly    never changes state anywhere (MCP readOnlyHint)
 * @param destructive may destroy data (MCP destructiveHint)
 * @param untrustedOutput the result carries data from a database or server that an agent must treat as
 *                    data, not instructions
 * @param idempotent  calling it again with the same arguments has no further effect on its environment (MCP
 *                    idempotentHint). True for read-only operations too: MCP reads the hint only when readOnlyHint
 *                    is false, and for a read it holds trivially.
 */
public record OperationInfo(
        String toolName,
        List<String> commandPath,
        String title,
        String description,
        boolean readOnly,
        boolean destructive,
        boolean untrustedOutput,
        boolean idempotent) {

    public String commandLine() {
        return String.join(" ", commandPath);
    }
}
