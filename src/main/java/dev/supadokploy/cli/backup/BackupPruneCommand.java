package dev.supadokploy.cli.backup;

import dev.supadokploy.cli.CliSession;
import dev.supadokploy.cli.OperationCommand;
import dev.supadokploy.cli.TextOutput;
import dev.supadokploy.ops.Operation;
import dev.supadokploy.ops.backup.BackupPruneOperation;
import dev.supadokploy.ops.backup.BackupPruneOperation.Result;
import dev.supadokploy.util.ByteSize;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Shows the plan; deletes only with --yes. */
@Command(
        name = "prune",
        description =
                "Delete old archives by retention (per source database): --keep-last N, --keep-daily D, --keep-weekly W. "
                        + "Shows what it would delete; deletes with --yes.")
public final class BackupPruneCommand extends OperationCommand<BackupPruneOperation.Input, Result> {

    @Parameters(
            index = "0",
            paramLabel = "DIRECTORY",
            description = "Directory holding the archives (*.sdbak), or s3://bucket/prefix.")
    String directory;

    @Option(names = "--keep-last", paramLabel = "N")
    Integer keepLast;

    @Option(names = "--keep-daily", paramLabel = "D")
    Integer keepDaily;

    @Option(names = "--keep-weekly", paramLabel = "W")
    Integer keepWeekly;

    @Option(names = "--destination", paramLabel = "NAME|dokploy:ID")
    String destination;

    @Override
    protected Operation<BackupPruneOperation.Input, Result> operation() {
        return new BackupPruneOperation();
    }

    @Override
    protected BackupPruneOperation.Input input(CliSession session) {
        return new BackupPruneOperation.Input(directory, keepLast, keepDaily, keepWeekly, destination);
    }

    @Override
    protected void renderText(Result r, TextOutput out, CliSession session) {
        r.kept().forEach(k -> out.line("keep    " + k.file() + " (" + String.join(", ", k.reasons()) + ")"));
        r.removed().forEach(f -> out.line((r.deleted() ? out.warn("deleted ") : "delete  ") + f));
        if (r.removed().isEmpty()) {
            out.line("Nothing to delete.");
        } else if (r.deleted()) {
            out.line(r.removed().size() + " archive(s) deleted, " + ByteSize.pretty(r.bytesFreed()) + " freed.");
        } else {
            out.line(r.removed().size() + " archive(s) would be deleted (" + ByteSize.pretty(r.bytesFreed())
                    + "); run again with --yes.");
        }
    }
}
