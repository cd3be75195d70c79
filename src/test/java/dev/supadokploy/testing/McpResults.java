package dev.supadokploy.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reading MCP tool results (CallToolResult JSON) in tests, the way an agent must read them: a success's
 * structuredContent, and an error's report from its text (an error result has no structuredContent, see
 * ToolResults).
 */
public final class McpResults {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * {@code <tool> failed: <CODE>}, one line of warning ending in the tag's name, then the report JSON between
     * {@code <untrusted-data-NONCE>} tags, and nothing after.
     */
    public static final Pattern ERROR_TEXT = Pattern.compile(
            "\\A(\\S+) failed: ([A-Z0-9_]+)\\n[^\\n]*<(untrusted-data-[0-9a-f]{16})> tags\\.\\n<\\3>\\n(.*)\\n</\\3>\\z",
            Pattern.DOTALL);

    private static final Pattern FENCED =
            Pattern.compile("\\n<(untrusted-data-[0-9a-f]{16})>\\n(.*)\\n</\\1>\\z", Pattern.DOTALL);

    private McpResults() {}

    /** A success's structuredContent, failing the test if the result is an error. */
    public static JsonNode ok(JsonNode result) {
        assertFalse(result.path("isError").asBoolean(), result::toString);
        assertTrue(result.has("structuredContent"), result::toString);
        return result.get("structuredContent");
    }

    /**
     * An error's report {code, message, suggestion, details} parsed from its text, failing the test unless the result
     * is an error with no structuredContent, one text content of the shape of {@link #ERROR_TEXT}, and the code on
     * the first line the report's code.
     */
    public static JsonNode error(JsonNode result) {
        assertTrue(result.path("isError").asBoolean(), result::toString);
        assertFalse(
                result.has("structuredContent")
                        && !result.get("structuredContent").isNull(),
                () -> "an error result has no structuredContent (it would not match the outputSchema): " + result);
        assertEquals(1, result.path("content").size(), result::toString);
        String text = result.get("content").get(0).path("text").asText();
        Matcher m = ERROR_TEXT.matcher(text);
        assertTrue(m.matches(), () -> "error text not in the expected shape: " + text);
        JsonNode report = parse(m.group(4));
        assertEquals(m.group(2), report.path("code").asText(), "the first line's code is the report's");
        assertTrue(report.path("message").isTextual(), text);
        return report;
    }

    /**
     * A success's text as an agent reads it: the JSON between the untrusted-data tags of a result marked untrusted
     * (which must then say so in structuredContent too), else the whole text.
     */
    public static JsonNode textJson(JsonNode result) {
        String text = result.get("content").get(0).path("text").asText();
        Matcher m = FENCED.matcher(text);
        boolean fenced = m.find();
        assertEquals(
                fenced, result.path("structuredContent").path("untrustedData").asBoolean(), text);
        return parse(fenced ? m.group(2) : text);
    }

    /** The code of an error result (checked as {@link #error} does). */
    public static String code(JsonNode result) {
        return error(result).get("code").asText();
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("the fenced error report is not JSON: " + json, e);
        }
    }
}
