package dev.supadokploy.pg.catalog;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import java.util.Comparator;

/** An installed extension. Extensions are database-wide, so the catalog lists all of them. */
@JsonClassDescription("An installed extension: name, version, the schema its objects live in")
public record Extension(String name, String version, String schema, boolean relocatable, String comment) {
    static final Comparator<Extension> ORDER = Comparator.comparing(Extension::name);
}
