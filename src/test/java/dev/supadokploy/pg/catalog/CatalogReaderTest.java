package dev.supadokploy.pg.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.supadokploy.errors.ErrorCode;
import dev.supadokploy.errors.SupaException;
import dev.supadokploy.testing.NeedsPostgres;
import dev.supadokploy.testing.TestPostgres;
import dev.supadokploy.util.Json;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The catalog model against the Supabase-shaped fixture on a real server. */
@NeedsPostgres
class CatalogReaderTest {
    /** What db inspect passes for "all": Supabase's managed schemas (kept literal here: pg/ knows nothing of Supabase). */
    private static final Set<String> MANAGED = Set.of("auth", "storage", "realtime", "extensions");

    static TestPostgres pg;
    static String db;
    static Connection conn;
    /** public, app, auth and storage read once; most tests only look. */
    static Catalog catalog;

    @BeforeAll
    static void read() throws SQLException {
        pg = TestPostgres.get();
        db = pg.createSupabaseDatabase("inspect");
        conn = pg.adminConnection(db);
        catalog = new CatalogReader(conn).read(SchemaSelection.of("public", "app", "auth", "storage"), false);
    }

    @AfterAll
    static void close() throws SQLException {
        conn.close();
    }

    private static Schema schema(String name) {
        return catalog.schema(name).orElseThrow(() -> new AssertionError("no schema " + name));
    }

    private static Table table(String schema, String name) {
        return schema(schema).table(name).orElseThrow(() -> new AssertionError("no table " + schema + "." + name));
    }

    private static Column column(Table t, String name) {
        return t.column(name).orElseThrow(() -> new AssertionError("no column " + t.name() + "." + name));
    }

    private static Function function(String schema, String name) {
        List<Function> found = schema(schema).functions(name);
        assertEquals(1, found.size(), () -> schema + "." + name + " overloads: " + found);
        return found.get(0);
    }

    private static Grant grantTo(List<Grant> grants, String grantee) {
        return grants.stream()
                .filter(g -> g.grantee().equals(grantee))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no grant to " + grantee + " in " + grants));
    }

    @Test
    void serverAndSelection() {
        assertEquals(db, catalog.database());
        assertTrue(catalog.serverVersionNum() >= 140000);
        assertFalse(catalog.extensionObjectsIncluded());
        assertEquals(
                List.of("app", "auth", "public", "storage"),
                catalog.schemas().stream().map(Schema::name).toList());
        assertTrue(catalog.extensions().stream()
                .anyMatch(e -> e.name().equals("plpgsql") && e.schema().equals("pg_catalog")));
    }

    @Test
    void identityGeneratedAndDefaultColumnsInOrder() {
        Table todos = table("public", "todos");
        assertEquals(
                List.of("id", "user_id", "task", "status", "priority", "task_length", "inserted_at"),
                todos.columns().stream().map(Column::name).toList());
        Column id = column(todos, "id");
        assertEquals(1, id.position());
        assertEquals("bigint", id.type());
        assertEquals("ALWAYS", id.identity());
        assertTrue(id.notNull());
        assertNull(id.defaultExpression(), "an identity column has no DEFAULT");
        Column length = column(todos, "task_length");
        assertEquals("char_length(task)", length.generated());
        assertNull(length.defaultExpression(), "the generation expression is not a default");
        assertNull(length.identity());
        Column status = column(todos, "status");
        assertEquals("public.todo_status", status.type(), "types outside pg_catalog are schema-qualified");
        assertEquals("'pending'::public.todo_status", status.defaultExpression());
        assertEquals("now()", column(todos, "inserted_at").defaultExpression());
        assertFalse(column(todos, "priority").notNull());
        assertEquals("BY DEFAULT", column(table("app", "room_holds"), "id").identity());
        assertEquals("pg_catalog.\"C\"", column(table("app", "rooms"), "name").collation());
        assertNull(column(todos, "task").collation(), "the type's own collation is not repeated");
        assertEquals(
                "public.email", column(table("public", "profiles"), "contact").type());
    }

    @Test
    void indexesWithIncludePartialAndBackingConstraint() {
        Table todos = table("public", "todos");
        Index covering = todos.index("todos_user_status_idx").orElseThrow();
        assertEquals("btree", covering.method());
        assertEquals(List.of("user_id", "status"), covering.keys());
        assertEquals(List.of("priority"), covering.include());
        assertNull(covering.predicate());
        assertNull(covering.constraint());
        assertEquals(
                "CREATE INDEX todos_user_status_idx ON public.todos USING btree (user_id, status) INCLUDE (priority)",
                covering.definition());
        Index partial = todos.index("todos_open_idx").orElseThrow();
        assertEquals("status <> 'done'::public.todo_status", partial.predicate());
        Index pkey = todos.index("todos_pkey").orElseThrow();
        assertTrue(pkey.unique() && pkey.primary() && pkey.valid());
        assertEquals("todos_pkey", pkey.constraint());
        Index bucketName = table("storage", "objects").index("bucketid_objname").orElseThrow();
        assertTrue(bucketName.unique());
        assertFalse(bucketName.primary());
        assertEquals(
                "gist",
                table("app", "room_holds")
                        .index("room_holds_no_overlap")
                        .orElseThrow()
                        .method());
    }

    @Test
    void foreignKeysChecksAndExclusion() {
        Table todos = table("public", "todos");
        Constraint fk = todos.constraint("todos_user_id_fkey").orElseThrow();
        assertEquals("foreign_key", fk.type());
        assertEquals(List.of("user_id"), fk.columns());
        assertEquals(new QualifiedName("auth", "users"), fk.referencedTable());
        assertEquals(List.of("id"), fk.referencedColumns());
        assertEquals("CASCADE", fk.onDelete());
        assertEquals("NO ACTION", fk.onUpdate());
        assertEquals("SIMPLE", fk.matchType());
        assertFalse(fk.deferrable());
        assertEquals("FOREIGN KEY (user_id) REFERENCES auth.users(id) ON DELETE CASCADE", fk.definition());

        Constraint check = todos.constraint("todos_priority_check").orElseThrow();
        assertEquals("check", check.type());
        assertEquals("priority >= 0 AND priority <= 5", check.expression());
        assertEquals("CHECK (priority >= 0 AND priority <= 5)", check.definition());
        assertNull(check.onDelete());
        assertNull(check.referencedColumns());
        Constraint username = table("public", "profiles")
                .constraint("profiles_username_check")
                .orElseThrow();
        assertEquals("char_length(username) >= 3", username.expression());
        assertEquals(
                "unique",
                table("public", "profiles")
                        .constraint("profiles_username_key")
                        .orElseThrow()
                        .type());

        Constraint pkey = todos.constraint("todos_pkey").orElseThrow();
        assertEquals("primary_key", pkey.type());
        assertEquals("todos_pkey", pkey.index());

        Constraint deferred =
                table("app", "bookings").constraint("bookings_room_fk").orElseThrow();
        assertTrue(deferred.deferrable() && deferred.initiallyDeferred());
        assertEquals("CASCADE", deferred.onUpdate());
        assertEquals("RESTRICT", deferred.onDelete());
        Constraint full =
                table("app", "room_holds").constraint("room_holds_room_fk").orElseThrow();
        assertEquals("FULL", full.matchType());
        assertTrue(full.deferrable());
        assertFalse(full.initiallyDeferred());

        Constraint exclusion =
                table("app", "room_holds").constraint("room_holds_no_overlap").orElseThrow();
        assertEquals("exclusion", exclusion.type());
        assertEquals("EXCLUDE USING gist (during WITH &&)", exclusion.definition());
        assertEquals("room_holds_no_overlap", exclusion.index());
    }

    @Test
    void partitionsInheritanceAndUnlogged() {
        Table bookings = table("app", "bookings");
        assertEquals(Table.KIND_PARTITIONED, bookings.kind());
        assertEquals("RANGE (booked_on)", bookings.partitionKey());
        assertNull(bookings.partitionOf());
        Table y2024 = table("app", "bookings_2024");
        assertEquals(Table.KIND_TABLE, y2024.kind());
        assertEquals(new QualifiedName("app", "bookings"), y2024.partitionOf());
        assertEquals("FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')", y2024.partitionBound());
        assertTrue(y2024.constraint("bookings_room_fk").orElseThrow().inherited(), "the FK is cloned from the parent");
        assertFalse(bookings.constraint("bookings_room_fk").orElseThrow().inherited());
        assertTrue(y2024.index("bookings_2024_during_idx").orElseThrow().inherited());
        assertFalse(bookings.index("bookings_during_idx").orElseThrow().inherited());
        assertEquals(1L, y2024.rowEstimate());
        assertEquals(2L, bookings.rowEstimate(), "a partitioned table's estimate sums its partitions");
        assertEquals(y2024.totalBytes() + table("app", "bookings_2025").totalBytes(), bookings.totalBytes());

        Table archived = table("app", "archived_rooms");
        assertEquals(List.of(new QualifiedName("app", "rooms")), archived.inherits());
        assertTrue(column(archived, "name").inherited());
        assertFalse(column(archived, "archived_at").inherited());
        assertTrue(table("app", "audit_scratch").unlogged());
        assertFalse(table("app", "rooms").unlogged());
        assertEquals("default", table("app", "rooms").replicaIdentity());
    }

    @Test
    void viewsAndMaterializedViews() {
        View open = schema("public").view("open_todos").orElseThrow();
        assertTrue(open.securityInvoker() || catalog.serverVersionNum() < 150000);
        assertTrue(open.options().contains("security_invoker=true"), open.options()::toString);
        assertTrue(open.definition().contains("FROM public.todos"), open.definition());
        assertEquals(
                List.of("id", "user_id", "task", "priority"),
                open.columns().stream().map(Column::name).toList());
        assertEquals("postgres", open.owner());
        MaterializedView counts =
                schema("public").materializedView("todo_counts").orElseThrow();
        assertTrue(counts.populated());
        assertEquals(
                List.of("user_id", "status", "n"),
                counts.columns().stream().map(Column::name).toList());
        assertTrue(counts.definition().contains("count(*) AS n"), counts.definition());
        assertNotNull(counts.totalBytes());
    }

    @Test
    void functionsAndProcedures() {
        Function definer = function("public", "handle_new_user");
        assertTrue(definer.securityDefiner());
        assertEquals(List.of("search_path=\"\""), definer.config());
        assertEquals("plpgsql", definer.language());
        assertEquals("trigger", definer.resultType());
        assertEquals("volatile", definer.volatility());
        assertTrue(
                definer.definition().startsWith("CREATE OR REPLACE FUNCTION public.handle_new_user()"),
                definer.definition());
        assertTrue(definer.definition().contains("SECURITY DEFINER"));

        Function count = function("public", "todo_count");
        assertEquals("p_user uuid", count.identityArguments());
        assertEquals("todo_count(p_user uuid)", count.signature());
        assertEquals("bigint", count.resultType());
        assertEquals("stable", count.volatility());
        assertEquals("sql", count.language());
        assertFalse(count.securityDefiner());
        assertTrue(grantTo(count.grants(), "authenticated").has("EXECUTE"));
        assertTrue(grantTo(count.grants(), "PUBLIC").has("EXECUTE"), "the implicit EXECUTE to PUBLIC is shown");

        Function procedure = function("app", "archive_room");
        assertEquals("procedure", procedure.kind());
        assertNull(procedure.resultType());
        assertTrue(
                procedure.grants().stream().noneMatch(g -> g.grantee().equals("PUBLIC")),
                "REVOKE … FROM PUBLIC is visible");
        assertTrue(grantTo(procedure.grants(), "service_role").has("EXECUTE"));

        assertEquals(
                List.of("archive_room", "log_room_change"),
                schema("app").functions().stream().map(Function::name).toList(),
                "the range type's constructor functions come with the type and are not listed");
        assertEquals("supabase_auth_admin", function("auth", "uid").owner());
    }

    @Test
    void triggers() {
        Trigger touch = table("public", "profiles").trigger("profiles_touch").orElseThrow();
        assertEquals("BEFORE", touch.timing());
        assertEquals(List.of("UPDATE"), touch.events());
        assertEquals("ROW", touch.level());
        assertEquals(new QualifiedName("public", "touch_updated_at"), touch.function());
        assertEquals("enabled", touch.enabled());
        assertEquals(
                "CREATE TRIGGER profiles_touch BEFORE UPDATE ON public.profiles FOR EACH ROW EXECUTE FUNCTION public.touch_updated_at()",
                touch.definition());

        Trigger audit = table("app", "rooms").trigger("rooms_audit").orElseThrow();
        assertEquals("disabled", audit.enabled());
        assertEquals("STATEMENT", audit.level());
        assertEquals(List.of("INSERT", "UPDATE", "DELETE"), audit.events());
        assertTrue(audit.definition().contains("UPDATE OF name"), audit.definition());

        Trigger created = table("auth", "users").trigger("on_auth_user_created").orElseThrow();
        assertEquals("AFTER", created.timing());
        assertEquals(new QualifiedName("public", "handle_new_user"), created.function());
        assertTrue(
                table("auth", "refresh_tokens").triggers().isEmpty(), "foreign-key triggers are internal and left out");
    }

    @Test
    void enumsCompositesDomainsAndRanges() {
        EnumType status = schema("public").enums().get(0);
        assertEquals("todo_status", status.name());
        assertEquals(List.of("pending", "doing", "done"), status.labels(), "labels keep their sort order");
        CompositeType address = schema("public").compositeTypes().get(0);
        assertEquals("address", address.name());
        assertEquals(
                List.of("street", "city", "zip"),
                address.attributes().stream().map(CompositeType.Attribute::name).toList());
        assertEquals("text", address.attributes().get(0).type());
        Domain email = schema("public").domains().get(0);
        assertEquals("text", email.baseType());
        assertFalse(email.notNull());
        assertEquals(1, email.constraints().size());
        assertTrue(email.constraints().get(0).definition().startsWith("CHECK (VALUE ~"), email.constraints()::toString);
        Domain positive = schema("app").domains().get(0);
        assertEquals("integer", positive.baseType());
        assertTrue(positive.notNull());
        assertEquals("1", positive.defaultExpression());
        assertEquals(
                List.of("positive_int_check"),
                positive.constraints().stream()
                        .map(Domain.DomainConstraint::name)
                        .toList(),
                "NOT NULL is a field, not a constraint, on every version");
        RangeType range = schema("app").rangeTypes().get(0);
        assertEquals("price_range", range.name());
        assertEquals("numeric", range.subtype());
        assertEquals("app.price_multirange", range.multirange());
    }

    @Test
    void sequences() {
        Sequence invoice = schema("public").sequence("invoice_number_seq").orElseThrow();
        assertEquals("bigint", invoice.dataType());
        assertEquals(1000, invoice.start());
        assertEquals(10, invoice.increment());
        assertEquals(1, invoice.min());
        assertEquals(Long.MAX_VALUE, invoice.max());
        assertEquals(1, invoice.cache());
        assertFalse(invoice.cycle());
        assertNull(invoice.ownedBy());
        assertFalse(invoice.identity());
        assertTrue(grantTo(invoice.grants(), "authenticated").has("USAGE"));

        Sequence todosId = schema("public").sequence("todos_id_seq").orElseThrow();
        assertTrue(todosId.identity());
        assertEquals(new ColumnRef("public", "todos", "id"), todosId.ownedBy());
        Sequence holds = schema("app").sequence("room_holds_id_seq").orElseThrow();
        assertEquals("integer", holds.dataType());
        assertEquals(100, holds.start());
        assertEquals(5, holds.increment());
        Sequence serial = schema("app").sequence("audit_scratch_id_seq").orElseThrow();
        assertFalse(serial.identity());
        assertEquals(new ColumnRef("app", "audit_scratch", "id"), serial.ownedBy());
    }

    @Test
    void rowLevelSecurityAndPolicies() {
        Table todos = table("public", "todos");
        assertTrue(todos.rlsEnabled());
        assertTrue(todos.rlsForced());
        Table profiles = table("public", "profiles");
        assertTrue(profiles.rlsEnabled());
        assertFalse(profiles.rlsForced());
        assertFalse(table("app", "rooms").rlsEnabled());

        Policy update = profiles.policy("Users update their own profile").orElseThrow();
        assertEquals("UPDATE", update.command());
        assertTrue(update.permissive());
        assertEquals(List.of("authenticated"), update.roles());
        assertEquals("auth.uid() = id", update.using());
        assertEquals("auth.uid() = id", update.withCheck());
        Policy everyone = profiles.policy("Profiles are viewable by everyone").orElseThrow();
        assertEquals("SELECT", everyone.command());
        assertEquals(List.of("PUBLIC"), everyone.roles());
        assertEquals("true", everyone.using());
        assertNull(everyone.withCheck());
        Policy all = todos.policy("Users manage their own todos").orElseThrow();
        assertEquals("ALL", all.command());
        Policy restrictive =
                table("app", "room_holds").policy("No holds in the past").orElseThrow();
        assertFalse(restrictive.permissive());
        assertEquals("INSERT", restrictive.command());
        assertEquals(List.of("anon", "authenticated"), restrictive.roles());
        assertEquals("lower(during) >= now()", restrictive.withCheck());
        assertTrue(table("storage", "objects")
                .policy("Public buckets are readable")
                .orElseThrow()
                .using()
                .contains("storage.buckets"));
    }

    @Test
    void tableColumnSchemaAndDefaultGrants() {
        Table profiles = table("public", "profiles");
        assertEquals(List.of("SELECT"), grantTo(profiles.grants(), "anon").privileges());
        assertEquals(
                List.of("DELETE", "INSERT", "SELECT", "UPDATE"),
                grantTo(profiles.grants(), "authenticated").privileges());
        assertEquals("postgres", grantTo(profiles.grants(), "authenticated").grantor());
        assertEquals(
                List.of("UPDATE"),
                grantTo(column(profiles, "full_name").grants(), "anon").privileges());
        assertEquals(
                List.of("UPDATE"),
                grantTo(column(profiles, "avatar_url").grants(), "anon").privileges());
        assertTrue(column(profiles, "username").grants().isEmpty());
        assertTrue(grantTo(schema("public").grants(), "anon").has("USAGE"));
        assertTrue(grantTo(schema("auth").grants(), "dashboard_user").has("USAGE"));

        List<DefaultPrivilege> defaults = schema("public").defaultPrivileges();
        assertTrue(
                defaults.contains(
                        new DefaultPrivilege("postgres", "public", "tables", "anon", List.of("SELECT"), false)),
                defaults::toString);
        assertTrue(defaults.contains(
                new DefaultPrivilege("postgres", "public", "tables", "authenticated", List.of("SELECT"), false)));
        assertTrue(defaults.stream()
                .anyMatch(d ->
                        d.grantee().equals("service_role") && d.privileges().contains("TRUNCATE")));
        assertTrue(catalog.defaultPrivileges().isEmpty(), "the fixture has no database-wide default privileges");
    }

    @Test
    void ownersAndComments() {
        assertEquals("supabase_auth_admin", table("auth", "users").owner());
        assertEquals("supabase_auth_admin", schema("auth").owner());
        assertEquals("supabase_storage_admin", table("storage", "objects").owner());
        assertEquals("postgres", table("public", "todos").owner());
        assertEquals(
                "Public profile for each auth user", table("public", "profiles").comment());
        assertEquals(
                "Unique handle, at least 3 characters",
                column(table("public", "profiles"), "username").comment());
        assertEquals(
                "Auth: Stores user login data within a secure schema.",
                table("auth", "users").comment());
        assertEquals("Room bookings", schema("app").comment());
    }

    @Test
    void rowEstimatesAndSizes() {
        assertEquals(3L, table("public", "todos").rowEstimate());
        assertEquals(2L, table("auth", "users").rowEstimate());
        assertTrue(table("public", "todos").totalBytes() > 0);
    }

    @Test
    void allMeansUserSchemasAndNamedOnesAreAdded() {
        Catalog all = new CatalogReader(conn).read(SchemaSelection.all(MANAGED), false);
        assertEquals(
                List.of("app", "public"),
                all.schemas().stream().map(Schema::name).toList());
        Catalog plusAuth = new CatalogReader(conn).read(new SchemaSelection(List.of("auth"), true, MANAGED), false);
        assertEquals(
                List.of("app", "auth", "public"),
                plusAuth.schemas().stream().map(Schema::name).toList());
    }

    @Test
    void unknownAndSystemSchemasAreRejectedWithTheExistingOnes() {
        SupaException unknown = assertThrows(
                SupaException.class, () -> new CatalogReader(conn).read(SchemaSelection.of("public", "nope"), false));
        assertEquals(ErrorCode.VALIDATION_INVALID_INPUT, unknown.code());
        assertTrue(unknown.getMessage().contains("'nope'"), unknown::getMessage);
        assertEquals("Existing schemas: app, auth, extensions, public, realtime, storage.", unknown.suggestion());
        assertEquals(List.of("nope"), unknown.details().get("unknownSchemas"));

        SupaException caseSlip = assertThrows(
                SupaException.class, () -> new CatalogReader(conn).read(SchemaSelection.of("Public"), false));
        assertTrue(caseSlip.suggestion().contains("did you mean 'public'"), caseSlip::suggestion);

        SupaException system = assertThrows(
                SupaException.class, () -> new CatalogReader(conn).read(SchemaSelection.of("pg_catalog"), false));
        assertEquals(ErrorCode.VALIDATION_INVALID_INPUT, system.code());
        assertTrue(system.getMessage().contains("system schema"), system::getMessage);
    }

    @Test
    void twoReadsGiveByteIdenticalJsonThatReadsBackEqual() throws Exception {
        SchemaSelection every = new SchemaSelection(List.of("auth", "storage"), true, MANAGED);
        String first = Json.write(new CatalogReader(conn).read(every, false));
        String second = Json.write(new CatalogReader(conn).read(every, false));
        assertEquals(first, second);
        Catalog back = Json.MAPPER.readValue(first, Catalog.class);
        assertEquals(first, Json.write(back), "the model survives a JSON round trip (backups store it)");
    }

    @Test
    void noOidsLeak() {
        JsonNode tree = Json.MAPPER.valueToTree(new CatalogReader(conn).read(SchemaSelection.all(Set.of()), true));
        List<String> offending = new ArrayList<>();
        Pattern oidText = Pattern.compile("OID\\s*=\\s*\\d+|\\boid\\b", Pattern.CASE_INSENSITIVE);
        walk(tree, "$", (path, name, value) -> {
            if (name != null && name.toLowerCase().contains("oid")) {
                offending.add(path);
            }
            if (value != null
                    && value.isTextual()
                    && oidText.matcher(value.asText()).find()) {
                offending.add(path + " = " + value.asText());
            }
        });
        assertTrue(offending.isEmpty(), () -> "OID-like content: " + offending);
    }

    private interface Visitor {
        void visit(String path, String name, JsonNode value);
    }

    private static void walk(JsonNode node, String path, Visitor v) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                v.visit(path + "." + e.getKey(), e.getKey(), e.getValue());
                walk(e.getValue(), path + "." + e.getKey(), v);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                v.visit(path + "[" + i + "]", null, node.get(i));
                walk(node.get(i), path + "[" + i + "]", v);
            }
        }
    }

    @Test
    void fixedNumberOfQueriesWhateverTheSelection() {
        CatalogReader one = new CatalogReader(conn);
        one.read(SchemaSelection.of("public"), false);
        CatalogReader many = new CatalogReader(conn);
        many.read(SchemaSelection.all(Set.of()), true);
        assertEquals(CatalogReader.QUERIES, one.queriesRun());
        assertEquals(CatalogReader.QUERIES, many.queriesRun());
    }

    /** Prints the read time for the fixture (see target/surefire-reports/*-output.txt). */
    @Test
    void readTimeOnTheFixture() {
        SchemaSelection every = new SchemaSelection(List.of("auth", "storage"), true, MANAGED);
        for (int i = 0; i < 3; i++) {
            new CatalogReader(conn).read(every, false); // warm up JIT, pgjdbc and the server's caches
        }
        int runs = 10;
        double[] ms = new double[runs];
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            new CatalogReader(conn).read(every, false);
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(ms);
        System.out.printf(
                "catalog read (app, auth, public, storage): median %.1f ms, min %.1f ms, max %.1f ms, %d statements%n",
                ms[runs / 2], ms[0], ms[runs - 1], CatalogReader.QUERIES);
        assertTrue(ms[runs / 2] < 5_000, "reading a small catalog takes far less than seconds");
    }

    @Test
    void readsInsideTheCallersTransactionAndLeavesItOpen() throws SQLException {
        try (Connection c = pg.adminConnection(db)) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.execute("SET LOCAL search_path = app, public");
                st.execute("CREATE TABLE app.uncommitted (id int)");
            }
            Catalog inTx = new CatalogReader(c).read(SchemaSelection.of("app"), false);
            assertTrue(
                    inTx.schema("app").orElseThrow().table("uncommitted").isPresent(),
                    "sees the caller's uncommitted work");
            assertEquals("app, public", searchPath(c), "the caller's search_path is back");
            assertThrows(SupaException.class, () -> new CatalogReader(c).read(SchemaSelection.of("nope"), false));
            assertEquals("app, public", searchPath(c), "…also after a rejected selection");
            assertFalse(c.getAutoCommit());
            c.rollback();
        }
        assertFalse(new CatalogReader(conn)
                .read(SchemaSelection.of("app"), false)
                .schema("app")
                .orElseThrow()
                .table("uncommitted")
                .isPresent());
    }

    private static String searchPath(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT current_setting('search_path')")) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    void extensionObjectsAreLeftOutAndCountedUnlessIncluded() throws SQLException {
        String extDb = pg.createSupabaseDatabase("inspect_ext");
        try (Connection c = pg.adminConnection(extDb);
                Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'")) {
                assumeTrue(rs.next(), "pg_trgm is not available on this server");
            }
            st.execute("CREATE EXTENSION pg_trgm SCHEMA extensions");
            st.execute("CREATE TABLE extensions.own_table (id int)");

            Catalog without = new CatalogReader(c).read(SchemaSelection.of("extensions"), false);
            Schema ext = without.schema("extensions").orElseThrow();
            assertTrue(ext.functions().isEmpty(), ext.functions()::toString);
            assertTrue(
                    ext.extensionObjects() > 10,
                    "pg_trgm's functions and types are counted: " + ext.extensionObjects());
            assertEquals(
                    List.of("own_table"),
                    ext.tables().stream().map(Table::name).toList(),
                    "objects not from an extension stay");
            assertTrue(without.extensions().stream()
                    .anyMatch(e -> e.name().equals("pg_trgm") && e.schema().equals("extensions")));

            Catalog with = new CatalogReader(c).read(SchemaSelection.of("extensions"), true);
            assertTrue(with.extensionObjectsIncluded());
            List<Function> functions = with.schema("extensions").orElseThrow().functions();
            assertFalse(functions.isEmpty());
            assertTrue(functions.stream().allMatch(f -> "pg_trgm".equals(f.extension())), functions::toString);
            assertTrue(functions.stream().anyMatch(f -> f.signature().equals("similarity(text, text)")));
        }
    }
}
