package dev.supadokploy.pg.catalog;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import java.util.Comparator;
import java.util.List;

/**
 * A domain.
 *
 * @param baseType          {@code format_type} of the underlying type
 * @param notNull           NOT NULL (PostgreSQL 17 also stores this as a constraint; it is not repeated in
 *                          {@code constraints}, so the model reads the same on every version)
 * @param defaultExpression DEFAULT, else null
 * @param collation         when it differs from the base type's, else null
 */
@JsonClassDescription("A domain: base type, NOT NULL, default, collation, check constraints")
public record Domain(
        String name,
        String owner,
        String comment,
        String baseType,
        boolean notNull,
        String defaultExpression,
        String collation,
        List<DomainConstraint> constraints,
        String extension) {
    static final Comparator<Domain> ORDER = Comparator.comparing(Domain::name);

    public Domain {
        constraints = Sorted.by(constraints, DomainConstraint.ORDER);
    }

    /** @param definition {@code pg_get_constraintdef}, e.g. {@code CHECK (VALUE > 0)} */
    @JsonClassDescription("A domain constraint")
    public record DomainConstraint(String name, String definition, boolean validated) {
        static final Comparator<DomainConstraint> ORDER = Comparator.comparing(DomainConstraint::name);
    }
}
