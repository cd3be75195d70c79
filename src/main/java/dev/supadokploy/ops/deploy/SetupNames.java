package dev.supadokploy.ops.deploy;

import dev.supadokploy.errors.ErrorCode;
import dev.supadokploy.errors.SupaException;
import java.util.Locale;
import java.util.regex.Pattern;

/** What setup's names must look like before Dokploy, Traefik or a file name sees them. */
final class SetupNames {
    /** RFC 1123 labels: letters, digits and inner hyphens, at most 63 characters, at least two labels. */
    private static final Pattern HOST =
            Pattern.compile("(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

    private static final int MAX_NAME = 100;

    private SetupNames() {}

    /**
     * A project or environment name as Dokploy shows it: control characters dropped, runs of white space made one
     * space, trimmed. Dokploy accepts any non-empty text, but a name with a line break or trailing space would never
     * be found again by the name a person types.
     */
    static String name(String text, String what, String option) {
        String cleaned = text == null
                ? ""
                : text.replaceAll("\\p{Cntrl}", " ").replaceAll("\\s+", " ").strip();
        if (cleaned.isEmpty()) {
            throw new SupaException(
                    ErrorCode.VALIDATION_MISSING_INPUT,
                    "The " + what + " is empty"
                            + (text == null || text.isEmpty() ? "" : " once spaces and control characters are removed"),
                    "Pass " + option + " with a name of letters, digits, spaces or dashes, e.g. " + option + " acme.");
        }
        if (cleaned.length() > MAX_NAME) {
            throw SupaException.invalidInput(
                    "The " + what + " is " + cleaned.length() + " characters long",
                    "Use a name of at most " + MAX_NAME + " characters.");
        }
        return cleaned;
    }

    /** The public host: a scheme and a trailing slash are accepted and dropped; a path, port or user is not. */
    static String domain(String text) {
        if (text == null || text.isBlank()) {
            throw new SupaException(
                    ErrorCode.VALIDATION_MISSING_INPUT,
                    "No domain given for the Supabase stack",
                    "Pass --domain with the public host name that points at the Dokploy server, e.g. --domain supabase.example.com.");
        }
        String host = text.strip()
                .replaceFirst("(?i)^https?://", "")
                .replaceFirst("/+$", "")
                .toLowerCase(Locale.ROOT);
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        if (!HOST.matcher(host).matches()) {
            throw SupaException.invalidInput(
                    "Not a host name: '" + text.strip() + "'",
                    "Give the public host alone, e.g. supabase.example.com (no path, port or user; a DNS record for it "
                            + "must point at the Dokploy server).");
        }
        return host;
    }

    /** A file-name-safe form: lower case letters, digits and dashes. */
    static String slug(String name) {
        String slug =
                name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-+|-+$)", "");
        return slug.isEmpty() ? "stack" : slug;
    }
}
