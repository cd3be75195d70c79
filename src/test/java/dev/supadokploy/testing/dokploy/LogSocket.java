package dev.supadokploy.testing.dokploy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;

/**
 * The simulator's side of Dokploy's {@code /docker-container-logs} WebSocket, as Dokploy's
 * {@code server/wss/docker-container-logs.ts} serves it: the upgrade always succeeds; then a socket without
 * {@code containerId} is closed with 4000 "containerId no provided", one whose caller
 * {@code validateRequest} does not accept ({@code x-api-key}, or a dashboard session cookie) is closed before any
 * output, and otherwise {@code docker container logs --timestamps --tail N [--since S] --follow ID | grep -i SEARCH}
 * runs in a pseudo-terminal whose output goes out as text frames (lines end in {@code \r\n}).
 *
 * <p>Dokploy's {@code ws.close()} sends a close frame without a status (the client reads 1005); okhttp cannot send
 * that, so a refusal here closes with 1000 and no reason — either way the socket ends before any output.
 * When the container stops or is replaced by a redeploy, {@code docker logs --follow} ends and so does the socket.
 */
final class LogSocket extends WebSocketListener {
    static final String PATH = "docker-container-logs";
    private static final Duration POLL = Duration.ofMillis(100);

    /** A container's log as it stands ({@code [timestamp, text]} pairs, oldest first), and whether it still runs. */
    record Log(List<String[]> lines, boolean running) {}

    private final Function<String, Optional<Log>> logs;
    private final ScheduledExecutorService scheduler;
    private final Set<LogSocket> following;
    private final String containerId;
    private final String tail;
    private final String since;
    private final String search;
    private final boolean authorized;
    private int sent;
    private ScheduledFuture<?> follow;

    /**
     * @param nullSearch whether an absent {@code search} is left out of the grep (newer Dokploy) rather than becoming
     *                   the word "null" (the older {@code grep -i '${search}'}, which then hides nearly every line)
     */
    LogSocket(Function<String, Optional<Log>> logs, ScheduledExecutorService scheduler, Set<LogSocket> following,
              Map<String, String> query, boolean authorized, boolean nullSearch) {
        this.logs = logs;
        this.scheduler = scheduler;
        this.following = following;
        this.containerId = query.get("containerId");
        this.tail = query.get("tail");
        this.since = query.get("since");
        String given = query.get("search");
        this.search = given != null ? given : nullSearch ? "" : "null";
        this.authorized = authorized;
    }

    @Override
    public synchronized void onOpen(WebSocket ws, Response response) {
        if (containerId == null || containerId.isEmpty()) {
            ws.close(4000, "containerId no provided");
            return;
        }
        if (!authorized) {
            ws.close(1000, null);
            return;
        }
        Optional<Log> log = logs.apply(containerId);
        if (log.isEmpty()) {
            ws.send("Error response from daemon: No such container: " + containerId + "\r\n");
            ws.close(1000, null);
            return;
        }
        List<String[]> shown;
        try {
            shown = window(log.get().lines());
        } catch (IllegalArgumentException e) {
            ws.send(e.getMessage() + "\r\n");
            ws.close(1000, null);
            return;
        }
        send(ws, shown);
        sent = log.get().lines().size();
        if (!log.get().running()) {
            ws.close(1000, null);
            return;
        }
        following.add(this);
        follow = scheduler.scheduleWithFixedDelay(() -> more(ws), POLL.toMillis(), POLL.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** What {@code --since} and {@code --tail} leave of the log (grep filters after them). */
    private List<String[]> window(List<String[]> lines) {
        Instant cutoff = since == null || since.equals("all") ? Instant.EPOCH : Instant.now().minus(duration(since));
        List<String[]> recent = lines.stream().filter(l -> !Instant.parse(l[0]).isBefore(cutoff)).toList();
        int count = tail == null ? recent.size() : Integer.parseInt(tail);
        return recent.subList(Math.max(0, recent.size() - count), recent.size());
    }

    private synchronized void more(WebSocket ws) {
        Optional<Log> log = logs.apply(containerId);
        if (log.isEmpty()) {
            stop(ws); // the container went away: a redeploy replaced it
            return;
        }
        List<String[]> lines = log.get().lines();
        if (lines.size() > sent) {
            send(ws, lines.subList(sent, lines.size()));
            sent = lines.size();
        }
        if (!log.get().running()) {
            stop(ws);
        }
    }

    private void send(WebSocket ws, List<String[]> lines) {
        StringBuilder frame = new StringBuilder();
        String wanted = search.toLowerCase(Locale.ROOT);
        for (String[] line : lines) {
            if (line[1].toLowerCase(Locale.ROOT).contains(wanted)) {
                frame.append(line[0]).append(' ').append(line[1]).append("\r\n");
            }
        }
        if (!frame.isEmpty()) {
            ws.send(frame.toString());
        }
    }

    private void stop(WebSocket ws) {
        cancel();
        ws.close(1000, null);
    }

    private synchronized void cancel() {
        following.remove(this);
        if (follow != null) {
            follow.cancel(false);
        }
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
            throw new IllegalArgumentException("invalid value for \"since\": failed to parse value as time or duration: \""
                    + since + "\"");
        }
        long amount = Long.parseLong(since.substring(0, since.length() - 1));
        return switch (since.charAt(since.length() - 1)) {
            case 's' -> Duration.ofSeconds(amount);
            case 'm' -> Duration.ofMinutes(amount);
            default -> Duration.ofHours(amount);
        };
    }
}
