package dev.supadokploy.ops.deploy;

import dev.supadokploy.dokploy.Compose;
import dev.supadokploy.dokploy.PlacedCompose;
import dev.supadokploy.errors.ErrorCode;
import dev.supadokploy.errors.SupaException;
import dev.supadokploy.ops.OperationContext;
import java.util.Map;

/**
 * A Supabase compose a template deploy left half-made. {@code compose.deployTemplate} inserts the compose (env and
 * compose file included), then writes the template's file mounts one by one, then creates its domains, without a
 * transaction; on a remote server without an SSH key the first file mount fails ("No SSH key available for this
 * server") and the compose stays with at most one mount and no domain (Dokploy v0.30.2:
 * apps/dokploy/server/api/routers/compose.ts deployTemplate, packages/server/src/services/mount.ts createMount). Such a
 * compose cannot be finished from outside: its kong.yml, SQL and other files live only in the template. So it is
 * removed (with confirmation) and made anew; one that has its domain was completed and is simply finished by setup.
 */
final class HalfMadeStack {
    private HalfMadeStack() {}

    /** Never deployed and without any domain: the template deploy stopped before its last step. */
    static boolean isHalfMade(Compose compose) {
        return compose.deployments().isEmpty() && compose.domains().isEmpty();
    }

    static String describe(PlacedCompose placed) {
        Compose c = placed.compose();
        return "The Supabase compose '" + c.name() + "' (" + c.composeId() + ", appName " + c.appName()
                + (placed.serverName() != null
                        ? ", on server '" + placed.serverName() + "'"
                        : c.serverId() != null ? ", on server " + c.serverId() : "")
                + ") is half-made: Dokploy's template deploy stopped before its end. It has no domain, "
                + placed.mounts()
                + " file mount" + (placed.mounts() == 1 ? "" : "s")
                + " (the template writes its kong.yml, SQL and other files "
                + "as mounts before the domain) and was never deployed";
    }

    /** Removal needs a yes: the replaceIncomplete input, --yes, or an answer at a terminal; nobody asked means no. */
    static void confirmRemoval(OperationContext ctx, String composeId, String what, boolean replace) {
        if (replace || ctx.policy().assumeYes()) {
            return;
        }
        boolean yes = ctx.interaction()
                .confirm(what + ". Remove it and make the stack anew?")
                .orElse(false);
        if (!yes) {
            throw new SupaException(
                    ErrorCode.DOKPLOY_STACK_INCOMPLETE,
                    what + "; setup does not make a second one beside it",
                    "Run setup again with --replace-incomplete (MCP: replaceIncomplete: true) to remove it and make the stack "
                            + "anew, or delete it in the Dokploy dashboard. If it is on a server without an SSH key, give the "
                            + "server one first (Settings → SSH Keys), or the new one stops the same way.",
                    Map.of("applicationId", composeId),
                    null);
        }
    }
}
