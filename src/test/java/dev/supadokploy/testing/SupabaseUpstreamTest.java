package dev.supadokploy.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The upstream-built fixture is what it says: the stack's roles and objects, postgres demoted, the application on top. */
@NeedsPostgres
class SupabaseUpstreamTest {

    @ParameterizedTest
    @ValueSource(ints = {15, 17})
    void theStackAsBuiltWithTheApplicationOnTop(int major) throws Exception {
        SupabaseUpstream upstream = SupabaseUpstream.of(major);
        assertEquals(major, upstream.major());
        try (SupabaseUpstream.Scratch dbs = upstream.scratch()) {
            theStackAndTheApplication(upstream, dbs.app("upstream_fixture"), dbs.stack("upstream_stack"));
        }
    }

    private static void theStackAndTheApplication(SupabaseUpstream upstream, String db, String stack) throws Exception {
        try (Connection c = upstream.login(db);
                Statement s = c.createStatement()) {
            assertEquals("postgres", value(s, "SELECT current_user"));
            assertEquals("off", value(s, "SHOW is_superuser"), "the stack's postgres is not a superuser");
            assertEquals(
                    "supabase_admin",
                    value(s, "SELECT rolname FROM pg_roles WHERE oid = 10"),
                    "the bootstrap superuser");
            assertEquals("t", value(s, "SELECT pg_has_role('postgres', 'supabase_auth_admin', 'MEMBER')"));
            assertEquals(
                    "supabase_auth_admin",
                    value(s, "SELECT relowner::regrole::text FROM pg_class WHERE oid = 'auth.users'::regclass"));
            assertEquals(
                    "supabase_storage_admin",
                    value(s, "SELECT relowner::regrole::text FROM pg_class WHERE oid = 'storage.objects'::regclass"));
            // GoTrue's and storage-api's migration records, as their services keep them
            assertTrue(Integer.parseInt(value(s, "SELECT count(*) FROM auth.schema_migrations")) > 60);
            assertTrue(Integer.parseInt(value(s, "SELECT count(*) FROM storage.migrations")) > 60);
            // the application: rows made through the trigger on auth.users, policies on storage.objects
            assertEquals("2", value(s, "SELECT count(*) FROM public.profiles"));
            assertEquals("2", value(s, "SELECT count(*) FROM pg_policies WHERE schemaname = 'storage'"));
            assertEquals(
                    "on_auth_user_created",
                    value(
                            s,
                            "SELECT tgname FROM pg_trigger WHERE tgrelid = 'auth.users'::regclass AND NOT tgisinternal"));
            // postgres's default privileges in public gave anon ALL on profiles; the application narrowed orders
            assertEquals("t", value(s, "SELECT has_table_privilege('anon', 'public.profiles', 'TRUNCATE')"));
            assertEquals("f", value(s, "SELECT has_table_privilege('anon', 'public.orders', 'SELECT')"));
        }
        try (Connection c = upstream.login(stack);
                Statement s = c.createStatement()) {
            assertFalse(
                    Boolean.parseBoolean(value(s, "SELECT to_regclass('public.profiles') IS NOT NULL")),
                    "a new stack has no application");
        }
    }

    private static String value(Statement s, String sql) throws Exception {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
