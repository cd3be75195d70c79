package dev.supadokploy.pg.catalog;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import java.util.Comparator;
import java.util.List;

/**
 * A table constraint: {@code definition} is {@code pg_get_constraintdef} (enough to recreate it), the
 * other fields are the same facts in structured form so a diff can compare them without parsing SQL.
 *
 * @param type              primary_key, unique, foreign_key, check, exclusion or constraint_trigger
 * @param columns           constrained columns in key order (empty for a check on an expression)
 * @param referencedTable   foreign keys: the referenced table
 * @param referencedColumns foreign keys: referenced columns, matching {@code columns} position by position
 * @param onUpdate          foreign keys: NO ACTION, RESTRICT, CASCADE, SET NULL or SET DEFAULT
 * @param onDelete          foreign keys: as {@code onUpdate}
 * @param matchType         foreign keys: SIMPLE, FULL or PARTIAL
 * @param validated         false for constraints added NOT VALID and not validated since
 * @param noInherit         CHECK … NO INHERIT (always false for other kinds)
 * @param inherited         cloned from a parent table or partitioned table; recreated with the parent
 * @param expression        check constraints: the boolean expression
 * @param index             primary key, unique and exclusion constraints: the index that enforces it
 */
@JsonClassDescription(
        "A constraint (primary key, unique, foreign key, check, exclusion) with its definition and structured facts")
public record Constraint(
        String name,
        String type,
        String definition,
        List<String> columns,
        QualifiedName referencedTable,
        List<String> referencedColumns,
        String onUpdate,
        String onDelete,
        String matchType,
        boolean deferrable,
        boolean initiallyDeferred,
        boolean validated,
        boolean noInherit,
        boolean inherited,
        String expression,
        String index,
        String comment) {
    static final Comparator<Constraint> ORDER = Comparator.comparing(Constraint::name);

    public Constraint {
        columns = Sorted.kept(columns);
        referencedColumns = referencedTable == null ? null : Sorted.kept(referencedColumns);
    }
}
