package dev.supadokploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.supadokploy.testing.CliRunner;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The short way for `--version` prints what the full command tree prints, and is taken for nothing else. */
class MainTest {
    @Test
    void versionWithoutTheCommandTreePrintsWhatPicocliPrints() {
        for (String flag : new String[] {"--version", "-V"}) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            assertTrue(Main.printedVersion(new String[] {flag}, new PrintStream(out, true, StandardCharsets.UTF_8)));
            CliRunner.Result full = new CliRunner().run(flag);
            assertEquals(0, full.exitCode(), full::toString);
            assertEquals(full.stdout(), out.toString(StandardCharsets.UTF_8));
            assertTrue(full.stdout().contains("Java " + System.getProperty("java.version")), full::toString);
        }
    }

    @Test
    void anythingElseGoesThroughTheCommandTree() {
        PrintStream sink = new PrintStream(new ByteArrayOutputStream());
        assertFalse(Main.printedVersion(new String[] {"--version", "--help"}, sink));
        assertFalse(Main.printedVersion(new String[] {"db", "--version"}, sink));
        assertFalse(Main.printedVersion(new String[0], sink));
    }
}
