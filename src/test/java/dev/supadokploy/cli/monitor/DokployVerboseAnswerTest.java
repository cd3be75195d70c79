package dev.supadokploy.cli.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.supadokploy.testing.CliRunner;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code --verbose} shows Dokploy's answer to a failed call (the error's cause in the stack trace), with its secrets
 * redacted; without it the one error line is all. The body here is what a failing Dokploy may echo: an env line, a
 * JWT, and the key itself.
 */
class DokployVerboseAnswerTest {
    private static final String KEY = "verbose-test-key-7f3a9c2e";
    private static final String JWT =
            "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJyb2xlIjoiYW5vbiJ9.c2lnbmF0dXJlc2lnbmF0dXJlc2ln";
    private MockWebServer server;

    @BeforeEach
    void start() throws Exception {
        server = new MockWebServer();
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return new MockResponse.Builder()
                        .code(500)
                        .addHeader("Content-Type", "application/json")
                        .body("{\"message\":\"Command failed: POSTGRES_PASSWORD=s3cretPassw0rdValue ANON_KEY=" + JWT
                                + " key=" + KEY
                                + "\",\"code\":\"INTERNAL_SERVER_ERROR\",\"data\":{\"httpStatus\":500}}")
                        .build();
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void verboseShowsDokploysAnswerRedactedAndTheDefaultDoesNot() {
        String url = server.url("/").toString().replaceAll("/$", "");
        CliRunner.Result quiet = new CliRunner()
                .env("DOKPLOY_URL", url)
                .env("DOKPLOY_API_KEY", KEY)
                .run("monitor", "health", "--compose-id", "c1");
        CliRunner.Result verbose = new CliRunner()
                .env("DOKPLOY_URL", url)
                .env("DOKPLOY_API_KEY", KEY)
                .run("--verbose", "monitor", "health", "--compose-id", "c1");

        assertEquals(quiet.exitCode(), verbose.exitCode());
        assertTrue(quiet.stderr().contains("[DOKPLOY_SERVER_ERROR]"), quiet::toString);
        assertFalse(quiet.stderr().contains("Dokploy's answer to"), "one line by default: " + quiet);
        assertTrue(verbose.stderr().contains("Dokploy's answer to GET compose.one: HTTP 500"), verbose::toString);
        assertTrue(verbose.stderr().contains("\"httpStatus\":500"), "the whole body: " + verbose.stderr());
        assertTrue(verbose.stderr().contains("POSTGRES_PASSWORD=…(redacted"), verbose.stderr());
        for (CliRunner.Result r : new CliRunner.Result[] {quiet, verbose}) {
            for (String secret : new String[] {"s3cretPassw0rdValue", JWT, KEY}) {
                assertFalse(r.stderr().contains(secret) || r.stdout().contains(secret), "leaked " + secret + ": " + r);
            }
        }
    }
}
