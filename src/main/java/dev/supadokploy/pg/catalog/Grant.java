package dev.supadokploy.pg.catalog;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import java.util.Comparator;
import java.util.List;

/**
 * Privileges one grantor gave one grantee, from {@code aclexplode}. Object ACLs that were never changed
 * are NULL in the catalog; the reader expands them with {@code acldefault} so that "never touched" and
 * "explicitly granted the defaults" read the same, and so that the implicit EXECUTE to PUBLIC on
 * functions is visible.
 *
 * @param grantee    role name, or {@code PUBLIC}
 * @param privileges privilege keywords (SELECT, INSERT, USAGE, EXECUTE …), sorted
 * @param grantable  WITH GRANT OPTION
 * @param grantor    role that granted them
 */
@JsonClassDescription("Privileges a grantee holds on an object (PUBLIC for everybody)")
public record Grant(String grantee, List<String> privileges, boolean grantable, String grantor) {
    static final Comparator<Grant> ORDER =
            Comparator.comparing(Grant::grantee).thenComparing(Grant::grantor).thenComparing(Grant::grantable);

    public Grant {
        privileges = Sorted.strings(privileges);
    }

    public boolean has(String privilege) {
        return privileges.contains(privilege);
    }
}
