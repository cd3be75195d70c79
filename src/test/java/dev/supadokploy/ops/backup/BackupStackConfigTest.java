package dev.supadokploy.ops.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.supadokploy.backup.ArchiveFormat;
import dev.supadokploy.backup.ArchiveReader;
import dev.supadokploy.backup.BackupManifest;
import dev.supadokploy.config.Config;
import dev.supadokploy.config.InstanceConfig;
import dev.supadokploy.dokploy.Compose;
import dev.supadokploy.dokploy.ComposeUpdate;
import dev.supadokploy.dokploy.DokployApi;
import dev.supadokploy.dokploy.Domain;
import dev.supadokploy.dokploy.DomainSpec;
import dev.supadokploy.dokploy.Mount;
import dev.supadokploy.errors.ErrorCode;
import dev.supadokploy.errors.SupaException;
import dev.supadokploy.ops.OperationContext;
import dev.supadokploy.ops.Policy;
import dev.supadokploy.ops.connection.ConnectionInput;
import dev.supadokploy.testing.NeedsPostgres;
import dev.supadokploy.testing.NeedsSimulator;
import dev.supadokploy.testing.TestContext;
import dev.supadokploy.testing.TestPostgres;
import dev.supadokploy.testing.dokploy.DeployedStack;
import dev.supadokploy.testing.dokploy.DokploySimulator;
import dev.supadokploy.testing.dokploy.Simulated;
import dev.supadokploy.util.DotEnv;
import dev.supadokploy.util.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The "config" part against the Dokploy simulator and a real database: the source compose's env, compose file, domains
 * and mounts go into an encrypted archive and come back onto another compose, which is redeployed and waited for.
 */
@NeedsPostgres
@NeedsSimulator
class BackupStackConfigTest {
    static final String PASSPHRASE = "correct horse battery staple";
    static final String SECRET = "s3cr3t-value-never-printed";
    static final String FUNCTION = "volumes/functions/hello/index.ts";

    @Simulated(deployMillis = 50)
    DokploySimulator sim;

    @TempDir
    Path dir;

    DokployApi api;
    DeployedStack source;
    DeployedStack fresh;
    String sourceDb;
    String freshDb;
    TestPostgres pg;

    @BeforeEach
    void stacks() {
        pg = TestPostgres.get();
        api = DeployedStack.api(sim);
        source = DeployedStack.deploy(sim, "production");
        fresh = DeployedStack.deploy(sim, "fresh");
        Compose compose = api.compose(source.composeId());
        api.saveEnvironment(
                source.composeId(),
                DotEnv.parse(compose.env()).set("EDGE_PAYMENTS_SECRET", SECRET).write());
        api.updateCompose(new ComposeUpdate(
                source.composeId(), null, null, compose.composeFile() + "\n# production's own line\n"));
        api.createDomain(DomainSpec.kong(source.composeId(), "api.production.example", true));
        api.createMount(
                source.composeId(),
                new Mount(null, "file", null, null, FUNCTION, "export default () => 'hello'", null, "/", null));
        sourceDb = pg.createDatabase("cfg_src");
        pg.execute(sourceDb, "CREATE TABLE notes (id int PRIMARY KEY, body text); INSERT INTO notes VALUES (1, 'one')");
        freshDb = pg.createDatabase("cfg_new");
    }

    private OperationContext context() {
        Config config = new Config(
                Path.of("config.toml"),
                null,
                Map.of(
                        "production",
                        new InstanceConfig(
                                "production",
                                pg.adminUrlWithoutPassword(sourceDb),
                                null,
                                source.composeId(),
                                null,
                                null),
                        "fresh",
                        new InstanceConfig(
                                "fresh", pg.adminUrlWithoutPassword(freshDb), null, fresh.composeId(), null, null)));
        TestContext ctx = TestContext.with(
                        Map.of("DOKPLOY_URL", sim.url(), "DOKPLOY_API_KEY", sim.apiKey(), "BK_PASS", PASSPHRASE))
                .policy(new Policy(true, true, false, true))
                .config(config);
        if (pg.adminPassword() != null) {
            ctx.env("PGPASSWORD", pg.adminPassword());
        }
        return ctx.build();
    }

    private BackupCreateOperation.Result backup(boolean encrypt, Boolean config) {
        return new BackupCreateOperation()
                .run(
                        new BackupCreateOperation.Input(
                                ConnectionInput.instance("production"),
                                dir.toString() + "/",
                                null,
                                encrypt,
                                encrypt ? "env:BK_PASS" : null,
                                null,
                                null,
                                false,
                                null,
                                null,
                                config),
                        context());
    }

    private BackupRestoreOperation.Result restore(String file, boolean dryRun) {
        return new BackupRestoreOperation()
                .run(
                        new BackupRestoreOperation.Input(
                                file,
                                null,
                                ConnectionInput.instance("fresh"),
                                "env:BK_PASS",
                                dryRun,
                                false,
                                true,
                                null,
                                null,
                                null,
                                null,
                                null,
                                null),
                        context());
    }

    private static BackupCreateOperation.Part part(BackupCreateOperation.Result r) {
        return r.parts().stream()
                .filter(p -> p.part().equals("config"))
                .findFirst()
                .orElseThrow();
    }

    private static Set<String> routes(List<Domain> domains) {
        return domains.stream()
                .map(d -> d.host() + ":" + d.port() + ":" + d.https() + ":" + d.serviceName())
                .collect(Collectors.toSet());
    }

    private static Map<String, String> files(List<Mount> mounts) {
        return mounts.stream().collect(Collectors.toMap(Mount::filePath, m -> String.valueOf(m.content())));
    }

    @Test
    void configMovesOntoAnotherComposeWhichIsRedeployedHealthy() throws Exception {
        BackupCreateOperation.Result created = backup(true, null);
        BackupCreateOperation.Part part = part(created);
        assertEquals(BackupCreateOperation.PartStatus.included, part.status(), part::toString);
        Compose was = api.compose(source.composeId());
        List<Domain> sourceDomains = api.domains(source.composeId());
        List<Mount> sourceMounts = api.mounts(source.composeId());
        assertTrue(sourceMounts.size() > 1, "the template's mounts and the function");
        assertEquals(2 + sourceMounts.size(), part.items(), "env, compose file and each file mount");
        assertFalse(Json.MAPPER.writeValueAsString(created).contains(SECRET), "no env value in the result");

        // the source is gone (the disaster the backup is for): its domain is free to move
        api.deleteCompose(source.composeId(), false);
        List<Domain> freshOwn = api.domains(fresh.composeId());
        int deploymentsBefore = api.deployments(fresh.composeId()).size();

        BackupRestoreOperation.Result r = restore(created.file(), false);

        assertEquals(BackupRestoreOperation.Verdict.restored, r.verdict());
        assertEquals(1, r.rows(), "the database part too");
        BackupRestoreOperation.ConfigResult c = r.config();
        assertNotNull(c);
        assertEquals(fresh.composeId(), c.applicationId());
        assertEquals(source.composeId(), c.sourceApplicationId());
        assertTrue(c.envAdded().contains("EDGE_PAYMENTS_SECRET"), c.envAdded()::toString);
        assertTrue(c.composeFileChanged());
        assertEquals(
                sourceDomains.stream().map(Domain::host).sorted().toList(),
                c.domainsCreated().stream().sorted().toList(),
                "the template's domain and the one added");
        assertTrue(c.domainsSkipped().isEmpty(), c.domainsSkipped()::toString);
        assertTrue(c.mountsCreated().contains(FUNCTION), c.mountsCreated()::toString);
        assertNotNull(c.deploymentId(), "a deploy was queued");
        assertEquals("healthy", c.health());
        assertFalse(Json.MAPPER.writeValueAsString(r).contains(SECRET), "no env value in the restore's result");

        Compose now = api.compose(fresh.composeId());
        assertEquals(was.env(), now.env(), "the env, secrets included");
        assertEquals(was.composeFile(), now.composeFile());
        Set<String> expected = routes(sourceDomains);
        expected.addAll(routes(freshOwn)); // the target's own domain stays
        assertEquals(expected, routes(api.domains(fresh.composeId())));
        Map<String, String> mounts = files(api.mounts(fresh.composeId()));
        files(sourceMounts).forEach((file, content) -> assertEquals(content, mounts.get(file), file));
        assertEquals(deploymentsBefore + 1, api.deployments(fresh.composeId()).size(), "one redeploy");
    }

    @Test
    void aDomainStillLiveOnTheSourceIsSkippedAndNamed() {
        BackupCreateOperation.Result created = backup(true, true);

        BackupRestoreOperation.ConfigResult c = restore(created.file(), false).config();

        assertEquals(List.of(), c.domainsCreated());
        List<String> hosts =
                api.domains(source.composeId()).stream().map(Domain::host).toList();
        assertEquals(hosts.size(), c.domainsSkipped().size(), () -> hosts + " vs " + c.domainsSkipped());
        assertTrue(
                c.domainsSkipped()
                        .contains("api.production.example: still routed to compose " + source.composeId()
                                + ", the backup's source; remove it there, then add it to " + fresh.composeId()),
                c.domainsSkipped()::toString);
        assertTrue(
                api.domains(fresh.composeId()).stream().noneMatch(d -> d.host().equals("api.production.example")));
        assertEquals(
                api.compose(source.composeId()).env(),
                api.compose(fresh.composeId()).env());
        assertEquals("healthy", c.health());
    }

    @Test
    void ontoItsOwnComposeTheConfigRollsBackWhatChangedSinceAndKeepsItsDomains() {
        BackupCreateOperation.Result created = backup(true, true);
        Compose backedUp = api.compose(source.composeId());
        List<Domain> domains = api.domains(source.composeId());
        Mount function = api.mounts(source.composeId()).stream()
                .filter(m -> FUNCTION.equals(m.filePath()))
                .findFirst()
                .orElseThrow();
        api.saveEnvironment(
                source.composeId(),
                DotEnv.parse(backedUp.env())
                        .set("EDGE_PAYMENTS_SECRET", "rotated")
                        .write());
        api.updateMountContent(function.mountId(), "export default () => 'broken'");

        BackupRestoreOperation.ConfigResult c = new BackupRestoreOperation()
                .run(
                        new BackupRestoreOperation.Input(
                                created.file(),
                                null,
                                ConnectionInput.instance("fresh"),
                                "env:BK_PASS",
                                false,
                                false,
                                true,
                                source.composeId(),
                                null,
                                null,
                                null,
                                null,
                                null),
                        context())
                .config();

        assertEquals(List.of("EDGE_PAYMENTS_SECRET"), c.envChanged());
        assertEquals(List.of(), c.envAdded());
        assertFalse(c.composeFileChanged());
        assertEquals(List.of(FUNCTION), c.mountsUpdated());
        assertEquals(List.of(), c.mountsCreated());
        assertEquals(List.of(), c.domainsCreated());
        assertEquals(List.of(), c.domainsSkipped(), "its own domains are not 'live elsewhere'");
        assertEquals("healthy", c.health());
        assertEquals(backedUp.env(), api.compose(source.composeId()).env());
        assertEquals(routes(domains), routes(api.domains(source.composeId())));
        assertEquals(
                "export default () => 'hello'",
                files(api.mounts(source.composeId())).get(FUNCTION));
    }

    @Test
    void aFailedRedeploySaysTheDatabaseAndConfigAreInPlace() {
        BackupCreateOperation.Result created = backup(true, true);
        sim.deployFails(true);

        SupaException e = assertThrows(SupaException.class, () -> restore(created.file(), false));

        assertEquals(ErrorCode.DOKPLOY_DEPLOY_FAILED, e.code(), e::getMessage);
        assertTrue(
                e.getMessage()
                        .startsWith("The database was restored and the stack config put onto compose "
                                + fresh.composeId() + ", but its redeploy failed: "),
                e.getMessage());
        assertFalse(e.getMessage().contains(SECRET));
        assertEquals(
                api.compose(source.composeId()).env(),
                api.compose(fresh.composeId()).env());
    }

    @Test
    void anEnvDokployCannotDecryptIsNeverBackedUpAsCiphertext() {
        sim.encryptionKeyChanged();

        SupaException e = assertThrows(SupaException.class, () -> backup(true, true));
        assertEquals(ErrorCode.DOKPLOY_INVALID_RESPONSE, e.code(), e::getMessage);

        BackupCreateOperation.Part part = part(backup(true, null));
        assertEquals(BackupCreateOperation.PartStatus.skipped, part.status());
        assertTrue(part.note().startsWith("Dokploy could not be read: "), part.note());
    }

    @Test
    void aDryRunNamesTheEnvKeysAndChangesNothing() throws Exception {
        BackupCreateOperation.Result created = backup(true, null);
        Compose before = api.compose(fresh.composeId());
        int deployments = api.deployments(fresh.composeId()).size();

        BackupRestoreOperation.Result r = restore(created.file(), true);

        assertTrue(r.dryRun());
        assertTrue(r.config().envAdded().contains("EDGE_PAYMENTS_SECRET"));
        assertTrue(r.config().composeFileChanged());
        assertTrue(r.config().mountsCreated().contains(FUNCTION));
        assertNull(r.config().deploymentId());
        assertFalse(Json.MAPPER.writeValueAsString(r).contains(SECRET));
        Compose after = api.compose(fresh.composeId());
        assertEquals(before.env(), after.env());
        assertEquals(before.composeFile(), after.composeFile());
        assertEquals(deployments, api.deployments(fresh.composeId()).size());
        assertFalse(files(api.mounts(fresh.composeId())).containsKey(FUNCTION));
    }

    @Test
    void unencryptedTheConfigIsRefusedWhenAskedForAndSkippedOtherwise() throws Exception {
        SupaException e = assertThrows(SupaException.class, () -> backup(false, true));
        assertEquals(ErrorCode.BACKUP_NEEDS_ENCRYPTION, e.code());
        try (var files = Files.list(dir)) {
            assertEquals(0, files.count(), "refused before any file was written");
        }

        BackupCreateOperation.Result plain = backup(false, null);
        BackupCreateOperation.Part part = part(plain);
        assertEquals(BackupCreateOperation.PartStatus.skipped, part.status());
        assertTrue(part.note().contains("not encrypted"), part.note());
        try (ArchiveReader reader = ArchiveReader.open(Path.of(plain.file()), null)) {
            for (ArchiveReader.Section s = reader.next(); s.type() != ArchiveFormat.END; s = reader.next()) {
                assertFalse(s.type() == ArchiveFormat.CONFIG, "no config section in a plain archive");
                s.content().transferTo(java.io.OutputStream.nullOutputStream());
            }
        }
    }

    @Test
    void restoreWithConfigOfABackupWithoutItRestoresNothing() throws Exception {
        BackupCreateOperation.Result created = backup(true, false);
        assertEquals(BackupCreateOperation.PartStatus.skipped, part(created).status());

        SupaException e = assertThrows(SupaException.class, () -> restore(created.file(), false));

        assertEquals(ErrorCode.VALIDATION_INVALID_INPUT, e.code(), e::getMessage);
        try (var conn = pg.adminConnection(freshDb);
                var rs = conn.createStatement()
                        .executeQuery("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")) {
            rs.next();
            assertEquals(0, rs.getInt(1), "the database part was rolled back");
        }
    }

    @Test
    void verifyChecksTheSectionAgainstTheManifest() {
        BackupCreateOperation.Result created = backup(true, null);
        BackupVerifyOperation.Result ok = new BackupVerifyOperation()
                .run(new BackupVerifyOperation.Input(created.file(), "env:BK_PASS", null), context());
        assertEquals("valid", ok.verdict());

        StackConfig config = new StackConfig("c1", "n", "app", "raw", "A=1\nB=2\n", "services: {}\n", null, null);
        StackConfig.Read read = new StackConfig.Read(config, config.summary(config.bytes()));
        StackConfig other = new StackConfig("c1", "n", "app", "raw", "A=1\nB=3\n", "services: {}\n", null, null);
        BackupManifest differs = new BackupManifest(
                "id",
                List.of(),
                List.of(),
                List.of(),
                0,
                0,
                Map.of("config", Json.MAPPER.valueToTree(other.summary(other.bytes()))));
        assertEquals(
                ErrorCode.BACKUP_TAMPERED,
                assertThrows(SupaException.class, () -> StackConfig.check(read, differs))
                        .code());
        BackupManifest without = new BackupManifest("id", List.of(), List.of(), List.of(), 0, 0, Map.of());
        assertEquals(
                ErrorCode.BACKUP_TAMPERED,
                assertThrows(SupaException.class, () -> StackConfig.check(read, without))
                        .code());
        BackupManifest listed = new BackupManifest(
                "id",
                List.of(),
                List.of(),
                List.of(),
                0,
                0,
                Map.of("config", Json.MAPPER.valueToTree(config.summary(config.bytes()))));
        StackConfig.check(read, listed);
        assertEquals(
                ErrorCode.BACKUP_TAMPERED,
                assertThrows(SupaException.class, () -> StackConfig.check(null, listed))
                        .code());
    }
}
