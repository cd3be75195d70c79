package dev.supadokploy.testing;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The real Supabase Storage server (storage-api) of {@code ../shared/storage-api}, one per name: its own PostgreSQL 15
 * cluster with a database built as the self-hosted stack builds it, the file backend, and the Kong-like gateway, started
 * fresh (empty database and files) by that directory's start.sh and stopped by its stop.sh. The prepared server tree
 * ($SUPA_DOKPLOY_STORAGE_API_TREE, default /tmp/storage-api, made once by prepare.sh) is shared through symbolic links,
 * so a second server costs a database build (~30 s), not a second npm install. Tests skip, saying why, when
 * ../shared/storage-api, PostgreSQL 15's binaries or the prepared tree (and the network to make it) are absent.
 */
public final class StorageApi implements AutoCloseable {
    private final Map<String, String> env;
    private final Map<String, String> client;

    private StorageApi(Map<String, String> env, Map<String, String> client) {
        this.env = env;
        this.client = client;
    }

    static Path source() {
        String configured = System.getenv("SUPA_DOKPLOY_STORAGE_API");
        return configured != null && !configured.isBlank()
                ? Path.of(configured)
                : Path.of(System.getProperty("user.dir"))
                        .resolve("../shared/storage-api")
                        .normalize();
    }

    /** A fresh server named {@code name} on its own ports (PostgreSQL, storage-api, gateway). */
    public static StorageApi start(String name, int pgPort, int storagePort, int gatewayPort) throws Exception {
        Path dir = source();
        Assumptions.assumeTrue(
                Files.isExecutable(dir.resolve("start.sh")),
                "../shared/storage-api absent (" + dir + "): tests with the real Storage server are skipped");
        Assumptions.assumeTrue(
                Files.isExecutable(Path.of("/usr/lib/postgresql/15/bin/pg_ctl")),
                "PostgreSQL 15 binaries absent (/usr/lib/postgresql/15/bin): the Storage server's database cannot start");
        Path tree = Path.of(System.getenv().getOrDefault("SUPA_DOKPLOY_STORAGE_API_TREE", "/tmp/storage-api"));
        if (!Files.exists(tree.resolve(".prepared"))) {
            int rc = run(dir.resolve("prepare.sh"), Map.of("SA", tree.toString()), 600);
            Assumptions.assumeTrue(
                    rc == 0, "storage-api could not be prepared (prepare.sh needs the npm registry once): skipped");
        }
        Path sa = Path.of("/tmp/storage-api-" + name);
        Files.createDirectories(sa);
        for (String link : List.of("node", "app")) {
            if (!Files.exists(sa.resolve(link))) {
                Files.createSymbolicLink(sa.resolve(link), tree.resolve(link));
            }
        }
        Files.copy(
                tree.resolve(".prepared"), sa.resolve(".prepared"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Map<String, String> env = new HashMap<>();
        env.put("SA", sa.toString());
        env.put("PGDIR", "/tmp/storage-pg-" + name);
        env.put("PGPORT", String.valueOf(pgPort));
        env.put("STORAGE_PORT", String.valueOf(storagePort));
        env.put("GATEWAY_PORT", String.valueOf(gatewayPort));
        Map<String, String> fresh = new HashMap<>(env);
        fresh.put("FRESH", "1");
        int rc = run(dir.resolve("start.sh"), fresh, 300);
        if (rc != 0) {
            throw new IllegalStateException("storage-api " + name + " did not start (rc " + rc + "); see " + sa
                    + "/server.log and /tmp/storage-pg-" + name + "/build-db.log");
        }
        Map<String, String> client = new HashMap<>();
        for (String line : Files.readAllLines(sa.resolve("client.env"))) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                client.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return new StorageApi(env, client);
    }

    private static int run(Path script, Map<String, String> env, int seconds) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("bash", script.toString()).redirectErrorStream(true);
        pb.environment().putAll(env);
        pb.redirectOutput(
                ProcessBuilder.Redirect.appendTo(Path.of(System.getProperty("java.io.tmpdir"), "storage-api-test.log")
                        .toFile()));
        Process p = pb.start();
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return -1;
        }
        return p.exitValue();
    }

    /** The stack's public URL (the gateway), as SUPABASE_PUBLIC_URL. */
    public String publicUrl() {
        return client.get("SUPABASE_URL");
    }

    public String keyId() {
        return client.get("STORAGE_S3_ACCESS_KEY_ID");
    }

    public String secretKey() {
        return client.get("STORAGE_S3_SECRET_ACCESS_KEY");
    }

    /** The database Storage serves (trust auth, the stack's postgres login). */
    public String databaseUrl() {
        return client.get("DATABASE_URL");
    }

    /** A client of the test's own on Storage's S3 endpoint (not the code under test's). */
    public S3Client s3() {
        return S3Client.builder()
                .endpointOverride(URI.create(client.get("STORAGE_S3_URL")))
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(keyId(), secretKey())))
                .httpClient(UrlConnectionHttpClient.create())
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .build();
    }

    @Override
    public void close() throws Exception {
        run(source().resolve("stop.sh"), env, 120);
    }
}
