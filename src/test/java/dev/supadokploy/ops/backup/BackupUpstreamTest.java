package dev.supadokploy.ops.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.supadokploy.errors.ErrorCode;
import dev.supadokploy.errors.SupaException;
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
 * Backups on databases built from Supabase's own SQL ({@link SupabaseUpstream}), made and restored as the stack's
 * postgres login (not a superuser), with the privileges read back straight from PostgreSQL and, where a pg_dump can
 * read the server, pg_dump's view of the schema as a second opinion ({@link SupabaseUpstream#assertSameSchemas}).
 */
@NeedsPostgres
class BackupUpstreamTest {
    @TempDir
    Path dir;

    static BackupCreateOperation.Result backup(SupabaseUpstream upstream, String db, Path dir, boolean includeAuth) {
        return new BackupCreateOperation()
                .run(
                        new BackupCreateOperation.Input(
                                ConnectionInput.url(upstream.loginUrlWithoutPassword(db)),
                                dir.toString(),
                                null,
                                null,
                                null,
                                null,
                                null,
                                includeAuth,
                                null,
                                null,
                                null),
                        SupabaseUpstream.context());
    }

    static BackupRestoreOperation.Result restore(SupabaseUpstream upstream, String file, String db, boolean clean) {
        return new BackupRestoreOperation()
                .run(
                        new BackupRestoreOperation.Input(
                                file,
                                null,
                                ConnectionInput.url(upstream.loginUrlWithoutPassword(db)),
                                null,
                                false,
                                clean,
                                null),
                        SupabaseUpstream.context());
    }

    /**
     * Restoring over a copy of the source, auth and storage included, gives every object exactly the source's
     * privileges. PostgreSQL gives a new object the default privileges of the role that creates it (here postgres, whose
     * defaults in storage hand anon everything), not of its final owner (supabase_storage_admin): computed from the
     * owner, the restore left 67 privileges missing and 56 extra, anon among them allowed to TRUNCATE storage tables.
     */
    @ParameterizedTest
    @ValueSource(ints = {15, 17})
    void restoreCleanGivesEveryObjectTheSourcesPrivileges(int major) throws Exception {
        SupabaseUpstream upstream = SupabaseUpstream.of(major);
        try (SupabaseUpstream.Scratch dbs = upstream.scratch()) {
            String source = dbs.app("bkup_src");
            String copy = dbs.app("bkup_copy");
            BackupCreateOperation.Result created = backup(upstream, source, dir, true);
            assertEquals(List.of("auth", "public", "storage"), created.schemas());
            BackupRestoreOperation.Result restored = restore(upstream, created.file(), copy, true);
            assertEquals(BackupRestoreOperation.Verdict.restored, restored.verdict());
            assertTrue(restored.dropped().contains("table storage.objects"), restored.dropped()::toString);
            upstream.assertSameSchemas(
                    source, copy, "the source and the database restored over its copy", "public", "auth", "storage");
            try (Connection b = upstream.login(copy);
                    Statement s = b.createStatement();
                    ResultSet rs = s.executeQuery(
                            "SELECT has_table_privilege('anon', 'storage.vector_indexes', 'TRUNCATE'), "
                                    + "has_table_privilege('dashboard_user', 'auth.users', 'SELECT'), has_table_privilege('anon', 'public.orders', 'SELECT')")) {
                rs.next();
                assertFalse(rs.getBoolean(1), "anon may not truncate storage tables");
                assertTrue(rs.getBoolean(2), "dashboard_user keeps its grants on auth");
                assertFalse(rs.getBoolean(3), "the application's narrowed grants stay narrowed");
            }
        }
    }

    /**
     * A default backup (no --include-auth) holds public and what the application put on auth.users and storage.objects,
     * not their rows. Restored over a copy of the source with --clean, the trigger and the policies are dropped and made
     * again from the backup (each once), and every privilege is the source's.
     */
    @ParameterizedTest
    @ValueSource(ints = {15, 17})
    void aDefaultBackupCarriesTheApplicationsPartsOfManagedTables(int major) throws Exception {
        SupabaseUpstream upstream = SupabaseUpstream.of(major);
        try (SupabaseUpstream.Scratch dbs = upstream.scratch()) {
            String source = dbs.app("bkup_parts_src");
            String copy = dbs.app("bkup_parts_copy");
            BackupCreateOperation.Result created = backup(upstream, source, dir, false);
            assertEquals(List.of("public"), created.schemas());
            assertTrue(
                    created.tables().stream()
                            .noneMatch(t ->
                                    t.table().startsWith("auth.") || t.table().startsWith("storage.")),
                    "no rows of the platform's tables");
            BackupRestoreOperation.Result restored = restore(upstream, created.file(), copy, true);
            assertEquals(BackupRestoreOperation.Verdict.restored, restored.verdict());
            assertTrue(
                    restored.dropped().contains("trigger on_auth_user_created on table auth.users"),
                    restored.dropped()::toString);
            assertTrue(
                    restored.dropped().contains("policy Owners read their avatars on table storage.objects"),
                    restored.dropped()::toString);
            upstream.assertSameSchemas(
                    source,
                    copy,
                    "the source and the database its default backup was restored over",
                    "public",
                    "auth",
                    "storage");
            try (Connection b = upstream.login(copy);
                    Statement s = b.createStatement();
                    ResultSet rs = s.executeQuery(
                            "SELECT (SELECT count(*) FROM pg_trigger WHERE tgrelid = 'auth.users'::regclass "
                                    + "AND NOT tgisinternal), (SELECT count(*) FROM pg_policies WHERE schemaname = 'storage'), "
                                    + "(SELECT count(*) FROM auth.users)")) {
                rs.next();
                assertEquals(1, rs.getInt(1), "the trigger, once");
                assertEquals(2, rs.getInt(2), "both policies");
                assertEquals(2, rs.getInt(3), "auth's rows untouched");
            }
        }
    }

    /**
     * Restored into a new stack, a backup without --include-auth holds profiles and orders whose users the stack lacks:
     * the error names the table and the foreign key, and the way out (--include-auth); nothing is restored.
     */
    @ParameterizedTest
    @ValueSource(ints = {17})
    void aBackupWithoutAuthIntoANewStackNamesTheMissingRows(int major) throws Exception {
        SupabaseUpstream upstream = SupabaseUpstream.of(major);
        try (SupabaseUpstream.Scratch dbs = upstream.scratch()) {
            String source = dbs.app("bkup_noauth_src");
            String stack = dbs.stack("bkup_noauth_stack");
            BackupCreateOperation.Result created = backup(upstream, source, dir, false);
            SupaException e = assertThrows(SupaException.class, () -> restore(upstream, created.file(), stack, false));
            assertEquals(ErrorCode.BACKUP_RESTORE_FAILED, e.code());
            assertTrue(
                    e.getMessage().contains("refer to rows of auth.users that the target does not have"),
                    e.getMessage());
            assertTrue(e.suggestion().contains("--include-auth"), e.suggestion());
            assertEquals("auth.users", e.details().get("referencedTable"), e.details()::toString);
            try (Connection c = upstream.login(stack);
                    Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT to_regclass('public.profiles') IS NULL, "
                            + "NOT EXISTS (SELECT FROM pg_trigger WHERE tgname = 'on_auth_user_created')")) {
                rs.next();
                assertTrue(rs.getBoolean(1) && rs.getBoolean(2), "nothing was restored");
            }
        }
    }
}
