package dev.supadokploy.cli.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.supadokploy.Cli;
import dev.supadokploy.cli.CliEnvironment;
import dev.supadokploy.ops.InputField;
import dev.supadokploy.ops.catalog.OperationCatalog;
import dev.supadokploy.ops.db.DbInspectOperation;
import dev.supadokploy.supabase.ManagedSchemas;
import dev.supadokploy.testing.CliRunner;
import dev.supadokploy.testing.NeedsPostgres;
import dev.supadokploy.testing.TestPostgres;
import dev.supadokploy.util.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

@NeedsPostgres
class DbInspectCommandTest {
    static TestPostgres pg;
    static String db;

    @BeforeAll
    static void start() {
        pg = TestPostgres.get();
        db = pg.createSupabaseDatabase("inspect_cli");
    }

    private CliRunner cli() {
        return CliRunner.forServer(pg);
    }

    private CliRunner.Result inspect(String... args) {
        List<String> argv = new ArrayList<>(List.of("db", "inspect", "--connection", pg.adminUrlWithoutPassword(db)));
        argv.addAll(List.of(args));
        return cli().run(argv.toArray(String[]::new));
    }

    private static List<String> schemaNames(JsonNode result) {
        List<String> names = new ArrayList<>();
        result.get("catalog")
                .get("schemas")
                .forEach(s -> names.add(s.get("name").asText()));
        return names;
    }

    private static JsonNode table(JsonNode result, String schema, String table) {
        for (JsonNode s : result.get("catalog").get("schemas")) {
            if (s.get("name").asText().equals(schema)) {
                for (JsonNode t : s.get("tables")) {
                    if (t.get("name").asText().equals(table)) {
                        return t;
                    }
                }
            }
        }
        throw new AssertionError("no table " + schema + "." + table);
    }

    @Test
    void defaultsToPublicAsJson() {
        CliRunner.Result r = inspect("--output", "json");
        assertEquals(0, r.exitCode(), r::toString);
        JsonNode j = r.json();
        assertEquals(List.of("public"), schemaNames(j));
        assertTrue(j.get("readAt").asText().endsWith("Z"), r::toString);
        assertTrue(j.get("readMs").asDouble() > 0);
        assertEquals(0, j.get("exposedTablesWithoutRls").size());
        JsonNode catalog = j.get("catalog");
        assertEquals(db, catalog.get("database").asText());
        assertTrue(catalog.get("serverVersionNum").asInt() >= 140000);
        JsonNode todos = table(j, "public", "todos");
        assertTrue(todos.get("rlsEnabled").asBoolean() && todos.get("rlsForced").asBoolean());
        assertEquals("ALWAYS", todos.get("columns").get(0).get("identity").asText());
        assertEquals("", r.stderr(), "nothing on stderr for a clean run");
    }

    @Test
    void allLeavesOutManagedSchemasUnlessNamed() {
        JsonNode all = inspect("--all", "--output", "json").json();
        assertEquals(List.of("app", "public"), schemaNames(all));
        assertEquals(
                List.of("app.rooms"),
                Json.MAPPER.convertValue(all.get("exposedTablesWithoutRls"), List.class),
                "only the table the API roles hold grants on is flagged");

        CliRunner.Result withAuth = inspect("--all", "--schema", "auth", "--output", "json");
        assertEquals(0, withAuth.exitCode(), withAuth::toString);
        assertEquals(List.of("app", "auth", "public"), schemaNames(withAuth.json()));
        assertEquals(
                "supabase_auth_admin",
                table(withAuth.json(), "auth", "users").get("owner").asText());
    }

    @Test
    void schemasOptionIsRepeatableAndCommaSeparated() {
        CliRunner.Result r = inspect("--schemas", "auth,storage", "--schema", "public", "--output", "json");
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals(List.of("auth", "public", "storage"), schemaNames(r.json()));
        assertEquals(
                List.of("storage.buckets"),
                Json.MAPPER.convertValue(r.json().get("exposedTablesWithoutRls"), List.class),
                "the fixture grants ALL on storage.buckets to anon and leaves its RLS off");
    }

    @Test
    void textSummaryPerSchema() {
        CliRunner.Result r = inspect("--all");
        assertEquals(0, r.exitCode(), r::toString);
        String out = r.stdout();
        assertTrue(out.startsWith("Database " + db + " · PostgreSQL "), out);
        assertTrue(out.contains("Schema public · owner "), out);
        assertTrue(out.contains("Schema app · owner postgres · API-exposed"), out);
        assertTrue(out.lines().anyMatch(l -> l.startsWith("todos ") && l.contains("enabled, forced")), out);
        assertTrue(out.lines().anyMatch(l -> l.startsWith("rooms ") && l.contains("DISABLED !")), out);
        assertTrue(
                out.lines().anyMatch(l -> l.startsWith("archived_rooms ") && l.contains("disabled (no API grants)")),
                out);
        assertTrue(
                out.lines().anyMatch(l -> l.startsWith("bookings_2024 ") && l.contains("partition of bookings")), out);
        assertTrue(out.contains("open_todos (security invoker)"), out);
        assertTrue(out.contains("todo_status (pending, doing, done)"), out);
        assertTrue(out.contains("handle_new_user() → trigger [security definer, search_path=\"\"]"), out);
        assertTrue(out.contains("rooms.rooms_audit (AFTER INSERT/UPDATE/DELETE, disabled)"), out);
        assertTrue(out.contains("! app.rooms: row level security is disabled"), out);
        assertFalse(out.contains("Schema auth"), "managed schemas are not part of --all");
    }

    @Test
    void twoRunsGiveIdenticalCatalogJson() {
        String first = Json.write(
                inspect("--all", "--schema", "auth", "--output", "json").json().get("catalog"));
        String second = Json.write(
                inspect("--all", "--schema", "auth", "--output", "json").json().get("catalog"));
        assertEquals(first, second);
    }

    @Test
    void unknownSchemaIsAValidationErrorListingTheExistingOnes() {
        CliRunner.Result r = inspect("--schema", "nope", "--output", "json");
        assertEquals(5, r.exitCode(), r::toString);
        JsonNode error = r.json().get("error");
        assertEquals("VALIDATION_INVALID_INPUT", error.get("code").asText());
        assertTrue(error.get("message").asText().contains("'nope'"), r::toString);
        assertEquals(
                "Existing schemas: app, auth, extensions, public, realtime, storage.",
                error.get("suggestion").asText());
        assertTrue(r.stderr().contains("VALIDATION_INVALID_INPUT"), r::toString);
        assertFalse(r.stderr().contains("\tat "), "no stack trace without --verbose");
    }

    @Test
    void systemSchemaIsRefused() {
        CliRunner.Result r = inspect("--schema", "information_schema");
        assertEquals(5, r.exitCode(), r::toString);
        assertTrue(r.stderr().contains("system schema"), r::toString);
    }

    @Test
    void noConnectionIsAConnectionError() {
        CliRunner.Result r = new CliRunner().run("db", "inspect");
        assertEquals(3, r.exitCode(), r::toString);
        assertTrue(r.stderr().contains("CONNECTION_MISSING"), r::toString);
    }

    @Test
    void unknownOptionIsUsage() {
        CliRunner.Result r = new CliRunner().run("db", "inspect", "--no-such-option");
        assertEquals(2, r.exitCode(), r::toString);
    }

    @Test
    void registeredInTheCatalogWithEveryInputOnTheCli() {
        DbInspectOperation op = (DbInspectOperation)
                OperationCatalog.byToolName("inspect_schema").orElseThrow();
        assertEquals(List.of("db", "inspect"), op.info().commandPath());
        assertTrue(op.info().readOnly() && !op.info().destructive() && op.info().untrustedOutput());
        CliEnvironment env = new CliEnvironment(
                new ByteArrayInputStream(new byte[0]),
                new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(new ByteArrayOutputStream()),
                Map.of(),
                false,
                false);
        CommandLine inspect =
                Cli.commandLine(env).getSubcommands().get("db").getSubcommands().get("inspect");
        for (InputField field : InputField.of(op.inputType())) {
            if (field.secret()) {
                continue; // secrets never come from argv: --password-file stands in for password
            }
            assertTrue(
                    inspect.getCommandSpec().findOption(field.kebabOption()) != null,
                    () -> "db inspect lacks " + field.kebabOption() + " for input " + field.name());
        }
    }

    @Test
    void managedSchemasIncludeTheSupabaseServices() {
        for (String s : List.of(
                "auth",
                "storage",
                "realtime",
                "extensions",
                "graphql",
                "graphql_public",
                "vault",
                "supabase_functions",
                "_realtime",
                "pgsodium",
                "pgsodium_masks",
                "net",
                "cron",
                "supabase_migrations",
                "_analytics",
                "pgbouncer")) {
            assertTrue(ManagedSchemas.isManaged(s), s);
        }
        assertFalse(ManagedSchemas.isManaged("public"));
        assertEquals(ManagedSchemas.NAMES.stream().sorted().toList(), ManagedSchemas.NAMES);
    }
}
