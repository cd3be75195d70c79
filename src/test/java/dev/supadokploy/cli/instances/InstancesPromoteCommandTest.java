package dev.supadokploy.cli.instances;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.supadokploy.testing.CliRunner;
import dev.supadokploy.testing.NeedsPostgres;
import dev.supadokploy.testing.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** instances promote on a terminal and in scripts: the step list with ✓/✗ and times, --yes, --no-backup, exit codes. */
@NeedsPostgres
class InstancesPromoteCommandTest {
    static TestPostgres pg;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        pg = TestPostgres.get();
    }

    private static CliRunner cli() {
        return CliRunner.forServer(pg);
    }

    private String[] promote(String source, String target, String... more) {
        String[] base = {
            "instances",
            "promote",
            "--from",
            pg.adminUrlWithoutPassword(source),
            "--to",
            pg.adminUrlWithoutPassword(target),
            "--backup-path",
            dir.toString()
        };
        String[] all = new String[base.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    @Test
    void stepsWithTimesOnSuccessAndOnFailure() throws Exception {
        String staging = pg.createSupabaseDatabase("promcli_stg");
        String production = pg.createSupabaseDatabase("promcli_prd");
        pg.execute(staging, "CREATE TABLE public.invoices (id bigint PRIMARY KEY, total numeric NOT NULL)");
        pg.execute(production, "CREATE TABLE public.invoices (id bigint PRIMARY KEY)");

        // total NOT NULL may fail on data: a hazard, refused in pre-flight before any question or backup, the steps on
        // stderr
        CliRunner.Result refused = cli().run(promote(staging, production));
        assertEquals(10, refused.exitCode(), refused::toString);
        assertTrue(refused.stderr().contains("✗ preflight"), refused.stderr());
        assertTrue(refused.stderr().contains("MIGRATION_HAZARDS_NOT_ALLOWED"), refused.stderr());
        try (var files = Files.list(dir)) {
            assertEquals(0, files.count(), "no backup");
        }

        CliRunner.Result unconfirmed = cli().run(promote(staging, production, "--allow-hazards"));
        assertEquals(5, unconfirmed.exitCode(), unconfirmed::toString);
        assertTrue(unconfirmed.stderr().contains("--yes"), unconfirmed.stderr());

        CliRunner.Result text = cli().run(promote(staging, production, "--yes", "--allow-hazards"));
        assertEquals(0, text.exitCode(), text::toString);
        for (String step : new String[] {"✓ preflight", "✓ backup", "✓ schema", "✓ verify"}) {
            assertTrue(text.stdout().contains(step), text.stdout());
        }
        assertTrue(text.stdout().matches("(?s).*✓ schema +\\d+\\.\\d s .*"), text.stdout());
        assertTrue(text.stdout().contains("Promoted") && text.stdout().contains("migration  "), text.stdout());

        pg.execute(staging, "CREATE TABLE public.notes (id int)");
        CliRunner.Result json = cli().run(promote(staging, production, "--yes", "--no-backup", "--output", "json"));
        assertEquals(0, json.exitCode(), json::toString);
        JsonNode j = json.json();
        assertEquals("promoted", j.get("status").asText(), j::toString);
        assertEquals("skipped", j.get("steps").get(1).get("status").asText(), j::toString);
        assertTrue(j.get("steps").get(1).get("detail").asText().contains("createBackup"), j::toString);
        assertFalse(j.hasNonNull("backupId"), j::toString);
        // CREATE TABLE, and the grants the fixture's default privileges in public give it, stated whoever runs the
        // script
        assertEquals(4, j.get("statements").asInt(), j::toString);
        assertFalse(json.stdout().contains("✓"));
    }
}
