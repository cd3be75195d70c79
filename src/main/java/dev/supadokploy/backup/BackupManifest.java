package dev.supadokploy.backup;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * The last section: what the source server said about the data, in the backup's snapshot. A restore proves what it
 * loaded against it; verify checks that every table section is here with as many rows as it streamed.
 *
 * @param schemas   the schemas backed up
 * @param tables    in the order their sections appear
 * @param sequences every sequence of those schemas, with the value to set after the rows
 * @param parts     format 3: per instance part beyond the database ("objects", "vault", "config"), the summary its
 *                  restore and verify check against (each part reads its own); empty in older archives
 */
public record BackupManifest(
        String backupId,
        List<String> schemas,
        List<Table> tables,
        List<SequenceValue> sequences,
        long rows,
        long dataBytes,
        Map<String, JsonNode> parts) {

    public BackupManifest {
        parts = parts == null ? Map.of() : Map.copyOf(parts);
    }

    /**
     * @param rows     rows the source's checksum query counted (equal to the rows COPY streamed)
     * @param checksum order-independent checksum of the rows (RowChecksum: 64-bit sum of row hashes, hex)
     * @param bytes    bytes of the COPY stream, before compression
     */
    public record Table(String table, long rows, String checksum, long bytes) {}

    /** @param sequence the sequence as SQL (schema-qualified, quoted) */
    public record SequenceValue(String sequence, long lastValue, boolean isCalled) {}
}
