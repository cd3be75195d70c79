package dev.supadokploy.pg.catalog;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import java.util.Comparator;
import java.util.List;

/**
 * A sequence, including those behind serial and identity columns (see {@code ownedBy} and
 * {@code identity}; a diff recreates identity sequences through their column, not on their own).
 * The current value is data, not schema, and is not part of the catalog.
 *
 * @param dataType smallint, integer or bigint
 * @param ownedBy  OWNED BY column (serial and identity columns), else null
 * @param identity the sequence backs an identity column
 */
@JsonClassDescription("A sequence: type, start, increment, bounds, cache, cycle, owning column, grants")
public record Sequence(
        String name,
        String dataType,
        long start,
        long increment,
        long min,
        long max,
        long cache,
        boolean cycle,
        ColumnRef ownedBy,
        boolean identity,
        String owner,
        String comment,
        List<Grant> grants,
        String extension) {
    static final Comparator<Sequence> ORDER = Comparator.comparing(Sequence::name);

    public Sequence {
        grants = Sorted.by(grants, Grant.ORDER);
    }
}
