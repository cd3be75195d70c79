package dev.supadokploy.ops.migrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.supadokploy.errors.ErrorCode;
import dev.supadokploy.errors.SupaException;
import dev.supadokploy.ops.OperationContext;
import dev.supadokploy.ops.Policy;
import dev.supadokploy.ops.connection.Databases;
import dev.supadokploy.testing.Acls;
import dev.supadokploy.testing.CliRunner;
import dev.supadokploy.testing.NeedsPostgres;
import dev.supadokploy.testing.SupabaseUpstream;
import dev.supadokploy.testing.Supautils;
import dev.supadokploy.testing.TestContext;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * migrate data from the application on a stack built from Supabase's own SQL ({@link SupabaseUpstream}) into a new stack,
 * as the stack's postgres login (not a superuser): the application's tables created with what they need, with the
 * source's privileges (read straight from PostgreSQL, {@link Acls}); and the users left behind by the default selection
 * reported as dangling keys, never as verified.
 */
@NeedsPostgres
class MigrateDataUpstreamTest {
    static final String ALICE = "a0000000-0000-4000-8000-000000000001";
    static final String BOB = "a0000000-0000-4000-8000-000000000002";

    static OperationContext context() {
        return TestContext.with(Map.of("PGPASSWORD", SupabaseUpstream.PASSWORD))
                .policy(new Policy(true, true, false, true))
                .build();
    }

    static MigrateDataOperation.Input input(
            SupabaseUpstream upstream, String source, String target, List<String> tables) {
        return new MigrateDataOperation.Input(
                new Databases(
                        upstream.loginUrlWithoutPassword(source), upstream.loginUrlWithoutPassword(target), null, null),
                tables,
                null,
                true,
                null,
                null,
                null,
                2,
                null,
                null);
    }

    /** Privilege lines of the objects the target's public schema holds, and the source's lines of the same objects. */
    static void assertSamePrivileges(Connection source, Connection target, Set<String> expectedObjects)
            throws Exception {
        List<String> created = Acls.of(target, "public");
        Set<String> objects = new TreeSet<>(
                created.stream().map(l -> l.substring(0, l.indexOf(": "))).toList());
        assertTrue(objects.containsAll(expectedObjects), "created: " + objects);
        assertEquals(
                String.join(
                        "\n",
                        Acls.of(source, "public").stream()
                                .filter(l -> objects.contains(l.substring(0, l.indexOf(": "))))
                                .toList()),
                String.join("\n", created),
                "the created objects hold exactly the source's privileges");
    }

    static String value(Connection c, String sql) throws Exception {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {15, 17})
    void createTablesMakesTheEnumDomainSequenceAndFunctionsTheTablesNeed(int major) throws Exception {
        SupabaseUpstream upstream = SupabaseUpstream.of(major);
        try (SupabaseUpstream.Scratch dbs = upstream.scratch()) {
            String source = dbs.app("mig_up_src");
            String target = dbs.stack("mig_up_new");
            MigrateDataOperation.Result r = new MigrateDataOperation()
                    .run(
                            input(
                                    upstream,
                                    source,
                                    target,
                                    List.of("public.orders", "public.order_notes", "public.profiles")),
                            context());
            assertEquals(List.of("public.order_notes", "public.orders", "public.profiles"), r.createdTables());
            assertEquals(
                    Set.of(
                            "type public.order_status",
                            "domain public.cents",
                            "sequence public.order_number_seq",
                            "function public.next_order_number()",
                            "function public.is_slug(value text)"),
                    Set.copyOf(r.createdObjects()),
                    r.createdObjects()::toString);
            assertEquals(
                    MigrateDataOperation.Integrity.verified, r.tables().get(0).integrity(), r.tables()::toString);
            assertEquals(
                    MigrateDataOperation.Verdict.dangling_references,
                    r.verdict(),
                    "the new stack has no users for the profiles and orders: " + r);
            try (Connection a = upstream.login(source);
                    Connection b = upstream.login(target)) {
                assertSamePrivileges(
                        a,
                        b,
                        Set.of(
                                "relation public.orders",
                                "relation public.profiles",
                                "relation public.order_notes",
                                "sequence public.order_number_seq",
                                "sequence public.orders_id_seq",
                                "function public.next_order_number()",
                                "function public.is_slug(text)",
                                "type public.order_status",
                                "type public.cents"));
                assertEquals(
                        value(a, "SELECT last_value FROM public.order_number_seq"),
                        value(b, "SELECT last_value FROM public.order_number_seq"),
                        "the sequence behind next_order_number() follows the source: new orders do not reuse numbers");
                assertEquals(
                        "{pending,paid,shipped,cancelled}",
                        value(b, "SELECT enum_range(NULL::public.order_status)::text"));
                assertEquals("ORD-1003", value(b, "SELECT public.next_order_number()"));
            }
        }
    }

    /**
     * The default selection (public only) into a new stack: every profile and order points at a user the target lacks.
     * The verdict says so (exit 13), naming each key, its count and samples; with auth.users copied too it is verified.
     */
    @ParameterizedTest
    @ValueSource(ints = {15, 17})
    void theDefaultSelectionLeavesTheUsersBehindAndSaysSo(int major) throws Exception {
        SupabaseUpstream upstream = SupabaseUpstream.of(major);
        try (SupabaseUpstream.Scratch dbs = upstream.scratch()) {
            String source = dbs.app("mig_up_src");
            String target = dbs.stack("mig_up_public");
            String whole = dbs.stack("mig_up_whole");
            CliRunner cli = upstream.cli();
            CliRunner.Result r = cli.run(
                    "migrate",
                    "data",
                    "-s",
                    upstream.loginUrlWithoutPassword(source),
                    "-t",
                    upstream.loginUrlWithoutPassword(target),
                    "--create-tables",
                    "--output",
                    "json");
            assertEquals(13, r.exitCode(), r::toString);
            assertTrue(
                    r.stderr().contains("warning: The selection leaves out auth.users, which 3 foreign key(s)"),
                    r.stderr());
            JsonNode j = r.json();
            assertEquals("dangling_references", j.get("verdict").asText());
            assertTrue(j.get("triggersDeferred").asBoolean(), "postgres may load as replica, as supautils lets it");
            assertEquals(
                    3,
                    j.get("foreignKeysChecked").asInt(),
                    "the keys into auth.users; order_notes → orders held in the source");
            Map<String, JsonNode> dangling = new TreeMap<>();
            j.get("danglingReferences")
                    .forEach(d -> dangling.put(d.get("constraint").asText(), d));
            assertEquals(
                    Set.of("order_notes_author_fkey", "orders_user_id_fkey", "profiles_id_fkey"),
                    dangling.keySet(),
                    j::toString);
            assertEquals(2, dangling.get("profiles_id_fkey").get("rows").asLong());
            assertEquals(3, dangling.get("orders_user_id_fkey").get("rows").asLong());
            assertEquals(1, dangling.get("order_notes_author_fkey").get("rows").asLong());
            assertEquals(
                    "auth.users",
                    dangling.get("profiles_id_fkey").get("referencedTable").asText());
            assertEquals(
                    "[\"(id)=(" + ALICE + ")\",\"(id)=(" + BOB + ")\"]",
                    dangling.get("profiles_id_fkey").get("samples").toString());
            assertEquals(
                    "[\"(user_id)=(" + ALICE + ")\",\"(user_id)=(" + BOB + ")\"]",
                    dangling.get("orders_user_id_fkey").get("samples").toString());
            assertTrue(
                    dangling.get("orders_user_id_fkey").get("remedy").asText().contains("auth.users added to --tables"),
                    dangling.get("orders_user_id_fkey")::toString);

            CliRunner.Result verified = cli.run(
                    "migrate",
                    "data",
                    "-s",
                    upstream.loginUrlWithoutPassword(source),
                    "-t",
                    upstream.loginUrlWithoutPassword(whole),
                    "--tables",
                    "public.*,auth.users",
                    "--create-tables",
                    "--output",
                    "json");
            assertEquals(0, verified.exitCode(), verified::toString);
            assertEquals("verified", verified.json().get("verdict").asText(), verified::toString);
            assertEquals(0, verified.json().get("danglingReferences").size());
            assertEquals(
                    0,
                    verified.json().get("foreignKeysChecked").asInt(),
                    "every key among copied tables, validated in the source");
            assertTrue(!verified.stderr().contains("leaves out"), verified.stderr());
        }
    }

    /**
     * On a stack whose postgres cannot load as replica (no supautils), the target checks each row as it arrives: the
     * first profile or order pointing at a missing user stops the run, and the error says which table to copy.
     */
    @ParameterizedTest
    @ValueSource(ints = {15, 17})
    void withoutTheReplicaRoleTheFirstRowPointingAtAMissingUserStopsTheRun(int major) {
        SupabaseUpstream upstream = SupabaseUpstream.of(major);
        try (SupabaseUpstream.Scratch dbs = upstream.scratch();
                Supautils.Revoked noReplica = Supautils.withoutReplicationRole(upstream)) {
            String source = dbs.app("mig_up_src");
            String target = dbs.stack("mig_up_origin");
            SupaException e = assertThrows(
                    SupaException.class,
                    () -> new MigrateDataOperation().run(input(upstream, source, target, null), context()));
            assertEquals(ErrorCode.MIGRATION_COPY_FAILED, e.code(), e::getMessage);
            assertTrue(e.suggestion().contains("points into auth.users, which this run does not copy"), e.suggestion());
        }
    }
}
