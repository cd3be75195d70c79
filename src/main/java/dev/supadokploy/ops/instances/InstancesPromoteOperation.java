package dev.supadokploy.ops.instances;

import dev.supadokploy.config.SecretResolver;
import dev.supadokploy.dokploy.DokployApi;
import dev.supadokploy.errors.ErrorCode;
import dev.supadokploy.errors.SupaException;
import dev.supadokploy.ops.BaseOperation;
import dev.supadokploy.ops.Doc;
import dev.supadokploy.ops.OperationContext;
import dev.supadokploy.ops.OperationInfo;
import dev.supadokploy.ops.OperationInfo.Hint;
import dev.supadokploy.ops.backup.BackupCreateOperation;
import dev.supadokploy.ops.backup.BackupVerifyOperation;
import dev.supadokploy.ops.connection.ConnectionInput;
import dev.supadokploy.ops.connection.Databases;
import dev.supadokploy.ops.connection.DokployConnector;
import dev.supadokploy.ops.connection.DokployInput;
import dev.supadokploy.ops.connection.MonitoredStack;
import dev.supadokploy.ops.connection.TwoDatabases;
import dev.supadokploy.ops.db.DbConnectionsOperation;
import dev.supadokploy.ops.migrate.MigrateDiffOperation;
import dev.supadokploy.ops.migrate.MigrateDiffOperation.Counts;
import dev.supadokploy.ops.migrate.MigrateDiffOperation.HazardNote;
import dev.supadokploy.pg.ConnectionTarget;
import dev.supadokploy.pg.PgErrors;
import dev.supadokploy.pg.diff.Change;
import dev.supadokploy.pg.diff.DiffOptions;
import dev.supadokploy.pg.diff.DiffPlan;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * {@code instances promote} / {@code dokploy_promote_deployment}: staging's schema onto production, guarded — pre-flight
 * checks (hazards included, so a refused promotion takes no backup), a verified backup of the target, the schema sync of
 * {@code instances sync-schema} with a lock timeout, and a final diff. Every step reports its status and time; a failure
 * carries the steps so far and, once a backup exists, the command that restores it.
 */
public final class InstancesPromoteOperation
        extends BaseOperation<InstancesPromoteOperation.Input, InstancesPromoteOperation.Result> {
    public static final String OK = "ok";
    public static final String FAILED = "failed";
    public static final String SKIPPED = "skipped";
    /** A target with fewer free connection slots than this is too busy to promote into. */
    static final int MIN_FREE_CONNECTIONS = 3;

    static final double MAX_CONNECTION_PERCENT = 90.0;

    public record Input(
            Databases databases,

            @Doc("Schemas to promote (default: every user schema except Supabase-managed ones)")
            List<String> schemas,

            @Doc("Back up the target first, verified, and stop if that fails (default true)")
            Boolean createBackup,

            @Doc("Directory (or file) for the backup of the target (default: the current directory)")
            String backupPath,

            @Doc(
                    value =
                            "Encrypt the backup with this passphrase or 32-byte key (else SUPA_DOKPLOY_BACKUP_KEY when set; "
                                    + "unencrypted when neither is)",
                    secret = true,
                    reference = true)
            String encryptionKey,

            @Doc(
                    "Run hazardous schema changes too (drops, table rewrites, changes that may fail on data); without it a plan "
                            + "holding any stops the promotion in pre-flight, before the backup")
            Boolean allowHazards,

            @Doc("Pre-flight and plan only: no backup, no change")
            Boolean dryRun,

            @Doc(
                    "How long a statement may wait for a lock before the sync fails and rolls back (default 5s); also the age "
                            + "past which a transaction holding a lock on a table to change fails the pre-flight")
            String lockTimeout,

            @Doc(
                    "Also promote the stack: the source compose's image versions and non-secret env settings onto the target's "
                            + "compose (secrets, URLs, hosts, ports and e-mail addresses stay the target's), then redeploy and wait for "
                            + "health")
            Boolean withConfig,

            DokployInput dokploy,

            @Doc(
                    "withConfig: Dokploy composeId of the source's stack (default: the source instance's dokploy_compose_id)")
            String sourceApplicationId,

            @Doc(
                    "withConfig: Dokploy composeId of the target's stack (default: the target instance's dokploy_compose_id)")
            String targetApplicationId) {
        /** A flag not given is off (createBackup: on), so the operation reads each plainly. */
        public Input {
            createBackup = Objects.requireNonNullElse(createBackup, true);
            allowHazards = Objects.requireNonNullElse(allowHazards, false);
            dryRun = Objects.requireNonNullElse(dryRun, false);
            withConfig = Objects.requireNonNullElse(withConfig, false);
        }
    }

    public record Step(
            @Doc("preflight, backup, schema, config (withConfig) or verify")
            String name,

            @Doc("ok, failed or skipped") String status,
            @Doc("Seconds the step took") double seconds,
            @Doc("What it found or did") String detail) {}

    /** Lowercase constants: the JSON and the MCP output schema's enum show them as they are. */
    public enum Status {
        promoted,
        dry_run,
        drift
    }

    public record Result(
            @Doc("promoted; dry_run; or drift (applied, but differences remain: see drift and restoreCommand)")
            Status status,

            @Doc("Source database (no password)") String source,

            @Doc("Target database, the one changed (no password)")
            String target,

            @Doc("The steps, in order, with status and time")
            List<Step> steps,

            @Doc("Id of the backup of the target, null without one")
            String backupId,

            @Doc("Its file") String backupFile,

            @Doc("The command that restores that backup over the target (--clean: asks before it drops anything)")
            String restoreCommand,

            @Doc(
                    "Version of the migration recorded in the target's supabase_migrations.schema_migrations, null when nothing "
                            + "was applied")
            String migrationVersion,

            @Doc("Schema statements applied (or, dry run, to apply)")
            int statements,

            @Doc("Per object type: statements that create, alter and drop")
            Map<String, Counts> summary,

            @Doc("Hazardous statements of the plan") List<HazardNote> hazards,

            @Doc("Differences left after the promotion, empty when the schemas match")
            List<String> drift,

            @Doc("withConfig: images changed, as service: old → new")
            List<String> images,

            @Doc("withConfig: env settings set from the source (names only)")
            List<String> settings,

            @Doc("withConfig: env keys that differ but stay the target's: secrets and instance names (names only)")
            List<String> keptSettings,

            @Doc("withConfig: the stack's health after the redeploy (healthy …), null without one")
            String health,

            @Doc("Seconds, start to end") double seconds) {}

    public InstancesPromoteOperation() {
        super(
                Input.class,
                Result.class,
                new OperationInfo(
                        "dokploy_promote_deployment",
                        List.of("instances", "promote"),
                        "Promote a schema from staging to production",
                        "Promote the source's schema (e.g. staging) to the target (e.g. production), guarded: (1) pre-flight — both "
                                + "reachable, compatible server versions, free connection slots on the target, no long transaction holding "
                                + "locks on tables to change, no hazardous change unless allowHazards; (2) a verified backup of the target "
                                + "(encrypted when a key is configured), stopping if it fails; (3) the schema sync in one transaction with a "
                                + "lock timeout, recorded as a Supabase CLI migration; (4) a diff proving nothing is left. Reports each "
                                + "step with its time, the backup id and the command restoring it. Needs --allow-writes and confirm over MCP.",
                        // not idempotent: every run takes another backup of the target
                        Hint.DESTRUCTIVE,
                        Hint.UNTRUSTED_OUTPUT));
    }

    @Override
    public Result run(Input input, OperationContext ctx) {
        Promotion promotion = new Promotion(input, ctx);
        Steps steps = promotion.steps;
        steps.begin("preflight");
        try (TwoDatabases both = TwoDatabases.open(promotion.source, promotion.target, ctx)) {
            return promotion.steps(both);
        } catch (SupaException e) {
            throw steps.current() == null ? e : steps.fail(e, null, "The promotion stopped at " + steps.current());
        }
    }

    /**
     * One promotion: its settings, both connections and what each step made. {@link #steps} is the list of steps, one
     * method each, named as the step log names them.
     */
    private static final class Promotion {
        private final long start = System.nanoTime();
        private final Input input;
        private final OperationContext ctx;
        private final boolean dryRun;
        private final boolean backup;
        private final boolean withConfig;
        private final Duration lockTimeout;
        private final List<String> named;
        private final ConnectionTarget source;
        private final ConnectionTarget target;
        private final Steps steps;
        private TwoDatabases both;
        // preflight
        private Stacks stacks;
        private DiffPlan plan;
        private ConfigPromotion.Plan config;
        private boolean configWork;
        private boolean schemaWork;
        // backup, schema, config
        private Backup taken;
        private String version;
        private ConfigPromotion.Outcome configured;

        /** The settings, checked before any connection is opened. */
        Promotion(Input input, OperationContext ctx) {
            this.input = input;
            this.ctx = ctx;
            this.dryRun = input.dryRun();
            this.backup = input.createBackup();
            this.withConfig = input.withConfig();
            this.lockTimeout = SchemaSync.lockTimeout(input.lockTimeout());
            this.named = MigrateDiffOperation.schemas(input.schemas());
            this.source = input.databases().resolveSource(ctx);
            this.target = input.databases().resolveTarget(ctx);
            if (!dryRun) {
                ctx.requireDatabaseWritesAllowed("instances promote changes the target's schema");
            }
            this.steps = new Steps(ctx, withConfig ? 5 : 4);
        }

        Result steps(TwoDatabases opened) {
            both = opened;
            preflight();
            if (dryRun) {
                return planOnly();
            }
            backup();
            schema();
            config();
            return verify();
        }

        /** Both servers, the stacks (withConfig) and the plan checked before anything changes. */
        private void preflight() {
            stacks = withConfig ? stacks(input, ctx) : null;
            plan = InstancesPromoteOperation.preflight(
                    both, named, lockTimeout, dryRun || input.allowHazards(), stacks, steps);
            config = stacks == null ? null : stacks.plan();
            configWork = config != null && config.changes();
            schemaWork = !plan.scripted().isEmpty();
        }

        /** A dry run: every later step says what it would do. */
        private Result planOnly() {
            steps.skip("backup", "dry run");
            steps.skip("schema", plan.scripted().size() + " statement(s) would run");
            if (withConfig) {
                steps.skip(
                        "config",
                        configWork
                                ? config.images().size() + " image(s) and "
                                        + config.settings().size() + " setting(s) would change, then a redeploy"
                                : "the stacks' images and settings already match");
            }
            steps.skip("verify", "dry run");
            return result(
                    Status.dry_run,
                    source,
                    target,
                    steps,
                    null,
                    plan,
                    null,
                    InstancesSyncSchemaOperation.describe(plan),
                    config == null
                            ? null
                            : new ConfigPromotion.Outcome(config.images(), config.settings(), config.kept(), null),
                    start);
        }

        /** The operator's confirmation, then a backup of the target (unless createBackup is false), when there is work. */
        private void backup() {
            if (!schemaWork && !configWork) {
                steps.skip("backup", "nothing to change");
                return;
            }
            ctx.confirm("Promote " + source.display() + " to " + target.display() + ": "
                    + plan.scripted().size()
                    + " schema statement(s)" + (configWork ? ", the stack's images and settings with a redeploy" : "")
                    + (backup ? ", after a backup of the target" : ", WITHOUT a backup") + "?");
            taken = backup ? InstancesPromoteOperation.backup(input, target, steps, ctx) : null;
            if (!backup) {
                steps.skip("backup", "createBackup is false");
            }
        }

        /** The schema's statements, applied as a recorded migration. */
        private void schema() {
            if (schemaWork) {
                version = InstancesPromoteOperation.schema(input, both, named, lockTimeout, target, taken, steps, ctx);
            } else {
                steps.skip("schema", "no statement to run");
            }
        }

        /** The source stack's images and settings copied to the target's, with a redeploy (withConfig). */
        private void config() {
            if (!withConfig) {
                return;
            }
            steps.begin("config");
            try {
                configured =
                        ConfigPromotion.apply(stacks.api(), stacks.sourceId(), stacks.targetId(), DEPLOY_TIMEOUT, ctx);
            } catch (SupaException e) {
                throw steps.fail(
                        e,
                        taken,
                        "The promotion stopped at the stack's config step"
                                + (schemaWork ? " (the schema was applied)" : ""));
            }
            steps.end(
                    OK,
                    configured.changed()
                            ? configured.images().size() + " image(s), "
                                    + configured.settings().size() + " setting(s), redeployed: " + configured.health()
                            : "images and settings already match");
        }

        /** A diff after the promotion: nothing may be left. */
        private Result verify() {
            steps.begin("verify");
            List<String> drift;
            try {
                drift = InstancesSyncSchemaOperation.describe(
                        MigrateDiffOperation.compare(both, named, DiffOptions.DEFAULT)
                                .plan());
            } catch (SupaException e) {
                throw steps.fail(e, taken, "Checking the promotion failed");
            }
            steps.end(
                    drift.isEmpty() ? OK : FAILED,
                    (drift.isEmpty() ? "schemas match" : drift.size() + " difference(s) left")
                            + (configured != null && configured.health() != null
                                    ? ", stack " + configured.health()
                                    : ""));
            return result(
                    drift.isEmpty() ? Status.promoted : Status.drift,
                    source,
                    target,
                    steps,
                    taken,
                    plan,
                    version,
                    drift,
                    configured,
                    start);
        }
    }

    /** How long the stack's redeploy may take to be healthy again. */
    static final Duration DEPLOY_TIMEOUT = Duration.ofMinutes(10);

    /** The schema step: the plan read again (the backup took a while) and applied. @return the migration's version */
    private static String schema(
            Input input,
            TwoDatabases both,
            List<String> named,
            Duration lockTimeout,
            ConnectionTarget target,
            Backup taken,
            Steps steps,
            OperationContext ctx) {
        steps.begin("schema");
        SchemaSync.Applied applied;
        try {
            DiffPlan plan = MigrateDiffOperation.compare(both, named, DiffOptions.DEFAULT)
                    .plan();
            if (!input.allowHazards()) {
                SchemaSync.refuseHazards(plan, target.display(), SchemaSync.ALLOW_HAZARDS);
            }
            applied = SchemaSync.apply(
                    both.targetConnection(),
                    target,
                    plan,
                    lockTimeout,
                    SchemaSync.migrationName(input.databases().source()),
                    ctx);
        } catch (SupaException e) {
            throw steps.fail(e, taken, "The promotion stopped at the schema step");
        }
        steps.end(OK, applied.statements() + " statement(s), migration " + applied.version());
        return applied.version();
    }

    /** The two Dokploy composes of a promotion with its stack, and what copying would change. */
    record Stacks(DokployApi api, String sourceId, String targetId, ConfigPromotion.Plan plan) {}

    /** The composes named by sourceApplicationId / targetApplicationId, else by the instances' dokploy_compose_id. */
    private static Stacks stacks(Input input, OperationContext ctx) {
        String sourceId =
                composeId(input.sourceApplicationId(), input.databases().source(), "source", ctx);
        String targetId =
                composeId(input.targetApplicationId(), input.databases().target(), "target", ctx);
        if (sourceId.equals(targetId)) {
            throw SupaException.invalidInput(
                    "Source and target name the same Dokploy compose " + sourceId,
                    "Name the staging and the production stack (--source-compose-id / --target-compose-id).");
        }
        DokployApi api =
                DokployConnector.open(input.dokploy() == null ? DokployInput.fromEnvironment() : input.dokploy(), ctx);
        return new Stacks(api, sourceId, targetId, ConfigPromotion.plan(api.compose(sourceId), api.compose(targetId)));
    }

    private static String composeId(String applicationId, String database, String side, OperationContext ctx) {
        boolean instance = database != null && Databases.namesInstance(database);
        if ((applicationId == null || applicationId.isBlank()) && !instance) {
            throw new SupaException(
                    ErrorCode.VALIDATION_MISSING_INPUT,
                    "withConfig needs the " + side + "'s Dokploy compose",
                    "Pass --" + side + "-compose-id COMPOSE_ID (MCP: " + side + "ApplicationId), or name the " + side
                            + " as an instance of config.toml with dokploy_compose_id.");
        }
        return MonitoredStack.composeId(
                applicationId, instance && (applicationId == null || applicationId.isBlank()) ? database : null, ctx);
    }

    /**
     * Both servers answer, the target's major version is not older than the source's, the target has free slots, no
     * transaction older than the lock timeout holds a lock on a table the plan changes, and no hazard unless allowed.
     */
    private static DiffPlan preflight(
            TwoDatabases both,
            List<String> named,
            Duration lockTimeout,
            boolean hazardsAllowed,
            Stacks stacks,
            Steps steps) {
        Connection targetConn = both.targetConnection();
        ConnectionTarget target = both.target().target();
        List<String> notes = new ArrayList<>();
        try {
            // pgjdbc knows both majors from the connection start-up: no query needed
            int sourceMajor = both.sourceConnection().getMetaData().getDatabaseMajorVersion();
            int targetMajor = targetConn.getMetaData().getDatabaseMajorVersion();
            if (targetMajor < sourceMajor) {
                throw preflightFailure(
                        "The target runs PostgreSQL " + targetMajor + ", older than the source's " + sourceMajor
                                + ": the source's schema may use what the target lacks",
                        "Upgrade the target's server first, or promote between servers of one major version.");
            }
            notes.add("PostgreSQL " + sourceMajor + " → " + targetMajor);
            DbConnectionsOperation.Result connections = DbConnectionsOperation.snapshot(targetConn, target);
            if (connections.available() < MIN_FREE_CONNECTIONS
                    || connections.usagePercent() >= MAX_CONNECTION_PERCENT) {
                throw preflightFailure(
                        "The target is near its connection limit: " + connections.inUse() + " of "
                                + connections.usableConnections() + " slots in use (" + connections.usagePercent()
                                + "%)",
                        "Find what holds them with supa-dokploy db connections, and promote when the target is quieter.");
            }
            notes.add(String.format(
                    Locale.ROOT, "%d of %d connections", connections.inUse(), connections.usableConnections()));
            DiffPlan plan = MigrateDiffOperation.compare(both, named, DiffOptions.DEFAULT)
                    .plan();
            if (!hazardsAllowed) {
                SchemaSync.refuseHazards(plan, target.display(), SchemaSync.ALLOW_HAZARDS);
            }
            List<String> blockers = lockHolders(targetConn, plan, lockTimeout);
            if (!blockers.isEmpty()) {
                throw preflightFailure(
                        "Long transaction(s) on the target hold locks on tables the promotion changes: "
                                + String.join("; ", blockers),
                        "Let them finish or end them (pg_terminate_backend(pid)), then promote again; "
                                + "see them with supa-dokploy db connections.");
            }
            notes.add(plan.scripted().size() + " statement(s), "
                    + SchemaSync.runnableHazards(plan).size() + " hazardous");
            if (stacks != null) {
                notes.add("composes " + stacks.sourceId() + " → " + stacks.targetId() + " found");
            }
            steps.end(OK, String.join(", ", notes));
            return plan;
        } catch (SQLException e) {
            throw new SupaException(
                    ErrorCode.CONNECTION_LOST,
                    "Pre-flight checks on " + target.display() + " failed: " + PgErrors.firstLine(e.getMessage()),
                    "Check the connection and run again; nothing was changed.",
                    e);
        } finally {
            try {
                if (!targetConn.getAutoCommit()) {
                    targetConn.rollback();
                }
            } catch (SQLException ignored) {
                // the connection broke; the next step reports it
            }
        }
    }

    private static SupaException preflightFailure(String message, String suggestion) {
        return new SupaException(ErrorCode.MIGRATION_PREFLIGHT_FAILED, message + "; nothing was changed", suggestion);
    }

    /** Sessions in a transaction older than the lock timeout that hold a lock on a relation the plan changes. */
    static List<String> lockHolders(Connection conn, DiffPlan plan, Duration olderThan) throws SQLException {
        List<String> holders = new ArrayList<>();
        try (PreparedStatement ps = conn.prepareStatement("""
                SELECT DISTINCT n.nspname::text, c.relname::text, a.pid, l.mode,
                       round(extract(epoch FROM now() - a.xact_start)::numeric, 1)::float8
                FROM pg_catalog.pg_locks l
                JOIN pg_catalog.pg_class c ON c.oid = l.relation
                JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                JOIN pg_catalog.pg_stat_activity a ON a.pid = l.pid
                WHERE l.granted AND l.pid <> pg_backend_pid() AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
                  AND a.xact_start < now() - make_interval(secs => ?)
                ORDER BY 5 DESC""")) {
            ps.setDouble(1, olderThan.toMillis() / 1000.0);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String relation = rs.getString(1) + "." + rs.getString(2);
                    if (changes(plan, relation)) {
                        holders.add("pid " + rs.getInt(3) + " holds " + rs.getString(4) + " on " + relation
                                + " in a transaction open " + rs.getDouble(5) + " s");
                    }
                }
            }
        }
        return holders;
    }

    /** Whether a statement of the plan is about the relation (the table itself, or one of its columns, constraints …). */
    private static boolean changes(DiffPlan plan, String relation) {
        return plan.scripted().stream()
                .map(Change::objectName)
                .anyMatch(n -> n.equals(relation) || n.startsWith(relation + "."));
    }

    /** The archive of the target and the way back to it. */
    record Backup(String id, String file, String restoreCommand) {}

    private static Backup backup(Input input, ConnectionTarget target, Steps steps, OperationContext ctx) {
        steps.begin("backup");
        try {
            ConnectionInput connection = Databases.connection(
                    input.databases().target(), input.databases().targetPassword(), "target");
            boolean encrypt = input.encryptionKey() != null || ctx.env().get(BackupCreateOperation.KEY_ENV) != null;
            BackupCreateOperation.Result created = new BackupCreateOperation()
                    .run(
                            new BackupCreateOperation.Input(
                                    connection,
                                    input.backupPath(),
                                    null,
                                    encrypt ? Boolean.TRUE : null,
                                    input.encryptionKey(),
                                    input.schemas(),
                                    null,
                                    null,
                                    false,
                                    false,
                                    false),
                            ctx);
            BackupVerifyOperation.Result verified = new BackupVerifyOperation()
                    .run(new BackupVerifyOperation.Input(created.file(), input.encryptionKey(), null), ctx);
            Backup backup = new Backup(
                    created.backupId(), created.file(), restoreCommand(created.file(), input, target, encrypt));
            steps.end(
                    OK,
                    created.backupId() + ", " + verified.tables().size() + " table(s), " + verified.rows() + " row(s)"
                            + (created.encrypted() ? ", encrypted" : "") + ", verified");
            return backup;
        } catch (SupaException e) {
            throw steps.fail(
                    e,
                    null,
                    "The promotion stopped: the backup of " + target.display() + " failed, nothing was changed");
        }
    }

    /**
     * The restore command for a person to run: references only, never a secret value. {@code --clean} because it
     * restores over the target as it is now (and so asks for confirmation before it drops anything).
     */
    static String restoreCommand(String file, Input input, ConnectionTarget target, boolean encrypted) {
        String t = input.databases().target().strip();
        StringBuilder cmd = new StringBuilder("supa-dokploy backup restore ").append(quote(file));
        cmd.append(
                Databases.namesInstance(t)
                        ? " --instance " + quote(t)
                        : " --connection " + quote(SecretResolver.isReference(t) ? t : target.display()));
        cmd.append(" --clean");
        if (encrypted) {
            String key = input.encryptionKey();
            cmd.append(" --decryption-key ")
                    .append(
                            key == null
                                    ? "env:" + BackupCreateOperation.KEY_ENV
                                    : SecretResolver.isReference(key) ? quote(key) : "-");
        }
        return cmd.toString();
    }

    private static String quote(String s) {
        return s.matches("[A-Za-z0-9_./:@=+-]+") ? s : "'" + s.replace("'", "'\\''") + "'";
    }

    private static Result result(
            Status status,
            ConnectionTarget source,
            ConnectionTarget target,
            Steps steps,
            Backup backup,
            DiffPlan plan,
            String version,
            List<String> drift,
            ConfigPromotion.Outcome config,
            long start) {
        return new Result(
                status,
                source.display(),
                target.display(),
                steps.list(),
                backup == null ? null : backup.id(),
                backup == null ? null : backup.file(),
                backup == null ? null : backup.restoreCommand(),
                version,
                plan.scripted().size(),
                MigrateDiffOperation.summary(plan),
                MigrateDiffOperation.hazards(plan),
                drift,
                config == null ? List.of() : config.images(),
                config == null ? List.of() : config.settings(),
                config == null ? List.of() : config.kept(),
                config == null ? null : config.health(),
                InstancesSyncSchemaOperation.seconds(start));
    }

    /** The steps as they happen, with a progress report per step; a failure's details carry them. */
    static final class Steps {
        private final int total;
        private final OperationContext ctx;
        private final List<Step> done = new ArrayList<>();
        private String current;
        private long started;

        Steps(OperationContext ctx, int total) {
            this.ctx = ctx;
            this.total = total;
        }

        void begin(String name) {
            ctx.cancellation().throwIfCancelled();
            current = name;
            started = System.nanoTime();
            ctx.progress().report(name, done.size(), total);
        }

        void end(String status, String detail) {
            done.add(new Step(current, status, InstancesSyncSchemaOperation.seconds(started), detail));
            current = null;
            ctx.progress().report(done.get(done.size() - 1).name(), done.size(), total);
        }

        void skip(String name, String why) {
            done.add(new Step(name, SKIPPED, 0, why));
        }

        String current() {
            return current;
        }

        List<Step> list() {
            return List.copyOf(done);
        }

        /**
         * The failure with the steps so far (the failed one last), the backup and its restore command when there is
         * one; the original code decides the exit code. Rethrown as is when it already carries the steps.
         */
        SupaException fail(SupaException e, Backup backup, String context) {
            if (e.details().containsKey("steps")) {
                return e;
            }
            if (current != null) {
                end(FAILED, PgErrors.firstLine(e.getMessage()));
            }
            Map<String, Object> details = new LinkedHashMap<>(e.details());
            details.put("steps", list());
            String suggestion = e.suggestion();
            if (backup != null) {
                details.put("backupId", backup.id());
                details.put("backupFile", backup.file());
                details.put("restoreCommand", backup.restoreCommand());
                suggestion = suggestion + " The backup taken before: " + backup.id()
                        + "; to restore it over the target: " + backup.restoreCommand();
            }
            return new SupaException(e.code(), context + ": " + e.getMessage(), suggestion, details, e);
        }
    }
}
