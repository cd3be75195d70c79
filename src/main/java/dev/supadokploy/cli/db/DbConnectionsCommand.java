package dev.supadokploy.cli.db;

import static dev.supadokploy.ops.db.DbConnectionsOperation.age;

import dev.supadokploy.cli.CliSession;
import dev.supadokploy.cli.OperationCommand;
import dev.supadokploy.cli.TextOutput;
import dev.supadokploy.cli.WatchLoop;
import dev.supadokploy.cli.options.ConnectionOptions;
import dev.supadokploy.ops.Operation;
import dev.supadokploy.ops.db.DbConnectionsOperation;
import dev.supadokploy.ops.db.DbConnectionsOperation.Recommendation;
import dev.supadokploy.ops.db.DbConnectionsOperation.Result;
import dev.supadokploy.ops.db.DbConnectionsOperation.ServiceConnections;
import dev.supadokploy.ops.db.DbConnectionsOperation.Session;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code db connections}. With {@code --watch N} it takes a snapshot every N seconds over one kept
 * connection: when a person watches (text output, stdin, stdout and stderr on a terminal) the screen is
 * cleared and redrawn until Ctrl-C; otherwise every snapshot is appended, with {@code --output json}
 * as one compact JSON document per line (JSON Lines) so a script can read them as they come.
 * {@code --count N} stops after N snapshots.
 */
@Command(
        name = "connections",
        description = {
            "Who holds the database's connection slots: usage against max_connections, breakdown by Supabase service "
                    + "and by state, sessions idle in transaction, and what to do about it."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  supa-dokploy db connections --instance production",
            "  supa-dokploy db connections --watch 5",
            "  supa-dokploy db connections --watch 60 --count 10 --output json >> log.jsonl"
        })
public final class DbConnectionsCommand extends OperationCommand<DbConnectionsOperation.Input, Result> {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss xxx");

    @Mixin
    ConnectionOptions connection;

    @Parameters(arity = "0..1", paramLabel = "URL", description = "Connection URL (same as --connection).")
    String url;

    @Option(names = "--idle-in-transaction-seconds", paramLabel = "SECONDS")
    Integer idleInTransactionSeconds;

    @Option(
            names = "--watch",
            paramLabel = "SECONDS",
            description = "Take a snapshot every SECONDS seconds until Ctrl-C.")
    Integer watch;

    @Option(names = "--count", paramLabel = "N", description = "With --watch: stop after N snapshots.")
    Integer count;

    @Override
    protected Operation<DbConnectionsOperation.Input, Result> operation() {
        return new DbConnectionsOperation();
    }

    @Override
    protected DbConnectionsOperation.Input input(CliSession session) {
        connection.useUrl(url);
        return new DbConnectionsOperation.Input(connection.toInput(session), idleInTransactionSeconds);
    }

    @Override
    public Integer call() {
        CliSession session = CliSession.of(spec);
        WatchLoop.validate(watch, count, 5, session);
        if (watch == null) {
            return super.call();
        }
        // One connection for the whole watch: a snapshot is one query, not a login.
        try (DbConnectionsOperation.Monitor monitor =
                new DbConnectionsOperation().open(input(session), session.context())) {
            return WatchLoop.run(session, watch, count, monitor::snapshot, new WatchLoop.View<>() {
                @Override
                public void renderText(Result r, TextOutput out, CliSession s) {
                    DbConnectionsCommand.this.renderText(r, out, s);
                }

                @Override
                public int exitCode(Result r) {
                    return DbConnectionsCommand.this.exitCode(r);
                }
            });
        }
    }

    @Override
    protected void renderText(Result r, TextOutput out, CliSession session) {
        out.heading("Connections on " + r.target() + "  (" + TIME.format(r.takenAt()) + ", snapshot "
                + String.format("%.1f ms", r.snapshotMs()) + ")");
        String usage = r.usagePercent() + "%";
        usage = r.usagePercent() >= 90 ? out.bad(usage) : r.usagePercent() >= 80 ? out.warn(usage) : out.ok(usage);
        String timeout = r.idleInTransactionTimeout();
        out.fields(List.of(
                TextOutput.field(
                        "in use",
                        r.inUse() + " of " + r.usableConnections() + " usable (" + usage + "), " + r.available()
                                + " available"),
                TextOutput.field(
                        "limits",
                        "max_connections " + r.maxConnections() + ", " + r.reservedConnections()
                                + " reserved for superusers"),
                TextOutput.field("idle-in-transaction timeout", "0".equals(timeout) ? out.warn("off") : timeout),
                TextOutput.field("states", states(r))));
        out.blank();
        out.heading("By service");
        List<List<String>> rows = new ArrayList<>();
        for (ServiceConnections s : r.byService()) {
            rows.add(List.of(
                    s.service(),
                    String.valueOf(s.total()),
                    String.valueOf(s.active()),
                    String.valueOf(s.idle()),
                    String.valueOf(s.idleInTransaction()),
                    String.valueOf(s.unknown()),
                    String.join(", ", s.roles())));
        }
        out.table(List.of("SERVICE", "TOTAL", "ACTIVE", "IDLE", "IDLE IN TX", "UNKNOWN", "ROLES"), rows);
        if (!r.attention().isEmpty()) {
            out.blank();
            out.heading("Needing attention");
            List<List<String>> sessions = new ArrayList<>();
            for (Session s : r.attention()) {
                sessions.add(List.of(
                        String.valueOf(s.pid()),
                        String.valueOf(s.role()),
                        s.service(),
                        s.state(),
                        age(s.stateSeconds()),
                        s.transactionSeconds() == null ? "" : age(s.transactionSeconds())));
            }
            out.table(List.of("PID", "ROLE", "SERVICE", "STATE", "FOR", "IN TRANSACTION FOR"), sessions);
        }
        out.blank();
        if (r.recommendations().isEmpty()) {
            out.line(out.ok("No recommendations: connection usage looks healthy."));
            return;
        }
        out.heading("Recommendations");
        for (Recommendation rec : r.recommendations()) {
            String label = switch (rec.severity()) {
                case "critical" -> out.bad("CRITICAL");
                case "warning" -> out.warn("WARNING ");
                default -> "INFO    ";
            };
            out.line("  " + label + " " + rec.finding() + ".");
            out.line("           → " + rec.action());
        }
    }

    private static String states(Result r) {
        DbConnectionsOperation.StateCounts s = r.byState();
        StringBuilder b = new StringBuilder();
        b.append(s.active())
                .append(" active, ")
                .append(s.idle())
                .append(" idle, ")
                .append(s.idleInTransaction() + s.idleInTransactionAborted())
                .append(" idle in transaction");
        if (s.oldestIdleInTransactionSeconds() != null) {
            b.append(" (oldest ")
                    .append(age(s.oldestIdleInTransactionSeconds()))
                    .append(')');
        }
        if (s.other() > 0) {
            b.append(", ").append(s.other()).append(" other");
        }
        if (s.unknown() > 0) {
            b.append(", ").append(s.unknown()).append(" unknown");
        }
        return b.toString();
    }
}
