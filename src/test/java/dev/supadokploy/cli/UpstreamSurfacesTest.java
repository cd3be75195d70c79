package dev.supadokploy.cli;

import static dev.supadokploy.testing.McpResults.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.supadokploy.errors.ErrorFamily;
import dev.supadokploy.mcp.McpServerSettings;
import dev.supadokploy.mcp.ToolSchemas;
import dev.supadokploy.ops.catalog.OperationCatalog;
import dev.supadokploy.testing.CliRunner;
import dev.supadokploy.testing.InProcessMcp;
import dev.supadokploy.testing.McpTestClient;
import dev.supadokploy.testing.NeedsPostgres;
import dev.supadokploy.testing.SupabaseUpstream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The db, migrate, backup and instances operations on databases built from Supabase's own SQL ({@link SupabaseUpstream}),
 * logged in as the stack's postgres (not a superuser), through both surfaces: the CLI as a script runs it
 * ({@code --output json}, exit codes) and the MCP server with the real operation catalog, in process over its
 * JSON-RPC stdio. The operations' own upstream tests prove the results exact; these prove both surfaces reach them on a
 * real stack and say the same. (migrate data: MigrateDataUpstreamTest through the CLI, McpDataMigrateVerdictTest through MCP.)
 */
@NeedsPostgres
class UpstreamSurfacesTest {
    @TempDir
    Path dir;

    private SupabaseUpstream upstream;
    private SupabaseUpstream.Scratch dbs;
    private InProcessMcp server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        if (dbs != null) {
            dbs.close();
        }
    }

    /** This test's databases on {@link #upstream}, dropped after it. */
    private SupabaseUpstream.Scratch dbs() {
        if (dbs == null) {
            dbs = upstream.scratch();
        }
        return dbs;
    }

    private String app(String prefix) {
        return dbs().app(prefix);
    }

    private String stack(String prefix) {
        return dbs().stack(prefix);
    }

    /** The MCP server in process, allowed to write; the agent's URLs carry their passwords. */
    private McpTestClient mcp() {
        return mcp(null);
    }

    /** With a config.toml whose instances take their password from STACK_PASSWORD, which the server's environment holds. */
    private McpTestClient mcp(Path config) {
        server = InProcessMcp.start(
                new McpServerSettings(
                        "test",
                        config,
                        Map.of(
                                "XDG_CONFIG_HOME",
                                dir.resolve("no-config").toString(),
                                "HOME",
                                dir.toString(),
                                "STACK_PASSWORD",
                                SupabaseUpstream.PASSWORD),
                        true,
                        McpServerSettings.DEFAULT_DRAIN_TIMEOUT,
                        // the stack's postgres is privileged (REPLICATION, BYPASSRLS, CREATEROLE); this test compares
                        // surfaces
                        dev.supadokploy.ops.AgentSqlPolicy.DEFAULTS.withPrivilegedLogin(true)),
                OperationCatalog.all());
        return server.client();
    }

    private static JsonNode json(CliRunner.Result r, int exitCode) {
        assertEquals(exitCode, r.exitCode(), r::toString);
        return r.json();
    }

    @ParameterizedTest
    @ValueSource(ints = {15, 17})
    void dbOperations(int major) {
        upstream = SupabaseUpstream.of(major);
        String db = app("surf_db");
        String url = upstream.loginUrlWithoutPassword(db);
        // an agent's URL carries its own password: the server never adds one it holds to a host the agent names
        String mcpUrl = upstream.loginUrl(db);
        CliRunner cli = upstream.cli();
        McpTestClient client = mcp();

        JsonNode connected = json(cli.run("db", "connect", "--connection", url, "--output", "json"), 0);
        assertEquals("connected", connected.get("status").asText(), connected::toString);
        assertEquals(
                connected.get("status"),
                ok(client.callTool("connect", Map.of("connectionString", mcpUrl)))
                        .get("status"));

        JsonNode connections = json(cli.run("db", "connections", "--connection", url, "--output", "json"), 0);
        assertTrue(connections.get("maxConnections").asInt() > 0, connections::toString);
        assertTrue(ok(client.callTool("monitor_connections", Map.of("connectionString", mcpUrl)))
                        .get("maxConnections")
                        .asInt()
                > 0);

        // auth: as GoTrue's role; realtime: the stack has no supabase_realtime_admin, so as the login, and both
        // surfaces say so
        JsonNode auth = json(
                cli.run(
                        "db",
                        "sql",
                        "--connection",
                        url,
                        "--target-schema",
                        "auth",
                        "--output",
                        "json",
                        "select current_user, count(*) from auth.users"),
                0);
        assertEquals("supabase_auth_admin", auth.get("rows").get(0).get(0).asText(), auth::toString);
        CliRunner.Result realtimeCli = cli.run(
                "db",
                "sql",
                "--connection",
                url,
                "--target-schema",
                "realtime",
                "--output",
                "json",
                "select current_user");
        JsonNode realtime = json(realtimeCli, 0);
        assertEquals("postgres", realtime.get("role").asText(), realtime::toString);
        assertTrue(
                realtime.get("warnings").get(0).asText().contains("supabase_realtime_admin does not exist"),
                realtime::toString);
        assertTrue(realtimeCli.stderr().contains("supabase_realtime_admin does not exist"), realtimeCli.stderr());
        JsonNode realtimeMcp = ok(client.callTool(
                "execute_sql",
                Map.of("connectionString", mcpUrl, "query", "select current_user", "targetSchema", "realtime")));
        assertEquals(realtime.get("warnings"), realtimeMcp.get("warnings"), realtimeMcp::toString);

        JsonNode inspected = json(cli.run("db", "inspect", url, "--schema", "public", "--output", "json"), 0);
        JsonNode profiles = table(inspected.get("catalog"), "public", "profiles");
        assertTrue(
                profiles.get("constraints")
                        .toString()
                        .contains("\"referencedTable\":{\"schema\":\"auth\",\"name\":\"users\"}"),
                profiles::toString);
        JsonNode inspectedMcp =
                ok(client.callTool("inspect_schema", Map.of("connectionString", mcpUrl, "schemas", List.of("public"))));
        assertEquals(profiles, table(inspectedMcp.get("catalog"), "public", "profiles"));
    }

    private static JsonNode table(JsonNode catalog, String schema, String name) {
        for (JsonNode s : catalog.get("schemas")) {
            if (s.get("name").asText().equals(schema)) {
                for (JsonNode t : s.get("tables")) {
                    if (t.get("name").asText().equals(name)) {
                        return t;
                    }
                }
            }
        }
        throw new AssertionError(schema + "." + name + " not in " + catalog);
    }

    @ParameterizedTest
    @ValueSource(ints = {15, 17})
    void migrateDiff(int major) {
        upstream = SupabaseUpstream.of(major);
        String app = app("surf_diff_app");
        String stack = stack("surf_diff_stack");
        CliRunner cli = upstream.cli();
        JsonNode diff = json(
                cli.run(
                        "migrate",
                        "diff",
                        "--source",
                        upstream.loginUrlWithoutPassword(app),
                        "--target",
                        upstream.loginUrlWithoutPassword(stack),
                        "--output",
                        "json"),
                0);
        assertEquals(List.of("auth.users", "storage.objects"), strings(diff.get("managedTables")));
        assertTrue(
                diff.get("script").asText().contains("CREATE TRIGGER on_auth_user_created AFTER INSERT ON auth.users"),
                diff::toString);
        JsonNode mcpDiff = ok(mcp().callTool(
                        "generate_diff", Map.of("source", upstream.loginUrl(app), "target", upstream.loginUrl(stack))));
        assertEquals(diff.get("script"), mcpDiff.get("script"));
        assertEquals(diff.get("summary"), mcpDiff.get("summary"));
    }

    @ParameterizedTest
    @ValueSource(ints = {15, 17})
    void backupOperations(int major) throws Exception {
        upstream = SupabaseUpstream.of(major);
        String source = app("surf_bk_src");
        String copy = app("surf_bk_copy");
        String url = upstream.loginUrlWithoutPassword(source);
        String mcpUrl = upstream.loginUrl(source);
        CliRunner cli = upstream.cli();
        McpTestClient client = mcp();
        Path archives = Files.createDirectories(dir.resolve("archives"));

        JsonNode created = json(
                cli.run(
                        "backup",
                        "create",
                        "--connection",
                        url,
                        "-o",
                        archives + "/",
                        "--include-auth",
                        "--output",
                        "json"),
                0);
        assertEquals(List.of("auth", "public", "storage"), strings(created.get("schemas")));
        JsonNode createdMcp = ok(client.callTool(
                "create_backup",
                Map.of(
                        "connectionString",
                        mcpUrl,
                        "outputPath",
                        archives.resolve("from-mcp.sdbak").toString())));
        assertEquals(
                List.of("public"), strings(createdMcp.get("schemas")), "without includeAuth: the application's schema");

        JsonNode verified = json(cli.run("backup", "verify", created.get("file").asText(), "--output", "json"), 0);
        // restored into an empty scratch database and compared: as a superuser, who may give auth and storage to
        // supabase_admin; the stack's postgres may not, and is told so
        String scratch = dbs().empty("surf_bk_scratch");
        CliRunner.Result asLogin = cli.run(
                "backup",
                "verify",
                created.get("file").asText(),
                "--restore-to",
                upstream.loginUrlWithoutPassword(scratch));
        assertEquals(ErrorFamily.BACKUP.exitCode(), asLogin.exitCode(), asLogin::toString);
        assertTrue(
                asLogin.stderr().contains("owned by supabase_admin")
                        && asLogin.stderr().contains("--clean"),
                asLogin.stderr());
        JsonNode restoredTo = json(
                cli.run(
                        "backup",
                        "verify",
                        created.get("file").asText(),
                        "--restore-to",
                        upstream.server().adminUrlWithoutPassword(scratch),
                        "--output",
                        "json"),
                0);
        assertEquals(
                created.get("tables").size(), restoredTo.get("tablesVerified").asInt(), restoredTo::toString);
        assertEquals(
                verified.get("verdict"),
                ok(client.callTool(
                                "verify_backup",
                                Map.of("file", created.get("file").asText())))
                        .get("verdict"));
        JsonNode listed = json(cli.run("backup", "list", archives.toString(), "--output", "json"), 0);
        JsonNode listedMcp = ok(client.callTool("list_backups", Map.of("directory", archives.toString())));
        assertTrue(listedMcp.get(ToolSchemas.UNTRUSTED_MARKER).asBoolean(), "an archive's preamble is data");
        assertEquals(listed, ((ObjectNode) listedMcp.deepCopy()).without(ToolSchemas.UNTRUSTED_MARKER));

        // restore --clean: over a copy through the CLI, then over it again through MCP, with the same result
        JsonNode restored = json(
                cli.run(
                        "--yes",
                        "backup",
                        "restore",
                        created.get("file").asText(),
                        "--clean",
                        "--connection",
                        upstream.loginUrlWithoutPassword(copy),
                        "--output",
                        "json"),
                0);
        assertEquals("restored", restored.get("verdict").asText(), restored::toString);
        JsonNode restoredMcp = ok(client.callTool(
                "restore_backup",
                Map.of(
                        "file",
                        createdMcp.get("file").asText(),
                        "clean",
                        true,
                        "confirm",
                        true,
                        "connectionString",
                        upstream.loginUrl(copy))));
        assertEquals("restored", restoredMcp.get("verdict").asText(), restoredMcp::toString);
        assertTrue(
                restoredMcp.get("dropped").toString().contains("trigger on_auth_user_created on table auth.users"),
                restoredMcp::toString);

        JsonNode pruned = json(
                cli.run("--yes", "backup", "prune", archives.toString(), "--keep-last", "1", "--output", "json"), 0);
        // keep-last 1 keeps the newest; the newest verified one (verified above) is never pruned either
        assertEquals(2, pruned.get("kept").size(), pruned::toString);
        assertTrue(pruned.get("kept").toString().contains("\"verified\""), pruned::toString);
        try (Stream<Path> files = Files.list(archives)) {
            assertEquals(
                    2,
                    files.filter(f -> f.getFileName().toString().endsWith(".sdbak"))
                            .count(),
                    pruned::toString);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {15, 17})
    void instancesOperations(int major) throws Exception {
        upstream = SupabaseUpstream.of(major);
        String staging = app("surf_inst_stg");
        String production = stack("surf_inst_prd");
        String production2 = stack("surf_inst_prd2");
        Path config = dir.resolve("config.toml");
        Files.writeString(config, """
                [instances.staging]
                database_url = "%s"
                database_password = "env:STACK_PASSWORD"

                [instances.production]
                database_url = "%s"
                database_password = "env:STACK_PASSWORD"
                """.formatted(
                        upstream.loginUrlWithoutPassword(staging), upstream.loginUrlWithoutPassword(production)));
        CliRunner cli = upstream.cli().env("STACK_PASSWORD", SupabaseUpstream.PASSWORD);
        McpTestClient client = mcp(config);

        JsonNode drift =
                json(cli.run("--config", config.toString(), "instances", "diff", "--all", "--output", "json"), 0);
        assertFalse(drift.get("inSync").asBoolean(), drift::toString);
        JsonNode driftMcp = ok(client.callTool("dokploy_instances_drift", Map.of("all", true)));
        assertEquals(drift.get("instances"), driftMcp.get("instances"));

        JsonNode synced = json(
                cli.run(
                        "--config",
                        config.toString(),
                        "instances",
                        "sync-schema",
                        "--from",
                        "staging",
                        "--to",
                        "production",
                        "--output",
                        "json"),
                0);
        assertTrue(synced.get("inSync").asBoolean(), synced::toString);
        assertEquals(List.of("auth.users", "storage.objects"), strings(synced.get("managedTables")));
        JsonNode after =
                json(cli.run("--config", config.toString(), "instances", "diff", "--all", "--output", "json"), 0);
        assertTrue(
                after.get("inSync").asBoolean(),
                "the application's parts of managed tables count in the fingerprint, and match: " + after);

        JsonNode syncedMcp = ok(client.callTool(
                "dokploy_sync_schema",
                Map.of(
                        "source",
                        upstream.loginUrl(staging),
                        "target",
                        upstream.loginUrl(production2),
                        "confirm",
                        true)));
        assertTrue(syncedMcp.get("inSync").asBoolean(), syncedMcp::toString);
        assertEquals(synced.get("summary"), syncedMcp.get("summary"));

        // a release on staging, promoted through MCP with its backup, then through the CLI onto the other production
        upstream.executeAsLogin(
                staging,
                "CREATE POLICY \"Owners delete their avatars\" ON storage.objects FOR DELETE TO authenticated "
                        + "USING (bucket_id = 'avatars' AND owner_id = (SELECT auth.uid())::text)");
        JsonNode promotedMcp = ok(client.callTool(
                "dokploy_promote_deployment",
                Map.of(
                        "source",
                        upstream.loginUrl(staging),
                        "target",
                        upstream.loginUrl(production),
                        "backupPath",
                        dir.toString(),
                        "confirm",
                        true)));
        assertEquals("promoted", promotedMcp.get("status").asText(), promotedMcp::toString);
        JsonNode promoted = json(
                cli.run(
                        "--yes",
                        "instances",
                        "promote",
                        "--from",
                        upstream.loginUrlWithoutPassword(staging),
                        "--to",
                        upstream.loginUrlWithoutPassword(production2),
                        "--backup-path",
                        dir.toString(),
                        "--output",
                        "json"),
                0);
        assertEquals("promoted", promoted.get("status").asText(), promoted::toString);
        assertEquals(promotedMcp.get("summary"), promoted.get("summary"));
        assertEquals(1, promoted.get("summary").get("policy").get("created").asInt(), promoted::toString);
    }

    /**
     * Drift left after applying a sync is a failed sync for scripts: the migration family's exit code, not 0. Here a table
     * owned by a role the target's server lacks (staging on one server, production on another): the owner is a manual step.
     */
    @org.junit.jupiter.api.Test
    void syncLeavingDriftFailsTheScript() {
        upstream = SupabaseUpstream.pg17();
        SupabaseUpstream other = SupabaseUpstream.pg15();
        String staging = app("surf_drift_stg");
        String production = other.createApp("surf_drift_prd");
        try {
            other.server().execute("postgres", "DROP ROLE IF EXISTS sd_app_owner");
            upstream.server()
                    .execute(
                            staging,
                            "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'sd_app_owner') THEN "
                                    + "CREATE ROLE sd_app_owner; END IF; END $$; CREATE TABLE public.ledger (id int); ALTER TABLE public.ledger OWNER TO sd_app_owner");
            CliRunner.Result r = upstream.cli()
                    .run(
                            "instances",
                            "sync-schema",
                            "--from",
                            upstream.loginUrlWithoutPassword(staging),
                            "--to",
                            other.loginUrlWithoutPassword(production));
            assertEquals(ErrorFamily.MIGRATION.exitCode(), r.exitCode(), r::toString);
            assertTrue(r.stdout().contains("✗ drift left"), r.stdout());
            assertTrue(r.stdout().contains("sd_app_owner"), r.stdout());
        } finally {
            other.dropDatabase(production);
        }
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
