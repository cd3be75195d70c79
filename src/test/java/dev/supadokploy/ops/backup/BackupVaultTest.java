package dev.supadokploy.ops.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.supadokploy.errors.ErrorCode;
import dev.supadokploy.errors.SupaException;
import dev.supadokploy.ops.OperationContext;
import dev.supadokploy.ops.Policy;
import dev.supadokploy.ops.connection.ConnectionInput;
import dev.supadokploy.testing.NeedsPostgres;
import dev.supadokploy.testing.TestContext;
import dev.supadokploy.testing.TestPostgres;
import dev.supadokploy.testing.VaultCluster;
import dev.supadokploy.util.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Vault secrets on the real supabase_vault extension ({@link VaultCluster}): two clusters, each with its own root key,
 * as two stacks. A backup of one restored into the other leaves every secret readable there through
 * vault.decrypted_secrets, equal to the source's, all done as the stack's postgres login (not a superuser).
 */
@NeedsPostgres
class BackupVaultTest {
    private static final String KEY = "vault test passphrase #1";
    /** Longer than 57 bytes: its stored base64 wraps at 76 characters (the vault README's fact 5). */
    private static final String LONG = "sk_live_" + "0123456789abcdef".repeat(12);

    private static final String MULTILINE = "-----BEGIN KEY-----\nline two ünïcødé\n-----END KEY-----\n";

    private static VaultCluster source;
    private static VaultCluster target;

    @TempDir
    Path dir;

    @BeforeAll
    static void clusters() throws Exception {
        source = VaultCluster.start("src");
        target = VaultCluster.start("dst");
        source.createDatabase("app");
        try (Connection c = source.connect("app", VaultCluster.STACK_LOGIN);
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE public.notes (id int PRIMARY KEY, body text)");
            s.execute("INSERT INTO public.notes SELECT g, 'note ' || g FROM generate_series(1, 50) g");
            createSecret(c, LONG, "stripe_key", "Stripe, live");
            createSecret(c, MULTILINE, "signing_key", "");
            createSecret(c, "no name at all", null, "an unnamed secret");
        }
    }

    @AfterAll
    static void stop() throws Exception {
        for (VaultCluster c : new VaultCluster[] {source, target}) {
            if (c != null) {
                c.close();
            }
        }
    }

    private static void createSecret(Connection c, String value, String name, String description) throws Exception {
        try (PreparedStatement ps = c.prepareStatement("SELECT vault.create_secret(?, ?, ?)")) {
            ps.setString(1, value);
            ps.setString(2, name);
            ps.setString(3, description);
            ps.execute();
        }
    }

    static OperationContext context() {
        return TestContext.with(Map.of("BK_KEY", KEY))
                .policy(new Policy(true, true, false, true))
                .build();
    }

    static BackupCreateOperation.Result backup(String url, Path dir, boolean encrypt, Boolean vault) {
        return new BackupCreateOperation()
                .run(
                        new BackupCreateOperation.Input(
                                ConnectionInput.url(url),
                                dir.toString() + "/",
                                null,
                                encrypt,
                                encrypt ? "env:BK_KEY" : null,
                                null,
                                null,
                                null,
                                null,
                                vault,
                                null),
                        context());
    }

    static BackupRestoreOperation.Result restore(String file, String url, boolean clean, Boolean vault) {
        return new BackupRestoreOperation()
                .run(
                        new BackupRestoreOperation.Input(
                                file, null, ConnectionInput.url(url), "env:BK_KEY", false, clean, vault),
                        context());
    }

    /** name, description and plaintext of every secret, by name (nulls last), read as the superuser. */
    static List<List<String>> secrets(VaultCluster cluster, String db) throws Exception {
        List<List<String>> out = new ArrayList<>();
        try (Connection c = cluster.connect(db, VaultCluster.SUPERUSER);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT name, description, decrypted_secret FROM vault.decrypted_secrets "
                        + "ORDER BY name NULLS LAST, description")) {
            while (rs.next()) {
                out.add(java.util.Arrays.asList(rs.getString(1), rs.getString(2), rs.getString(3)));
            }
        }
        return out;
    }

    static Set<String> ids(VaultCluster cluster, String db) throws Exception {
        Set<String> out = new HashSet<>();
        try (Connection c = cluster.connect(db, VaultCluster.SUPERUSER);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT id::text FROM vault.secrets")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    @Test
    void secretsComeBackReadableOnAStackWithAnotherRootKey() throws Exception {
        assertNotEquals(source.rootKey(), target.rootKey(), "two stacks, two root keys");
        List<List<String>> expected = secrets(source, "app");
        assertEquals(3, expected.size());
        assertTrue(
                expected.get(0).get(2).equals(MULTILINE)
                        && expected.get(1).get(2).equals(LONG),
                expected::toString);

        BackupCreateOperation.Result created =
                backup(source.loginUrl("app"), dir, true, null); // not given: backed up, the archive being encrypted
        BackupCreateOperation.Part part = created.parts().stream()
                .filter(p -> p.part().equals("vault"))
                .findFirst()
                .orElseThrow();
        assertEquals(BackupCreateOperation.PartStatus.included, part.status(), part::toString);
        assertEquals(3, part.items());
        String createdJson = Json.MAPPER.writeValueAsString(created);
        assertFalse(createdJson.contains("sk_live_") || createdJson.contains("ünïcødé"), "no value in the result");

        BackupVerifyOperation.Result verified = new BackupVerifyOperation()
                .run(new BackupVerifyOperation.Input(created.file(), "env:BK_KEY", null), context());
        assertEquals("valid", verified.verdict());

        target.createDatabase("app");
        BackupRestoreOperation.Result restored = restore(created.file(), target.loginUrl("app"), false, null);
        assertEquals(BackupRestoreOperation.Verdict.restored, restored.verdict());
        assertEquals(50, restored.rows());
        BackupRestoreOperation.VaultResult vault = restored.vault();
        assertEquals("restored", vault.status(), vault::toString);
        assertEquals(3, vault.secrets());
        assertEquals(
                ids(target, "app"),
                new HashSet<>(vault.ids().stream()
                        .map(BackupRestoreOperation.VaultSecret::newId)
                        .toList()));
        assertEquals(
                ids(source, "app"),
                new HashSet<>(vault.ids().stream()
                        .map(BackupRestoreOperation.VaultSecret::backupId)
                        .toList()));
        vault.ids().forEach(v -> assertNotEquals(v.backupId(), v.newId(), "create_secret assigns new ids"));
        String restoredJson = Json.MAPPER.writeValueAsString(restored);
        assertFalse(restoredJson.contains("sk_live_") || restoredJson.contains("ünïcødé"), "no value in the result");

        assertEquals(expected, secrets(target, "app"), "every secret readable under the target's own root key");
    }

    /**
     * A name the target's vault already holds: refused, and nothing restored (not even the tables); with clean, the
     * target's secret is replaced by the backup's.
     */
    @Test
    void aNameTheTargetHoldsIsRefusedOrWithCleanReplaced() throws Exception {
        BackupCreateOperation.Result created = backup(source.loginUrl("app"), dir, true, true);
        target.createDatabase("taken");
        try (Connection c = target.connect("taken", VaultCluster.STACK_LOGIN)) {
            createSecret(c, "the target's own value", "stripe_key", "older");
        }
        SupaException refused =
                assertThrows(SupaException.class, () -> restore(created.file(), target.loginUrl("taken"), false, null));
        assertEquals(ErrorCode.BACKUP_TARGET_NOT_EMPTY, refused.code(), refused::getMessage);
        assertTrue(refused.getMessage().contains("stripe_key"), refused::getMessage);
        assertEquals(
                List.of(List.of("stripe_key", "older", "the target's own value")),
                secrets(target, "taken"),
                "the target's vault unchanged");
        try (Connection c = target.connect("taken", VaultCluster.SUPERUSER);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT to_regclass('public.notes') IS NULL")) {
            rs.next();
            assertTrue(rs.getBoolean(1), "the tables were rolled back too");
        }

        BackupRestoreOperation.Result clean = restore(created.file(), target.loginUrl("taken"), true, null);
        assertEquals(List.of("stripe_key"), clean.vault().replaced());
        assertEquals(secrets(source, "app"), secrets(target, "taken"));
    }

    @Test
    void vaultTrueWithoutEncryptionIsRefusedBeforeAnythingIsRead() throws Exception {
        // nothing listens on port 1: reaching the database would be a connection error, not this one
        SupaException e = assertThrows(
                SupaException.class, () -> backup("postgresql://nobody@127.0.0.1:1/none", dir, false, true));
        assertEquals(ErrorCode.BACKUP_NEEDS_ENCRYPTION, e.code(), e::getMessage);
        assertTrue(e.suggestion().contains("--encrypt"), e::suggestion);
        assertEquals(0, count(dir), "nothing written, not even a lock file");
    }

    @Test
    void notGivenAndUnencryptedTheVaultIsSkippedWithTheReason() throws Exception {
        BackupCreateOperation.Result created = backup(source.loginUrl("app"), dir, false, null);
        BackupCreateOperation.Part part = vaultPart(created);
        assertEquals("vault", part.part());
        assertEquals(BackupCreateOperation.PartStatus.skipped, part.status());
        assertTrue(part.note().contains("not encrypted"), part::note);
        assertEquals(50, created.rows(), "the database part is backed up all the same");
        try (var reader = dev.supadokploy.backup.ArchiveReader.open(Path.of(created.file()), null)) {
            ArchiveScan.Scanned s = ArchiveScan.scan(reader, new ArchiveScan.Sink() {
                @Override
                public void schema(dev.supadokploy.backup.ArchivedSchema schema) {}

                @Override
                public dev.supadokploy.pg.copy.RowChecksum table(
                        dev.supadokploy.backup.TableSection table, java.io.InputStream rows) {
                    return null;
                }

                @Override
                public void part(dev.supadokploy.backup.ArchiveReader.Section section) {
                    throw new AssertionError("no part section in an unencrypted archive: " + (char) section.type());
                }
            });
            assertNull(s.manifest().parts().get("vault"));
        }
    }

    /**
     * A row encrypted under another root key (what a copied vault.secrets leaves) makes every read of decrypted_secret
     * fail. Not asked for, the part is skipped with the reason and the backup completes in its snapshot; asked for, an
     * error.
     */
    @Test
    void secretsThisServerCannotDecryptSkipThePartOrFailWhenAskedFor() throws Exception {
        source.createDatabase("alien");
        try (Connection c = source.connect("alien", VaultCluster.STACK_LOGIN);
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE public.t (id int PRIMARY KEY); INSERT INTO public.t VALUES (1), (2)");
        }
        // a row as a dump of another stack's vault.secrets carries it: id, nonce and ciphertext under its root key
        target.createDatabase("donor");
        try (Connection c = target.connect("donor", VaultCluster.STACK_LOGIN)) {
            createSecret(c, "from the other stack", "copied", "");
        }
        try (Connection from = target.connect("donor", VaultCluster.SUPERUSER);
                Statement s = from.createStatement();
                ResultSet rs = s.executeQuery("SELECT id, secret, nonce FROM vault.secrets");
                Connection to = source.connect("alien", VaultCluster.SUPERUSER);
                PreparedStatement ps = to.prepareStatement(
                        "INSERT INTO vault.secrets (id, name, secret, nonce) VALUES (?, 'copied', ?, ?)")) {
            rs.next();
            ps.setObject(1, rs.getObject(1));
            ps.setString(2, rs.getString(2));
            ps.setBytes(3, rs.getBytes(3));
            ps.execute();
        }
        BackupCreateOperation.Result created = backup(source.loginUrl("alien"), dir, true, null);
        BackupCreateOperation.Part part = vaultPart(created);
        assertEquals(BackupCreateOperation.PartStatus.skipped, part.status(), part::toString);
        assertTrue(part.note().contains("cannot decrypt"), part::note);
        assertEquals(2, created.rows());
        Path other = Files.createDirectory(dir.resolve("asked"));
        SupaException e = assertThrows(SupaException.class, () -> backup(source.loginUrl("alien"), other, true, true));
        assertEquals(ErrorCode.BACKUP_VAULT_UNAVAILABLE, e.code(), e::getMessage);
        assertEquals(0, count(other, ".sdbak"), "no backup file left behind");
    }

    /** A database without the extension: "no vault", or an error when asked for; a restore there the same. */
    @Test
    void withoutTheExtensionThereIsNoVault() throws Exception {
        TestPostgres pg = TestPostgres.get();
        String db = pg.createDatabase("novault");
        pg.execute(db, "CREATE TABLE public.t (id int PRIMARY KEY); INSERT INTO public.t VALUES (1);");
        BackupCreateOperation.Result created = new BackupCreateOperation()
                .run(
                        new BackupCreateOperation.Input(
                                ConnectionInput.url(pg.adminUrlWithoutPassword(db)),
                                dir.toString() + "/",
                                null,
                                true,
                                "env:BK_KEY",
                                null,
                                null,
                                null,
                                null,
                                null,
                                null),
                        pgContext(pg));
        assertEquals(
                BackupCreateOperation.PartStatus.skipped, vaultPart(created).status());
        assertTrue(vaultPart(created).note().startsWith("no vault"), vaultPart(created)::note);

        // a backup without the vault, restored with --vault: refused (and rolled back), not silently without them
        String askedDb = pg.createDatabase("novault_asked");
        SupaException e = assertThrows(
                SupaException.class,
                () -> new BackupRestoreOperation()
                        .run(
                                new BackupRestoreOperation.Input(
                                        created.file(),
                                        null,
                                        ConnectionInput.url(pg.adminUrlWithoutPassword(askedDb)),
                                        "env:BK_KEY",
                                        false,
                                        false,
                                        true),
                                pgContext(pg)));
        assertEquals(ErrorCode.BACKUP_VAULT_UNAVAILABLE, e.code(), e::getMessage);
        try (Connection c = pg.adminConnection(askedDb);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT to_regclass('public.t') IS NULL")) {
            rs.next();
            assertTrue(rs.getBoolean(1), "rolled back");
        }
    }

    /** --no-vault on restore: the backup's secrets are left out, and the result says so. */
    @Test
    void noVaultOnRestoreLeavesThemOut() throws Exception {
        BackupCreateOperation.Result created = backup(source.loginUrl("app"), dir, true, null);
        target.createDatabase("without");
        BackupRestoreOperation.Result restored = restore(created.file(), target.loginUrl("without"), false, false);
        assertEquals("skipped", restored.vault().status());
        assertTrue(restored.vault().note().startsWith("3 secret(s) left out"), restored.vault()::note);
        assertEquals(List.of(), secrets(target, "without"));
        assertEquals(50, restored.rows());
    }

    private static OperationContext pgContext(TestPostgres pg) {
        TestContext ctx = TestContext.with(Map.of("BK_KEY", KEY)).policy(new Policy(true, true, false, true));
        if (pg.adminPassword() != null) {
            ctx.env("PGPASSWORD", pg.adminPassword());
        }
        return ctx.build();
    }

    private static long count(Path dir) throws Exception {
        return count(dir, "");
    }

    private static long count(Path dir, String suffix) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(suffix))
                    .count();
        }
    }

    /** The vault's summary among the parts (objects and config come before and after it). */
    static BackupCreateOperation.Part vaultPart(BackupCreateOperation.Result created) {
        return created.parts().stream()
                .filter(p -> p.part().equals("vault"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no vault part in " + created.parts()));
    }
}
