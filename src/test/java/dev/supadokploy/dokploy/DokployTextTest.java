package dev.supadokploy.dokploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Dokploy's texts are untrusted: what the tool shows of them is one clean line without secrets. */
class DokployTextTest {
    @Test
    void firstLineIsOneCleanLine() {
        assertEquals(
                "Error: Command failed",
                DokployText.firstLine("\n  \u001B[31mError: Command failed\u001B[0m\r\nsecond line\n"));
        assertEquals("bell and backspace gone", DokployText.firstLine("bell\u0007 and back\bspace gone"));
        assertEquals("", DokployText.firstLine(null));
        assertEquals("", DokployText.firstLine(" \n "));
        String long400 = "x".repeat(400);
        assertEquals("x".repeat(DokployText.MAX) + "…", DokployText.firstLine(long400));
    }

    @Test
    void secretsAreRedactedNamesAndOrdinaryWordsStay() {
        String jwt = "eyJhbGciOiJIUzI1NiJ9.eyJyb2xlIjoiYW5vbiJ9.c2lnbmF0dXJlc2lnbmF0dXJl";
        String text = DokployText.oneLine("failed: JWT_SECRET=abc123def456 ANON_KEY=" + jwt
                + "\nsb_secret_AbC123dEf456GhI789jKl012MnO345pQ and docker-compose-file-for-the-supabase-stack");
        assertTrue(text.startsWith("failed: JWT_SECRET=…(redacted, 12 chars) ANON_KEY=eyJh…(redacted, "), text);
        assertTrue(text.contains("sb_secret_…(redacted"), text);
        assertTrue(
                text.contains("docker-compose-file-for-the-supabase-stack"), "no digits: a word, not a token: " + text);
        for (String secret : new String[] {"abc123def456", jwt, "AbC123dEf456GhI789jKl012MnO345pQ"}) {
            assertFalse(text.contains(secret), secret);
        }
    }

    @Test
    void containerNamesStayReadableAndDashedTokensDoNot() {
        String line = "dependency failed to start: container acme-supabase-29edh8-studio-1 is unhealthy";
        assertEquals(line, DokployText.oneLine(line), "a container name is what the operator looks for");
        String token = "Zx9-QmT2vLr8sKp4WnY7eB1cHd5fJg3uAo6iXq0tRb";
        assertEquals(
                -1, DokployText.oneLine("token " + token).indexOf(token), "a base64url secret with a dash is redacted");
    }

    @Test
    void aBodyKeepsItsLinesAndLosesTheKey() {
        String body = DokployText.redactBody("line one\nkey=k-123 and k-123\u001B[0m\n", "k-123");
        assertEquals("line one\nkey=…(redacted API key) and …(redacted API key)\n", body);
    }
}
