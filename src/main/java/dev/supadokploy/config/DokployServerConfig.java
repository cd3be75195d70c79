package dev.supadokploy.config;

/**
 * The {@code [dokploy]} table: the Dokploy server and its API key reference, and where that server fetches its
 * templates from ({@code templates_url}: Dokploy's {@code baseUrl}, for air-gapped servers, mirrors, pinned versions).
 */
public record DokployServerConfig(String url, String apiKey, String templatesUrl) {
    public DokployServerConfig(String url, String apiKey) {
        this(url, apiKey, null);
    }
}
