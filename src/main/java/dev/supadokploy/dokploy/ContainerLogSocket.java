package dev.supadokploy.dokploy;

import dev.supadokploy.errors.ErrorCode;
import dev.supadokploy.errors.SupaException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;

/**
 * Container logs over Dokploy's {@code /docker-container-logs} WebSocket, the only way before v0.29 and the way
 * to follow logs on any version. Dokploy runs {@code docker container logs --timestamps --follow … | grep -i
 * '<search>'} in a terminal and forwards its output as text frames: lines may be split across frames and end
 * in {@code \r\n}, and the stream never ends by itself.
 */
public final class ContainerLogSocket implements AutoCloseable {
    static final String PATH = "docker-container-logs";

    private sealed interface Event permits Text, Closed, Failed {}

    private record Text(String chunk) implements Event {}

    private record Closed(int code, String reason) implements Event {}

    private record Failed(Throwable error, Integer status) implements Event {}

    private final DokployClient client;
    private final String containerId;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final StringBuilder partial = new StringBuilder();
    private final WebSocket socket;
    private boolean received;
    private boolean ended;

    private ContainerLogSocket(DokployClient client, String containerId, LogQuery query) {
        this.client = client;
        this.containerId = containerId;
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("containerId", containerId);
        params.put("tail", query.tail());
        params.put("since", query.since());
        // Dokploy pipes into grep -i '<search>': an absent parameter becomes the word "null" and hides every line.
        params.put("search", query.search() == null ? "" : query.search());
        this.socket = client.webSocket(PATH, params, new WebSocketListener() {
            @Override
            public void onMessage(WebSocket webSocket, String text) {
                events.add(new Text(text));
            }

            @Override
            public void onClosing(WebSocket webSocket, int code, String reason) {
                events.add(new Closed(code, reason));
                webSocket.close(1000, null);
            }

            @Override
            public void onFailure(WebSocket webSocket, Throwable t, Response response) {
                events.add(new Failed(t, response == null ? null : response.code()));
            }
        });
    }

    public static ContainerLogSocket open(DokployClient client, String containerId, LogQuery query) {
        return new ContainerLogSocket(client, containerId, query);
    }

    /**
     * Reads what the container has logged so far: Docker sends at most {@code tail} lines before it starts
     * following, so the read stops as soon as that many have come (a busy container never falls quiet), else once
     * the socket has been quiet for {@code quiet} (fewer lines exist or matched the search) or after {@code limit}.
     */
    public static List<LogLine> read(DokployClient client, String containerId, LogQuery query, Duration quiet, Duration limit) {
        try (ContainerLogSocket s = open(client, containerId, query)) {
            List<LogLine> lines = new ArrayList<>();
            long deadline = System.nanoTime() + limit.toNanos();
            while (lines.size() < query.tail()) {
                long left = Math.min(quiet.toNanos(), deadline - System.nanoTime());
                if (left <= 0 || !s.next(Duration.ofNanos(left), lines::add)) {
                    break;
                }
            }
            if (lines.size() >= query.tail()) {
                return List.copyOf(lines.subList(0, query.tail())); // what came after the tail is already new output
            }
            s.flush(lines::add);
            return lines;
        }
    }

    /**
     * Waits up to {@code wait} for the next frame and hands its complete lines to {@code sink}.
     *
     * @return false when nothing came in time or the stream ended
     */
    public boolean next(Duration wait, Consumer<LogLine> sink) {
        Event event;
        try {
            event = events.poll(wait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SupaException(ErrorCode.INTERRUPTED, "Interrupted while reading container logs", "Run the command again.");
        }
        if (event == null) {
            return false;
        }
        if (event instanceof Text text) {
            received = true;
            accept(text.chunk(), sink);
            return true;
        }
        if (received) {
            ended = true;
            return false; // the stream ended after data: what came is the answer
        }
        throw failure(event);
    }

    /** The server closed the stream after sending output: nothing more will come. */
    public boolean ended() {
        return ended;
    }

    /** Emits a last line that had no newline yet. */
    public void flush(Consumer<LogLine> sink) {
        if (!partial.isEmpty()) {
            sink.accept(LogLine.parseLine(partial.toString()));
            partial.setLength(0);
        }
    }

    private void accept(String chunk, Consumer<LogLine> sink) {
        partial.append(chunk);
        int start = 0;
        for (int i = 0; i < partial.length(); i++) {
            if (partial.charAt(i) == '\n') {
                int end = i > start && partial.charAt(i - 1) == '\r' ? i - 1 : i;
                sink.accept(LogLine.parseLine(partial.substring(start, end)));
                start = i + 1;
            }
        }
        partial.delete(0, start);
    }

    private SupaException failure(Event event) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("procedure", "/" + PATH);
        details.put("dokployUrl", client.serverUrl());
        details.put("containerId", containerId);
        if (event instanceof Failed failed) {
            if (failed.status() != null) {
                details.put("status", failed.status());
                if (failed.status() == 401 || failed.status() == 403) {
                    return new SupaException(ErrorCode.DOKPLOY_UNAUTHORIZED,
                            "Dokploy at " + client.serverUrl() + " refused the logs WebSocket (HTTP " + failed.status() + ")",
                            DokployFailures.API_KEY_SUGGESTION, details, null);
                }
                return new SupaException(ErrorCode.DOKPLOY_SERVER_ERROR,
                        "Dokploy at " + client.serverUrl() + " answered HTTP " + failed.status() + " instead of opening the logs WebSocket",
                        "Check that the Dokploy server (or its proxy) allows WebSocket upgrades on /" + PATH + ".", details, null);
            }
            if (failed.error() instanceof IOException io) {
                return DokployFailures.fromIo(new DokployFailures.Call("GET", "/" + PATH, client.serverUrl(),
                        Map.of("containerId", containerId)), io, false);
            }
            return SupaException.internal(failed.error());
        }
        Closed closed = (Closed) event;
        details.put("closeCode", closed.code());
        if (closed.code() == 4000) {
            return new SupaException(ErrorCode.VALIDATION_REJECTED_BY_SERVER,
                    "Dokploy refused the logs request: " + closed.reason(), "Pass a container id.", details, null);
        }
        // Dokploy closes an unauthenticated socket at once, without a code or a line of output.
        return new SupaException(ErrorCode.DOKPLOY_UNAUTHORIZED,
                "Dokploy at " + client.serverUrl() + " closed the logs WebSocket before sending anything; it did not accept "
                        + "this API key for the socket",
                "Older Dokploy versions accept only a dashboard session on WebSockets: read the logs in the dashboard "
                        + "(the compose service → Logs), or upgrade Dokploy to " + DokployVersion.COMPOSE_READ_LOGS
                        + " or newer for compose.readLogs.", details, null);
    }

    @Override
    public void close() {
        // A graceful close lets Dokploy kill its `docker logs --follow`; okhttp cancels on its own if no answer comes.
        socket.close(1000, "done");
    }
}
