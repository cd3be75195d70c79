package dev.supadokploy.cli.options;

import dev.supadokploy.ops.connection.DokployInput;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Dokploy server options shared by every Dokploy command. No {@code --dokploy-api-key}: argv is visible to
 * every user of the host; the key comes from {@code --dokploy-api-key-file}, DOKPLOY_API_KEY or config.toml.
 */
public final class DokployOptions {
    @Option(
            names = {"--dokploy-url", "--dokploy-api-url"},
            paramLabel = "URL",
            description = "Dokploy server URL (default: $DOKPLOY_URL, then [dokploy] url in config.toml).")
    String url;

    @Option(
            names = "--dokploy-api-key-file",
            paramLabel = "FILE",
            description = "File holding the Dokploy API key (default: $DOKPLOY_API_KEY, then [dokploy] api_key).")
    Path apiKeyFile;

    public DokployInput toInput() {
        return new DokployInput(url, apiKeyFile == null ? null : "file:" + apiKeyFile);
    }
}
