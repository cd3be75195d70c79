package dev.supadokploy.config;

/**
 * A {@code [destinations.NAME]} table: an S3-compatible store backups go to. {@code bucket} (optional) makes an
 * {@code s3://bucket/…} location choose this destination without --destination. The keys are references
 * ({@code env:NAME}, {@code file:PATH}), resolved when used; the secret is only ever sent to {@code endpoint}.
 */
public record DestinationConfig(
        String name,
        String endpoint,
        String region,
        Boolean pathStyle,
        String bucket,
        String accessKeyId,
        String secretAccessKey) {}
