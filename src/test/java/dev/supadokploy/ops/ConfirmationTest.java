package dev.supadokploy.ops;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.supadokploy.config.Config;
import dev.supadokploy.config.SecretResolver;
import dev.supadokploy.errors.ErrorCode;
import dev.supadokploy.errors.SupaException;
import java.io.InputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** --yes answers, a terminal is asked, a script is refused: the rule every destructive step follows. */
class ConfirmationTest {

    private static OperationContext context(boolean yes, Interaction interaction) {
        return new OperationContext(
                Config.empty(),
                Map.of(),
                new SecretResolver(Map.of(), InputStream::nullInputStream, w -> {}),
                new Policy(true, yes, interaction != Interaction.NONE),
                interaction,
                Progress.NONE,
                new Cancellation(),
                Clock.systemUTC(),
                w -> {});
    }

    private static Interaction answering(boolean answer, List<String> asked) {
        return new Interaction() {
            @Override
            public Optional<Boolean> confirm(String question) {
                asked.add(question);
                return Optional.of(answer);
            }

            @Override
            public Optional<char[]> readSecret(String prompt) {
                return Optional.empty();
            }
        };
    }

    @Test
    void yesProceedsWithoutAsking() {
        List<String> asked = new ArrayList<>();
        assertDoesNotThrow(() -> context(true, answering(false, asked)).confirm("Drop table x?"));
        assertTrue(asked.isEmpty());
    }

    @Test
    void aTerminalIsAsked() {
        List<String> asked = new ArrayList<>();
        assertDoesNotThrow(() -> context(false, answering(true, asked)).confirm("Drop table x?"));
        assertEquals(List.of("Drop table x?"), asked);
        SupaException no = assertThrows(
                SupaException.class,
                () -> context(false, answering(false, asked)).confirm("Drop table x?"));
        assertEquals(ErrorCode.VALIDATION_CONFIRMATION_REQUIRED, no.code());
        assertTrue(no.suggestion().contains("Nothing was changed"));
    }

    @Test
    void aScriptIsRefusedWithTheWayOut() {
        SupaException e = assertThrows(
                SupaException.class, () -> context(false, Interaction.NONE).confirm("Drop table x?"));
        assertEquals(ErrorCode.VALIDATION_CONFIRMATION_REQUIRED, e.code());
        assertTrue(e.suggestion().contains("--yes"));
        assertEquals(5, e.exitCode());
    }
}
