package dev.supadokploy.dokploy;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.supadokploy.config.Secret;
import dev.supadokploy.errors.ErrorCode;
import dev.supadokploy.errors.SupaException;
import dev.supadokploy.util.HttpRouting;
import dev.supadokploy.util.Sleeper;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.Call;
import okhttp3.EventListener;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * Dokploy's HTTP API as Dokploy serves it: every procedure at {@code {url}/api/{router}.{procedure}}, queries as
 * GET with query parameters, mutations as POST with a JSON body, the key in {@code x-api-key}.
 *
 * <p>Only GETs are retried (on 429/502/503/504 and network errors): they are idempotent. A mutation is sent once;
 * if the connection breaks after it left, the caller learns that it may or may not have been applied instead of
 * the tool silently creating a second project. There is deliberately no logging interceptor: request headers
 * carry the key and bodies carry the stack's secrets.
 */
public final class DokployClient {
    private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

    /** Connection settings; the defaults suit a Dokploy reached over the internet. */
    public record Options(Duration connectTimeout, Duration readTimeout, RetryPolicy retry, HttpRouting routing) {
        public static final Options DEFAULT =
                new Options(Duration.ofSeconds(10), Duration.ofSeconds(60), RetryPolicy.DEFAULT, HttpRouting.DIRECT);

        public Options {
            Objects.requireNonNull(connectTimeout);
            Objects.requireNonNull(readTimeout);
            Objects.requireNonNull(retry);
            Objects.requireNonNull(routing);
        }

        public Options(Duration connectTimeout, Duration readTimeout, RetryPolicy retry) {
            this(connectTimeout, readTimeout, retry, HttpRouting.DIRECT);
        }

        public Options withRouting(HttpRouting value) {
            return new Options(connectTimeout, readTimeout, retry, value);
        }
    }

    private final HttpUrl apiBase;
    private final String displayUrl;
    private final Secret apiKey;
    private final OkHttpClient http;
    private final RetryPolicy retry;
    private final Clock clock;
    private final ObjectMapper mapper;
    private final AtomicInteger requests = new AtomicInteger();

    public DokployClient(DokployEndpoint endpoint, Options options) {
        this(endpoint, options, Clock.systemUTC());
    }

    DokployClient(DokployEndpoint endpoint, Options options, Clock clock) {
        this.apiBase = apiBase(endpoint.url());
        this.displayUrl = serverUrl(apiBase);
        this.apiKey = Objects.requireNonNull(endpoint.apiKey(), "apiKey");
        requireHeaderSafe(apiKey);
        this.retry = options.retry();
        this.clock = clock;
        this.mapper = mapper();
        this.http = options.routing()
                .applyTo(new OkHttpClient.Builder())
                .connectTimeout(options.connectTimeout())
                .readTimeout(options.readTimeout())
                .writeTimeout(options.readTimeout())
                .retryOnConnectionFailure(false) // okhttp would otherwise silently resend a POST on a stale connection
                .followRedirects(false) // a redirect would drop to a login page or send the key to another host
                .build();
    }

    /**
     * okhttp rejects a header value with control characters and quotes the value in its exception message; check
     * first so the key never reaches an error text.
     */
    private static void requireHeaderSafe(Secret key) {
        if (key.isEmpty() || !key.reveal().chars().allMatch(c -> c >= 0x21 && c <= 0x7e)) {
            throw new SupaException(
                    ErrorCode.CONFIGURATION_INVALID,
                    "The Dokploy API key is empty or holds spaces, line breaks or non-ASCII characters",
                    "Copy the key again from the Dokploy dashboard (Settings → Profile → API/CLI); check the file or "
                            + "variable that holds it for stray characters.");
        }
    }

    /**
     * The tolerant mapper for Dokploy's answers: Dokploy adds fields in every release, and an unknown field must
     * not break a tool built against an older one. Requests leave out nulls, because several inputs accept a
     * string but not null (e.g. {@code serverId} of {@code compose.deployTemplate}).
     */
    static ObjectMapper mapper() {
        return new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .setSerializationInclusion(JsonInclude.Include.NON_NULL)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE);
    }

    /**
     * {@code https://dokploy.example.com}, {@code …/}, {@code …/api} and {@code …/api/} all mean the same server;
     * the API lives under {@code /api} of it.
     */
    public static HttpUrl apiBase(String url) {
        String trimmed = url == null ? "" : url.strip();
        HttpUrl parsed = HttpUrl.parse(trimmed);
        if (parsed == null) {
            throw new SupaException(
                    ErrorCode.CONNECTION_INVALID_URL,
                    "Not a usable Dokploy URL: '" + trimmed + "'",
                    trimmed.contains("://")
                            ? "Use http:// or https:// followed by the Dokploy host, e.g. https://dokploy.example.com."
                            : "Add the scheme: https://" + trimmed
                                    + " (or http://…:3000 for a Dokploy without a proxy).");
        }
        HttpUrl.Builder b = parsed.newBuilder().query(null).fragment(null);
        var segments = new java.util.ArrayList<>(parsed.pathSegments());
        while (!segments.isEmpty() && segments.get(segments.size() - 1).isEmpty()) {
            segments.remove(segments.size() - 1);
        }
        if (!segments.isEmpty() && segments.get(segments.size() - 1).equals("api")) {
            segments.remove(segments.size() - 1);
        }
        b.encodedPath("/");
        segments.forEach(b::addPathSegment);
        b.addPathSegment("api");
        return b.build();
    }

    private static String serverUrl(HttpUrl apiBase) {
        String s = apiBase.toString();
        return s.substring(0, s.length() - "/api".length());
    }

    /** The server's URL without {@code /api}, as users write it; safe to show. */
    public String serverUrl() {
        return displayUrl;
    }

    /** HTTP requests sent so far, retries and WebSockets included: what a run cost the server. */
    public int requestCount() {
        return requests.get();
    }

    ObjectMapper objectMapper() {
        return mapper;
    }

    public <T> T query(String procedure, Map<String, ?> params, Class<T> type) {
        return query(procedure, params, mapper.constructType(type));
    }

    public <T> T query(String procedure, Map<String, ?> params, TypeReference<T> type) {
        return query(procedure, params, mapper.constructType(type));
    }

    public <T> T mutate(String procedure, Object body, Class<T> type) {
        return mutate(procedure, body, mapper.constructType(type));
    }

    public <T> T mutate(String procedure, Object body, TypeReference<T> type) {
        return mutate(procedure, body, mapper.constructType(type));
    }

    private <T> T query(String procedure, Map<String, ?> params, JavaType type) {
        HttpUrl.Builder url = apiBase.newBuilder().addPathSegment(procedure);
        Map<String, String> ids = new LinkedHashMap<>();
        params.forEach((k, v) -> {
            if (v != null) {
                url.addQueryParameter(k, String.valueOf(v));
                if (k.endsWith("Id") || k.equals("appName")) {
                    ids.put(k, String.valueOf(v));
                }
            }
        });
        Request request = authorized().url(url.build()).get().build();
        DokployFailures.Call call = new DokployFailures.Call("GET", procedure, displayUrl, ids);
        for (int attempt = 1; ; attempt++) {
            boolean last = attempt >= retry.maxAttempts();
            SentTracker sent = new SentTracker();
            requests.incrementAndGet();
            try (Response response = http.newBuilder()
                    .eventListener(sent)
                    .build()
                    .newCall(request)
                    .execute()) {
                if (!last && RetryPolicy.retryableStatus(response.code())) {
                    sleep(retry.delay(attempt, response.header("Retry-After"), clock.instant()));
                    continue;
                }
                return decode(call, response, type);
            } catch (IOException e) {
                // A name that does not resolve or a TLS mismatch will not heal in seconds; a server that took the
                // request and then said nothing for a whole read timeout should not be waited on four times.
                boolean slowAnswer = sent.requestStarted && e instanceof java.net.SocketTimeoutException;
                if (last
                        || slowAnswer
                        || e instanceof java.net.UnknownHostException
                        || e instanceof javax.net.ssl.SSLException) {
                    throw DokployFailures.fromIo(call, e, false);
                }
                sleep(retry.backoff(attempt));
            }
        }
    }

    private <T> T mutate(String procedure, Object body, JavaType type) {
        byte[] json;
        try {
            json = mapper.writeValueAsBytes(body == null ? Map.of() : body);
        } catch (JsonProcessingException e) {
            throw SupaException.internal(e);
        }
        Map<String, String> ids = new LinkedHashMap<>();
        JsonNode tree = mapper.valueToTree(body == null ? Map.of() : body);
        tree.fields().forEachRemaining(f -> {
            if (f.getKey().endsWith("Id") && f.getValue().isTextual()) {
                ids.put(f.getKey(), f.getValue().asText());
            }
        });
        Request request = authorized()
                .url(apiBase.newBuilder().addPathSegment(procedure).build())
                .post(RequestBody.create(json, JSON))
                .build();
        DokployFailures.Call call = new DokployFailures.Call("POST", procedure, displayUrl, ids);
        SentTracker sent = new SentTracker();
        OkHttpClient tracked = http.newBuilder().eventListener(sent).build();
        requests.incrementAndGet();
        try (Response response = tracked.newCall(request).execute()) {
            return decode(call, response, type);
        } catch (IOException e) {
            throw DokployFailures.fromIo(call, e, sent.requestStarted);
        }
    }

    private Request.Builder authorized() {
        return new Request.Builder().header("x-api-key", apiKey.reveal()).header("Accept", "application/json");
    }

    private <T> T decode(DokployFailures.Call call, Response response, JavaType type) throws IOException {
        ResponseBody responseBody = response.body();
        String text = responseBody.string();
        String contentType = response.header("Content-Type");
        if (!response.isSuccessful()) {
            return failWith(DokployFailures.fromStatus(call, response.code(), text, mapper, apiKey.reveal()));
        }
        if (text.isBlank()) {
            if (type.getRawClass() == Void.class || type.getRawClass() == JsonNode.class) {
                return null;
            }
            throw DokployFailures.notJson(call, response.code(), contentType, text);
        }
        boolean jsonType = contentType == null || contentType.contains("json");
        if (type.getRawClass() == String.class
                && !(jsonType && text.stripLeading().startsWith("\""))) {
            // readLogs answers text/plain on some versions; a String result takes the text as it is.
            return failOrCast(text);
        }
        try {
            return mapper.readValue(text, type);
        } catch (IOException e) {
            throw DokployFailures.notJson(call, response.code(), contentType, text);
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> T failOrCast(String text) {
        return (T) text;
    }

    private static <T> T failWith(SupaException e) {
        throw e;
    }

    private void sleep(Duration d) {
        try {
            Sleeper.of(clock).sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SupaException(
                    ErrorCode.INTERRUPTED,
                    "Interrupted while waiting to retry a Dokploy call",
                    "Run the command again.");
        }
    }

    /**
     * Opens a WebSocket on the server itself (not under {@code /api}), with the key in {@code x-api-key}. Dokploy's
     * socket streams until closed, so no read timeout applies once it is open.
     */
    public okhttp3.WebSocket webSocket(String path, Map<String, ?> params, okhttp3.WebSocketListener listener) {
        HttpUrl.Builder url = apiBase.newBuilder();
        url.removePathSegment(apiBase.pathSize() - 1);
        url.addPathSegment(path);
        params.forEach((k, v) -> {
            if (v != null) {
                url.addQueryParameter(k, String.valueOf(v));
            }
        });
        requests.incrementAndGet();
        OkHttpClient streaming = http.newBuilder()
                .readTimeout(Duration.ZERO)
                .pingInterval(Duration.ofSeconds(30))
                .build();
        return streaming.newWebSocket(authorized().url(url.build()).build(), listener);
    }

    /** Notes whether any byte of the request went out, which decides if a failed mutation may have applied. */
    private static final class SentTracker extends EventListener {
        volatile boolean requestStarted;

        @Override
        public void requestHeadersStart(Call call) {
            requestStarted = true;
        }
    }
}
