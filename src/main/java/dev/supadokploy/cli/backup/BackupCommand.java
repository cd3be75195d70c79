package dev.supadokploy.cli.backup;

import picocli.CommandLine.Command;

/** {@code backup}: archives of a database that need no pg_dump (seed tools create_backup, restore_backup). */
@Command(
        name = "backup",
        description =
                "Back up a database into one compressed, optionally encrypted archive; verify, restore, list and prune archives.",
        subcommands = {
            BackupCreateCommand.class,
            BackupVerifyCommand.class,
            BackupRestoreCommand.class,
            BackupListCommand.class,
            BackupPruneCommand.class
        })
public final class BackupCommand {}
