package dev.supadokploy.ops.migrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.supadokploy.testing.NeedsPostgres;
import dev.supadokploy.testing.SupabaseUpstream;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * migrate diff between databases built from Supabase's own SQL ({@link SupabaseUpstream}), read and applied as the stack's
 * postgres login (not a superuser): applying the script leaves nothing to diff, and the privileges, read straight from
 * PostgreSQL, and pg_dump's view of the schema are the source's ({@link SupabaseUpstream#assertSameSchemas}).
 */
@NeedsPostgres
class DiffUpstreamTest {

    static MigrateDiffOperation.Result diff(
            SupabaseUpstream upstream, String source, String target, List<String> schemas) {
        return new MigrateDiffOperation()
                .run(
                        new MigrateDiffOperation.Input(upstream.databases(source, target), schemas, null, null),
                        SupabaseUpstream.context());
    }

    /** Applies a diff's script as the stack's postgres login, then diffs again: nothing may be left. */
    static void applyAndDiffAgain(SupabaseUpstream upstream, String source, String target, List<String> schemas) {
        MigrateDiffOperation.Result first = diff(upstream, source, target, schemas);
        assertFalse(first.empty());
        upstream.executeAsLogin(target, first.script());
        MigrateDiffOperation.Result again = diff(upstream, source, target, schemas);
        assertTrue(
                again.empty(),
                () -> "after applying the diff, differences remain:\n" + again.script() + "\n\nscript applied:\n"
                        + first.script());
    }

    /**
     * A stack upgraded to a newer storage-api, as a diff of its storage schema: the functions the script makes get the
     * privileges storage-api's role gave them, not those of postgres, who runs the script (6 REVOKE EXECUTE were left
     * over before, and pg_dump saw the difference).
     */
    @ParameterizedTest
    @ValueSource(ints = {15, 17})
    void aStorageSchemaDiffLeavesNothingBehind(int major) throws Exception {
        SupabaseUpstream upstream = SupabaseUpstream.of(major);
        try (SupabaseUpstream.Scratch dbs = upstream.scratch()) {
            String current = dbs.stack("diffup_storage_new");
            String older = dbs.olderStorage("diffup_storage_old");
            applyAndDiffAgain(upstream, current, older, List.of("storage"));
            upstream.assertSameSchemas(
                    current, older, "a current stack's storage schema and an older one's after the diff", "storage");
        }
    }

    /**
     * The application's schema by default: public, and what it put on auth.users and storage.objects — the
     * handle_new_user trigger, the storage policies — without touching those tables. Onto a new stack and back off it.
     */
    @ParameterizedTest
    @ValueSource(ints = {15, 17})
    void theApplicationsPartsOfManagedTablesAreItsSchema(int major) throws Exception {
        SupabaseUpstream upstream = SupabaseUpstream.of(major);
        try (SupabaseUpstream.Scratch dbs = upstream.scratch()) {
            String app = dbs.app("diffup_app");
            String stack = dbs.stack("diffup_stack");
            String pristine = dbs.stack("diffup_pristine");
            MigrateDiffOperation.Result onto = diff(upstream, app, stack, null);
            assertEquals(List.of("public"), onto.schemas());
            assertEquals(List.of("auth.users", "storage.objects"), onto.managedTables());
            assertTrue(
                    onto.script().contains("CREATE TRIGGER on_auth_user_created AFTER INSERT ON auth.users"),
                    onto.script());
            assertTrue(
                    onto.script().contains("CREATE POLICY \"Owners read their avatars\" ON storage.objects"),
                    onto.script());
            assertTrue(onto.script().contains("COMMENT ON TRIGGER on_auth_user_created ON auth.users"), onto.script());
            assertFalse(onto.script().matches("(?s).*(CREATE|ALTER|DROP) TABLE (auth|storage)\\..*"), onto.script());
            applyAndDiffAgain(upstream, app, stack, null);
            upstream.assertSameSchemas(
                    app,
                    stack,
                    "the application's database and a new stack after the diff",
                    "public",
                    "auth",
                    "storage");

            // and off again: the trigger and the policies go, auth.users and storage.objects stay as the platform made
            // them
            MigrateDiffOperation.Result off = diff(upstream, pristine, stack, null);
            assertTrue(off.script().contains("DROP TRIGGER on_auth_user_created ON auth.users;"), off.script());
            assertTrue(
                    off.script().contains("DROP POLICY \"Users upload into their folder\" ON storage.objects;"),
                    off.script());
            assertFalse(off.script().matches("(?s).*DROP TABLE (auth|storage)\\..*"), off.script());
            applyAndDiffAgain(upstream, pristine, stack, null);
            upstream.assertSameSchemas(
                    pristine,
                    stack,
                    "a new stack and the application's database taken back to one",
                    "public",
                    "auth",
                    "storage");
        }
    }

    /** A role of the application's own, granted on a managed table: its privileges are the application's schema too. */
    @ParameterizedTest
    @ValueSource(ints = {17})
    void privilegesOfTheApplicationsOwnRolesOnManagedTables(int major) throws Exception {
        SupabaseUpstream upstream = SupabaseUpstream.of(major);
        try (SupabaseUpstream.Scratch dbs = upstream.scratch()) {
            String app = dbs.app("diffup_role_app");
            String stack = dbs.stack("diffup_role_stack");
            upstream.executeAsLogin(app, """
                    DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'sd_reporting') THEN CREATE ROLE sd_reporting; END IF; END $$;
                    GRANT SELECT (id, email, created_at) ON auth.users TO sd_reporting;
                    GRANT SELECT ON storage.buckets TO sd_reporting;
                    -- a platform role's privileges on a managed table stay the platform's: not compared
                    GRANT SELECT ON auth.audit_log_entries TO service_role;
                    """);
            MigrateDiffOperation.Result onto = diff(upstream, app, stack, null);
            assertTrue(
                    onto.script().contains("GRANT SELECT (email) ON TABLE auth.users TO sd_reporting;"), onto.script());
            assertTrue(onto.script().contains("GRANT SELECT ON TABLE storage.buckets TO sd_reporting;"), onto.script());
            assertFalse(onto.script().contains("audit_log_entries"), onto.script());
            assertTrue(
                    onto.managedTables().containsAll(List.of("auth.users", "storage.buckets", "storage.objects")),
                    onto.managedTables()::toString);
            applyAndDiffAgain(upstream, app, stack, null);
        }
    }
}
