package dev.supadokploy.dokploy;

import static dev.supadokploy.dokploy.DokployTestServers.KEY;
import static dev.supadokploy.dokploy.DokployTestServers.client;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.supadokploy.errors.ErrorCode;
import dev.supadokploy.errors.SupaException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DokployLogSocketTest {
    private MockWebServer server;

    @BeforeEach
    void start() throws Exception {
        server = new MockWebServer();
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** Answers the client's close like Dokploy's ws server does, so MockWebServer can shut down. */
    private abstract static class LogServer extends WebSocketListener {
        @Override
        public void onClosing(WebSocket ws, int code, String reason) {
            ws.close(1000, null);
        }
    }

    private void serve(WebSocketListener listener) {
        server.enqueue(new MockResponse.Builder().webSocketUpgrade(listener).build());
    }

    @Test
    void linesSplitAcrossFramesAreJoinedAndTheQuietEndsTheRead() throws Exception {
        serve(new LogServer() {
            @Override
            public void onOpen(WebSocket ws, Response response) {
                ws.send("2026-11-24T02:03:04.5Z first li");
                ws.send("ne\r\n2026-11-24T02:03:05Z second\r\n");
                ws.send("2026-11-24T02:03:06Z no newline yet");
                // and then nothing: Dokploy keeps following
            }
        });
        long start = System.nanoTime();
        List<LogLine> lines = ContainerLogSocket.read(
                client(server), "abc123", new LogQuery(20, "5m", null), Duration.ofMillis(300), Duration.ofSeconds(10));
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertEquals(
                List.of(
                        new LogLine(Instant.parse("2026-11-24T02:03:04.5Z"), "first line"),
                        new LogLine(Instant.parse("2026-11-24T02:03:05Z"), "second"),
                        new LogLine(Instant.parse("2026-11-24T02:03:06Z"), "no newline yet")),
                lines);
        assertTrue(millis < 5000, "stopped after the quiet period, took " + millis + " ms");

        RecordedRequest r = server.takeRequest(1, TimeUnit.SECONDS);
        assertEquals("/docker-container-logs", r.getUrl().encodedPath());
        assertEquals("abc123", r.getUrl().queryParameter("containerId"));
        assertEquals("20", r.getUrl().queryParameter("tail"));
        assertEquals("5m", r.getUrl().queryParameter("since"));
        assertEquals("", r.getUrl().queryParameter("search"), "always sent, so every version reads the same query");
        assertEquals(KEY, r.getHeaders().get("x-api-key"));
    }

    /** A busy container never falls quiet: the read ends with the tail, without the lines logged since. */
    @Test
    void aBusyContainersTailEndsTheReadAtOnce() {
        serve(new LogServer() {
            @Override
            public void onOpen(WebSocket ws, Response response) {
                ws.send("2026-11-24T02:03:04Z old one\r\n2026-11-24T02:03:05Z old two\r\n2026-11-24T02:03:06Z ne");
                Thread busy = new Thread(() -> {
                    for (int i = 0; i < 200 && ws.send("w\r\n2026-11-24T02:03:07Z new " + i + "\r\n"); i++) {
                        try {
                            Thread.sleep(50);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                });
                busy.setDaemon(true);
                busy.start();
            }
        });
        long start = System.nanoTime();
        List<LogLine> lines = ContainerLogSocket.read(
                client(server), "abc123", new LogQuery(2, "all", null), Duration.ofSeconds(2), Duration.ofSeconds(10));
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertEquals(
                List.of(
                        new LogLine(Instant.parse("2026-11-24T02:03:04Z"), "old one"),
                        new LogLine(Instant.parse("2026-11-24T02:03:05Z"), "old two")),
                lines);
        assertTrue(millis < 1500, "did not wait for a quiet that never comes: " + millis + " ms");
    }

    @Test
    void followHandsOverLinesAsTheyCome() {
        serve(new LogServer() {
            @Override
            public void onOpen(WebSocket ws, Response response) {
                ws.send("2026-11-24T02:03:04Z one\n");
                ws.send("2026-11-24T02:03:05Z two\n");
            }
        });
        List<LogLine> seen = new ArrayList<>();
        try (ContainerLogSocket socket = new DokployApi(client(server)).followLogs("abc", LogQuery.tail(5))) {
            while (seen.size() < 2 && socket.next(Duration.ofSeconds(5), seen::add)) {
                // keep reading
            }
        }
        assertEquals(List.of("one", "two"), seen.stream().map(LogLine::message).toList());
    }

    /** validateRequest failed: Dokploy's bare ws.close() before any output, the same for every kind of unaccepted key. */
    @Test
    void closedBeforeAnyOutputMeansTheKeyWasNotAccepted() {
        serve(new LogServer() {
            @Override
            public void onOpen(WebSocket ws, Response response) {
                ws.close(1000, null);
            }
        });
        SupaException e = assertThrows(
                SupaException.class,
                () -> ContainerLogSocket.read(
                        client(server), "abc", LogQuery.tail(5), Duration.ofSeconds(5), Duration.ofSeconds(10)));
        assertEquals(ErrorCode.DOKPLOY_UNAUTHORIZED, e.code());
        assertTrue(e.getMessage().contains("rate-limited"), e.getMessage());
        assertTrue(
                e.suggestion().contains("rateLimitEnabled:false")
                        && e.suggestion().contains("Settings → Profile → API/CLI"),
                e.suggestion());
        assertFalse(e.suggestion().contains("dashboard session"), "no version ever took only a session on the socket");
        assertEquals("/docker-container-logs", e.details().get("procedure"));
    }

    /** canAccessDockerOverWss (v0.29.13+) said no: a permission, not the key. */
    @Test
    void closedWith4003IsAMissingPermission() {
        serve(new LogServer() {
            @Override
            public void onOpen(WebSocket ws, Response response) {
                ws.close(4003, "Not authorized");
            }
        });
        SupaException e = assertThrows(
                SupaException.class,
                () -> ContainerLogSocket.read(
                        client(server), "abc", LogQuery.tail(5), Duration.ofSeconds(5), Duration.ofSeconds(10)));
        assertEquals(ErrorCode.DOKPLOY_LOGS_FORBIDDEN, e.code());
        assertTrue(
                e.getMessage().contains("accepted the API key")
                        && e.getMessage().contains("docker permission"),
                e.getMessage());
        assertTrue(e.suggestion().contains("Settings → Users"), e.suggestion());
        assertFalse(e.suggestion().contains("DOKPLOY_API_KEY"), "not a key problem: " + e.suggestion());
        assertEquals(4003, e.details().get("closeCode"));
    }

    @Test
    void closedWith4000NamesTheRefusedParameter() {
        serve(new LogServer() {
            @Override
            public void onOpen(WebSocket ws, Response response) {
                ws.close(4000, "Invalid since parameter");
            }
        });
        SupaException e = assertThrows(
                SupaException.class,
                () -> ContainerLogSocket.read(
                        client(server), "abc", LogQuery.tail(5), Duration.ofSeconds(5), Duration.ofSeconds(10)));
        assertEquals(ErrorCode.VALIDATION_REJECTED_BY_SERVER, e.code());
        assertTrue(e.getMessage().endsWith("Invalid since parameter"), e.getMessage());
    }

    /** Texts that are not log lines end the read as errors instead of being shown as the container's output. */
    @Test
    void dockersAndDokployCloudsTextsAreErrorsNotLines() {
        serve(new LogServer() {
            @Override
            public void onOpen(WebSocket ws, Response response) {
                ws.send("Error response from daemon: No such container: abc\r\n"); // and the socket stays open
            }
        });
        SupaException gone = assertThrows(
                SupaException.class,
                () -> ContainerLogSocket.read(
                        client(server), "abc", LogQuery.tail(5), Duration.ofSeconds(5), Duration.ofSeconds(10)));
        assertEquals(ErrorCode.DOKPLOY_NOT_FOUND, gone.code());
        assertTrue(gone.getMessage().contains("No such container: abc"), gone.getMessage());

        serve(new LogServer() {
            @Override
            public void onOpen(WebSocket ws, Response response) {
                ws.send("This feature is not available in the cloud version.");
                ws.close(1000, null);
            }
        });
        SupaException cloud = assertThrows(
                SupaException.class,
                () -> ContainerLogSocket.read(
                        client(server), "abc", LogQuery.tail(5), Duration.ofSeconds(5), Duration.ofSeconds(10)));
        assertEquals(ErrorCode.DOKPLOY_SERVER_REQUIRED, cloud.code());
    }

    /** serverId runs docker logs on the compose's server; serviceId (the composeId) is what v0.29.13+ checks access to. */
    @Test
    void theComposesServerAndServiceTravelWithTheSocket() throws Exception {
        serve(new LogServer() {
            @Override
            public void onOpen(WebSocket ws, Response response) {
                ws.send("2026-11-24T02:03:04Z one\r\n");
            }
        });
        List<LogLine> lines = ContainerLogSocket.read(
                client(server),
                "abc",
                LogQuery.tail(1),
                new ContainerLogSocket.Target("srv-1", "c1"),
                Duration.ofSeconds(5),
                Duration.ofSeconds(10));
        assertEquals(List.of("one"), lines.stream().map(LogLine::message).toList());
        RecordedRequest r = server.takeRequest(1, TimeUnit.SECONDS);
        assertEquals("srv-1", r.getUrl().queryParameter("serverId"));
        assertEquals("c1", r.getUrl().queryParameter("serviceId"));

        serve(new LogServer() {
            @Override
            public void onOpen(WebSocket ws, Response response) {
                ws.send("2026-11-24T02:03:04Z one\r\n");
            }
        });
        ContainerLogSocket.read(client(server), "abc", LogQuery.tail(1), Duration.ofSeconds(5), Duration.ofSeconds(10));
        RecordedRequest local = server.takeRequest(1, TimeUnit.SECONDS);
        assertNull(local.getUrl().queryParameter("serverId"), "Dokploy's own host: no serverId at all");
    }

    @Test
    void refusedUpgradeIsMapped() {
        server.enqueue(new MockResponse.Builder().code(401).body("Unauthorized").build());
        SupaException e = assertThrows(
                SupaException.class,
                () -> ContainerLogSocket.read(
                        client(server), "abc", LogQuery.tail(5), Duration.ofSeconds(5), Duration.ofSeconds(10)));
        assertEquals(ErrorCode.DOKPLOY_UNAUTHORIZED, e.code());
        assertEquals(401, e.details().get("status"));
    }

    @Test
    void quietSocketWithNothingLoggedIsEmpty() {
        serve(new LogServer() {});
        List<LogLine> lines = ContainerLogSocket.read(
                client(server), "abc", LogQuery.tail(5), Duration.ofMillis(200), Duration.ofSeconds(5));
        assertEquals(List.of(), lines);
    }
}
