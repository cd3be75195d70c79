package dev.supadokploy.cli.db;

import dev.supadokploy.cli.CliSession;
import dev.supadokploy.cli.OperationCommand;
import dev.supadokploy.cli.TextOutput;
import dev.supadokploy.cli.options.ConnectionOptions;
import dev.supadokploy.ops.Operation;
import dev.supadokploy.ops.db.DbAgentRoleDropOperation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "drop",
        description = "Drop a login made by 'db agent-role create': its privileges in this database, then the role. "
                + "Asks first (--yes to skip); roles it did not make are refused unless --force.")
public final class DbAgentRoleDropCommand
        extends OperationCommand<DbAgentRoleDropOperation.Input, DbAgentRoleDropOperation.Result> {
    @Mixin
    ConnectionOptions connection;

    @Parameters(arity = "0..1", paramLabel = "NAME", description = "The login to drop (default supa_dokploy_agent).")
    String name;

    @Option(
            names = "--force",
            description = "Drop it even though 'db agent-role create' did not make it (never a superuser).")
    boolean force;

    @Override
    protected Operation<DbAgentRoleDropOperation.Input, DbAgentRoleDropOperation.Result> operation() {
        return new DbAgentRoleDropOperation();
    }

    @Override
    protected DbAgentRoleDropOperation.Input input(CliSession session) {
        return new DbAgentRoleDropOperation.Input(connection.toInput(session), name, force);
    }

    @Override
    protected void renderText(DbAgentRoleDropOperation.Result r, TextOutput out, CliSession session) {
        out.line(r.dropped() ? "Dropped login " + r.role() : "No login " + r.role() + ": nothing to drop");
    }
}
