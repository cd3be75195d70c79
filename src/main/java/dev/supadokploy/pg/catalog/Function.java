package dev.supadokploy.pg.catalog;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import java.util.Comparator;
import java.util.List;

/**
 * A function, procedure, aggregate or window function. Overloads are distinct entries; a function is
 * identified by {@code name} plus {@code identityArguments}.
 *
 * @param kind              function, procedure, aggregate or window
 * @param identityArguments argument types that identify the overload, e.g. {@code p_user uuid}
 * @param arguments         full argument list with modes and defaults
 * @param resultType        e.g. {@code bigint}, {@code trigger}, {@code SETOF public.todos}; null for procedures
 * @param volatility        immutable, stable or volatile
 * @param parallel          safe, restricted or unsafe
 * @param config            SET clauses, e.g. {@code search_path=""}, sorted (their order carries no meaning)
 * @param definition        {@code pg_get_functiondef}: the complete CREATE OR REPLACE statement; for aggregates,
 *                          which it cannot render, a CREATE OR REPLACE AGGREGATE made from {@code pg_aggregate}
 * @param grants            EXECUTE grants; an untouched function shows the implicit EXECUTE to PUBLIC
 */
@JsonClassDescription(
        "A function or procedure: signature, result, language, volatility, security definer, config, definition, grants")
public record Function(
        String name,
        String kind,
        String identityArguments,
        String arguments,
        String resultType,
        String language,
        String volatility,
        boolean securityDefiner,
        boolean strict,
        boolean leakproof,
        String parallel,
        boolean returnsSet,
        List<String> config,
        String definition,
        String owner,
        String comment,
        List<Grant> grants,
        String extension) {
    static final Comparator<Function> ORDER =
            Comparator.comparing(Function::name).thenComparing(Function::identityArguments);

    public Function {
        config = Sorted.strings(config);
        grants = Sorted.by(grants, Grant.ORDER);
    }

    /** {@code name(identity arguments)}, the way GRANT and DROP name an overload. */
    public String signature() {
        return name + "(" + identityArguments + ")";
    }
}
