package dev.supadokploy.cli.db;

import picocli.CommandLine.Command;

/** {@code db agent-role}: the least-privilege login for agent SQL (create_agent_role, drop_agent_role). */
@Command(
        name = "agent-role",
        description =
                "Create or drop a read-only, least-privilege login for AI agents' SQL (the MCP server's execute_sql).",
        subcommands = {DbAgentRoleCreateCommand.class, DbAgentRoleDropCommand.class})
public final class DbAgentRoleCommand {}
