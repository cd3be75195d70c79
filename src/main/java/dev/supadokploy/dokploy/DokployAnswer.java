package dev.supadokploy.dokploy;

/**
 * Dokploy's answer to a failed call, kept as the cause of the {@link dev.supadokploy.errors.SupaException} so that
 * {@code --verbose} (which prints the stack trace, causes included) shows what Dokploy said, and nothing else does.
 * The body is redacted ({@link DokployText#redactBody}): the API key never, env-like values, JWTs and long tokens
 * only as a prefix and a length. No stack trace of its own: where it was made is not news.
 */
final class DokployAnswer extends Exception {
    private static final long serialVersionUID = 1L;

    DokployAnswer(DokployFailures.Call call, int status, String redactedBody) {
        super(
                "Dokploy's answer to " + call.method() + " " + call.procedure() + ": HTTP " + status
                        + (redactedBody.isBlank() ? " with an empty body" : "\n" + redactedBody),
                null,
                false,
                false);
    }
}
