package dev.supadokploy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Tables fit the terminal by narrowing their widest columns; elsewhere (pipes, files) only the 60-column cap holds. */
class TextOutputTest {
    private static final List<String> HEADERS = List.of("name", "description", "size");
    private static final List<List<String>> ROWS = List.of(
            List.of("public.orders", "x".repeat(50), "12 MB"),
            List.of("auth.users", "the users Supabase Auth signs in", "1 MB"));

    private static List<String> render(int width) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new TextOutput(new PrintStream(bytes, true, StandardCharsets.UTF_8), false, width).table(HEADERS, ROWS);
        return bytes.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void onANarrowTerminalTheWidestColumnGivesWay() {
        List<String> lines = render(50);
        for (String line : lines) {
            assertTrue(line.length() <= 50, line.length() + ": " + line);
        }
        assertTrue(lines.get(2).startsWith("public.orders  x"), lines.get(2));
        assertTrue(
                lines.get(2).contains("…  12 MB"), "the long cell is cut, the columns after it stay: " + lines.get(2));
        assertTrue(lines.get(3).contains("auth.users"), lines.get(3));
    }

    @Test
    void offATerminalNothingIsCut() {
        List<String> lines = render(0);
        assertTrue(lines.get(2).contains("x".repeat(50)), lines.get(2));
        assertEquals(
                lines.get(0).length(),
                "name           description                                         size".length(),
                lines.get(0));
    }

    @Test
    void tooManyColumnsForTheTerminalWrapRatherThanVanish() {
        List<String> lines = render(10);
        assertTrue(lines.get(2).startsWith("public.…"), lines.get(2));
        assertTrue(lines.get(3).contains("the use…"), lines.get(3));
    }
}
