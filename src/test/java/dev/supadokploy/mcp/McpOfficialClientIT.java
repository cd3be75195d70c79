package dev.supadokploy.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.supadokploy.ops.Operation;
import dev.supadokploy.ops.catalog.OperationCatalog;
import dev.supadokploy.testing.Hs256;
import dev.supadokploy.testing.McpProcess;
import dev.supadokploy.testing.McpResults;
import dev.supadokploy.testing.NeedsPostgres;
import dev.supadokploy.testing.NeedsSimulator;
import dev.supadokploy.testing.OfficialMcpClients;
import dev.supadokploy.testing.OfficialMcpClients.Call;
import dev.supadokploy.testing.OfficialMcpClients.Run;
import dev.supadokploy.testing.StartsProcess;
import dev.supadokploy.testing.TestPostgres;
import dev.supadokploy.testing.dokploy.DeployedStack;
import dev.supadokploy.testing.dokploy.DokploySimulator;
import dev.supadokploy.testing.dokploy.Simulated;
import dev.supadokploy.testing.dokploy.SimulatorEnv;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every tool of the catalog through the official TypeScript SDK client (@modelcontextprotocol/sdk, as agents' hosts
 * run it; and its v2, @modelcontextprotocol/client, under MCP 2026-07-28) and the MCP Inspector CLI, each once
 * succeeding and once failing. The SDK client checks every
 * structuredContent against the tool's outputSchema and throws when it does not match, so a result it does not accept
 * shows up here as "thrown". Each tool needs a {@link Case}: a tool added to the catalog without one fails
 * {@link #everyToolSucceedsAndFailsThroughTheOfficialSdkClient} with a message naming it.
 */
@NeedsPostgres
@NeedsSimulator
@StartsProcess
class McpOfficialClientIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String JWT_SECRET = "OfficialClientSecretOfficialClientSecret01";

    @TempDir
    Path home;

    @Simulated(deployMillis = 30)
    DokploySimulator sim;

    private TestPostgres pg;
    private String source;
    private Map<String, String> env;

    /** One tool's two calls: arguments that succeed, arguments that fail, and the failure's code. */
    private static final String AGENT = "oc_agent";

    private static final String AGENT_PASSWORD = "oc-agent-password-for-the-official-client";

    record Case(Map<String, ?> success, Map<String, ?> failure, String failureCode) {}

    @BeforeEach
    void setUp() throws IOException {
        pg = TestPostgres.get();
        source = pg.createDatabase("oc_src");
        pg.execute(
                source,
                "CREATE TABLE public.items (id bigint PRIMARY KEY, name text);"
                        + "INSERT INTO public.items SELECT g, 'item ' || g FROM generate_series(1, 50) g;");
        Path config = home.resolve("config/supa-dokploy/config.toml");
        Files.createDirectories(config.getParent());
        Files.writeString(config, "[instances.alpha]\ndatabase_url = \"" + pg.adminUrl(source) + "\"\n");
        env = new HashMap<>(SimulatorEnv.of(sim, home));
        env.put("SUPA_DOKPLOY_CONFIG", config.toString());
    }

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Every tool's case, in the order they run (some use what an earlier one left: the migrated target, the backup). */
    private Map<String, Case> cases() throws IOException {
        String closed = "postgres://postgres@127.0.0.1:" + closedPort() + "/postgres";
        String a = pg.adminUrl(source);
        String migrated = pg.adminUrl(pg.createDatabase("oc_mig"));
        String empty = pg.adminUrl(pg.createDatabase("oc_empty"));
        String composeId = DeployedStack.deploy(sim, "acme").composeId();
        Path backups = Files.createDirectories(home.resolve("backups"));
        String archive = backups.resolve("alpha.sdbak").toString();
        String missing = home.resolve("missing").toString();
        String anon = Hs256.sign(Map.of("role", "anon", "iss", "supabase", "exp", 4000000000L), JWT_SECRET);

        Map<String, Case> cases = new LinkedHashMap<>();
        cases.put(
                "connect",
                new Case(Map.of("connectionString", a), Map.of("connectionString", closed), "CONNECTION_REFUSED"));
        cases.put(
                "monitor_connections",
                new Case(Map.of("connectionString", a), Map.of("connectionString", closed), "CONNECTION_REFUSED"));
        // execute_sql refuses a privileged login such as the admin's: it runs on the agent login create_agent_role
        // makes.
        String agent = pg.adminUrlWithoutPassword(source).replaceFirst("//[^@]+@", "//" + AGENT + "@");
        cases.put(
                "create_agent_role",
                new Case(
                        Map.of(
                                "connectionString",
                                a,
                                "name",
                                AGENT,
                                "agentPassword",
                                AGENT_PASSWORD,
                                "rotatePassword",
                                true),
                        Map.of("connectionString", a, "name", "Not A Name"),
                        "VALIDATION_INVALID_INPUT"));
        cases.put(
                "execute_sql",
                new Case(
                        Map.of(
                                "connectionString",
                                agent,
                                "password",
                                AGENT_PASSWORD,
                                "query",
                                "select name from public.items where id = $1",
                                "params",
                                List.of("7")),
                        Map.of("connectionString", agent, "password", AGENT_PASSWORD, "query", "select 1/0"),
                        "QUERY_FAILED"));
        // Dropped before the migrations below copy the source's grants (the agent's SELECT among them) to other
        // databases.
        cases.put(
                "drop_agent_role",
                new Case(
                        Map.of("connectionString", a, "name", AGENT, "confirm", true),
                        Map.of("connectionString", a, "name", AGENT),
                        "VALIDATION_CONFIRMATION_REQUIRED"));
        cases.put(
                "inspect_schema",
                new Case(
                        Map.of("connectionString", a, "schemas", List.of("public")),
                        Map.of("connectionString", closed),
                        "CONNECTION_REFUSED"));
        cases.put(
                "dokploy_validate_config",
                new Case(Map.of("applicationId", composeId), Map.of("envFile", missing), "VALIDATION_INVALID_INPUT"));
        cases.put(
                "supabase_generate_keys",
                new Case(Map.of("all", true), Map.of("jwtSecret", "env:DOKPLOY_API_KEY"), "VALIDATION_INVALID_INPUT"));
        cases.put(
                "supabase_inspect_keys",
                new Case(
                        Map.of("keys", List.of(anon), "jwtSecret", JWT_SECRET),
                        Map.of("keys", List.of(anon), "jwtSecret", "env:DOKPLOY_API_KEY"),
                        "VALIDATION_INVALID_INPUT"));
        cases.put(
                "dokploy_regenerate_keys",
                new Case(
                        Map.of("applicationId", composeId, "dryRun", true),
                        Map.of("applicationId", composeId),
                        "VALIDATION_CONFIRMATION_REQUIRED"));
        cases.put(
                "dokploy_monitor_health",
                new Case(
                        Map.of("applicationId", composeId),
                        Map.of("applicationId", "no-such-compose"),
                        "DOKPLOY_NOT_FOUND"));
        cases.put(
                "dokploy_get_logs",
                new Case(
                        Map.of("applicationId", composeId, "service", "auth", "tail", 1),
                        Map.of("applicationId", composeId, "service", "gotrue"),
                        "VALIDATION_INVALID_INPUT"));
        cases.put(
                "dokploy_list_instances",
                new Case(
                        Map.of(),
                        Map.of("dokployApiUrl", "http://127.0.0.1:" + closedPort()),
                        "CONFIGURATION_NOT_FOUND"));
        cases.put(
                "generate_diff",
                new Case(
                        Map.of("source", a, "target", migrated),
                        Map.of("source", a, "target", "nope"),
                        "CONFIGURATION_UNKNOWN_INSTANCE"));
        cases.put(
                "cross_instance_migrate",
                new Case(
                        Map.of("source", a, "target", migrated, "createTables", true),
                        Map.of("source", a, "target", migrated),
                        "MIGRATION_TARGET_NOT_EMPTY"));
        cases.put(
                "dokploy_sync_schema",
                new Case(
                        Map.of("source", a, "target", empty, "dryRun", true),
                        Map.of("source", a, "target", "nope"),
                        "CONFIGURATION_UNKNOWN_INSTANCE"));
        cases.put(
                "dokploy_promote_deployment",
                new Case(
                        Map.of("source", a, "target", empty, "dryRun", true),
                        Map.of("source", a, "target", empty),
                        "VALIDATION_CONFIRMATION_REQUIRED"));
        cases.put(
                "dokploy_instances_drift",
                new Case(Map.of("all", true), Map.of("instances", List.of("nope")), "CONFIGURATION_UNKNOWN_INSTANCE"));
        cases.put(
                "dokploy_setup_wizard",
                new Case(
                        Map.of(
                                "projectName",
                                "acme-two",
                                "domain",
                                "supabase.acme-two.test",
                                "dryRun",
                                true,
                                "emailConfirmation",
                                false,
                                "templatesUrl",
                                "https://templates.dokploy.com"),
                        Map.of("domain", "supabase.acme-two.test", "dryRun", true),
                        "VALIDATION_MISSING_INPUT"));
        cases.put(
                "create_backup",
                new Case(
                        Map.of("connectionString", a, "outputPath", archive),
                        Map.of("connectionString", closed, "outputPath", backups.toString()),
                        "CONNECTION_REFUSED"));
        cases.put(
                "verify_backup",
                new Case(Map.of("file", archive), Map.of("file", missing), "VALIDATION_INVALID_INPUT"));
        cases.put(
                "restore_backup",
                new Case(
                        Map.of("file", archive, "connectionString", empty, "dryRun", true),
                        Map.of("file", archive, "connectionString", a, "clean", true),
                        "VALIDATION_CONFIRMATION_REQUIRED"));
        cases.put(
                "list_backups",
                new Case(
                        Map.of("directory", backups.toString()),
                        Map.of("directory", missing),
                        "VALIDATION_INVALID_INPUT"));
        cases.put(
                "prune_backups",
                new Case(
                        Map.of("directory", backups.toString(), "keepLast", 5),
                        Map.of("directory", missing, "keepLast", 5),
                        "VALIDATION_INVALID_INPUT"));
        return cases;
    }

    @Test
    void everyToolSucceedsAndFailsThroughTheOfficialSdkClient() throws IOException {
        OfficialMcpClients clients = OfficialMcpClients.get();
        Map<String, Case> cases = cases();
        List<Call> calls = calls(cases);
        JsonNode out = clients.sdk(McpProcess.command("--allow-writes"), env, calls);
        assertEveryToolAsExpected(out, cases, calls);
    }

    /**
     * The same through the official SDK v2 client (@modelcontextprotocol/client), which negotiates MCP 2026-07-28
     * through server/discover and then sends every request statelessly (per-request _meta, no initialize).
     */
    @Test
    void everyToolSucceedsAndFailsThroughTheOfficialSdkV2ClientUnder20260728() throws IOException {
        OfficialMcpClients clients = OfficialMcpClients.get();
        Map<String, Case> cases = cases();
        List<Call> calls = calls(cases);
        JsonNode out = clients.sdkV2("auto", McpProcess.command("--allow-writes"), env, calls);
        assertEquals("2026-07-28", out.path("version").asText(), () -> "negotiated: " + out.path("version"));
        assertEquals("modern", out.path("era").asText());
        assertEveryToolAsExpected(out, cases, calls);
    }

    private static List<Call> calls(Map<String, Case> cases) {
        List<Call> calls = new ArrayList<>();
        cases.forEach((tool, c) -> {
            calls.add(new Call(tool + " success", tool, c.success()));
            calls.add(new Call(tool + " failure", tool, c.failure()));
        });
        return calls;
    }

    private static void assertEveryToolAsExpected(JsonNode out, Map<String, Case> cases, List<Call> calls) {
        Set<String> catalog = new TreeSet<>();
        OperationCatalog.all().forEach(op -> catalog.add(op.info().toolName()));
        Set<String> withoutCase = new TreeSet<>(catalog);
        withoutCase.removeAll(cases.keySet());
        assertEquals(
                Set.of(),
                withoutCase,
                "tools without a case in McpOfficialClientIT.cases(): add a success and a failure for each");
        Set<String> stale = new TreeSet<>(cases.keySet());
        stale.removeAll(catalog);
        assertEquals(Set.of(), stale, "cases for tools the catalog no longer has");

        Set<String> listed = new TreeSet<>();
        out.get("tools").get("tools").forEach(t -> listed.add(t.get("name").asText()));
        assertEquals(catalog, listed, "tools/list through the SDK client");

        List<String> problems = new ArrayList<>();
        for (JsonNode call : out.get("calls")) {
            String label = call.get("label").asText();
            String tool = call.get("name").asText();
            if (!call.get("outcome").asText().equals("result")) {
                problems.add(label + ": the SDK client threw " + call.get("error"));
                continue;
            }
            JsonNode result = call.get("result");
            try {
                if (label.endsWith("success")) {
                    JsonNode structured = McpResults.ok(result);
                    Operation<?, ?> op = OperationCatalog.byToolName(tool).orElseThrow();
                    assertEquals(
                            op.info().untrustedOutput(),
                            structured.path(ToolSchemas.UNTRUSTED_MARKER).asBoolean(),
                            "untrustedData marks exactly the tools whose results are untrusted");
                } else {
                    JsonNode report = McpResults.error(result);
                    assertTrue(result.get("content").get(0).get("text").asText().startsWith(tool + " failed: "));
                    assertEquals(
                            cases.get(tool).failureCode(), report.get("code").asText(), report::toString);
                }
            } catch (AssertionError e) {
                problems.add(label + ": " + e.getMessage() + "\n    " + result);
            }
        }
        assertEquals(calls.size(), out.get("calls").size());
        if (!problems.isEmpty()) {
            fail(problems.size() + " of " + calls.size() + " calls were not as expected:\n"
                    + String.join("\n", problems));
        }
    }

    @Test
    void theInspectorCliListsToolsAndShowsASuccessAndAFailure() throws IOException {
        OfficialMcpClients clients = OfficialMcpClients.get();
        // The admin login is privileged: allowed here, where the point is how the Inspector shows results.
        List<String> server = McpProcess.command("--allow-privileged-login");

        Run list = clients.inspector(server, env, "--method", "tools/list");
        assertEquals(0, list.exitCode(), list::toString);
        Set<String> listed = new TreeSet<>();
        JSON.readTree(list.stdout())
                .get("tools")
                .forEach(t -> listed.add(t.get("name").asText()));
        Set<String> catalog = new TreeSet<>();
        OperationCatalog.all().forEach(op -> catalog.add(op.info().toolName()));
        assertEquals(catalog, listed);

        Run ok = clients.inspector(
                server,
                env,
                "--method",
                "tools/call",
                "--tool-name",
                "execute_sql",
                "--tool-arg",
                "connectionString=" + pg.adminUrl(source),
                "query=select count(*) as n from public.items");
        assertEquals(0, ok.exitCode(), ok::toString);
        JsonNode okResult = JSON.readTree(ok.stdout());
        assertEquals(50, McpResults.ok(okResult).get("rows").get(0).get(0).asInt(), ok::toString);

        Run failed = clients.inspector(
                server,
                env,
                "--method",
                "tools/call",
                "--tool-name",
                "execute_sql",
                "--tool-arg",
                "connectionString=" + pg.adminUrl(source),
                "query=select 1/0");
        assertEquals(0, failed.exitCode(), "the Inspector shows an error result rather than failing on it: " + failed);
        JsonNode report = McpResults.error(JSON.readTree(failed.stdout()));
        assertEquals("QUERY_FAILED", report.get("code").asText(), failed::toString);
        assertTrue(
                report.get("message")
                        .asText()
                        .toLowerCase(java.util.Locale.ROOT)
                        .contains("division by zero"),
                failed::toString);
    }
}
