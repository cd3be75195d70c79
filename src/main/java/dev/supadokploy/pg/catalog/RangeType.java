package dev.supadokploy.pg.catalog;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import java.util.Comparator;

/**
 * A range type made with CREATE TYPE … AS RANGE.
 *
 * @param subtypeOpclass   operator class ordering the subtype, schema-qualified
 * @param collation        subtype collation, else null
 * @param canonical        canonical function, else null
 * @param subtypeDiff      subtype_diff function, else null
 * @param multirange       the multirange type PostgreSQL created with it
 */
@JsonClassDescription("A range type: subtype, operator class, collation, canonical and subtype_diff functions")
public record RangeType(
        String name,
        String owner,
        String comment,
        String subtype,
        String subtypeOpclass,
        String collation,
        String canonical,
        String subtypeDiff,
        String multirange,
        String extension) {
    static final Comparator<RangeType> ORDER = Comparator.comparing(RangeType::name);
}
