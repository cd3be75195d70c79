package dev.supadokploy.dokploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.supadokploy.errors.ErrorCode;
import dev.supadokploy.errors.SupaException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLException;

/**
 * Turns what Dokploy (or the network in front of it) answered into one {@link SupaException} with a code,
 * a way out, and the procedure in its details. Dokploy's error bodies are tRPC's:
 * {@code {"message", "code", "issues": [{"message", "path"?}]}} (openapi {@code components/schemas/error.*}).
 */
final class DokployFailures {
    static final String API_KEY_SUGGESTION = "Create an API key in the Dokploy dashboard under Settings → Profile → "
            + "API/CLI and pass it with DOKPLOY_API_KEY (or [dokploy] api_key = \"env:NAME\" in the config file).";
    /**
     * better-auth's API-key plugin gives a key made through the API without {@code rateLimitEnabled:false} its
     * default of 10 requests per 24 hours, and Dokploy verifies the key twice per REST call (the gate and the tRPC
     * context), so such a key dies after 5 calls with the same 401 as a wrong one. The dashboard makes unlimited keys.
     */
    static final String RATE_LIMIT_HINT = "A key made through Dokploy's API without rateLimitEnabled:false allows only "
            + "10 checks per 24 hours (about 5 calls, as each call is checked twice) and then gets this same 401: "
            + "use an unlimited key from the dashboard (Settings → Profile → API/CLI).";

    static final String FORBIDDEN_SUGGESTION =
            "The key works but its user may not do this: use a key of the organization "
                    + "that owns the project (keys belong to one organization), or have an owner or admin grant the user access "
                    + "to the project and service and the needed permissions in Dokploy under Settings → Users.";

    private DokployFailures() {}

    /** What the failing call was: enough to name it in an error, never the API key or a request body. */
    record Call(String method, String procedure, String baseUrl, Map<String, String> ids) {
        Map<String, Object> details() {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("procedure", procedure);
            d.put("method", method);
            d.put("dokployUrl", baseUrl);
            d.putAll(ids);
            return d;
        }

        String what() {
            if (ids.isEmpty()) {
                return procedure;
            }
            StringBuilder s = new StringBuilder(procedure).append(" (");
            ids.forEach((k, v) -> s.append(s.charAt(s.length() - 1) == '(' ? "" : ", ")
                    .append(k)
                    .append('=')
                    .append(v));
            return s.append(')').toString();
        }
    }

    static SupaException fromStatus(Call call, int status, String body, ObjectMapper mapper) {
        return fromStatus(call, status, body, mapper, null);
    }

    /**
     * @param apiKey the key the call was sent with, only to keep it out of the answer body that {@code --verbose}
     *               shows (the stack trace's cause, {@link DokployAnswer})
     */
    static SupaException fromStatus(Call call, int status, String body, ObjectMapper mapper, String apiKey) {
        Map<String, Object> details = call.details();
        details.put("status", status);
        // the key never shows, wherever a proxy or Dokploy may echo it
        body = body == null || apiKey == null || apiKey.isEmpty() ? body : body.replace(apiKey, "…(redacted API key)");
        JsonNode json = parseJson(body, mapper);
        String rawMessage = json != null && json.path("message").isTextual()
                ? json.path("message").asText()
                : null;
        String serverMessage = rawMessage == null ? null : DokployText.oneLine(rawMessage);
        String serverCode = json != null && json.path("code").isTextual()
                ? json.path("code").asText()
                : null;
        if (serverMessage != null) {
            details.put("serverMessage", serverMessage);
        }
        if (serverCode != null) {
            details.put("serverCode", serverCode);
        }
        DokployAnswer answer = new DokployAnswer(call, status, DokployText.redactBody(body, apiKey));
        String said = serverMessage == null ? "" : ": " + serverMessage;
        return switch (status) {
            case 401 -> unauthorized(call, serverCode, rawMessage, serverMessage, details, answer);
            case 403 -> forbidden(call, serverMessage, details, answer);
            case 404 ->
                new SupaException(
                        ErrorCode.DOKPLOY_NOT_FOUND,
                        "Dokploy found nothing for " + call.what() + said,
                        "Check the id (supa-dokploy instances list shows the compose ids on the server) and that the API "
                                + "key belongs to the organization that owns it.",
                        details,
                        answer);
            // environment.byProjectId, project.create and domain.create rewrap every error, a refusal included, as
            // 400 BAD_REQUEST ("Error fetching environments: You are not allowed …")
            case 400 ->
                switch (AuthorizationText.of(rawMessage)) {
                    case DENIED -> forbidden(call, serverMessage, details, answer);
                    case SERVER_REQUIRED ->
                        new SupaException(
                                ErrorCode.DOKPLOY_SERVER_REQUIRED,
                                "Dokploy at " + call.baseUrl() + " needs a remote server for " + call.procedure() + ": "
                                        + serverMessage,
                                "Add a server to the organization in Dokploy (Remote Servers; on Dokploy Cloud a plan with servers), "
                                        + "then run again.",
                                details,
                                answer);
                    default -> validation(call, json, serverMessage, details, answer);
                };
            default -> {
                if (status >= 500 || status == 429) {
                    yield new SupaException(
                            ErrorCode.DOKPLOY_SERVER_ERROR,
                            "Dokploy failed on " + call.what() + " with HTTP " + status
                                    + (serverMessage == null ? snippet(body) : said),
                            status == 429
                                    ? "Dokploy is rate limiting this client; wait a minute and run again."
                                    : "Check the Dokploy server's logs (docker service logs dokploy) and run again.",
                            details,
                            answer);
                }
                yield new SupaException(
                        ErrorCode.DOKPLOY_INVALID_RESPONSE,
                        "Dokploy answered HTTP " + status + " to " + call.what()
                                + (serverMessage == null ? snippet(body) : said),
                        "Check that " + call.baseUrl() + " is a Dokploy server this tool supports.",
                        details,
                        answer);
            }
        };
    }

    /**
     * Dokploy answers 401 for three different things. The gate in {@code apps/dokploy/pages/api/[...trpc].ts}
     * ({@code validateRequest}) sends a bare {@code {"message":"Unauthorized"}} (no {@code code}) for any key it does
     * not accept: wrong, revoked, of a user without an organization, or over its better-auth rate limit — all
     * alike. Past the gate, procedures throw {@code TRPCError({code:"UNAUTHORIZED", message})} for authorization
     * failures ("You are not authorized to access this compose", "Permission denied") and for placement ("You need
     * to use a server to create a compose", {@code IS_CLOUD} or {@code remoteServersOnly}); see
     * {@link AuthorizationText}.
     */
    private static SupaException unauthorized(
            Call call,
            String serverCode,
            String rawMessage,
            String serverMessage,
            Map<String, Object> details,
            DokployAnswer answer) {
        // protectedProcedure's bare TRPCError({code:"UNAUTHORIZED"}) (message = the code) means the tRPC context
        // found no user: the key passed the gate's check and failed the context's own, which a rate-limited key
        // does when its last request is used up between the two (every procedure the tool calls is protected).
        if (serverCode == null || rawMessage == null || rawMessage.strip().equals("UNAUTHORIZED")) {
            return new SupaException(
                    ErrorCode.DOKPLOY_UNAUTHORIZED,
                    "Dokploy at " + call.baseUrl() + " did not accept the API key (401 on " + call.procedure() + "): "
                            + "it may be wrong or revoked, a key of another organization, or a rate-limited key that "
                            + "used up its requests",
                    API_KEY_SUGGESTION + " " + RATE_LIMIT_HINT,
                    details,
                    answer);
        }
        return switch (AuthorizationText.of(rawMessage)) {
            case SERVER_REQUIRED ->
                new SupaException(
                        ErrorCode.DOKPLOY_SERVER_REQUIRED,
                        "Dokploy at " + call.baseUrl() + " places services on a remote server only (Dokploy Cloud, or "
                                + "\"remote servers only\" in its settings), and " + call.procedure() + " named none: "
                                + serverMessage,
                        "Pass the server: --server-id ID or --server NAME (MCP: serverId); Dokploy lists its servers "
                                + "under Remote Servers.",
                        details,
                        answer);
            case CLOUD_ONLY ->
                new SupaException(
                        ErrorCode.DOKPLOY_FORBIDDEN,
                        "Dokploy at " + call.baseUrl() + " does not offer " + call.procedure()
                                + " on this installation: " + serverMessage,
                        "Use the Dokploy dashboard for this, or a self-hosted Dokploy.",
                        details,
                        answer);
            default ->
                new SupaException(
                        ErrorCode.DOKPLOY_FORBIDDEN,
                        "Dokploy accepted the API key but refused " + call.what() + ": " + serverMessage,
                        FORBIDDEN_SUGGESTION,
                        details,
                        answer);
        };
    }

    private static SupaException forbidden(
            Call call, String serverMessage, Map<String, Object> details, DokployAnswer answer) {
        return new SupaException(
                ErrorCode.DOKPLOY_FORBIDDEN,
                "Dokploy accepted the API key but refused " + call.what() + " on Dokploy at " + call.baseUrl()
                        + (serverMessage == null ? "" : ": " + serverMessage),
                FORBIDDEN_SUGGESTION,
                details,
                answer);
    }

    private static SupaException validation(
            Call call, JsonNode json, String serverMessage, Map<String, Object> details, DokployAnswer answer) {
        List<String> problems = new ArrayList<>();
        if (json != null && json.path("issues").isArray()) {
            for (JsonNode issue : json.path("issues")) {
                String field = pathOf(issue.path("path"));
                String message = DokployText.oneLine(issue.path("message").asText("invalid"));
                problems.add(field.isEmpty() ? message : field + ": " + message);
            }
        }
        details.put("issues", problems);
        String listed = problems.isEmpty()
                ? (serverMessage == null ? "" : ": " + serverMessage)
                : ": " + String.join("; ", problems);
        return new SupaException(
                ErrorCode.VALIDATION_REJECTED_BY_SERVER,
                "Dokploy rejected the input of " + call.procedure() + listed,
                "Fix the listed fields; if the input came from this tool, the server's version may expect other "
                        + "fields — report it with the Dokploy version.",
                details,
                answer);
    }

    private static String pathOf(JsonNode path) {
        if (!path.isArray()) {
            return path.isTextual() ? path.asText() : "";
        }
        List<String> parts = new ArrayList<>();
        path.forEach(p -> parts.add(p.asText()));
        return String.join(".", parts);
    }

    static SupaException notJson(Call call, int status, String contentType, String body) {
        Map<String, Object> details = call.details();
        details.put("status", status);
        details.put("contentType", contentType == null ? "" : contentType);
        boolean html = (contentType != null && contentType.contains("html"))
                || body.stripLeading().startsWith("<");
        return new SupaException(
                ErrorCode.DOKPLOY_INVALID_RESPONSE,
                "Dokploy at " + call.baseUrl() + " answered " + call.procedure() + " with "
                        + (html ? "an HTML page" : "a body that is not the expected JSON") + snippet(body),
                html
                        ? "Point the URL at the Dokploy server itself (e.g. https://dokploy.example.com), not at a proxy "
                                + "or login page; the tool adds /api."
                        : "Check that " + call.baseUrl() + " is a Dokploy server and that its version is supported.",
                details,
                null);
    }

    /** A network failure. {@code outcomeUnknown}: a mutation's request may have reached the server. */
    static SupaException fromIo(Call call, IOException e, boolean outcomeUnknown) {
        Map<String, Object> details = call.details();
        String host = call.baseUrl();
        if (e instanceof UnknownHostException) {
            return new SupaException(
                    ErrorCode.CONNECTION_UNKNOWN_HOST,
                    "Cannot resolve the host of the Dokploy URL " + host,
                    "Check the spelling of the Dokploy URL (--dokploy-url, DOKPLOY_URL or [dokploy] url) and DNS.",
                    details,
                    e);
        }
        if (e instanceof ConnectException || e instanceof NoRouteToHostException) {
            return new SupaException(
                    ErrorCode.CONNECTION_REFUSED,
                    "Nothing accepts connections at the Dokploy URL " + host + " (" + message(e) + ")",
                    "Check that Dokploy is running and the URL's scheme and port are right (Dokploy listens on 3000 "
                            + "unless it is behind a proxy).",
                    details,
                    e);
        }
        if (outcomeUnknown) {
            details.put("applied", "unknown");
            return new SupaException(
                    ErrorCode.DOKPLOY_OUTCOME_UNKNOWN,
                    "The connection to Dokploy at " + host + " failed after " + call.procedure() + " was sent ("
                            + message(e) + "); it may or may not have been applied",
                    "Check the current state (e.g. the service in the Dokploy dashboard or supa-dokploy instances list) "
                            + "before running it again.",
                    details,
                    e);
        }
        if (e instanceof SocketTimeoutException || e instanceof InterruptedIOException) {
            return new SupaException(
                    ErrorCode.CONNECTION_TIMEOUT,
                    "Dokploy at " + host + " did not answer " + call.procedure() + " in time",
                    "Check the server's load and network, or raise the timeout; a busy Dokploy can be slow to list "
                            + "containers.",
                    details,
                    e);
        }
        if (e instanceof SSLException) {
            return new SupaException(
                    ErrorCode.CONNECTION_TLS_UNAVAILABLE,
                    "TLS with Dokploy at " + host + " failed: " + message(e),
                    "Check the server's certificate, or use the URL's right scheme (http:// vs https://).",
                    details,
                    e);
        }
        return new SupaException(
                ErrorCode.CONNECTION_FAILED,
                "Talking to Dokploy at " + host + " failed during " + call.procedure() + ": " + message(e),
                "Check the network path to the Dokploy server and run again.",
                details,
                e);
    }

    private static String message(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    static JsonNode parseJson(String body, ObjectMapper mapper) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return mapper.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    /** A short, single-line excerpt of an unexpected body so the user sees what came back. */
    static String snippet(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        String oneLine = DokployText.redact(body.strip().replaceAll("\\s+", " "));
        return " (body: " + (oneLine.length() > 120 ? oneLine.substring(0, 120) + "…" : oneLine) + ")";
    }
}
