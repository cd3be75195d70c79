package dev.supadokploy.ops.backup;

import com.fasterxml.jackson.databind.JsonNode;
import dev.supadokploy.backup.ArchiveWriter;
import dev.supadokploy.ops.OperationContext;
import dev.supadokploy.pg.ConnectionTarget;
import java.sql.Connection;

/**
 * A part of a Supabase instance that a backup holds beyond the database's rows: Storage objects, vault secrets, the
 * stack's config. Each writes its own sections ({@code ArchiveFormat} 'O', 'V', 'C') after the tables and before the
 * manifest, and returns a summary that goes into the manifest under its name and into the result.
 *
 * <p>Each part is asked by a flag of three states: true (must be backed up: unreachable is an error), false (left
 * out), null (the default: backed up when the tool can reach it, else skipped with the reason in the result).
 */
interface InstancePart {
    /** "objects", "vault" or "config": the key in the manifest's parts and the name in the result. */
    String name();

    /** Writes the part's sections into the archive; never reads outside the backup's snapshot for database facts. */
    Outcome backup(Context context) throws Exception;

    /**
     * What a part is given: the writer (whose header says whether the archive is encrypted), the create input, the
     * connection holding the backup's REPEATABLE READ snapshot, and the source it was resolved from.
     */
    record Context(
            ArchiveWriter writer,
            BackupCreateOperation.Input input,
            OperationContext ctx,
            Connection conn,
            ConnectionTarget target) {}

    /** The part's summary for the result, and its details for the manifest (null when it was skipped). */
    record Outcome(BackupCreateOperation.Part summary, JsonNode manifest) {
        static Outcome skipped(String part, String reason) {
            return new Outcome(
                    new BackupCreateOperation.Part(part, BackupCreateOperation.PartStatus.skipped, 0, 0, reason), null);
        }
    }
}
