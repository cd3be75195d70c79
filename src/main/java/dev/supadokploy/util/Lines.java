package dev.supadokploy.util;

/** The first line of a message or statement, for one-line errors and summaries. */
public final class Lines {
    private Lines() {}

    /** The first line ("" for null). */
    public static String first(String text) {
        return text == null ? "" : text.lines().findFirst().orElse("");
    }

    /** The first line, with " …" when more lines follow (a statement shown by its head). */
    public static String head(String text) {
        int nl = text.indexOf('\n');
        return nl < 0 ? text : text.substring(0, nl) + " …";
    }
}
