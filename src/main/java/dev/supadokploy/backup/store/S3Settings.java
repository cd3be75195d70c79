package dev.supadokploy.backup.store;

import dev.supadokploy.config.Secret;
import java.net.URI;

/**
 * How to reach an S3-compatible store: the endpoint (null: AWS itself), region, path-style addressing, and the key
 * pair. The secret is sent to {@code endpoint} only, the one it was configured with; {@code origin} says where the
 * settings came from ("destination offsite", "the AWS environment") for error messages, never the keys.
 */
public record S3Settings(
        URI endpoint, String region, boolean pathStyle, String accessKeyId, Secret secretAccessKey, String origin) {
    @Override
    public String toString() {
        return "S3Settings[" + origin + ", endpoint=" + (endpoint == null ? "AWS" : endpoint) + ", region=" + region
                + "]";
    }
}
