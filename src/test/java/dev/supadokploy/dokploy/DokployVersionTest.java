package dev.supadokploy.dokploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.supadokploy.errors.ErrorCode;
import dev.supadokploy.errors.SupaException;
import org.junit.jupiter.api.Test;

class DokployVersionTest {
    @Test
    void parsesWithAndWithoutV() {
        assertEquals(DokployVersion.of(0, 26, 1), DokployVersion.parse("v0.26.1"));
        assertEquals(DokployVersion.of(1, 2, 3), DokployVersion.parse("1.2.3"));
        assertEquals(DokployVersion.of(0, 30, 0), DokployVersion.parse("v0.30.0-canary.4"));
        assertEquals("v0.26.1", DokployVersion.parse(" v0.26.1 ").raw());
    }

    @Test
    void comparesNumericallyNotAsText() {
        assertTrue(DokployVersion.parse("v0.100.0").atLeast(DokployVersion.parse("v0.29.0")));
        assertTrue(DokployVersion.parse("v0.9.9").compareTo(DokployVersion.parse("v0.10.0")) < 0);
        assertTrue(DokployVersion.parse("v1.0.0").compareTo(DokployVersion.parse("v0.99.99")) > 0);
    }

    @Test
    void capabilities() {
        assertFalse(DokployVersion.parse("v0.24.9").hasEnvironments());
        assertTrue(DokployVersion.parse("v0.25.0").hasEnvironments());
        assertFalse(DokployVersion.parse("v0.28.9").hasComposeReadLogs());
        assertTrue(DokployVersion.parse("v0.29.0").hasComposeReadLogs());
    }

    @Test
    void garbageIsAnInvalidResponse() {
        SupaException e = assertThrows(SupaException.class, () -> DokployVersion.parse("<html>"));
        assertEquals(ErrorCode.DOKPLOY_INVALID_RESPONSE, e.code());
        assertThrows(SupaException.class, () -> DokployVersion.parse(null));
    }
}
