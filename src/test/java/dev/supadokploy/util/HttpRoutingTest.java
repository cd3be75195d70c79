package dev.supadokploy.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.supadokploy.errors.ErrorCode;
import dev.supadokploy.errors.SupaException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HttpRoutingTest {

    @Test
    void rulesParseLikeCurlsConnectTo() {
        List<HttpRouting.ConnectTo> rules =
                HttpRouting.parseRules("a.example.com:443:127.0.0.1:8443, :80:10.0.0.2:8080");
        assertEquals(new HttpRouting.ConnectTo("a.example.com", 443, "127.0.0.1", 8443), rules.get(0));
        assertEquals(new HttpRouting.ConnectTo(null, 80, "10.0.0.2", 8080), rules.get(1));
    }

    @Test
    void malformedRulesAreConfigurationErrorsNamingTheRule() {
        for (String bad : List.of("a.example.com:443", "a:443:b:port", "a:x:b:1", "a:443::1")) {
            SupaException e = assertThrows(
                    SupaException.class, () -> HttpRouting.fromEnv(Map.of("SUPA_DOKPLOY_CONNECT_TO", bad)));
            assertEquals(ErrorCode.CONFIGURATION_INVALID, e.code());
            assertTrue(e.getMessage().contains(bad), e.getMessage());
        }
    }

    @Test
    void aCaFileThatIsNotPemIsAConfigurationError(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("ca.pem"), "not a certificate");
        SupaException e = assertThrows(
                SupaException.class, () -> HttpRouting.fromEnv(Map.of("SUPA_DOKPLOY_CA_FILE", file.toString())));
        assertEquals(ErrorCode.CONFIGURATION_INVALID, e.code());
        SupaException missing = assertThrows(
                SupaException.class,
                () -> HttpRouting.fromEnv(
                        Map.of("SUPA_DOKPLOY_CA_FILE", dir.resolve("absent.pem").toString())));
        assertEquals(ErrorCode.CONFIGURATION_INVALID, missing.code());
    }

    /**
     * A name that does not resolve, on port 443, reaches a local TLS server through a rule, and the certificate is
     * checked against the original name with the extra CA trusted: the whole point of the two variables.
     */
    @Test
    void anUnresolvableHttpsHostIsReachedThroughARuleWithItsOwnNameChecked(@TempDir Path dir) throws Exception {
        HeldCertificate ca =
                new HeldCertificate.Builder().certificateAuthority(0).build();
        HeldCertificate leaf = new HeldCertificate.Builder()
                .addSubjectAlternativeName("stack.example.test")
                .signedBy(ca)
                .build();
        HandshakeCertificates serverCerts = new HandshakeCertificates.Builder()
                .heldCertificate(leaf, ca.certificate())
                .build();
        try (MockWebServer server = new MockWebServer()) {
            server.useHttps(serverCerts.sslSocketFactory());
            server.enqueue(new MockResponse.Builder().body("routed").build());
            server.start(InetAddress.getLoopbackAddress(), 0);
            Path caFile = Files.writeString(dir.resolve("ca.pem"), ca.certificatePem());
            HttpRouting routing = HttpRouting.fromEnv(Map.of(
                    "SUPA_DOKPLOY_CONNECT_TO",
                    "stack.example.test:443:127.0.0.1:" + server.getPort(),
                    "SUPA_DOKPLOY_CA_FILE",
                    caFile.toString()));
            OkHttpClient client = routing.applyTo(new OkHttpClient.Builder()).build();
            try (Response response = client.newCall(new Request.Builder()
                            .url("https://stack.example.test/x")
                            .build())
                    .execute()) {
                assertEquals("routed", response.body().string());
            }
            assertEquals("stack.example.test", server.takeRequest().getUrl().host());

            // without the CA the same route fails the certificate check instead of trusting blindly
            OkHttpClient untrusting = HttpRouting.fromEnv(
                            Map.of("SUPA_DOKPLOY_CONNECT_TO", "stack.example.test:443:127.0.0.1:" + server.getPort()))
                    .applyTo(new OkHttpClient.Builder())
                    .build();
            server.enqueue(new MockResponse.Builder().body("never").build());
            assertThrows(
                    javax.net.ssl.SSLException.class,
                    () -> untrusting
                            .newCall(new Request.Builder()
                                    .url("https://stack.example.test/x")
                                    .build())
                            .execute());
        }
    }

    @Test
    void noVariablesMeanDirectConnections() {
        assertTrue(HttpRouting.fromEnv(Map.of()).isDirect());
    }
}
