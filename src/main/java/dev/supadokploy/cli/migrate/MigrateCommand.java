package dev.supadokploy.cli.migrate;

import picocli.CommandLine.Command;

/** {@code migrate}: moving schema between databases (seed tool generate_diff). */
@Command(name = "migrate",
        description = "Compare and move schema between PostgreSQL / Supabase databases.",
        subcommands = {DiffCommand.class})
public final class MigrateCommand {}
