package dev.supadokploy.dokploy;

import dev.supadokploy.supabase.keys.SecretPreview;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Text that came from Dokploy (an error message, an answer body, a deployment's errorMessage, Docker's output) and
 * is about to be shown to a person or an agent. It is untrusted: it may carry terminal escape sequences, many
 * lines, or the stack's secrets (Dokploy echoes commands, env lines and tokens in its errors). Shown text is one
 * line at most {@value #MAX} characters long, control characters removed, and secrets redacted.
 */
public final class DokployText {
    static final int MAX = 300;
    /** {@code NAME=value}: an env line, or a query parameter; the value goes, the name stays. */
    private static final Pattern ASSIGNMENT = Pattern.compile("\\b([A-Za-z_][A-Za-z0-9_]*)=([^\\s\"',;&]+)");

    private static final Pattern JWT = Pattern.compile("eyJ[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*");
    /** Long runs of token characters holding both letters and digits: API keys, passwords, sb_ keys. */
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9+/_\\-]{32,}={0,2}");
    /** ANSI escape sequences (colours, cursor moves) that Docker and Dokploy's pty leave in their output. */
    private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-?]*[ -/]*[@-~]|\u001B[@-_]");

    private DokployText() {}

    /** The first non-blank line of Dokploy's text, cleaned and redacted, for a message; "" for null or blank. */
    public static String firstLine(String text) {
        if (text == null) {
            return "";
        }
        for (String line : text.strip().split("\\R")) {
            if (!line.isBlank()) {
                return shown(line.strip());
            }
        }
        return "";
    }

    /** All of Dokploy's text as one cleaned, redacted line (line breaks become spaces), capped at {@value #MAX}. */
    public static String oneLine(String text) {
        return text == null ? "" : shown(text.strip().replaceAll("\\s+", " "));
    }

    /**
     * A whole body for {@code --verbose}: line breaks kept, control characters removed, secrets redacted, and the
     * API key replaced wherever it appears (Dokploy never echoes it, but a proxy might).
     */
    static String redactBody(String body, String apiKey) {
        if (body == null) {
            return "";
        }
        String text = body;
        if (apiKey != null && !apiKey.isEmpty()) {
            text = text.replace(apiKey, "…(redacted API key)");
        }
        text = ANSI.matcher(text).replaceAll("");
        text = text.replaceAll("[\\p{Cntrl}&&[^\\n\\t]]", "");
        return redact(text);
    }

    /** Secrets out of a text: env-like values, JWTs and long random tokens become {@link SecretPreview#redact}. */
    public static String redact(String text) {
        String out = replace(JWT, text, m -> SecretPreview.redact(m.group()));
        out = replace(
                ASSIGNMENT,
                out,
                m -> m.group(1) + "="
                        + (m.group(2).contains("…(redacted") ? m.group(2) : SecretPreview.redact(m.group(2))));
        return replace(TOKEN, out, m -> looksRandom(m.group()) ? SecretPreview.redact(m.group()) : m.group());
    }

    private static String shown(String line) {
        String clean = ANSI.matcher(line).replaceAll("").replaceAll("\\p{Cntrl}", "");
        String redacted = redact(clean);
        return redacted.length() > MAX ? redacted.substring(0, MAX) + "…" : redacted;
    }

    private static boolean looksRandom(String s) {
        return s.chars().anyMatch(Character::isDigit)
                && s.chars().anyMatch(Character::isLetter)
                && !s.contains("…(redacted")
                && !dashedName(s);
    }

    /**
     * A name made of short dash-separated parts, such as a container ({@code acme-supabase-29edh8-studio-1}): the
     * operator needs to read it, and a random token has no such structure (a base64url secret has a dash by chance).
     */
    private static boolean dashedName(String s) {
        String[] parts = s.split("-", -1);
        return parts.length >= 3 && java.util.Arrays.stream(parts).allMatch(p -> !p.isEmpty() && p.length() <= 12);
    }

    private static String replace(Pattern pattern, String text, java.util.function.Function<Matcher, String> with) {
        Matcher m = pattern.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(with.apply(m)));
        }
        m.appendTail(out);
        return out.toString();
    }
}
