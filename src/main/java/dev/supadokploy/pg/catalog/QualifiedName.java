package dev.supadokploy.pg.catalog;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import java.util.Comparator;

/** A schema-qualified object name, unquoted (the model never carries SQL quoting). */
@JsonClassDescription("A schema-qualified object name")
public record QualifiedName(String schema, String name) {
    public static final Comparator<QualifiedName> ORDER =
            Comparator.comparing(QualifiedName::schema).thenComparing(QualifiedName::name);

    @Override
    public String toString() {
        return schema + "." + name;
    }
}
