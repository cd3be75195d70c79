package dev.supadokploy.pg.catalog;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import java.util.Comparator;
import java.util.List;

/**
 * A row level security policy.
 *
 * @param command    ALL, SELECT, INSERT, UPDATE or DELETE
 * @param permissive false for AS RESTRICTIVE
 * @param roles      roles it applies to, sorted; {@code PUBLIC} for everybody
 * @param using      USING expression, else null
 * @param withCheck  WITH CHECK expression, else null
 */
@JsonClassDescription("A row level security policy: command, permissive or restrictive, roles, USING and WITH CHECK")
public record Policy(
        String name,
        String command,
        boolean permissive,
        List<String> roles,
        String using,
        String withCheck,
        String comment) {
    static final Comparator<Policy> ORDER = Comparator.comparing(Policy::name);

    public Policy {
        roles = Sorted.strings(roles);
    }
}
