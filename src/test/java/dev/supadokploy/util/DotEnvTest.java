package dev.supadokploy.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DotEnvTest {
    private static final String SAMPLE = String.join(
            "\n",
            "############",
            "# Secrets",
            "############",
            "",
            "POSTGRES_PASSWORD=abc123",
            "export JWT_SECRET = 'lit$eral'",
            "SITE_URL=http://localhost:3000   # where users land",
            "MULTI=\"line one",
            "line \\\"two\\\"\"",
            "this line is broken",
            "EMPTY=",
            "POSTGRES_PASSWORD=second",
            "");

    @Test
    void parsesValuesAsComposeDoes() {
        DotEnv env = DotEnv.parse(SAMPLE);
        assertEquals("lit$eral", env.get("JWT_SECRET").orElseThrow());
        assertEquals("http://localhost:3000", env.get("SITE_URL").orElseThrow());
        assertEquals("line one\nline \"two\"", env.get("MULTI").orElseThrow());
        assertEquals("", env.get("EMPTY").orElseThrow());
        assertEquals("second", env.get("POSTGRES_PASSWORD").orElseThrow(), "the last assignment wins");
        assertEquals(Map.of("POSTGRES_PASSWORD", List.of(5, 12)), env.duplicates());
        assertEquals(1, env.invalidLines().size());
        assertEquals(10, env.invalidLines().get(0).lineNumber());
    }

    @Test
    void roundTripsByteForByte() {
        assertEquals(SAMPLE, DotEnv.parse(SAMPLE).write());
        String noTrailingNewline = "A=1\n# c\nB=2";
        assertEquals(noTrailingNewline, DotEnv.parse(noTrailingNewline).write());
        assertEquals(
                "A=1\r\nB=2\r\n".replace("\r\n", "\n"),
                DotEnv.parse("A=1\r\nB=2\r\n").write());
    }

    @Test
    void setRewritesOnlyItsLineAndKeepsTheRest() {
        DotEnv env = DotEnv.parse(SAMPLE);
        env.set("JWT_SECRET", "new secret with spaces")
                .set("ANON_KEY", "eyJ.x.y")
                .set("POSTGRES_PASSWORD", "p$w");
        String out = env.write();
        assertTrue(out.contains("export JWT_SECRET = 'new secret with spaces'\n"), out);
        assertTrue(out.contains("POSTGRES_PASSWORD=abc123\n"), "only the last (effective) assignment changes: " + out);
        assertTrue(out.contains("POSTGRES_PASSWORD='p$w'\n"), out);
        assertTrue(out.endsWith("ANON_KEY=eyJ.x.y\n"), out);
        assertTrue(out.startsWith("############\n# Secrets\n"), out);
        DotEnv again = DotEnv.parse(out);
        assertEquals("new secret with spaces", again.get("JWT_SECRET").orElseThrow());
        assertEquals("p$w", again.get("POSTGRES_PASSWORD").orElseThrow());
    }

    @Test
    void formatQuotesOnlyWhenNeeded() {
        for (String v : new String[] {
            "plain", "", "with space", "a\"b", "it's $x", "multi\nline", "back\\slash", "#hash", "x #y"
        }) {
            DotEnv env = DotEnv.empty().set("K", v);
            assertEquals(
                    v,
                    DotEnv.parse(env.write()).get("K").orElseThrow(),
                    "round trip of [" + v + "] via " + env.write());
        }
        assertEquals("plain", DotEnv.format("plain"));
    }
}
