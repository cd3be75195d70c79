package dev.supadokploy.dokploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DokployRetryPolicyTest {
    private static final Instant NOW = Instant.parse("2026-11-24T02:00:00Z");

    @Test
    void retryAfterSecondsOrHttpDate() {
        assertEquals(Optional.of(Duration.ofSeconds(7)), RetryPolicy.parseRetryAfter("7", NOW));
        assertEquals(
                Optional.of(Duration.ofSeconds(30)), RetryPolicy.parseRetryAfter("Tue, 24 Nov 2026 02:00:30 GMT", NOW));
        assertEquals(Optional.of(Duration.ZERO), RetryPolicy.parseRetryAfter("Tue, 24 Nov 2026 01:00:00 GMT", NOW));
        assertEquals(Optional.empty(), RetryPolicy.parseRetryAfter("soon", NOW));
        assertEquals(Optional.empty(), RetryPolicy.parseRetryAfter(null, NOW));
    }

    @Test
    void retryAfterIsCapped() {
        assertEquals(Duration.ofSeconds(30), RetryPolicy.DEFAULT.delay(1, "3600", NOW));
        assertEquals(Duration.ofSeconds(30), RetryPolicy.DEFAULT.delay(1, "99999999999999999999999", NOW));
    }

    @Test
    void backoffGrowsWithJitterUpToTheCap() {
        for (int attempt = 1; attempt <= 10; attempt++) {
            long expected = Math.min(500L << (attempt - 1), 8000);
            long ms = RetryPolicy.DEFAULT.backoff(attempt).toMillis();
            assertTrue(ms >= expected / 2 && ms <= expected, "attempt " + attempt + ": " + ms);
        }
    }

    @Test
    void onlyTransientStatusesAreRetried() {
        for (int s : new int[] {429, 502, 503, 504}) {
            assertTrue(RetryPolicy.retryableStatus(s));
        }
        for (int s : new int[] {400, 401, 403, 404, 500, 501}) {
            assertTrue(!RetryPolicy.retryableStatus(s));
        }
    }
}
