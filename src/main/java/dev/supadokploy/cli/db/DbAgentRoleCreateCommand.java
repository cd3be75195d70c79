package dev.supadokploy.cli.db;

import dev.supadokploy.cli.CliSession;
import dev.supadokploy.cli.OperationCommand;
import dev.supadokploy.cli.TextOutput;
import dev.supadokploy.cli.options.ConnectionOptions;
import dev.supadokploy.ops.Operation;
import dev.supadokploy.ops.db.DbAgentRoleCreateOperation;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "create",
        description = {
            "Create a least-privilege login for agent SQL: LOGIN only (no superuser, CREATEROLE, REPLICATION, BYPASSRLS "
                    + "or memberships), USAGE and SELECT on the schemas named (default public), default_transaction_read_only and "
                    + "timeouts set on the role. Run it again to bring the login up to date; the password stays unless --rotate-password.",
            "Run as a superuser or a login with CREATEROLE (on Supabase, the stack's postgres). Prints the generated password once."
        },
        footerHeading = "%nExample:%n",
        footer = {"  supa-dokploy db agent-role create --instance prod --schema public --future-tables"})
public final class DbAgentRoleCreateCommand
        extends OperationCommand<DbAgentRoleCreateOperation.Input, DbAgentRoleCreateOperation.Result> {
    @Mixin
    ConnectionOptions connection;

    @Parameters(arity = "0..1", paramLabel = "NAME", description = "The login to create (default supa_dokploy_agent).")
    String name;

    @Option(
            names = {"--schema", "--schemas"},
            paramLabel = "NAME",
            split = ",",
            description =
                    "Schema the login may read; repeatable or comma-separated (default: public). auth and storage hold personal data.")
    List<String> schemas;

    @Option(names = "--future-tables")
    boolean futureTables;

    @Option(
            names = "--agent-password-file",
            paramLabel = "FILE",
            description = "File holding the login's password (default: a strong one is generated and printed once).")
    Path agentPasswordFile;

    @Option(
            names = "--rotate-password",
            description = "For an existing login: set a new password (generated unless --agent-password-file).")
    boolean rotatePassword;

    @Option(names = "--statement-timeout", paramLabel = "DURATION")
    String statementTimeout;

    @Option(names = "--reveal", description = "Show the generated password (the default at the CLI).")
    Boolean reveal;

    @Override
    protected Operation<DbAgentRoleCreateOperation.Input, DbAgentRoleCreateOperation.Result> operation() {
        return new DbAgentRoleCreateOperation();
    }

    @Override
    protected DbAgentRoleCreateOperation.Input input(CliSession session) {
        return new DbAgentRoleCreateOperation.Input(
                connection.toInput(session),
                name,
                schemas,
                futureTables,
                agentPasswordFile == null ? null : "file:" + agentPasswordFile,
                rotatePassword,
                statementTimeout,
                reveal);
    }

    @Override
    protected void renderText(DbAgentRoleCreateOperation.Result r, TextOutput out, CliSession session) {
        out.heading((r.created() ? "Created" : "Updated") + " login " + r.role() + " (as " + r.ranAs() + ")");
        out.fields(List.of(
                TextOutput.field(
                        "reads",
                        String.join(", ", r.schemas()) + (r.futureTables() ? " (and tables created later)" : "")),
                TextOutput.field(
                        "settings",
                        r.settings().entrySet().stream()
                                .map(e -> e.getKey() + "=" + e.getValue())
                                .toList()
                                .toString()),
                TextOutput.field(
                        "password",
                        r.password() != null
                                ? r.password()
                                : r.passwordSet() ? "set (from --agent-password-file)" : "kept")));
        out.blank();
        out.line("Add to config.toml:");
        r.configHint().lines().forEach(l -> out.line("  " + l));
        r.warnings().forEach(session::warn);
    }
}
