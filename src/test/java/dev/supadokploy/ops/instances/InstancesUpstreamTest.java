package dev.supadokploy.ops.instances;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.supadokploy.ops.backup.BackupRestoreOperation;
import dev.supadokploy.ops.connection.ConnectionInput;
import dev.supadokploy.testing.NeedsPostgres;
import dev.supadokploy.testing.SupabaseUpstream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * sync-schema and promote between databases built from Supabase's own SQL ({@link SupabaseUpstream}), as the stack's
 * postgres login: the application's parts of managed tables go along, "schemas match" is said only when they do, and a
 * promotion's printed rollback (restore --clean of the backup it took) gives the target back exactly, storage included.
 */
@NeedsPostgres
class InstancesUpstreamTest {
    /** What a release adds on staging: a table, and who may delete avatars (a policy on storage.objects). */
    static final String RELEASE = """
            CREATE TABLE public.coupons (code text PRIMARY KEY, percent int NOT NULL CHECK (percent BETWEEN 1 AND 100));
            CREATE POLICY "Owners delete their avatars" ON storage.objects FOR DELETE TO authenticated
              USING (bucket_id = 'avatars' AND owner_id = (SELECT auth.uid())::text);
            """;

    @TempDir
    Path dir;

    static InstancesSyncSchemaOperation.Result sync(
            SupabaseUpstream upstream, String source, String target, List<String> schemas) {
        return new InstancesSyncSchemaOperation()
                .run(
                        new InstancesSyncSchemaOperation.Input(
                                upstream.databases(source, target), schemas, null, null, null),
                        SupabaseUpstream.context());
    }

    InstancesPromoteOperation.Result promote(
            SupabaseUpstream upstream, String source, String target, List<String> schemas) {
        return new InstancesPromoteOperation()
                .run(
                        new InstancesPromoteOperation.Input(
                                upstream.databases(source, target),
                                schemas,
                                null,
                                dir.toString(),
                                null,
                                null,
                                null,
                                null,
                                null,
                                null,
                                null,
                                null),
                        SupabaseUpstream.context());
    }

    static boolean exists(SupabaseUpstream upstream, String db, String sql) throws Exception {
        try (Connection c = upstream.login(db);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT EXISTS (" + sql + ")")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    /** A sync onto a new stack brings the trigger on auth.users and the storage policies, and reports no drift. */
    @ParameterizedTest
    @ValueSource(ints = {15, 17})
    void syncBringsTheApplicationsPartsOfManagedTables(int major) throws Exception {
        SupabaseUpstream upstream = SupabaseUpstream.of(major);
        try (SupabaseUpstream.Scratch dbs = upstream.scratch()) {
            String staging = dbs.app("instup_sync_stg");
            String production = dbs.stack("instup_sync_prd");
            InstancesSyncSchemaOperation.Result r = sync(upstream, staging, production, null);
            assertTrue(r.applied());
            assertTrue(r.inSync(), r.drift()::toString);
            assertEquals(List.of("auth.users", "storage.objects"), r.managedTables());
            assertTrue(exists(
                    upstream,
                    production,
                    "SELECT 1 FROM pg_trigger WHERE tgname = 'on_auth_user_created' "
                            + "AND tgrelid = 'auth.users'::regclass"));
            assertTrue(exists(
                    upstream,
                    production,
                    "SELECT 1 FROM pg_policies WHERE schemaname = 'storage' "
                            + "AND policyname = 'Users upload into their folder'"));
            upstream.assertSameSchemas(
                    staging, production, "staging and the production it was synced to", "public", "auth", "storage");
            // storage named: its whole schema, as storage-api made it on both sides
            InstancesSyncSchemaOperation.Result storage = sync(upstream, staging, production, List.of("storage"));
            assertTrue(storage.inSync(), storage.drift()::toString);
            assertEquals(0, storage.statements(), storage.script());
        }
    }

    /**
     * A release that adds a policy on storage.objects: promote creates it ("schemas match" only because it does), and the
     * printed rollback — restore --clean of the backup taken first — gives production back exactly, with storage in
     * scope (that restore used to leave 56 privilege differences, anon among them able to TRUNCATE storage tables).
     */
    @ParameterizedTest
    @ValueSource(ints = {15, 17})
    void promoteThenItsRollbackWithStorageInScope(int major) throws Exception {
        SupabaseUpstream upstream = SupabaseUpstream.of(major);
        try (SupabaseUpstream.Scratch dbs = upstream.scratch()) {
            String staging = dbs.app("instup_prom_stg");
            String production = dbs.app("instup_prom_prd");
            String before = dbs.app("instup_prom_ref");
            upstream.executeAsLogin(staging, RELEASE);
            InstancesPromoteOperation.Result promoted =
                    promote(upstream, staging, production, List.of("public", "storage"));
            assertEquals(InstancesPromoteOperation.Status.promoted, promoted.status(), promoted::toString);
            assertTrue(promoted.drift().isEmpty(), promoted.drift()::toString);
            assertEquals(
                    "schemas match",
                    promoted.steps().get(promoted.steps().size() - 1).detail(),
                    promoted.steps()::toString);
            assertTrue(exists(
                    upstream,
                    production,
                    "SELECT 1 FROM pg_policies WHERE policyname = 'Owners delete their avatars'"));
            assertNotNull(promoted.backupFile());
            assertTrue(promoted.restoreCommand().contains("--clean"), promoted.restoreCommand());

            // the rollback the promotion printed
            BackupRestoreOperation.Result rolledBack = new BackupRestoreOperation()
                    .run(
                            new BackupRestoreOperation.Input(
                                    promoted.backupFile(),
                                    null,
                                    ConnectionInput.url(upstream.loginUrlWithoutPassword(production)),
                                    null,
                                    false,
                                    true,
                                    null),
                            SupabaseUpstream.context());
            assertEquals(BackupRestoreOperation.Verdict.restored, rolledBack.verdict());
            try (Connection b = upstream.login(production);
                    Statement s = b.createStatement();
                    ResultSet rs =
                            s.executeQuery("SELECT has_table_privilege('anon', 'storage.vector_indexes', 'TRUNCATE'), "
                                    + "EXISTS (SELECT FROM pg_policies WHERE policyname = 'Owners delete their avatars'), "
                                    + "to_regclass('public.coupons') IS NOT NULL")) {
                rs.next();
                assertEquals(false, rs.getBoolean(1), "anon may not truncate storage tables");
                assertEquals(
                        false, rs.getBoolean(2), "the release's storage policy is gone with storage.objects as it was");
                // --clean drops what the backup holds and keeps the rest: the release's new table stays
                assertTrue(rs.getBoolean(3), "a table the backup does not hold is kept");
            }
            upstream.executeAsLogin(production, "DROP TABLE public.coupons");
            upstream.assertSameSchemas(
                    before,
                    production,
                    "production before the promotion and after its rollback (the release's " + "table dropped)",
                    "public",
                    "auth",
                    "storage");
        }
    }

    /** By default (no schema named) the new storage policy is the application's schema too, and is promoted. */
    @ParameterizedTest
    @ValueSource(ints = {17})
    void promoteByDefaultCarriesANewPolicyOnStorageObjects(int major) throws Exception {
        SupabaseUpstream upstream = SupabaseUpstream.of(major);
        try (SupabaseUpstream.Scratch dbs = upstream.scratch()) {
            String staging = dbs.app("instup_def_stg");
            String production = dbs.app("instup_def_prd");
            upstream.executeAsLogin(staging, RELEASE);
            InstancesPromoteOperation.Result promoted = promote(upstream, staging, production, null);
            assertEquals(InstancesPromoteOperation.Status.promoted, promoted.status(), promoted::toString);
            assertTrue(exists(
                    upstream,
                    production,
                    "SELECT 1 FROM pg_policies WHERE schemaname = 'storage' "
                            + "AND policyname = 'Owners delete their avatars'"));
            assertTrue(promoted.summary().get("policy").created() >= 1, promoted.summary()::toString);
        }
    }
}
