package dev.supadokploy.dokploy;

/**
 * An S3 destination defined in Dokploy ({@code destination.one}; Dokploy's packages/server/src/db/schema/destination.ts):
 * Dokploy's own backups reach it with rclone and {@code --s3-force-path-style}. toString leaves the secret out.
 */
public record Destination(
        String destinationId,
        String name,
        String provider,
        String accessKey,
        String secretAccessKey,
        String bucket,
        String region,
        String endpoint) {
    @Override
    public String toString() {
        return "Destination[" + destinationId + ", " + name + ", bucket=" + bucket + ", endpoint=" + endpoint + "]";
    }
}
