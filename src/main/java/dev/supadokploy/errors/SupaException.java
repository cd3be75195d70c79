package dev.supadokploy.errors;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one exception type every operation throws on failure: a stable code, what went wrong, how to
 * recover, and details (never secrets). The CLI turns it into one stderr line and an exit code; the
 * MCP server into a tool result with {@code isError: true}.
 */
public final class SupaException extends RuntimeException {
    private final ErrorCode code;
    private final String suggestion;
    private final Map<String, Object> details;

    public SupaException(ErrorCode code, String message, String suggestion) {
        this(code, message, suggestion, Map.of(), null);
    }

    public SupaException(ErrorCode code, String message, String suggestion, Throwable cause) {
        this(code, message, suggestion, Map.of(), cause);
    }

    public SupaException(ErrorCode code, String message, String suggestion, Map<String, ?> details, Throwable cause) {
        super(message, cause);
        this.code = code;
        this.suggestion = suggestion;
        this.details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }

    public ErrorCode code() {
        return code;
    }

    public String suggestion() {
        return suggestion;
    }

    public Map<String, Object> details() {
        return details;
    }

    public int exitCode() {
        return code == ErrorCode.INTERRUPTED
                ? ErrorFamily.INTERRUPTED
                : code.family().exitCode();
    }

    /** The serialisable view both surfaces print: {code, message, suggestion, details}. */
    public ErrorReport report() {
        return new ErrorReport(code.name(), getMessage(), suggestion, details.isEmpty() ? null : details);
    }

    public static SupaException invalidInput(String message, String suggestion) {
        return new SupaException(ErrorCode.VALIDATION_INVALID_INPUT, message, suggestion);
    }

    public static SupaException internal(Throwable cause) {
        String what = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        return new SupaException(
                ErrorCode.INTERNAL_ERROR,
                "Unexpected failure: " + what,
                "Run again with --verbose for the stack trace and report it as a bug.",
                cause);
    }
}
