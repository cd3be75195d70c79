package dev.supadokploy.cli.backup;

import dev.supadokploy.cli.CliSession;
import dev.supadokploy.cli.OperationCommand;
import dev.supadokploy.cli.TextOutput;
import dev.supadokploy.ops.Operation;
import dev.supadokploy.ops.backup.BackupListOperation;
import dev.supadokploy.ops.backup.BackupListOperation.Result;
import dev.supadokploy.util.ByteSize;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "list",
        description =
                "List the archives of a directory or s3://bucket/prefix, newest first, from their preambles (no key needed), "
                        + "with when backup verify last passed on each. --max-age 26h exits 9 (BACKUP_STALE) when the newest "
                        + "verified backup is older: one line for a monitor.")
public final class BackupListCommand extends OperationCommand<BackupListOperation.Input, Result> {

    @Parameters(
            index = "0",
            paramLabel = "DIRECTORY",
            description = "Directory holding the archives (*.sdbak), or s3://bucket/prefix.")
    String directory;

    @Option(names = "--destination", paramLabel = "NAME|dokploy:ID")
    String destination;

    @Option(names = "--max-age", paramLabel = "DURATION")
    String maxAge;

    @Override
    protected Operation<BackupListOperation.Input, Result> operation() {
        return new BackupListOperation();
    }

    @Override
    protected BackupListOperation.Input input(CliSession session) {
        return new BackupListOperation.Input(directory, destination, maxAge);
    }

    @Override
    protected void renderText(Result r, TextOutput out, CliSession session) {
        List<List<String>> rows = new ArrayList<>();
        for (BackupListOperation.Entry e : r.backups()) {
            rows.add(List.of(
                    e.file().substring(e.file().lastIndexOf('/') + 1),
                    e.createdAt() == null ? "-" : e.createdAt().toString(),
                    e.source() == null ? "-" : e.source(),
                    ByteSize.pretty(e.bytes()),
                    e.compression() == null ? "-" : e.compression(),
                    e.encrypted() ? "yes (" + e.keyFingerprint() + ")" : "no",
                    e.status().equals("ok") ? "ok" : out.bad(e.status()),
                    e.verifiedAt() == null ? "-" : e.verifiedAt().toString()));
        }
        out.table(List.of("FILE", "CREATED", "SOURCE", "SIZE", "COMPRESSION", "ENCRYPTED", "STATUS", "VERIFIED"), rows);
        out.line(r.backups().size() + " archive(s), " + ByteSize.pretty(r.totalBytes()) + ".");
    }
}
