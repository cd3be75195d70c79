package dev.supadokploy.pg.diff;

import dev.supadokploy.pg.diff.Securables.Securable;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Comments on every object the catalog carries one for. Runs last: an object made (again) by an earlier family
 * starts without a comment, and its COMMENT waits for its creation.
 */
final class CommentFamily implements DiffFamily {
    @Override
    public void diff(DiffContext ctx) {
        Map<String, Securable> target = Securables.of(ctx.target());
        Set<String> dropped = Securables.keys(ctx, Change.Action.drop);
        for (Securable object : Securables.of(ctx.source()).values()) {
            Securable before = Securables.before(object, target, dropped);
            String had = before == null ? null : before.comment();
            if (!Objects.equals(had, object.comment())) {
                ctx.emit(Change.alter(
                                "comment",
                                object.shown(),
                                Phase.COMMENTS,
                                "COMMENT ON " + object.kind() + " " + object.name() + " IS "
                                        + (object.comment() == null ? "NULL" : literal(object.comment())) + ";")
                        .requiring(object.keys()));
            }
        }
    }

    /** A string constant PostgreSQL reads back as {@code text} whatever standard_conforming_strings says. */
    static String literal(String text) {
        String quoted = text.replace("'", "''");
        return text.contains("\\") ? "E'" + quoted.replace("\\", "\\\\") + "'" : "'" + quoted + "'";
    }
}
