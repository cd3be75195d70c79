package dev.supadokploy.cli.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.supadokploy.testing.CliRunner;
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

/**
 * {@code monitor logs --follow} against a scripted Dokploy that splits lines across WebSocket frames:
 * compose.one, the container list, then the socket streaming lines split across frames and closing.
 */
class MonitorLogsFollowTest {
    private static final String APP = "acme-supabase-k3j9x2";
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

    private static MockResponse json(String body) {
        return new MockResponse.Builder()
                .addHeader("Content-Type", "application/json")
                .body(body)
                .build();
    }

    @Test
    void followPrintsLinesAsTheyComeAndStopsWhenDokployClosesTheStream() throws Exception {
        server.enqueue(json(
                "{\"composeId\":\"c1\",\"name\":\"supabase\",\"appName\":\"" + APP + "\",\"composeStatus\":\"done\"}"));
        server.enqueue(json("[{\"containerId\":\"" + "a".repeat(64) + "\",\"name\":\"" + APP
                + "-auth-1\",\"state\":\"running\"," + "\"status\":\"Up 3 minutes (healthy)\"}]"));
        server.enqueue(new MockResponse.Builder()
                .webSocketUpgrade(new WebSocketListener() {
                    @Override
                    public void onOpen(WebSocket ws, Response response) {
                        ws.send("2026-11-24T02:03:04Z auth sta");
                        ws.send("rted\r\n2026-11-24T02:03:05Z auth ready\r\n");
                        ws.close(1000, "container stopped");
                    }

                    @Override
                    public void onClosing(WebSocket ws, int code, String reason) {
                        ws.close(1000, null);
                    }
                })
                .build());
        String url = server.url("/").toString().replaceAll("/$", "");
        CliRunner.Result r = new CliRunner()
                .env("DOKPLOY_URL", url)
                .env("DOKPLOY_API_KEY", "test-key")
                .run("monitor", "logs", "--compose-id", "c1", "--service", "auth", "--follow", "--timestamps");
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals("2026-11-24T02:03:04Z auth started\n2026-11-24T02:03:05Z auth ready\n", r.stdout());
        assertTrue(r.stderr().contains("Following " + APP + "-auth-1"), r.stderr());
        assertTrue(r.stderr().contains("closed the log stream"), r.stderr());

        server.takeRequest(1, TimeUnit.SECONDS);
        server.takeRequest(1, TimeUnit.SECONDS);
        RecordedRequest socket = server.takeRequest(1, TimeUnit.SECONDS);
        assertEquals("/docker-container-logs", socket.getUrl().encodedPath());
        assertEquals("a".repeat(64), socket.getUrl().queryParameter("containerId"));
        assertEquals("100", socket.getUrl().queryParameter("tail"));
    }
}
