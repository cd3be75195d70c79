package dev.supadokploy.pg.catalog;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import java.util.Comparator;
import java.util.List;

/** A composite type made with CREATE TYPE … AS (…); tables' row types are not listed separately. */
@JsonClassDescription("A composite type with its attributes in order")
public record CompositeType(String name, String owner, String comment, List<Attribute> attributes, String extension) {
    static final Comparator<CompositeType> ORDER = Comparator.comparing(CompositeType::name);

    public CompositeType {
        attributes = Sorted.by(attributes, Attribute.ORDER);
    }

    /** @param collation when it differs from the type's default, else null */
    @JsonClassDescription("An attribute of a composite type")
    public record Attribute(int position, String name, String type, String collation, String comment) {
        static final Comparator<Attribute> ORDER = Comparator.comparingInt(Attribute::position);
    }
}
