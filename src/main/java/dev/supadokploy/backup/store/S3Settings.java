package dev.supadokploy.backup.store;

import dev.supadokploy.config.Secret;
import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * How to reach an S3-compatible store: the endpoint (null: AWS itself), region, path-style addressing, and the key
 * pair. The secret is sent to {@code endpoint} only, the one it was configured with; {@code origin} says where the
 * settings came from ("destination offsite", "the AWS environment") for error messages, never the keys.
 */
public record S3Settings(
        URI endpoint, String region, boolean pathStyle, String accessKeyId, Secret secretAccessKey, String origin) {
    /**
     * A client of these settings, for off-site archives and Storage's S3 endpoint alike: on the JDK's HTTP client,
     * bounded waits, three attempts, and checksums only when required (SDK 2.30+ sends CRC32 trailers by default,
     * which s3proxy, Storage, B2 and older MinIO/R2 answer 501; archives carry Content-MD5 per part instead).
     */
    public S3Client client() {
        var builder = S3Client.builder()
                .region(Region.of(region == null ? "us-east-1" : region))
                .forcePathStyle(pathStyle)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(accessKeyId, secretAccessKey.reveal())))
                .httpClient(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(10))
                        .socketTimeout(Duration.ofMinutes(2))
                        .build())
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .overrideConfiguration(c -> c.retryStrategy(b -> b.maxAttempts(3)));
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        return builder.build();
    }

    @Override
    public String toString() {
        return "S3Settings[" + origin + ", endpoint=" + (endpoint == null ? "AWS" : endpoint) + ", region=" + region
                + "]";
    }
}
