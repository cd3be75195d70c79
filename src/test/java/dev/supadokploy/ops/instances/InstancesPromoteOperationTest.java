package dev.supadokploy.ops.instances;

import static dev.supadokploy.ops.instances.InstancesSyncSchemaOperationTest.PRODUCTION;
import static dev.supadokploy.ops.instances.InstancesSyncSchemaOperationTest.STAGING;
import static dev.supadokploy.ops.instances.InstancesSyncSchemaOperationTest.count;
import static dev.supadokploy.ops.instances.InstancesSyncSchemaOperationTest.diff;
import static dev.supadokploy.ops.instances.InstancesSyncSchemaOperationTest.migrations;
import static dev.supadokploy.ops.instances.InstancesSyncSchemaOperationTest.pair;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.supadokploy.config.Config;
import dev.supadokploy.config.InstanceConfig;
import dev.supadokploy.errors.ErrorCode;
import dev.supadokploy.errors.ErrorFamily;
import dev.supadokploy.errors.SupaException;
import dev.supadokploy.ops.OperationContext;
import dev.supadokploy.ops.Policy;
import dev.supadokploy.ops.backup.BackupRestoreOperation;
import dev.supadokploy.ops.connection.ConnectionInput;
import dev.supadokploy.ops.connection.Databases;
import dev.supadokploy.testing.Inputs;
import dev.supadokploy.testing.NeedsPostgres;
import dev.supadokploy.testing.TestContext;
import dev.supadokploy.testing.TestPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** dokploy_promote_deployment on real Supabase-shaped staging and production databases. */
@NeedsPostgres
class InstancesPromoteOperationTest {
    static final String KEY = "a passphrase only tests know";
    static TestPostgres pg;

    @TempDir
    Path dir;

    @BeforeAll
    static void server() {
        pg = InstancesSyncSchemaOperationTest.pg = TestPostgres.get();
    }

    static OperationContext context(Config config) {
        TestContext ctx = TestContext.with(Map.of(ENV_KEY, KEY)).policy(new Policy(true, true, false, true));
        if (config != null) {
            ctx.config(config);
        }
        if (pg.adminPassword() != null) {
            ctx.env("PGPASSWORD", pg.adminPassword());
        }
        return ctx.build();
    }

    static final String ENV_KEY = "SUPA_DOKPLOY_BACKUP_KEY";

    InstancesPromoteOperation.Result promote(
            String[] dbs, Boolean allowHazards, Boolean dryRun, String lockTimeout, String backupPath) {
        return new InstancesPromoteOperation()
                .run(
                        new InstancesPromoteOperation.Input(
                                InstancesSyncSchemaOperationTest.databases(dbs),
                                null,
                                null,
                                backupPath == null ? dir.toString() : backupPath,
                                null,
                                allowHazards,
                                dryRun,
                                lockTimeout,
                                null,
                                null,
                                null,
                                null),
                        context(null));
    }

    /** The archives in the backup directory (not the lock file, nor the marks a verify leaves beside them). */
    List<Path> backups() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".sdbak"))
                    .toList();
        }
    }

    @SuppressWarnings("unchecked")
    static List<InstancesPromoteOperation.Step> steps(SupaException e) {
        return (List<InstancesPromoteOperation.Step>) e.details().get("steps");
    }

    @Test
    void aCleanPromotionBacksUpAppliesAndVerifies() throws Exception {
        String[] dbs = pair("promote_clean", STAGING, PRODUCTION);
        InstancesPromoteOperation.Result r = promote(dbs, null, null, null, null);
        assertEquals(InstancesPromoteOperation.Status.promoted, r.status(), r::toString);
        assertEquals(
                List.of("preflight", "backup", "schema", "verify"),
                r.steps().stream().map(InstancesPromoteOperation.Step::name).toList());
        assertTrue(
                r.steps().stream().allMatch(s -> s.status().equals(InstancesPromoteOperation.OK) && s.seconds() >= 0),
                r.steps()::toString);
        assertTrue(r.drift().isEmpty());
        assertNotNull(r.backupId());
        assertTrue(Files.size(Path.of(r.backupFile())) > 0);
        assertEquals(List.of(Path.of(r.backupFile())), backups());
        assertTrue(
                r.steps().get(1).detail().contains("encrypted")
                        && r.steps().get(1).detail().contains("verified"),
                r.steps()::toString);
        assertTrue(r.restoreCommand().startsWith("supa-dokploy backup restore " + r.backupFile()), r.restoreCommand());
        assertTrue(r.restoreCommand().endsWith("--decryption-key env:" + ENV_KEY), r.restoreCommand());
        assertFalse(r.restoreCommand().contains(KEY));
        assertTrue(r.migrationVersion().matches("\\d{14}"));
        assertTrue(diff(dbs[0], dbs[1]).empty());
        assertEquals(1, migrations(dbs[1]).size());
        assertEquals(2, count(dbs[1], "SELECT count(*) FROM shop.orders"));
    }

    @Test
    void aHazardStopsThePromotionInPreflightBeforeAnyBackup() throws Exception {
        String[] dbs = pair("promote_hazard", STAGING, PRODUCTION + "CREATE TABLE shop.legacy (id int);");
        SupaException e = assertThrows(SupaException.class, () -> promote(dbs, null, null, null, null));
        assertEquals(ErrorCode.MIGRATION_HAZARDS_NOT_ALLOWED, e.code());
        assertTrue(e.getMessage().contains("preflight") && e.getMessage().contains("shop.legacy"), e.getMessage());
        List<InstancesPromoteOperation.Step> steps = steps(e);
        assertEquals(1, steps.size(), steps::toString);
        assertEquals(InstancesPromoteOperation.FAILED, steps.get(0).status());
        assertNull(e.details().get("backupId"), "no backup was taken");
        assertTrue(backups().isEmpty());
        assertNull(migrations(dbs[1]));
        assertEquals(1, count(dbs[1], "SELECT count(*) FROM pg_tables WHERE tablename = 'legacy'"));
    }

    @Test
    void anApplyThatFailsLeavesProductionAsBeforeAndNamesTheRestoreCommand() throws Exception {
        String[] dbs = pair("promote_fail", STAGING.replace("note text,", "note text NOT NULL,"), PRODUCTION);
        String pristine = pg.createSupabaseDatabase("promote_fail_copy");
        pg.execute(pristine, PRODUCTION);
        SupaException e = assertThrows(SupaException.class, () -> promote(dbs, true, null, null, null));
        assertEquals(ErrorCode.MIGRATION_APPLY_FAILED, e.code(), e::getMessage);
        assertTrue(e.getMessage().contains("rolled back"), e.getMessage());
        List<InstancesPromoteOperation.Step> steps = steps(e);
        assertEquals(
                List.of("preflight", "backup", "schema"),
                steps.stream().map(InstancesPromoteOperation.Step::name).toList());
        assertEquals(InstancesPromoteOperation.FAILED, steps.get(2).status());
        String restore = (String) e.details().get("restoreCommand");
        assertNotNull(restore, e.details()::toString);
        assertTrue(e.suggestion().contains(restore), e.suggestion());
        assertTrue(diff(pristine, dbs[1]).empty(), "production's schema is exactly as before");
        assertNull(migrations(dbs[1]));
        assertEquals(2, count(dbs[1], "SELECT count(*) FROM shop.orders"));

        // the backup the command names holds production as it was, and restores over it (--clean)
        String file = (String) e.details().get("backupFile");
        assertTrue(restore.contains(file) && restore.contains(" --clean"), restore);
        BackupRestoreOperation.Result restored = new BackupRestoreOperation()
                .run(
                        new BackupRestoreOperation.Input(
                                file,
                                null,
                                ConnectionInput.url(pg.adminUrlWithoutPassword(dbs[1])),
                                null,
                                false,
                                true,
                                null),
                        context(null));
        assertEquals(BackupRestoreOperation.Verdict.restored, restored.verdict());
        assertTrue(restored.dropped().stream().anyMatch(d -> d.contains("shop.orders")), restored.dropped()::toString);
        assertTrue(diff(pristine, dbs[1]).empty(), "production's schema after the restore is as before");
        assertEquals(2, count(dbs[1], "SELECT count(*) FROM shop.orders"));
        // Supabase's trigger on auth.users calls public.handle_new_user(), which --clean dropped and the backup brought
        // back
        assertEquals(
                1,
                count(
                        dbs[1],
                        "SELECT count(*) FROM pg_trigger WHERE tgrelid = 'auth.users'::regclass AND tgname = 'on_auth_user_created'"));
    }

    @Test
    void aBackupThatFailsStopsBeforeTouchingAnything() throws Exception {
        String[] dbs = pair("promote_nobackup", STAGING, PRODUCTION);
        Path notADirectory = Files.writeString(dir.resolve("occupied"), "a file");
        SupaException e = assertThrows(
                SupaException.class,
                () -> promote(
                        dbs, null, null, null, notADirectory.resolve("backups").toString()));
        assertEquals(ErrorFamily.BACKUP, e.code().family(), e::getMessage);
        assertTrue(e.getMessage().contains("nothing was changed"), e.getMessage());
        List<InstancesPromoteOperation.Step> steps = steps(e);
        assertEquals(
                List.of("preflight", "backup"),
                steps.stream().map(InstancesPromoteOperation.Step::name).toList());
        assertEquals(InstancesPromoteOperation.FAILED, steps.get(1).status());
        assertNull(migrations(dbs[1]));
        assertEquals(0, count(dbs[1], "SELECT count(*) FROM pg_tables WHERE tablename = 'customers'"));
    }

    @Test
    void aLongTransactionHoldingALockOnATableToChangeFailsThePreflight() throws Exception {
        String[] dbs = pair("promote_locked", STAGING, PRODUCTION);
        try (Connection holder = pg.adminConnection(dbs[1]);
                Statement s = holder.createStatement()) {
            holder.setAutoCommit(false);
            s.executeQuery("SELECT count(*) FROM shop.orders").close();
            Thread.sleep(600);
            SupaException e = assertThrows(SupaException.class, () -> promote(dbs, null, null, "200ms", null));
            assertEquals(ErrorCode.MIGRATION_PREFLIGHT_FAILED, e.code(), e::getMessage);
            assertTrue(
                    e.getMessage().contains("shop.orders") && e.getMessage().contains("AccessShareLock"),
                    e.getMessage());
            holder.rollback();
        }
        assertTrue(backups().isEmpty());
        assertNull(migrations(dbs[1]));
    }

    @Test
    void aDryRunChecksAndPlansOnly() throws Exception {
        String[] dbs = pair("promote_dry", STAGING, PRODUCTION + "CREATE TABLE shop.legacy (id int);");
        InstancesPromoteOperation.Result r = promote(dbs, null, true, null, null);
        assertEquals(InstancesPromoteOperation.Status.dry_run, r.status());
        assertEquals(InstancesPromoteOperation.OK, r.steps().get(0).status());
        assertTrue(
                r.steps().subList(1, 4).stream().allMatch(s -> s.status().equals(InstancesPromoteOperation.SKIPPED)),
                r.steps()::toString);
        assertFalse(r.hazards().isEmpty(), "hazards are shown, not refused, in a dry run");
        assertTrue(r.statements() > 0);
        assertTrue(backups().isEmpty());
        assertNull(migrations(dbs[1]));
    }

    @Test
    void instancesFromTheConfigurationWithoutBackup() throws Exception {
        String[] dbs = pair("promote_conf", STAGING, PRODUCTION);
        Config config = new Config(
                Path.of("config.toml"),
                null,
                Map.of(
                        "staging",
                                new InstanceConfig(
                                        "staging", pg.adminUrlWithoutPassword(dbs[0]), null, null, null, null),
                        "production",
                                new InstanceConfig(
                                        "production", pg.adminUrlWithoutPassword(dbs[1]), null, null, null, null)));
        InstancesPromoteOperation.Result r = new InstancesPromoteOperation()
                .run(
                        Inputs.of(
                                InstancesPromoteOperation.Input.class,
                                Map.of(
                                        "databases",
                                        new Databases("staging", "production", null, null),
                                        "createBackup",
                                        false,
                                        "backupPath",
                                        dir.toString())),
                        context(config));
        assertEquals(InstancesPromoteOperation.Status.promoted, r.status());
        assertEquals(InstancesPromoteOperation.SKIPPED, r.steps().get(1).status());
        assertNull(r.backupId());
        assertTrue(backups().isEmpty());
        assertEquals(
                "supa_dokploy_sync_staging|" + r.statements(),
                migrations(dbs[1]).get(0).substring(15));
    }

    @Test
    void theRestoreCommandNamesReferencesNeverSecrets() {
        InstancesPromoteOperation.Input instance = Inputs.of(
                InstancesPromoteOperation.Input.class,
                Map.of(
                        "databases",
                        new Databases("staging", "production", null, null),
                        "encryptionKey",
                        "file:/keys/backup.key"));
        assertEquals(
                "supa-dokploy backup restore /b/x.sdbk --instance production --clean --decryption-key file:/keys/backup.key",
                InstancesPromoteOperation.restoreCommand("/b/x.sdbk", instance, null, true));
        InstancesPromoteOperation.Input literal = Inputs.of(
                InstancesPromoteOperation.Input.class,
                Map.of(
                        "databases",
                        new Databases("staging", "env:PROD_URL", null, null),
                        "encryptionKey",
                        "the literal passphrase"));
        String cmd = InstancesPromoteOperation.restoreCommand("/b/my file.sdbk", literal, null, true);
        assertEquals(
                "supa-dokploy backup restore '/b/my file.sdbk' --connection env:PROD_URL --clean --decryption-key -",
                cmd);
    }
}
