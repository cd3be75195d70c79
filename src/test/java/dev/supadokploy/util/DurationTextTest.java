package dev.supadokploy.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationTextTest {
    @Test
    void numbersWithUnits() {
        assertEquals(Duration.ofMillis(500), DurationText.parse("500ms").orElseThrow());
        assertEquals(Duration.ofSeconds(30), DurationText.parse("30").orElseThrow(), "a plain number is seconds");
        assertEquals(Duration.ofSeconds(30), DurationText.parse(" 30 S ").orElseThrow());
        assertEquals(Duration.ofMinutes(2), DurationText.parse("2min").orElseThrow());
        assertEquals(Duration.ofMinutes(90), DurationText.parse("1.5h").orElseThrow());
        assertEquals(Duration.ofDays(14), DurationText.parse("2w").orElseThrow());
        assertEquals(Duration.ofDays(5 * 365), DurationText.parse("5y").orElseThrow());
        assertEquals(Duration.ZERO, DurationText.parse("0").orElseThrow());
    }

    @Test
    void anythingElseIsEmpty() {
        for (String bad : new String[] {"", "ten", "5 years", "-1s", "1e3", "3mo", "99999999999999y"}) {
            assertTrue(DurationText.parse(bad).isEmpty(), bad);
        }
    }
}
