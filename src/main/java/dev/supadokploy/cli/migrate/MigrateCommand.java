package dev.supadokploy.cli.migrate;

import picocli.CommandLine.Command;

/** {@code migrate}: moving schema and data between databases (seed tools generate_diff, cross_instance_migrate). */
@Command(
        name = "migrate",
        description = "Compare schemas and move data between PostgreSQL / Supabase databases.",
        subcommands = {MigrateDiffCommand.class, MigrateDataCommand.class})
public final class MigrateCommand {}
