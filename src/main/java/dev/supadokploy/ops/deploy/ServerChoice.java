package dev.supadokploy.ops.deploy;

import dev.supadokploy.dokploy.DokployApi;
import dev.supadokploy.dokploy.DokployVersion;
import dev.supadokploy.dokploy.Server;
import dev.supadokploy.errors.ErrorCode;
import dev.supadokploy.errors.SupaException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Which Dokploy server a new stack runs on: {@code --server-id} or {@code --server NAME}, checked against
 * {@code server.all} before anything is created (Dokploy v0.30.2: apps/dokploy/server/api/routers/server.ts all,
 * packages/server/src/db/schema/server.ts).
 */
final class ServerChoice {
    /** {@code settings.isCloud} came with v0.19.0. */
    static final DokployVersion IS_CLOUD_VERSION = DokployVersion.of(0, 19, 0);

    private ServerChoice() {}

    /** The server named by id or name, usable as a deploy target; a clear refusal otherwise. */
    static Server resolve(DokployApi api, String serverId, String name) {
        List<Server> servers = api.servers();
        List<Server> matching = servers.stream()
                .filter(s -> serverId != null ? serverId.equals(s.serverId()) : name.equals(s.name()))
                .toList();
        String asked = serverId != null ? "with id " + serverId : "named '" + name + "'";
        if (matching.isEmpty()) {
            throw SupaException.invalidInput(
                    "Dokploy at " + api.client().serverUrl() + " has no server " + asked + " that this API key may use",
                    servers.isEmpty()
                            ? "This organisation has no remote server: add one in Dokploy (Remote Servers), with an "
                                    + "SSH key, or leave --server out to run the stack on the Dokploy host."
                            : "Servers: " + list(servers) + ".");
        }
        if (matching.size() > 1) {
            throw SupaException.invalidInput(
                    matching.size() + " Dokploy servers are named '" + name + "'",
                    "Choose one by id with --server-id: " + list(matching) + ".");
        }
        Server server = matching.get(0);
        if (!server.deployTarget()) {
            throw SupaException.invalidInput(
                    "Server " + server.display() + " cannot run services ("
                            + ("build".equals(server.serverType())
                                    ? "a build server"
                                    : "status " + server.serverStatus())
                            + ")",
                    "Choose a deploy server: "
                            + list(servers.stream().filter(Server::deployTarget).toList()) + ".");
        }
        if (!server.hasSshKey()) {
            // Dokploy v0.30.2: packages/server/src/utils/process/execAsync.ts execAsyncRemote throws "No SSH key
            // available
            // for this server"; deployTemplate meets it at the first file mount, after creating the compose
            throw SupaException.invalidInput(
                    "Server " + server.display() + " has no SSH key, so Dokploy cannot reach it: "
                            + "the template deploy would stop at its file mounts and leave a half-made compose behind",
                    "Give the server an SSH key in Dokploy (Settings → SSH Keys, then the server's settings) and run setup "
                            + "again, or choose another server.");
        }
        return server;
    }

    /** Dokploy refuses new services without a server here; says so and names the servers to choose from. */
    static SupaException required(DokployApi api, String why) {
        List<Server> servers;
        try {
            servers = api.servers();
        } catch (SupaException e) {
            // a member without the server read permission cannot list them; the refusal itself must still come through
            return new SupaException(
                    ErrorCode.DOKPLOY_SERVER_REQUIRED,
                    "Dokploy at " + api.client().serverUrl()
                            + " needs a server for new services (" + why
                            + "): it answers \"You need to use a server to create a "
                            + "compose\"",
                    "Choose one with --server NAME or --server-id ID (MCP: server / serverId); this API key "
                            + "cannot list the servers (" + e.getMessage()
                            + "), so ask the organisation's owner which to use.",
                    Map.of(),
                    null);
        }
        List<Server> usable =
                servers.stream().filter(s -> s.deployTarget() && s.hasSshKey()).toList();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put(
                "servers",
                servers.stream()
                        .map(s -> Map.of(
                                "serverId",
                                s.serverId(),
                                "name",
                                String.valueOf(s.name()),
                                "usable",
                                s.deployTarget() && s.hasSshKey()))
                        .toList());
        return new SupaException(
                ErrorCode.DOKPLOY_SERVER_REQUIRED,
                "Dokploy at " + api.client().serverUrl() + " needs a server for new services (" + why
                        + "): it answers \"You " + "need to use a server to create a compose\"",
                usable.isEmpty()
                        ? "Add a server in Dokploy (Remote Servers) with an SSH key, then run setup with --server NAME."
                        : "Choose one with --server NAME or --server-id ID (MCP: server / serverId): " + list(usable)
                                + ".",
                details,
                null);
    }

    static String list(List<Server> servers) {
        return servers.isEmpty()
                ? "(none)"
                : servers.stream()
                        .map(s -> s.display() + (s.hasSshKey() ? "" : " without SSH key"))
                        .collect(Collectors.joining(", "));
    }
}
