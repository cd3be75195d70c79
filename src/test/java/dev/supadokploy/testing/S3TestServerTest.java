package dev.supadokploy.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** The fixture is a real S3 server: objects round-trip, and a wrong secret key is refused by signature. */
class S3TestServerTest {
    @Test
    void objectsRoundTripAndAWrongSecretIsRefused(@TempDir Path dir) throws Exception {
        try (S3TestServer server = S3TestServer.start(dir.resolve("s3"));
                S3Client s3 = server.client()) {
            s3.createBucket(b -> b.bucket("offsite"));
            byte[] body = "hello".getBytes(StandardCharsets.UTF_8);
            s3.putObject(p -> p.bucket("offsite").key("a/b.txt"), RequestBody.fromBytes(body));
            assertArrayEquals(
                    body,
                    s3.getObjectAsBytes(g -> g.bucket("offsite").key("a/b.txt")).asByteArray());
            try (S3Client wrong = S3Client.builder()
                    .endpointOverride(server.endpoint())
                    .region(Region.of(S3TestServer.REGION))
                    .forcePathStyle(true)
                    .credentialsProvider(StaticCredentialsProvider.create(
                            AwsBasicCredentials.create(S3TestServer.ACCESS_KEY, "not-the-secret")))
                    .httpClient(UrlConnectionHttpClient.create())
                    .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                    .build()) {
                S3Exception refused =
                        assertThrows(S3Exception.class, () -> wrong.listObjectsV2(l -> l.bucket("offsite")));
                assertEquals(403, refused.statusCode());
            }
        }
    }
}
