package dev.supadokploy.ops.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.supadokploy.backup.ArchiveFormat;
import dev.supadokploy.backup.ArchiveHeader;
import dev.supadokploy.backup.ArchiveWriter;
import dev.supadokploy.backup.store.S3ArchiveStore;
import dev.supadokploy.backup.store.S3Settings;
import dev.supadokploy.config.Secret;
import dev.supadokploy.errors.SupaException;
import dev.supadokploy.ops.OperationContext;
import dev.supadokploy.ops.connection.DokployConnector;
import dev.supadokploy.ops.connection.DokployInput;
import dev.supadokploy.testing.NeedsSimulator;
import dev.supadokploy.testing.S3TestServer;
import dev.supadokploy.testing.TestContext;
import dev.supadokploy.testing.dokploy.DokploySimulator;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --destination dokploy:ID}: the S3 destination defined in Dokploy (the simulator, as Dokploy's
 * destination.create / destination.one answer) reaches a real S3 server with its stored keys and endpoint.
 */
@NeedsSimulator
class BackupDokployDestinationTest {
    @TempDir
    Path dir;

    @Test
    void aDokployDestinationIsUsedWithItsOwnKeysAndBucket() throws Exception {
        try (DokploySimulator sim = DokploySimulator.start();
                S3TestServer s3 = S3TestServer.start(dir.resolve("s3"))) {
            s3.client().createBucket(b -> b.bucket("dokploy-backups"));
            OperationContext ctx = TestContext.with(Map.of("DOKPLOY_URL", sim.url(), "DOKPLOY_API_KEY", sim.apiKey()))
                    .build();
            Map<String, Object> destination = new LinkedHashMap<>();
            destination.put("name", "offsite");
            destination.put("provider", "Minio");
            destination.put("accessKey", S3TestServer.ACCESS_KEY);
            destination.put("secretAccessKey", S3TestServer.SECRET_KEY);
            destination.put("bucket", "dokploy-backups");
            destination.put("region", S3TestServer.REGION);
            destination.put("endpoint", s3.endpoint().toString());
            destination.put("additionalFlags", List.of());
            String id = DokployConnector.open(DokployInput.fromEnvironment(), ctx)
                    .client()
                    .mutate("destination.create", destination, JsonNode.class)
                    .path("destinationId")
                    .asText();

            S3Settings settings = BackupLocation.settings("dokploy-backups", "dokploy:" + id, ctx);
            assertTrue(settings.pathStyle(), "path-style, as Dokploy's rclone reaches it");
            assertEquals(s3.endpoint(), settings.endpoint());
            assertFalse(settings.toString().contains(S3TestServer.SECRET_KEY), settings::toString);
            ArchiveHeader h = new ArchiveHeader(
                    ArchiveFormat.VERSION,
                    "20260301T020000Z-0001",
                    Instant.parse("2026-03-01T02:00:00Z"),
                    "test",
                    "prod",
                    "db",
                    "17.6",
                    "zstd",
                    "text",
                    null);
            try (S3ArchiveStore store = new S3ArchiveStore(
                            new S3Settings(
                                    s3.endpoint(),
                                    S3TestServer.REGION,
                                    true,
                                    S3TestServer.ACCESS_KEY,
                                    Secret.of(S3TestServer.SECRET_KEY),
                                    "test"),
                            "dokploy-backups",
                            "prod/");
                    ArchiveWriter w = ArchiveWriter.create(store, "a" + ArchiveFormat.EXTENSION, h, null)) {
                w.section(ArchiveFormat.SCHEMA, Map.of(), new byte[] {'{', '}'});
                w.finish();
            }

            BackupListOperation.Result listed = new BackupListOperation()
                    .run(new BackupListOperation.Input("s3://dokploy-backups/prod/", "dokploy:" + id, null), ctx);
            assertEquals(
                    List.of("20260301T020000Z-0001"),
                    listed.backups().stream()
                            .map(BackupListOperation.Entry::backupId)
                            .toList());

            SupaException otherBucket = assertThrows(
                    SupaException.class,
                    () -> new BackupListOperation()
                            .run(new BackupListOperation.Input("s3://elsewhere/prod/", "dokploy:" + id, null), ctx));
            assertTrue(otherBucket.getMessage().contains("dokploy-backups"), otherBucket::getMessage);
            SupaException unknown = assertThrows(
                    SupaException.class,
                    () -> new BackupListOperation()
                            .run(
                                    new BackupListOperation.Input("s3://dokploy-backups/prod/", "dokploy:nope", null),
                                    ctx));
            assertTrue(unknown.getMessage().toLowerCase().contains("not found"), unknown::getMessage);
        }
    }
}
