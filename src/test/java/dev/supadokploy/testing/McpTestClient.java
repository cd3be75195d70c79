package dev.supadokploy.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A minimal MCP client speaking newline-delimited JSON-RPC to a server's stdin/stdout, for tests of the
 * server as a process and in-process. Every line the server writes is kept and checked: a line that is
 * not a JSON-RPC 2.0 message is recorded in {@link #violations()}.
 */
public final class McpTestClient {
    public static final String PROTOCOL_VERSION = "2025-06-18";
    public static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final OutputStream toServer;
    private final AtomicLong ids = new AtomicLong(1);
    private final List<String> lines = new ArrayList<>();
    private final List<JsonNode> messages = new ArrayList<>();
    /** Lines that were JSON arrays: answers to batches (MCP 2025-03-26); their elements are not in messages. */
    private final List<JsonNode> batches = new ArrayList<>();

    private final List<String> violations = new ArrayList<>();
    private boolean eof;

    public McpTestClient(OutputStream toServer, InputStream fromServer) {
        this.toServer = toServer;
        Thread reader = new Thread(() -> read(fromServer), "mcp-test-client-reader");
        reader.setDaemon(true);
        reader.start();
    }

    private void read(InputStream in) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                received(line);
            }
        } catch (IOException e) {
            // the server went away; EOF below
        }
        synchronized (this) {
            eof = true;
            notifyAll();
        }
    }

    private synchronized void received(String line) {
        lines.add(line);
        try {
            JsonNode node = JSON.readTree(line);
            if (node != null && node.isArray()) {
                if (node.isEmpty()) {
                    violations.add("an empty batch answer: " + line);
                }
                for (JsonNode element : node) {
                    String problem = element.has("method")
                            ? "a batch answer holds a request or notification"
                            : jsonRpcProblem(element);
                    if (problem != null) {
                        violations.add(problem + ": " + line);
                    }
                }
                batches.add(node);
                notifyAll();
                return;
            }
            String problem = jsonRpcProblem(node);
            if (problem != null) {
                violations.add(problem + ": " + line);
            }
            messages.add(node);
        } catch (IOException e) {
            violations.add("not JSON: " + line);
        }
        notifyAll();
    }

    /** Why a line from the server is not a JSON-RPC 2.0 response or notification, or null if it is one. */
    static String jsonRpcProblem(JsonNode node) {
        if (node == null || !node.isObject()) {
            return "not an object";
        }
        if (!"2.0".equals(node.path("jsonrpc").asText(null))) {
            return "jsonrpc is not \"2.0\"";
        }
        if (node.has("method")) {
            return node.get("method").isTextual() ? null : "method is not a string";
        }
        if (!node.has("id")) {
            return "a response without id";
        }
        JsonNode id = node.get("id");
        if (!(id.isNull() || id.isTextual() || id.isIntegralNumber())) {
            return "id is neither null, a string nor an integer";
        }
        if (node.has("result") == node.has("error")) {
            return "a response needs exactly one of result and error";
        }
        if (node.has("error")
                && !(node.get("error").path("code").isInt()
                        && node.get("error").path("message").isTextual())) {
            return "an error needs an integer code and a message";
        }
        return null;
    }

    public synchronized void sendLine(String line) {
        try {
            toServer.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            toServer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends a request and returns its id without waiting. */
    public long send(String method, Object params) {
        long id = ids.getAndIncrement();
        ObjectNode msg =
                JSON.createObjectNode().put("jsonrpc", "2.0").put("id", id).put("method", method);
        if (params != null) {
            msg.set("params", JSON.valueToTree(params));
        }
        sendLine(msg.toString());
        return id;
    }

    public void notify(String method, Object params) {
        ObjectNode msg = JSON.createObjectNode().put("jsonrpc", "2.0").put("method", method);
        if (params != null) {
            msg.set("params", JSON.valueToTree(params));
        }
        sendLine(msg.toString());
    }

    /** Sends a request and waits for its response (the whole JSON-RPC message). */
    public JsonNode request(String method, Object params) {
        return await(send(method, params), TIMEOUT);
    }

    /** initialize, then notifications/initialized; returns the initialize result. */
    public JsonNode initialize() {
        return initialize(PROTOCOL_VERSION);
    }

    /** initialize asking for this protocol revision, then notifications/initialized; returns the initialize result. */
    public JsonNode initialize(String protocolVersion) {
        JsonNode response = request(
                "initialize",
                Map.of(
                        "protocolVersion",
                        protocolVersion,
                        "capabilities",
                        Map.of(),
                        "clientInfo",
                        Map.of("name", "supa-dokploy-tests", "version", "1")));
        notify("notifications/initialized", null);
        return response;
    }

    /** Calls a tool; returns the CallToolResult (fails if the server answered with a JSON-RPC error). */
    public JsonNode callTool(String name, Map<String, ?> arguments) {
        JsonNode response = request("tools/call", Map.of("name", name, "arguments", arguments));
        if (!response.has("result")) {
            throw new AssertionError("tools/call " + name + " got a JSON-RPC error: " + response);
        }
        return response.get("result");
    }

    /** MCP's stateless revision: no initialize, every request carries its revision in {@code _meta}. */
    public static final String STATELESS_REVISION = "2026-07-28";

    /**
     * A request of revision {@link #STATELESS_REVISION}: {@code params} plus the {@code _meta} that revision requires
     * (protocol version, client capabilities) and the client's info; waits for the response.
     */
    public JsonNode statelessRequest(String method, Map<String, ?> params) {
        java.util.LinkedHashMap<String, Object> withMeta = new java.util.LinkedHashMap<>(params);
        withMeta.put(
                "_meta",
                Map.of(
                        "io.modelcontextprotocol/protocolVersion",
                        STATELESS_REVISION,
                        "io.modelcontextprotocol/clientCapabilities",
                        Map.of(),
                        "io.modelcontextprotocol/clientInfo",
                        Map.of("name", "supa-dokploy-tests", "version", "1")));
        return request(method, withMeta);
    }

    /** {@link #callTool} under revision {@link #STATELESS_REVISION}. */
    public JsonNode statelessCallTool(String name, Map<String, ?> arguments) {
        JsonNode response = statelessRequest("tools/call", Map.of("name", name, "arguments", arguments));
        if (!response.has("result")) {
            throw new AssertionError(
                    "tools/call " + name + " (" + STATELESS_REVISION + ") got a JSON-RPC error: " + response);
        }
        return response.get("result");
    }

    /** Waits for the response with this id (numbers and strings as sent). */
    public synchronized JsonNode await(Object id, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (JsonNode m : messages) {
                if (!m.has("method") && m.has("id") && idMatches(m.get("id"), id)) {
                    return m;
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0 || eof) {
                throw new AssertionError("no response to id " + id + " within " + timeout
                        + (eof ? " (server closed stdout)" : "") + "; received:\n" + String.join("\n", lines));
            }
            waitMillis(left);
        }
    }

    /** The {@code index}-th (from 0) message with {@code "id": null}: the answers to lines the server could not read. */
    public synchronized JsonNode awaitNullIdError(int index, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<JsonNode> found = new ArrayList<>();
            for (JsonNode m : messages) {
                if (m.has("id") && m.get("id").isNull()) {
                    found.add(m);
                }
            }
            if (found.size() > index) {
                return found.get(index);
            }
            long left = deadline - System.nanoTime();
            if (left <= 0 || eof) {
                throw new AssertionError(
                        "no error response with id null #" + index + "; received:\n" + String.join("\n", lines));
            }
            waitMillis(left);
        }
    }

    /** The {@code index}-th (from 0) line that was a JSON array: the answer to a batch. */
    public synchronized JsonNode awaitBatch(int index, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (batches.size() <= index) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || eof) {
                throw new AssertionError("no batch answer #" + index + " within " + timeout + "; received:\n"
                        + String.join("\n", lines));
            }
            waitMillis(left);
        }
        return batches.get(index);
    }

    public synchronized List<JsonNode> notifications(String method) {
        List<JsonNode> found = new ArrayList<>();
        for (JsonNode m : messages) {
            if (method.equals(m.path("method").asText()) && !m.has("id")) {
                found.add(m);
            }
        }
        return found;
    }

    public synchronized List<JsonNode> responsesTo(Object id) {
        List<JsonNode> found = new ArrayList<>();
        for (JsonNode m : messages) {
            if (!m.has("method") && m.has("id") && idMatches(m.get("id"), id)) {
                found.add(m);
            }
        }
        return found;
    }

    /** Closes the server's stdin: the end of the session. */
    public void closeInput() {
        try {
            toServer.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until the server closed its stdout; false on timeout. */
    public synchronized boolean awaitEof(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!eof) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            waitMillis(left);
        }
        return true;
    }

    public synchronized List<String> lines() {
        return List.copyOf(lines);
    }

    public synchronized List<String> violations() {
        return List.copyOf(violations);
    }

    private static boolean idMatches(JsonNode node, Object id) {
        if (id instanceof Number n) {
            return node.isIntegralNumber() && node.asLong() == n.longValue();
        }
        return node.isTextual() && node.asText().equals(String.valueOf(id));
    }

    private void waitMillis(long nanos) {
        try {
            wait(Math.max(1, Math.min(nanos / 1_000_000, 200)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
