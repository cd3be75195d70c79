package dev.supadokploy.cli.monitor;

import dev.supadokploy.cli.CliSession;
import dev.supadokploy.cli.OperationCommand;
import dev.supadokploy.cli.OutputFormat;
import dev.supadokploy.cli.TextOutput;
import dev.supadokploy.cli.options.DokployOptions;
import dev.supadokploy.cli.options.StackOptions;
import dev.supadokploy.errors.ErrorFamily;
import dev.supadokploy.errors.SupaException;
import dev.supadokploy.ops.Cancellation;
import dev.supadokploy.ops.Operation;
import dev.supadokploy.ops.monitor.MonitorLogsOperation;
import dev.supadokploy.ops.monitor.MonitorLogsOperation.Line;
import dev.supadokploy.ops.monitor.MonitorLogsOperation.Result;
import dev.supadokploy.util.Json;
import java.io.PrintStream;
import java.time.Duration;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code monitor logs}. The lines go to stdout as the container wrote them (no decoration, so grep and jq work on
 * them); which container was read goes to stderr. {@code --follow} streams over Dokploy's logs WebSocket until Ctrl-C.
 */
@Command(
        name = "logs",
        description = {
            "The last lines of one container of a Supabase stack on Dokploy, by service (auth → <appName>-auth-1) "
                    + "or container id.",
            "--follow keeps printing new lines (Dokploy's logs WebSocket) until Ctrl-C (exit 130), or until Dokploy "
                    + "closes the stream or the container is replaced or stopped (checked every 10 s; exit 0, with a warning); with --output json each line is one JSON document (JSON Lines)."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  supa-dokploy monitor logs --instance production --service auth --tail 200",
            "  supa-dokploy monitor logs --compose-id mJ3k9xQ2Lw8vTn5sRp1aZ --service rest --since 10m --search error",
            "  supa-dokploy monitor logs --instance production --service kong --follow --timestamps"
        })
public final class MonitorLogsCommand extends OperationCommand<MonitorLogsOperation.Input, Result> {
    @Mixin
    DokployOptions dokploy;

    @Mixin
    StackOptions stack;

    @Option(names = "--service", paramLabel = "SERVICE")
    String service;

    @Option(
            names = "--container-id",
            paramLabel = "ID",
            description = "Instead of --service: the container id (or a 12+ character prefix) or name.")
    String containerId;

    @Option(names = "--tail", paramLabel = "N")
    Integer tail;

    @Option(names = "--since", paramLabel = "WHEN")
    String since;

    @Option(names = "--search", paramLabel = "TEXT")
    String search;

    @Option(names = "--timestamps", description = "Prefix each line with the time the container wrote it.")
    Boolean timestamps;

    @Option(names = "--follow", description = "Keep printing new lines until Ctrl-C (Dokploy's logs WebSocket).")
    boolean follow;

    @Override
    protected Operation<MonitorLogsOperation.Input, Result> operation() {
        return new MonitorLogsOperation();
    }

    @Override
    protected MonitorLogsOperation.Input input(CliSession session) {
        return new MonitorLogsOperation.Input(
                dokploy.toInput(),
                stack.composeId(),
                stack.instance,
                service,
                containerId,
                tail,
                since,
                search,
                timestamps);
    }

    @Override
    public Integer call() {
        if (!follow) {
            return super.call();
        }
        CliSession session = CliSession.of(spec);
        if (session.format() == OutputFormat.csv) {
            throw SupaException.invalidInput(
                    "--output csv is only available for row results (db sql)", "Use --output text or --output json.");
        }
        PrintStream stdout = session.environment().stdout();
        boolean json = session.format() == OutputFormat.json;
        Cancellation cancellation = session.cancellation();
        try (Cancellation.Registration interrupt = session.cancelOnInterrupt();
                MonitorLogsOperation.Follower follower =
                        new MonitorLogsOperation().follow(input(session), session.context())) {
            if (!session.quiet()) {
                session.environment().stderr().println("Following " + follower.container() + "; Ctrl-C to stop.");
            }
            Consumer<Line> print = line -> {
                stdout.println(json ? Json.write(line) : format(line));
                stdout.flush();
            };
            while (!cancellation.isCancelled() && !follower.ended()) {
                follower.next(Duration.ofSeconds(1), print);
            }
            follower.flush(print);
            if (follower.ended()) {
                // the container went away (a redeploy, a stop) or Dokploy closed the stream: say so rather than sit
                // silent
                session.warn(follower.endReason() + ".");
                return ErrorFamily.OK;
            }
        }
        return ErrorFamily.INTERRUPTED;
    }

    @Override
    protected void renderText(Result r, TextOutput out, CliSession session) {
        if (!session.quiet()) {
            session.environment()
                    .stderr()
                    .println(r.container() + " (" + r.service() + ", " + r.status() + "): " + r.count()
                            + (r.count() == 1 ? " line" : " lines"));
        }
        r.lines().forEach(line -> out.line(format(line)));
    }

    private static String format(Line line) {
        return line.timestamp() == null ? line.text() : line.timestamp() + " " + line.text();
    }
}
