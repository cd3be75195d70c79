package dev.supadokploy.pg.catalog;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import java.util.Comparator;
import java.util.List;

/**
 * A view.
 *
 * @param definition      {@code pg_get_viewdef}, the SELECT without CREATE VIEW
 * @param options         reloptions as stored, e.g. {@code security_invoker=true}, {@code check_option=local}
 * @param securityInvoker PostgreSQL 15+: the view checks permissions and RLS as the querying role, not
 *                        as its owner (Supabase recommends this for views in exposed schemas)
 * @param checkOption     WITH LOCAL / CASCADED CHECK OPTION, else null
 * @param columns         output columns (name, type, comment)
 * @param triggers        INSTEAD OF triggers
 */
@JsonClassDescription(
        "A view: definition, options such as security_invoker, owner, columns, INSTEAD OF triggers, grants")
public record View(
        String name,
        String owner,
        String comment,
        String definition,
        List<String> options,
        boolean securityInvoker,
        String checkOption,
        List<Column> columns,
        List<Trigger> triggers,
        List<Grant> grants,
        String extension) {
    static final Comparator<View> ORDER = Comparator.comparing(View::name);

    public View {
        options = Sorted.strings(options);
        columns = Sorted.by(columns, Column.ORDER);
        triggers = Sorted.by(triggers, Trigger.ORDER);
        grants = Sorted.by(grants, Grant.ORDER);
    }
}
