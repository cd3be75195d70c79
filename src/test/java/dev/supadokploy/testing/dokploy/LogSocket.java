package dev.supadokploy.testing.dokploy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Predicate;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;

/**
 * The simulator's side of Dokploy's {@code /docker-container-logs} WebSocket, as Dokploy v0.30.2 serves it
 * ({@code apps/dokploy/server/wss/docker-container-logs.ts}, {@code wss/utils.ts}, {@code wss/authorize.ts}):
 * the upgrade always succeeds; then, in Dokploy's order,
 * <ol>
 *   <li>4000 "containerId no provided", "Invalid container ID format", "Invalid tail parameter", "Invalid since
 *       parameter" or "Invalid search parameter" ({@code isValid*} of {@code wss/utils.ts});</li>
 *   <li>a caller {@code validateRequest} does not accept ({@code x-api-key}) gets a bare {@code ws.close()} before any
 *       output (the client reads 1005; okhttp cannot send that, so here 1000 and no reason);</li>
 *   <li>4003 "Not authorized" when {@code canAccessDockerOverWss} fails (v0.29.13+): with {@code serviceId}, access to
 *       that service; without, the {@code docker} permission;</li>
 *   <li>{@code docker container logs --timestamps --tail N [--since S] --follow ID [| grep -iF 'SEARCH']} on the
 *       compose's server ({@code serverId}; Dokploy's own host without it), its output as text frames ending in
 *       {@code \r\n}. An empty search means no grep (an absent one is read as "").</li>
 * </ol>
 * On Dokploy's own host the command runs in a node-pty with no exit handler: when {@code docker logs} ends (the
 * container is unknown, stopped, or replaced by a redeploy) <b>the socket stays open</b> and only the client can
 * close it. A remote server's stream (ssh2) closes the socket when it ends.
 */
final class LogSocket extends WebSocketListener {
    static final String PATH = "docker-container-logs";
    private static final Duration POLL = Duration.ofMillis(100);
    private static final java.util.regex.Pattern CONTAINER_HEX =
            java.util.regex.Pattern.compile("^[a-f0-9]{12,64}$", java.util.regex.Pattern.CASE_INSENSITIVE);
    private static final java.util.regex.Pattern CONTAINER_NAME =
            java.util.regex.Pattern.compile("^[a-zA-Z0-9][a-zA-Z0-9_.-]*$");

    /** A container's log as it stands ({@code [timestamp, text]} pairs, oldest first), and whether it still runs. */
    record Log(List<String[]> lines, boolean running) {}

    /**
     * What {@code canAccessDockerOverWss} decides for the key: {@code serviceId} null or the service asked for.
     * {@code checked}: false before v0.29.13, which had no such check.
     */
    record Access(boolean checked, boolean dockerPermission, Predicate<String> serviceAccess) {
        static final Access OWNER = new Access(true, true, id -> true);

        boolean allows(String serviceId) {
            if (!checked) {
                return true;
            }
            return serviceId != null && !serviceId.isEmpty() ? serviceAccess.test(serviceId) : dockerPermission;
        }
    }

    private final BiFunction<String, String, Optional<Log>> logs;
    private final ScheduledExecutorService scheduler;
    private final Set<LogSocket> following;
    private final String containerId;
    private final String tail;
    private final String since;
    private final String search;
    private final String serverId;
    private final String serviceId;
    private final boolean authorized;
    private final Access access;
    private int sent;
    private ScheduledFuture<?> follow;

    /**
     * @param logs {@code docker logs} of a container on a server: (serverId or null for Dokploy's host, containerId)
     */
    LogSocket(
            BiFunction<String, String, Optional<Log>> logs,
            ScheduledExecutorService scheduler,
            Set<LogSocket> following,
            Map<String, String> query,
            boolean authorized,
            Access access) {
        this.logs = logs;
        this.scheduler = scheduler;
        this.following = following;
        this.containerId = query.get("containerId");
        this.tail = query.getOrDefault("tail", "100");
        this.since = query.getOrDefault("since", "all");
        this.search = query.getOrDefault("search", "");
        String server = query.get("serverId");
        this.serverId = server == null || server.isEmpty() ? null : server;
        this.serviceId = query.get("serviceId");
        this.authorized = authorized;
        this.access = access;
    }

    private boolean remote() {
        return serverId != null;
    }

    @Override
    public synchronized void onOpen(WebSocket ws, Response response) {
        String invalid = invalidParameter();
        if (invalid != null) {
            ws.close(4000, invalid);
            return;
        }
        if (!authorized) {
            ws.close(1000, null);
            return;
        }
        if (!access.allows(serviceId)) {
            ws.close(4003, "Not authorized");
            return;
        }
        following.add(this);
        Optional<Log> log = logs.apply(serverId, containerId);
        if (log.isEmpty()) {
            output(ws, "Error response from daemon: No such container: " + containerId + "\r\n");
            ended(ws);
            return;
        }
        List<String[]> shown;
        try {
            shown = window(log.get().lines());
        } catch (IllegalArgumentException e) {
            output(ws, e.getMessage() + "\r\n");
            ended(ws);
            return;
        }
        send(ws, shown);
        sent = log.get().lines().size();
        if (!log.get().running()) {
            ended(ws); // docker logs --follow of a stopped container prints its log and exits
            return;
        }
        follow = scheduler.scheduleWithFixedDelay(
                () -> more(ws), POLL.toMillis(), POLL.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The 4000 reasons of docker-container-logs.ts, in its order. */
    private String invalidParameter() {
        if (containerId == null || containerId.isEmpty()) {
            return "containerId no provided";
        }
        if (!(CONTAINER_HEX.matcher(containerId).matches()
                || (CONTAINER_NAME.matcher(containerId).matches() && containerId.length() <= 128))) {
            return "Invalid container ID format";
        }
        if (!tail.matches("^\\d+$") || Long.parseLong(tail.length() > 9 ? "99999" : tail) > 10000) {
            return "Invalid tail parameter";
        }
        if (!since.equals("all") && !since.matches("^\\d+[smhd]$")) {
            return "Invalid since parameter";
        }
        if (!search.isEmpty() && !search.matches("^[a-zA-Z0-9 ._-]{0,500}$")) {
            return "Invalid search parameter";
        }
        return null;
    }

    /** What {@code --since} and {@code --tail} leave of the log (grep filters after them). */
    private List<String[]> window(List<String[]> lines) {
        Instant cutoff = since.equals("all") ? Instant.EPOCH : Instant.now().minus(duration(since));
        List<String[]> recent = lines.stream()
                .filter(l -> !Instant.parse(l[0]).isBefore(cutoff))
                .toList();
        int count = Integer.parseInt(tail);
        return recent.subList(Math.max(0, recent.size() - count), recent.size());
    }

    private synchronized void more(WebSocket ws) {
        Optional<Log> log = logs.apply(serverId, containerId);
        if (log.isEmpty()) {
            ended(ws); // the container went away: a redeploy replaced it, and docker logs --follow exits
            return;
        }
        List<String[]> lines = log.get().lines();
        if (lines.size() > sent) {
            send(ws, lines.subList(sent, lines.size()));
            sent = lines.size();
        }
        if (!log.get().running()) {
            ended(ws);
        }
    }

    private void send(WebSocket ws, List<String[]> lines) {
        StringBuilder frame = new StringBuilder();
        for (String[] line : lines) {
            String text = line[0] + " " + line[1];
            if (grep(text)) {
                frame.append(text).append("\r\n");
            }
        }
        if (!frame.isEmpty()) {
            ws.send(frame.toString());
        }
    }

    /** Docker's own errors go through the grep too ({@code 2>&1 | grep}). */
    private void output(WebSocket ws, String text) {
        if (grep(text)) {
            ws.send(text);
        }
    }

    /** {@code grep -iF}: a fixed string, case-insensitive; no grep at all for an empty search. */
    private boolean grep(String text) {
        return search.isEmpty() || text.toLowerCase(Locale.ROOT).contains(search.toLowerCase(Locale.ROOT));
    }

    /**
     * {@code docker logs} ended. On a remote server ssh2's stream closes and Dokploy closes the socket; on its own
     * host nothing happens (no onExit on the pty): the socket stays open, silent, until the client leaves.
     */
    private void ended(WebSocket ws) {
        stopPolling();
        if (remote()) {
            following.remove(this);
            ws.close(1000, null);
        }
    }

    private synchronized void stopPolling() {
        if (follow != null) {
            follow.cancel(false);
        }
    }

    private synchronized void cancel() {
        following.remove(this);
        stopPolling();
    }

    @Override
    public void onClosing(WebSocket ws, int code, String reason) {
        cancel(); // the client is done: Dokploy kills its docker logs
        ws.close(1000, null);
    }

    @Override
    public void onFailure(WebSocket ws, Throwable t, Response response) {
        cancel();
    }

    /** docker's --since, here a Go duration such as 30s, 10m, 2h (no days); Dokploy passes the client's text through. */
    private static Duration duration(String since) {
        if (!since.matches("\\d+[smh]")) {
            throw new IllegalArgumentException(
                    "invalid value for \"since\": failed to parse value as time or duration: \"" + since + "\"");
        }
        long amount = Long.parseLong(since.substring(0, since.length() - 1));
        return switch (since.charAt(since.length() - 1)) {
            case 's' -> Duration.ofSeconds(amount);
            case 'm' -> Duration.ofMinutes(amount);
            default -> Duration.ofHours(amount);
        };
    }
}
