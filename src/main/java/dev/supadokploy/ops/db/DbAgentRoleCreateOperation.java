package dev.supadokploy.ops.db;

import dev.supadokploy.errors.SupaException;
import dev.supadokploy.ops.AgentSqlPolicy;
import dev.supadokploy.ops.BaseOperation;
import dev.supadokploy.ops.Doc;
import dev.supadokploy.ops.OperationContext;
import dev.supadokploy.ops.OperationInfo;
import dev.supadokploy.ops.OperationInfo.Hint;
import dev.supadokploy.ops.connection.ConnectionInput;
import dev.supadokploy.ops.connection.ConnectionResolver;
import dev.supadokploy.pg.AgentRole;
import dev.supadokploy.pg.ConnectionTarget;
import dev.supadokploy.supabase.ManagedSchemas;
import dev.supadokploy.supabase.keys.SecretGenerator;
import dev.supadokploy.supabase.keys.SecretPreview;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * {@code db agent-role create} / {@code create_agent_role}: the least-privilege login agents' SQL should run on
 * ({@link AgentRole}). A rerun brings the role up to date (attributes, settings, grants) and keeps its password unless
 * asked to rotate it. The result says how to put the login in config.toml as an instance for the MCP server.
 */
public final class DbAgentRoleCreateOperation
        extends BaseOperation<DbAgentRoleCreateOperation.Input, DbAgentRoleCreateOperation.Result> {
    /** Schemas whose rows are people's data on a Supabase stack: granting them earns a warning. */
    private static final List<String> PERSONAL_DATA = List.of("auth", "storage");

    public record Input(
            ConnectionInput connection,

            @Doc("Name of the login to create (default supa_dokploy_agent): lower-case letters, digits and _")
            String name,

            @Doc(
                    "Schemas whose tables, views and materialized views the login may read (USAGE and SELECT); default public. "
                            + "auth and storage hold personal data (emails, phone numbers, file metadata)")
            List<String> schemas,

            @Doc(
                    "Also make tables created later in those schemas (by the login running this) readable: ALTER DEFAULT PRIVILEGES")
            Boolean futureTables,

            @Doc(
                    value =
                            "The login's password, as a reference (env:NAME, file:PATH); by default a strong one is generated and "
                                    + "returned once",
                    secret = true)
            String agentPassword,

            @Doc(
                    "On a rerun for an existing login: set a new password (generated unless agentPassword is given). Without it "
                            + "the password stays")
            Boolean rotatePassword,

            @Doc("statement_timeout set on the login (default 30s)")
            String statementTimeout,

            @Doc("Put a generated password in the result: shown at the CLI, redacted over MCP unless this is true")
            Boolean reveal) {
        /** A flag not given is off, so the operation reads each plainly. */
        public Input {
            futureTables = Objects.requireNonNullElse(futureTables, false);
            rotatePassword = Objects.requireNonNullElse(rotatePassword, false);
        }
    }

    public record Result(
            @Doc("The login") String role,

            @Doc("Whether it was created (false: it existed, made by an earlier create, and was brought up to date)")
            boolean created,

            @Doc("The login this ran as") String ranAs,
            @Doc("Whether a password was set by this run") boolean passwordSet,

            @Doc("The generated password, shown once; redacted unless revealed; absent when none was generated")
            String password,

            @Doc("Schemas it may read") List<String> schemas,

            @Doc("Whether tables created later in them are readable too")
            boolean futureTables,

            @Doc(
                    "Settings on the login (ALTER ROLE … SET): default_transaction_read_only and the timeouts, in milliseconds")
            Map<String, String> settings,

            @Doc("Tables (schema.table) this login could not grant SELECT on, because it holds no grant option on them")
            List<String> notGranted,

            @Doc("How to name the login in config.toml for the MCP server")
            String configHint,

            @Doc("What needs attention") List<String> warnings) {}

    public DbAgentRoleCreateOperation() {
        super(
                Input.class,
                Result.class,
                new OperationInfo(
                        "create_agent_role",
                        List.of("db", "agent-role", "create"),
                        "Create a read-only agent login",
                        "Create (or bring up to date) a least-privilege PostgreSQL login for agent SQL: LOGIN only (no superuser, "
                                + "CREATEROLE, REPLICATION, BYPASSRLS or memberships), USAGE and SELECT on chosen schemas (default public), "
                                + "default_transaction_read_only and timeouts set on the role. Run as a superuser or a CREATEROLE login "
                                + "(Supabase's postgres). The password is generated and shown once (redacted over MCP unless reveal).",
                        // not idempotent: with rotatePassword every call sets a new password (a plain rerun changes
                        // nothing)
                        Hint.UNTRUSTED_OUTPUT));
    }

    @Override
    public Result run(Input input, OperationContext ctx) {
        String name = input.name() == null || input.name().isBlank()
                ? AgentRole.DEFAULT_NAME
                : input.name().strip();
        AgentRole.checkName(name);
        List<String> schemas = schemas(input.schemas());
        Duration statementTimeout = input.statementTimeout() == null
                ? AgentSqlPolicy.DEFAULT_STATEMENT_TIMEOUT
                : DbSqlOperation.parseTimeout(input.statementTimeout());
        ctx.requireDatabaseWritesAllowed("create the agent login " + name);
        boolean given = input.agentPassword() != null && !input.agentPassword().isBlank();
        String givenPassword = given
                ? ctx.secrets()
                        .resolve(input.agentPassword(), "the agent login's password (--agent-password-file)")
                        .reveal()
                : null;
        if (given && givenPassword.length() < 16) {
            throw SupaException.invalidInput(
                    "The agent login's password is shorter than 16 characters",
                    "Use a longer one, or leave it out to have a strong one generated.");
        }
        String generated = given ? null : new SecretGenerator().alphanumeric(40);
        ConnectionTarget target = ConnectionResolver.resolve(input.connection(), ctx);
        try (Connection conn = ConnectionResolver.open(target, ctx)) {
            boolean rotate = input.rotatePassword();
            AgentRole.Outcome outcome = createWith(
                    conn, name, schemas, input, statementTimeout, given ? givenPassword : generated, rotate || given);
            boolean passwordSet = outcome.created() || rotate || given;
            String shownPassword = null;
            if (passwordSet && generated != null) {
                boolean reveal =
                        input.reveal() != null ? input.reveal() : ctx.policy().revealSecrets();
                shownPassword = reveal ? generated : SecretPreview.redact(generated);
            }
            return new Result(
                    name,
                    outcome.created(),
                    outcome.ranAs(),
                    passwordSet,
                    shownPassword,
                    schemas,
                    input.futureTables(),
                    outcome.settings(),
                    outcome.notGranted(),
                    configHint(name, target),
                    warnings(schemas, outcome, passwordSet, generated != null, shownPassword));
        } catch (SQLException e) {
            throw SupaException.internal(e);
        }
    }

    private static AgentRole.Outcome createWith(
            Connection conn,
            String name,
            List<String> schemas,
            Input input,
            Duration statementTimeout,
            String password,
            boolean setPassword) {
        // A new role always gets the password; an existing one only when asked.
        return AgentRole.create(
                conn,
                new AgentRole.Spec(
                        name,
                        schemas,
                        input.futureTables(),
                        password.toCharArray(),
                        setPassword,
                        statementTimeout,
                        AgentSqlPolicy.DEFAULT_LOCK_TIMEOUT,
                        AgentSqlPolicy.DEFAULT_IDLE_IN_TRANSACTION_TIMEOUT));
    }

    static List<String> schemas(List<String> given) {
        LinkedHashSet<String> out = new LinkedHashSet<>();
        if (given != null) {
            for (String s : given) {
                if (s == null || s.isBlank()) {
                    throw SupaException.invalidInput(
                            "A schema name is empty",
                            "Name schemas like --schema public (MCP: \"schemas\": [\"public\"]).");
                }
                out.add(s.strip());
            }
        }
        if (out.isEmpty()) {
            out.add("public");
        }
        return List.copyOf(out);
    }

    /** The instance table to add to config.toml; the password is read from the environment, never written in the file. */
    static String configHint(String name, ConnectionTarget target) {
        String instance = name.replace('_', '-');
        String env = name.toUpperCase(Locale.ROOT) + "_PASSWORD";
        String host = target.host().contains(":") && !target.host().startsWith("[")
                ? "[" + target.host() + "]"
                : target.host();
        return "[instances." + instance + "]\n"
                + "database_url = \"postgres://" + name + "@" + host + ":" + target.port() + "/" + target.database()
                + "\"\n"
                + "database_password = \"env:" + env + "\"\n"
                + "# then set " + env + " in the MCP server's environment, and have the agent use instance \""
                + instance + "\"";
    }

    private static List<String> warnings(
            List<String> schemas, AgentRole.Outcome outcome, boolean passwordSet, boolean generated, String shown) {
        List<String> warnings = new ArrayList<>();
        for (String s : schemas) {
            if (PERSONAL_DATA.contains(s) || ManagedSchemas.set().contains(s) && !s.equals("public")) {
                warnings.add("Schema " + s + " is managed by Supabase"
                        + (PERSONAL_DATA.contains(s)
                                ? " and holds personal data (auth: emails, phone numbers, sessions; storage: file metadata)"
                                : "")
                        + ": the agent can now read all of it");
            }
        }
        if (!outcome.notGranted().isEmpty()) {
            warnings.add(outcome.notGranted().size() + " table(s) stay unreadable: " + outcome.ranAs()
                    + " holds no grant option on them; run again as their owner or a superuser to include them");
        }
        if (passwordSet && generated && shown != null && shown.contains("redacted")) {
            warnings.add(
                    "The generated password is redacted here; run again with reveal true and rotatePassword true to get a new one you can see");
        }
        if (!passwordSet) {
            warnings.add("The password was kept; pass rotatePassword to set a new one");
        }
        return warnings;
    }
}
