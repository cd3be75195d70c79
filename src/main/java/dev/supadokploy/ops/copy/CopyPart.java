package dev.supadokploy.ops.copy;

import dev.supadokploy.pg.copy.KeyRange;
import dev.supadokploy.pg.copy.RowChecksum;

/**
 * The unit a data migration loads, commits and records at once: a whole table, or one key range of a large one.
 *
 * @param index 1-based position among the table's {@code count} parts
 */
public record CopyPart(TablePlan table, int index, int count, KeyRange range) {

    /** Its row in the checkpoint. */
    public String id() {
        return "part:" + table.name() + (count > 1 ? ":" + index : "");
    }

    /** As people read it: {@code public.orders} or {@code public.orders part 3/8 [1000, 2000)}. */
    public String label() {
        return table.name() + (count > 1 ? " part " + index + "/" + count + " " + range : "");
    }

    /**
     * A loaded part.
     *
     * @param source the source's checksum of the part, null when not verified
     * @param target the target's checksum of what the load inserted, null when not verified
     */
    public record Loaded(
            CopyPart part,
            long rows,
            long bytes,
            RowChecksum source,
            RowChecksum target,
            double seconds,
            boolean resumed) {
        public boolean verified() {
            return source != null && target != null;
        }

        public boolean matches() {
            return !verified() || source.equals(target);
        }
    }
}
