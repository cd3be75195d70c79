package dev.supadokploy.ops.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.supadokploy.backup.ArchiveFormat;
import dev.supadokploy.backup.ArchiveReader;
import dev.supadokploy.backup.BackupManifest;
import dev.supadokploy.errors.ErrorCode;
import dev.supadokploy.errors.SupaException;
import dev.supadokploy.util.Json;
import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The vault section read back (verify, restore) and checked against the manifest's summary, without a database. */
class VaultPartTest {
    private static final VaultPart.Secret A =
            new VaultPart.Secret("id-a", "a", "", "value of a", null, Instant.EPOCH, Instant.EPOCH);
    private static final VaultPart.Secret UNNAMED =
            new VaultPart.Secret("id-b", null, "d", "value of b", null, Instant.EPOCH, Instant.EPOCH);

    private static byte[] json(List<VaultPart.Secret> secrets) throws Exception {
        return Json.MAPPER.writeValueAsBytes(new VaultPart.Content("0.3.1", secrets));
    }

    private static VaultPart.Reading read(byte[] json) throws Exception {
        VaultPart.Reading reading = new VaultPart.Reading();
        reading.accept(new ArchiveReader.Section(ArchiveFormat.VAULT, "{}", new ByteArrayInputStream(json)));
        return reading;
    }

    private static BackupManifest manifest(JsonNode vault) {
        return new BackupManifest(
                "id", List.of(), List.of(), List.of(), 0, 0, vault == null ? Map.of() : Map.of("vault", vault));
    }

    private static JsonNode summary(List<VaultPart.Secret> secrets) throws Exception {
        byte[] json = json(secrets);
        return Json.MAPPER.valueToTree(VaultPart.Summary.of(new VaultPart.Content("0.3.1", secrets), json.length));
    }

    @Test
    void aSectionMatchingItsSummaryPasses() throws Exception {
        VaultPart.Reading reading = read(json(List.of(A, UNNAMED)));
        reading.check(manifest(summary(List.of(A, UNNAMED))));
        assertEquals(2, reading.content.secrets().size());
        assertEquals("value of a", reading.content.secrets().get(0).secret());
        new VaultPart.Reading().check(manifest(null)); // neither: nothing to check
    }

    @Test
    void aSectionThatDiffersFromItsSummaryIsTampered() throws Exception {
        JsonNode both = summary(List.of(A, UNNAMED));
        for (Runnable check : List.<Runnable>of(
                () -> uncheck(() -> read(json(List.of(A))).check(manifest(both))),
                () -> uncheck(() -> read(json(List.of(UNNAMED, A))).check(manifest(both))),
                () -> uncheck(() -> read(json(List.of(A, UNNAMED))).check(manifest(null))),
                () -> new VaultPart.Reading().check(manifest(both)))) {
            SupaException e = assertThrows(SupaException.class, check::run);
            assertEquals(ErrorCode.BACKUP_TAMPERED, e.code(), e::getMessage);
        }
        SupaException unreadable = assertThrows(SupaException.class, () -> read("{\"secrets\": 3}".getBytes()));
        assertEquals(ErrorCode.BACKUP_TAMPERED, unreadable.code());
    }

    @Test
    void aSecretsValueIsNeverInItsText() {
        assertFalse(A.toString().contains("value of a"), A::toString);
        assertTrue(A.toString().contains("name=a"), A::toString);
    }

    private interface Check {
        void run() throws Exception;
    }

    private static void uncheck(Check c) {
        try {
            c.run();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
