package dev.supadokploy.ops.backup;

import dev.supadokploy.backup.store.S3Settings;
import dev.supadokploy.config.Secret;
import dev.supadokploy.dokploy.Destination;
import dev.supadokploy.errors.SupaException;
import dev.supadokploy.ops.OperationContext;
import dev.supadokploy.ops.connection.DokployConnector;
import dev.supadokploy.ops.connection.DokployInput;

/**
 * {@code --destination dokploy:ID}: the S3 destination Dokploy's own backups use, read with {@code destination.one}
 * from the configured Dokploy (DOKPLOY_URL / config.toml, never a server an agent names). Its keys go only to the
 * endpoint stored with them, path-style as Dokploy's rclone reaches it.
 */
final class DokployDestination {
    private DokployDestination() {}

    static S3Settings settings(String destinationId, String bucket, OperationContext ctx) {
        if (destinationId.isBlank()) {
            throw SupaException.invalidInput(
                    "dokploy: names no destination", "Give its id: --destination dokploy:<destinationId>.");
        }
        Destination d =
                DokployConnector.open(DokployInput.fromEnvironment(), ctx).destination(destinationId);
        if (d.bucket() != null && !d.bucket().equals(bucket)) {
            throw SupaException.invalidInput(
                    "The Dokploy destination " + d.name() + " (" + destinationId + ") is for the bucket " + d.bucket()
                            + ", not " + bucket,
                    "Write the location as s3://" + d.bucket() + "/PREFIX.");
        }
        return new S3Settings(
                BackupLocation.endpoint(d.endpoint(), "the endpoint of Dokploy destination " + d.name()),
                d.region() == null || d.region().isBlank() ? "us-east-1" : d.region(),
                true,
                d.accessKey(),
                Secret.of(d.secretAccessKey()),
                "Dokploy destination " + d.name() + " (" + destinationId + ")");
    }
}
