package dev.supadokploy.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * A TCP proxy in front of a server that drops the connection, as a network does, once the client has sent more than
 * a number of bytes or a request naming {@code trigger}: every open socket is closed and every later connection is
 * closed at once (retries fail too). The server itself keeps running, so a test can look at what it holds.
 */
public final class CuttingProxy implements AutoCloseable {
    private final ServerSocket listener;
    private final URI upstream;
    private final long cutAfterBytes;
    private final Pattern trigger;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicBoolean cut = new AtomicBoolean();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    private CuttingProxy(URI upstream, long cutAfterBytes, Pattern trigger) throws IOException {
        this.upstream = upstream;
        this.cutAfterBytes = cutAfterBytes;
        this.trigger = trigger;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(this::accept, "cutting-proxy-accept");
        accept.setDaemon(true);
        accept.start();
    }

    /** Cuts once the client has sent more than {@code bytes}. */
    public static CuttingProxy afterBytes(URI upstream, long bytes) throws IOException {
        return new CuttingProxy(upstream, bytes, null);
    }

    /**
     * Cuts when the client sends a request line {@code METHOD PATH HTTP/1.1} whose path ends with {@code suffix},
     * before that request is forwarded.
     */
    public static CuttingProxy onRequest(URI upstream, String method, String suffix) throws IOException {
        return new CuttingProxy(
                upstream,
                Long.MAX_VALUE,
                Pattern.compile(Pattern.quote(method + " ") + "\\S*" + Pattern.quote(suffix) + " HTTP/1\\.1"));
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + listener.getLocalPort());
    }

    public boolean hasCut() {
        return cut.get();
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                if (cut.get()) {
                    client.close();
                    continue;
                }
                Socket server = new Socket();
                server.connect(new InetSocketAddress(upstream.getHost(), upstream.getPort()));
                sockets.add(client);
                sockets.add(server);
                pump(client, server, true);
                pump(server, client, false);
            } catch (IOException e) {
                // closed
            }
        }
    }

    private void pump(Socket from, Socket to, boolean fromClient) {
        Thread t = new Thread(
                () -> {
                    byte[] buf = new byte[16 * 1024];
                    String tail = "";
                    try (InputStream in = from.getInputStream();
                            OutputStream out = to.getOutputStream()) {
                        int n;
                        while (!cut.get() && (n = in.read(buf)) >= 0) {
                            if (fromClient) {
                                // a request line may straddle two reads: look at the end of the last one too
                                String window = tail + new String(buf, 0, n, StandardCharsets.ISO_8859_1);
                                if (sent.addAndGet(n) > cutAfterBytes
                                        || (trigger != null
                                                && trigger.matcher(window).find())) {
                                    cutNow();
                                    return;
                                }
                                tail = window.substring(Math.max(0, window.length() - 1024));
                            }
                            out.write(buf, 0, n);
                            out.flush();
                        }
                    } catch (IOException e) {
                        // a side closed
                    } finally {
                        closeQuietly(from);
                        closeQuietly(to);
                    }
                },
                "cutting-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    private void cutNow() {
        cut.set(true);
        sockets.forEach(CuttingProxy::closeQuietly);
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        cutNow();
        listener.close();
    }
}
