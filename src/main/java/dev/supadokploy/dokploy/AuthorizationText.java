package dev.supadokploy.dokploy;

import java.util.Locale;

/**
 * What a refusal's message from Dokploy means, read defensively from its text: Dokploy v0.30.2 uses one tRPC code
 * ({@code UNAUTHORIZED}, HTTP 401) for authorization failures and for placement rules alike, and some routers rewrap
 * either as 400 with a prefix. Every {@code throw new TRPCError({code: "UNAUTHORIZED", …})} in
 * {@code packages/server} and {@code apps/dokploy/server/api} at v0.30.2 falls in one of these classes.
 */
enum AuthorizationText {
    /**
     * "You need to use a server to create a compose" (and an application, Postgres …:
     * {@code apps/dokploy/server/api/routers/compose.ts} {@code create}/{@code deployTemplate} with {@code IS_CLOUD}
     * or {@code remoteServersOnly}), "Please set a server to create a certificate", "Please set a serverId …", and
     * Dokploy Cloud's "No servers available, Please subscribe to a plan" ({@code routers/project.ts} create, a
     * NOT_FOUND rewrapped as 400 "Error creating the project: …").
     */
    SERVER_REQUIRED,
    /** "Functionality not available in cloud version", "Feature disabled on cloud": Dokploy Cloud lacks it. */
    CLOUD_ONLY,
    /**
     * The caller may not: "You are not authorized to access this compose|project|server|…", "You don't have access
     * to this project|service|environment", "You are not allowed to …", "Permission denied" and better-auth's role
     * errors ({@code packages/server/src/services/permission.ts}), "Invalid role", "User not found in organization", and better-auth's
     * {@code role.authorize} errors "You are not allowed to access resource: X" / {@code unauthorized to access resource "X"}
     * (its {@code plugins/access/access.mjs}).
     * (The bare "UNAUTHORIZED" of {@code apps/dokploy/server/api/trpc.ts}'s procedures is read as a key problem by
     * {@link DokployFailures}: every procedure the tool calls is a {@code protectedProcedure}.)
     */
    DENIED,
    /** Anything else (a message this tool does not know). */
    OTHER;

    static AuthorizationText of(String message) {
        if (message == null) {
            return OTHER;
        }
        String m = message.toLowerCase(Locale.ROOT);
        if (m.contains("you need to use a server")
                || m.contains("please set a server")
                || m.contains("no servers available")) {
            return SERVER_REQUIRED;
        }
        if (m.contains("not available in cloud") || m.contains("disabled on cloud")) {
            return CLOUD_ONLY;
        }
        if (m.contains("not authorized")
                || m.contains("unauthorized to access")
                || m.contains("not allowed")
                || m.contains("don't have access")
                || m.contains("don't have permission")
                || m.contains("permission denied")
                || m.contains("invalid role")
                || m.contains("not found in organization")
                || m.contains("only the owner")) {
            return DENIED;
        }
        return OTHER;
    }
}
