package dev.supadokploy.ops.migrate;

import dev.supadokploy.pg.PgIdentifiers;
import dev.supadokploy.pg.catalog.QualifiedName;

/** Table names as SQL. */
final class QualifiedNames {
    private QualifiedNames() {}

    static String sql(QualifiedName name) {
        return PgIdentifiers.qualified(name.schema(), name.name());
    }
}
