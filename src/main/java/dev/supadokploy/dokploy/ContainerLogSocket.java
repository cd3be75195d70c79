package dev.supadokploy.dokploy;

import dev.supadokploy.errors.ErrorCode;
import dev.supadokploy.errors.SupaException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;

/**
 * Container logs over Dokploy's {@code /docker-container-logs} WebSocket, the only way before v0.29 and the way
 * to follow logs on any version (Dokploy v0.30.2: {@code apps/dokploy/server/wss/docker-container-logs.ts}).
 * Dokploy runs {@code docker container logs --timestamps --follow … [| grep -iF '<search>']} in a terminal, on the
 * compose's remote server when {@code serverId} is given (over SSH) and on its own host otherwise, and forwards the
 * output as text frames: lines may be split across frames and end in {@code \r\n}. On its own host the socket is
 * never closed when {@code docker logs} ends (no exit handler): a follower must look for itself whether the
 * container is still there. Texts that are not log lines (Docker's errors, Dokploy Cloud's refusal, an SSH error)
 * come as output too; they lack the timestamp every real line has, and end the read as errors.
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

    /**
     * Where the container runs and which Dokploy service it belongs to. {@code serverId}: the compose's remote
     * server (null: Dokploy's own host), without which Dokploy runs {@code docker logs} on the wrong machine.
     * {@code serviceId}: the composeId; from v0.29.13 {@code canAccessDockerOverWss} then checks access to that
     * service instead of the broad {@code docker} permission (older servers ignore the parameter).
     */
    public record Target(String serverId, String serviceId) {
        public static final Target LOCAL = new Target(null, null);
    }

    private ContainerLogSocket(DokployClient client, String containerId, LogQuery query, Target target) {
        this.client = client;
        this.containerId = containerId;
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("containerId", containerId);
        params.put("tail", query.tail());
        params.put("since", query.since());
        // Dokploy reads an absent search as "" too; sending it keeps the query the same on every version.
        params.put("search", query.search() == null ? "" : query.search());
        params.put("serverId", target.serverId());
        params.put("serviceId", target.serviceId());
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
        return open(client, containerId, query, Target.LOCAL);
    }

    public static ContainerLogSocket open(DokployClient client, String containerId, LogQuery query, Target target) {
        return new ContainerLogSocket(client, containerId, query, target == null ? Target.LOCAL : target);
    }

    /**
     * Reads what the container has logged so far: Docker sends at most {@code tail} lines before it starts
     * following, so the read stops as soon as that many have come (a busy container never falls quiet), else once
     * the socket has been quiet for {@code quiet} (fewer lines exist or matched the search) or after {@code limit}.
     */
    public static List<LogLine> read(
            DokployClient client, String containerId, LogQuery query, Duration quiet, Duration limit) {
        return read(client, containerId, query, Target.LOCAL, quiet, limit);
    }

    public static List<LogLine> read(
            DokployClient client, String containerId, LogQuery query, Target target, Duration quiet, Duration limit) {
        try (ContainerLogSocket s = open(client, containerId, query, target)) {
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
            throw new SupaException(
                    ErrorCode.INTERRUPTED, "Interrupted while reading container logs", "Run the command again.");
        }
        if (event == null) {
            return false;
        }
        if (event instanceof Text text) {
            if (!received) {
                notALogLine(text.chunk()).ifPresent(e -> {
                    throw e;
                });
            }
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

    /**
     * The first output, when it is not a log line: every real line starts with Docker's timestamp
     * ({@code --timestamps}), these texts do not. Docker's "Error response from daemon: No such container: …" (a
     * wrong id, a container removed by a redeploy, or a container on another host than the one asked), Dokploy
     * Cloud's "This feature is not available in the cloud version." (no {@code serverId}; then it closes), and
     * "SSH error: …" when Dokploy cannot reach the remote server.
     */
    private Optional<SupaException> notALogLine(String chunk) {
        String first = DokployText.firstLine(chunk);
        if (first.isEmpty() || LogLine.parseLine(first).timestamp() != null) {
            return Optional.empty();
        }
        Map<String, Object> details = details();
        details.put("serverSaid", first);
        String lower = first.toLowerCase(Locale.ROOT);
        if (lower.contains("no such container")) {
            return Optional.of(new SupaException(
                    ErrorCode.DOKPLOY_NOT_FOUND,
                    "Docker knows no container " + containerId + " where Dokploy looked: " + first,
                    "The container may have been replaced by a redeploy: run the command again to pick the current one. "
                            + "For a stack on a remote server, check that its server is set in Dokploy.",
                    details,
                    null));
        }
        if (lower.startsWith("this feature is not available in the cloud version")) {
            return Optional.of(new SupaException(
                    ErrorCode.DOKPLOY_SERVER_REQUIRED,
                    "Dokploy Cloud streams logs only from a remote server, and none was named for " + containerId,
                    "Assign the compose to a server in Dokploy (Dokploy Cloud runs no containers itself).",
                    details,
                    null));
        }
        if (lower.startsWith("error response from daemon")
                || lower.startsWith("error:")
                || lower.startsWith("ssh error")) {
            return Optional.of(new SupaException(
                    ErrorCode.DOKPLOY_SERVER_ERROR,
                    "Dokploy could not read the log of " + containerId + ": " + first,
                    lower.startsWith("ssh error")
                            ? "Check the remote server's SSH key and address in Dokploy (Remote Servers)."
                            : "Check Docker on the server that runs the stack, then run again.",
                    details,
                    null));
        }
        return Optional.empty();
    }

    private Map<String, Object> details() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("procedure", "/" + PATH);
        details.put("dokployUrl", client.serverUrl());
        details.put("containerId", containerId);
        return details;
    }

    private SupaException failure(Event event) {
        Map<String, Object> details = details();
        if (event instanceof Failed failed) {
            if (failed.status() != null) {
                details.put("status", failed.status());
                if (failed.status() == 401 || failed.status() == 403) {
                    // Dokploy itself always upgrades and decides on the open socket: this refusal is from a proxy.
                    return new SupaException(
                            ErrorCode.DOKPLOY_UNAUTHORIZED,
                            "The server at " + client.serverUrl() + " refused the logs WebSocket (HTTP "
                                    + failed.status() + ") before Dokploy saw it",
                            "Check the proxy in front of Dokploy: it must pass WebSocket upgrades on /" + PATH
                                    + " with the x-api-key header. " + DokployFailures.API_KEY_SUGGESTION,
                            details,
                            null);
                }
                return new SupaException(
                        ErrorCode.DOKPLOY_SERVER_ERROR,
                        "Dokploy at " + client.serverUrl() + " answered HTTP " + failed.status()
                                + " instead of opening the logs WebSocket",
                        "Check that the Dokploy server (or its proxy) allows WebSocket upgrades on /" + PATH + ".",
                        details,
                        null);
            }
            if (failed.error() instanceof IOException io) {
                return DokployFailures.fromIo(
                        new DokployFailures.Call(
                                "GET", "/" + PATH, client.serverUrl(), Map.of("containerId", containerId)),
                        io,
                        false);
            }
            return SupaException.internal(failed.error());
        }
        Closed closed = (Closed) event;
        String reason = DokployText.oneLine(closed.reason());
        details.put("closeCode", closed.code());
        if (!reason.isEmpty()) {
            details.put("closeReason", reason);
        }
        if (closed.code() == 4000) {
            // containerId missing or malformed, tail, since or search invalid (isValid* in wss/utils.ts)
            return new SupaException(
                    ErrorCode.VALIDATION_REJECTED_BY_SERVER,
                    "Dokploy refused the logs request: " + reason,
                    "Pass a container id Docker knows (letters, digits, '.', '_', '-'), tail 0–10000, since all or e.g. "
                            + "30m, and a search of letters, digits, spaces, '.', '_' or '-'.",
                    details,
                    null);
        }
        if (closed.code() == 4003) {
            // canAccessDockerOverWss (wss/authorize.ts, v0.29.13+): the key passed the gate, its user may not do this
            return new SupaException(
                    ErrorCode.DOKPLOY_LOGS_FORBIDDEN,
                    "Dokploy at " + client.serverUrl()
                            + " accepted the API key but closed the logs WebSocket with 4003 "
                            + (reason.isEmpty() ? "" : "\"" + reason + "\" ") + "for " + containerId
                            + ": the key's user lacks the docker permission, access to the service, or access to its server",
                    "Have an owner or admin grant the user access to this compose (or the Docker permission, and the "
                            + "server) in Dokploy under Settings → Users, or use an owner's or admin's key.",
                    details,
                    null);
        }
        // validateRequest (the same x-api-key check as the API's) failed: Dokploy's bare ws.close(), no output.
        return new SupaException(
                ErrorCode.DOKPLOY_UNAUTHORIZED,
                "Dokploy at " + client.serverUrl() + " closed the logs WebSocket before sending anything: it did not "
                        + "accept the API key (wrong or revoked, of another organization, or rate-limited)",
                DokployFailures.API_KEY_SUGGESTION + " " + DokployFailures.RATE_LIMIT_HINT,
                details,
                null);
    }

    @Override
    public void close() {
        // A graceful close lets Dokploy kill its `docker logs --follow`; okhttp cancels on its own if no answer comes.
        socket.close(1000, "done");
    }
}
