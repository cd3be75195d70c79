package dev.supadokploy.ops.copy;

import dev.supadokploy.pg.PgIdentifiers;
import dev.supadokploy.pg.catalog.QualifiedName;

/** Table names as SQL. */
public final class QualifiedNames {
    private QualifiedNames() {}

    public static String sql(QualifiedName name) {
        return PgIdentifiers.qualified(name.schema(), name.name());
    }
}
