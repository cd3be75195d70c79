package dev.supadokploy.dokploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.supadokploy.errors.ErrorCode;
import dev.supadokploy.errors.SupaException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DokployLogLineTest {
    @Test
    void timestampsWithNanosOffsetsAndContinuations() {
        List<LogLine> lines = LogLine.parse("""
                2026-11-24T02:03:04.123456789Z {"level":"info","msg":"started"}
                2026-11-24T03:03:04+01:00 offset time
                \tat org.example.Trace(Trace.java:1)
                2026-11-24T02:03:05Z
                not-a-timestamp-but-long-enough text
                """);
        assertEquals(5, lines.size());
        assertEquals(
                Instant.parse("2026-11-24T02:03:04.123456789Z"), lines.get(0).timestamp());
        assertEquals("{\"level\":\"info\",\"msg\":\"started\"}", lines.get(0).message());
        assertEquals(Instant.parse("2026-11-24T02:03:04Z"), lines.get(1).timestamp());
        assertNull(lines.get(2).timestamp());
        assertEquals("\tat org.example.Trace(Trace.java:1)", lines.get(2).message());
        assertEquals("", lines.get(3).message());
        assertNull(lines.get(4).timestamp());
    }

    @Test
    void emptyTextHasNoLines() {
        assertEquals(List.of(), LogLine.parse(""));
        assertEquals(List.of(), LogLine.parse(null));
    }

    @Test
    void queryLimitsAreCheckedBeforeTheCall() {
        assertEquals("all", LogQuery.tail(5).since());
        SupaException tail = assertThrows(SupaException.class, () -> new LogQuery(0, null, null));
        assertEquals(ErrorCode.VALIDATION_INVALID_INPUT, tail.code());
        assertThrows(SupaException.class, () -> new LogQuery(10, "yesterday", null));
        assertThrows(SupaException.class, () -> new LogQuery(10, "5m", "a;b"));
    }
}
