package dev.supadokploy.cli.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.supadokploy.testing.CliRunner;
import dev.supadokploy.testing.NeedsPostgres;
import dev.supadokploy.testing.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** backup create → verify → restore --dry-run → restore, as a script runs them: JSON results, exit codes, no key on argv. */
@NeedsPostgres
class BackupCommandTest {
    static final String PASSPHRASE = "a long enough passphrase";

    @TempDir
    Path dir;

    private static CliRunner cli(TestPostgres pg) {
        return CliRunner.forServer(pg).env("BK_KEY", PASSPHRASE);
    }

    @Test
    void createVerifyAndRestoreThroughTheCli() throws Exception {
        TestPostgres pg = TestPostgres.get();
        String source = pg.createDatabase("bkcli_src");
        pg.execute(source, """
                CREATE TABLE public.a (id int PRIMARY KEY, v text);
                CREATE TABLE public.b (id int PRIMARY KEY, a_id int REFERENCES public.a (id));
                INSERT INTO public.a SELECT g, 'v' || g FROM generate_series(1, 500) g;
                INSERT INTO public.b SELECT g, g FROM generate_series(1, 500) g;
                """);
        CliRunner.Result created = cli(pg).run(
                        "backup",
                        "create",
                        "--connection",
                        pg.adminUrlWithoutPassword(source),
                        "--output-path",
                        dir.toString(),
                        "--compress",
                        "--encrypt",
                        "--encryption-key",
                        "env:BK_KEY",
                        "--output",
                        "json");
        assertEquals(0, created.exitCode(), created::toString);
        JsonNode c = created.json();
        assertEquals(1000, c.get("rows").asLong());
        assertEquals("zstd", c.get("compression").asText());
        assertTrue(c.get("encrypted").asBoolean());
        assertTrue(created.stderr().contains("backed up public.a: 500 rows"), created.stderr());
        String file = c.get("file").asText();
        assertTrue(Files.exists(Path.of(file)));

        CliRunner.Result literal = cli(pg).run("backup", "verify", file, "--decryption-key", PASSPHRASE);
        assertEquals(5, literal.exitCode(), "a key on argv is refused: " + literal);
        assertFalse(literal.stderr().contains(PASSPHRASE), "the refusal does not echo it");

        CliRunner.Result verified = cli(pg).run("backup", "verify", file, "--decryption-key", "env:BK_KEY");
        assertEquals(0, verified.exitCode(), verified::toString);
        assertTrue(verified.stdout().contains("valid") && verified.stdout().contains("public.b"), verified.stdout());

        String target = pg.createDatabase("bkcli_dst");
        CliRunner.Result dry = cli(pg).run(
                        "backup",
                        "restore",
                        file,
                        "--connection",
                        pg.adminUrlWithoutPassword(target),
                        "--decryption-key",
                        "env:BK_KEY",
                        "--dry-run",
                        "--output",
                        "json");
        assertEquals(0, dry.exitCode(), dry::toString);
        assertEquals("would_restore", dry.json().get("verdict").asText());
        assertEquals(500, dry.json().get("tables").get(0).get("rows").asLong());

        CliRunner.Result restored = cli(pg).run(
                        "backup",
                        "restore",
                        file,
                        "--connection",
                        pg.adminUrlWithoutPassword(target),
                        "--decryption-key",
                        "env:BK_KEY");
        assertEquals(0, restored.exitCode(), restored::toString);
        assertTrue(restored.stdout().contains("1,000 rows in 2 table(s) restored"), restored.stdout());

        String id = c.get("backupId").asText();
        CliRunner.Result unconfirmed = cli(pg).run(
                        "backup",
                        "restore",
                        id.substring(0, 20),
                        "--directory",
                        dir.toString(),
                        "--connection",
                        pg.adminUrlWithoutPassword(target),
                        "--decryption-key",
                        "env:BK_KEY",
                        "--clean",
                        "--output",
                        "json");
        assertEquals(5, unconfirmed.exitCode(), "--clean in a script needs --yes: " + unconfirmed);
        assertEquals(
                "VALIDATION_CONFIRMATION_REQUIRED",
                unconfirmed.json().get("error").get("code").asText());
        assertTrue(unconfirmed.json().get("error").get("suggestion").asText().contains("--yes"), unconfirmed::toString);
        pg.execute(target, "DELETE FROM public.b WHERE id > 10");
        CliRunner.Result cleaned = cli(pg).run(
                        "backup",
                        "restore",
                        id,
                        "--directory",
                        dir.toString(),
                        "--connection",
                        pg.adminUrlWithoutPassword(target),
                        "--decryption-key",
                        "env:BK_KEY",
                        "--clean",
                        "--yes",
                        "--output",
                        "json");
        assertEquals(0, cleaned.exitCode(), cleaned::toString);
        assertEquals(file, cleaned.json().get("file").asText(), "found by its id in the directory");
        assertTrue(cleaned.json().get("dropped").toString().contains("table public.a"), cleaned::toString);
        assertEquals(1000, cleaned.json().get("rows").asLong());
        try (var conn = pg.adminConnection(target);
                var st = conn.createStatement();
                var rs = st.executeQuery("SELECT count(*) FROM public.b")) {
            rs.next();
            assertEquals(500, rs.getLong(1), "the deleted rows are back");
        }

        String scratch = pg.createDatabase("bkcli_scratch");
        CliRunner.Result compared = cli(pg).run(
                        "backup",
                        "verify",
                        file,
                        "--decryption-key",
                        "env:BK_KEY",
                        "--restore-to",
                        pg.adminUrlWithoutPassword(scratch));
        assertEquals(0, compared.exitCode(), compared::toString);
        assertTrue(
                compared.stdout().contains("2 table(s) with counts and checksums equal to the backup's"),
                compared.stdout());

        byte[] bytes = Files.readAllBytes(Path.of(file));
        bytes[bytes.length / 2] ^= 4;
        Path damaged = dir.resolve("damaged.sdbak");
        Files.write(damaged, bytes);
        CliRunner.Result refused = cli(pg).run(
                        "backup", "verify", damaged.toString(), "--decryption-key", "env:BK_KEY", "--output", "json");
        assertEquals(9, refused.exitCode(), "BACKUP_* errors exit 9: " + refused);
        assertEquals("BACKUP_TAMPERED", refused.json().get("error").get("code").asText());
    }
}
