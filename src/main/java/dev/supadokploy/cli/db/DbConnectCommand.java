package dev.supadokploy.cli.db;

import dev.supadokploy.cli.CliSession;
import dev.supadokploy.cli.OperationCommand;
import dev.supadokploy.cli.TextOutput;
import dev.supadokploy.cli.options.ConnectionOptions;
import dev.supadokploy.ops.Operation;
import dev.supadokploy.ops.db.DbConnectOperation;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "connect",
        description = "Check a database connection: version, TLS, user, latency and connection headroom.")
public final class DbConnectCommand extends OperationCommand<DbConnectOperation.Input, DbConnectOperation.Result> {
    @Mixin
    ConnectionOptions connection;

    @Parameters(arity = "0..1", paramLabel = "URL", description = "Connection URL (same as --connection).")
    String url;

    @Option(names = "--latency-samples", paramLabel = "N")
    Integer latencySamples;

    @Override
    protected Operation<DbConnectOperation.Input, DbConnectOperation.Result> operation() {
        return new DbConnectOperation();
    }

    @Override
    protected DbConnectOperation.Input input(CliSession session) {
        connection.useUrl(url);
        return new DbConnectOperation.Input(connection.toInput(session), latencySamples);
    }

    @Override
    protected void renderText(DbConnectOperation.Result r, TextOutput out, CliSession session) {
        out.heading(out.ok("Connected") + " to " + r.target());
        out.fields(List.of(
                TextOutput.field("server", r.serverVersion()),
                TextOutput.field("user", r.currentUser() + (r.superuser() ? " (superuser)" : "")),
                TextOutput.field("database", r.database() + (r.supabase() ? " (Supabase)" : "")),
                TextOutput.field("tls", r.tls() ? "yes, " + r.tlsVersion() : out.warn("no")),
                TextOutput.field(
                        "latency",
                        String.format(
                                "connect %.1f ms, round trip min %.2f / median %.2f / max %.2f ms (%d samples)",
                                r.latency().connectMs(),
                                r.latency().minMs(),
                                r.latency().medianMs(),
                                r.latency().maxMs(),
                                r.latency().samples())),
                TextOutput.field(
                        "connections",
                        String.format(
                                "%d in use of %d (%d reserved), %d available",
                                r.pool().inUse(),
                                r.pool().maxConnections(),
                                r.pool().reservedConnections(),
                                r.pool().available())),
                TextOutput.field(
                        "pooler",
                        r.pool().pooler() == null
                                ? "none (direct connection)"
                                : r.pool().pooler().kind() + ", "
                                        + r.pool().pooler().mode() + " mode"
                                        + (r.pool().pooler().tenant() == null
                                                ? ""
                                                : ", tenant "
                                                        + r.pool().pooler().tenant()))));
    }
}
