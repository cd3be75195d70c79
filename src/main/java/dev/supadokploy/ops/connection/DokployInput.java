package dev.supadokploy.ops.connection;

import dev.supadokploy.ops.Doc;

/**
 * Which Dokploy server to talk to, shared by every Dokploy operation; flattened into the MCP arguments
 * (the seed's {@code dokployApiUrl}, {@code dokployApiKey}), filled by the CLI's {@code DokployOptions}.
 * Either may be left out: then {@code DOKPLOY_URL} / {@code DOKPLOY_API_KEY}, then config.toml's [dokploy].
 */
public record DokployInput(
        @Doc(
                "Dokploy server URL, e.g. https://dokploy.example.com (default: DOKPLOY_URL, then [dokploy] url in config.toml)")
        String dokployApiUrl,

        @Doc(
                value = "Dokploy API key (prefer leaving it out: the server's DOKPLOY_API_KEY or config.toml is used)",
                secret = true)
        String dokployApiKey) {

    public static DokployInput fromEnvironment() {
        return new DokployInput(null, null);
    }
}
