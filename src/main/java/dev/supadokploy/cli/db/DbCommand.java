package dev.supadokploy.cli.db;

import picocli.CommandLine.Command;

/** {@code db}: the database operations (seed tools connect, monitor_connections, execute_sql, inspect_schema). */
@Command(
        name = "db",
        description = "Connect to, monitor, query and inspect a PostgreSQL / Supabase database.",
        subcommands = {
            DbConnectCommand.class,
            DbConnectionsCommand.class,
            DbSqlCommand.class,
            DbInspectCommand.class,
            DbAgentRoleCommand.class
        })
public final class DbCommand {}
