package dev.supadokploy.ops.db;

import dev.supadokploy.errors.SupaException;
import dev.supadokploy.ops.BaseOperation;
import dev.supadokploy.ops.Doc;
import dev.supadokploy.ops.OperationContext;
import dev.supadokploy.ops.OperationInfo;
import dev.supadokploy.ops.OperationInfo.Hint;
import dev.supadokploy.ops.connection.ConnectionInput;
import dev.supadokploy.ops.connection.ConnectionResolver;
import dev.supadokploy.pg.AgentRole;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;

/**
 * {@code db agent-role drop} / {@code drop_agent_role}: removes a login made by {@code db agent-role create}, its grants
 * and default privileges in this database first. Other roles are refused unless forced; superusers always.
 */
public final class DbAgentRoleDropOperation
        extends BaseOperation<DbAgentRoleDropOperation.Input, DbAgentRoleDropOperation.Result> {

    public record Input(
            ConnectionInput connection,

            @Doc("Name of the login to drop (default supa_dokploy_agent)")
            String name,

            @Doc(
                    "Drop the role even though db agent-role create did not make it (its comment lacks the marker); never a superuser")
            Boolean force) {
        /** A flag not given is off, so the operation reads each plainly. */
        public Input {
            force = Objects.requireNonNullElse(force, false);
        }
    }

    public record Result(
            @Doc("The login") String role,

            @Doc("Whether it was dropped (false: there was no such role)")
            boolean dropped,

            @Doc("Whether it carried the marker of db agent-role create")
            boolean madeByCreate) {}

    public DbAgentRoleDropOperation() {
        super(
                Input.class,
                Result.class,
                new OperationInfo(
                        "drop_agent_role",
                        List.of("db", "agent-role", "drop"),
                        "Drop the agent login",
                        "Drop a login made by create_agent_role: revoke its privileges and default privileges in this database "
                                + "(DROP OWNED), then DROP ROLE, in one transaction. Roles it did not make are refused unless force. "
                                + "Connections using the login fail afterwards.",
                        // idempotent: a second drop finds no such role and does nothing
                        Hint.DESTRUCTIVE,
                        Hint.UNTRUSTED_OUTPUT,
                        Hint.IDEMPOTENT));
    }

    @Override
    public Result run(Input input, OperationContext ctx) {
        String name = input.name() == null || input.name().isBlank()
                ? AgentRole.DEFAULT_NAME
                : input.name().strip();
        AgentRole.checkName(name);
        ctx.requireDatabaseWritesAllowed("drop the agent login " + name);
        ctx.confirm("Drop the login " + name + " and its privileges in this database?");
        try (Connection conn = ConnectionResolver.open(input.connection(), ctx)) {
            AgentRole.Dropped dropped = AgentRole.drop(conn, name, input.force());
            return new Result(name, dropped.dropped(), dropped.marked());
        } catch (SQLException e) {
            throw SupaException.internal(e);
        }
    }
}
