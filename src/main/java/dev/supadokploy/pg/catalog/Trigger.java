package dev.supadokploy.pg.catalog;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import java.util.Comparator;
import java.util.List;

/**
 * A user trigger (internal triggers, such as those enforcing foreign keys, are left out).
 *
 * @param timing            BEFORE, AFTER or INSTEAD OF
 * @param events            INSERT, UPDATE, DELETE, TRUNCATE, in that order
 * @param level             ROW or STATEMENT
 * @param function          the trigger function
 * @param enabled           session_replication_role behaviour (pg_trigger.tgenabled): {@code enabled} (O,
 *                          fires in origin and local mode), {@code disabled} (D), {@code replica} (R, fires
 *                          only in replica mode), {@code always} (A)
 * @param constraintTrigger CREATE CONSTRAINT TRIGGER
 * @param inherited         cloned from the parent partitioned table's trigger
 * @param definition        {@code pg_get_triggerdef}
 */
@JsonClassDescription("A trigger: timing, events, level, function, enabled state and CREATE TRIGGER definition")
public record Trigger(
        String name,
        String timing,
        List<String> events,
        String level,
        QualifiedName function,
        String enabled,
        boolean constraintTrigger,
        boolean inherited,
        String definition,
        String comment) {
    static final Comparator<Trigger> ORDER = Comparator.comparing(Trigger::name);

    public Trigger {
        events = Sorted.kept(events);
    }
}
