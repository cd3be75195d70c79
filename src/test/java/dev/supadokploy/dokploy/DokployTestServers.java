package dev.supadokploy.dokploy;

import dev.supadokploy.config.Secret;
import java.time.Duration;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;

/** Small helpers for tests that script Dokploy's answers with MockWebServer. */
final class DokployTestServers {
    static final String KEY = "test-key-0123456789";
    /** Fast retries so the tests do not sleep for real, except where they measure Retry-After. */
    static final RetryPolicy FAST_RETRY =
            new RetryPolicy(4, Duration.ofMillis(5), Duration.ofMillis(20), Duration.ofSeconds(3));

    private DokployTestServers() {}

    static DokployClient client(MockWebServer server) {
        return client(server.url("/").toString(), Duration.ofSeconds(5));
    }

    static DokployClient client(String url, Duration readTimeout) {
        return new DokployClient(
                DokployEndpoint.of(url, Secret.of(KEY)),
                new DokployClient.Options(Duration.ofSeconds(2), readTimeout, FAST_RETRY));
    }

    static MockResponse json(int code, String body) {
        return new MockResponse.Builder()
                .code(code)
                .addHeader("Content-Type", "application/json")
                .body(body)
                .build();
    }

    static MockResponse ok(String body) {
        return json(200, body);
    }

    static MockResponse version(String v) {
        return ok("\"" + v + "\"");
    }
}
