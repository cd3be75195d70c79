package dev.supadokploy.pg.catalog;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import java.util.Comparator;
import java.util.List;

/**
 * One entry of {@code pg_default_acl} (ALTER DEFAULT PRIVILEGES): objects {@code role} creates later
 * (in {@code schema}, or anywhere when it is null) get these privileges for {@code grantee}.
 *
 * @param objectType tables, sequences, functions, types or schemas
 */
@JsonClassDescription("Privileges granted automatically on objects a role creates later (ALTER DEFAULT PRIVILEGES)")
public record DefaultPrivilege(
        String role, String schema, String objectType, String grantee, List<String> privileges, boolean grantable) {
    static final Comparator<DefaultPrivilege> ORDER = Comparator.comparing(DefaultPrivilege::role)
            .thenComparing(Sorted.nullsFirst(DefaultPrivilege::schema))
            .thenComparing(DefaultPrivilege::objectType)
            .thenComparing(DefaultPrivilege::grantee)
            .thenComparing(DefaultPrivilege::grantable);

    public DefaultPrivilege {
        privileges = Sorted.strings(privileges);
    }
}
