package dev.supadokploy.dokploy;

import java.util.List;

/**
 * A compose service ({@code compose.one}; a lighter form inside {@code project.all}). {@code env} is the whole
 * dotenv document as one string — edit it through {@link ComposeEnv}, never as a map.
 * {@code composeStatus} is Dokploy's {@code idle | running | done | error}. {@code composeFile} (the docker-compose.yml)
 * comes with {@code compose.one} only.
 */
public record Compose(
        String composeId,
        String name,
        String appName,
        String description,
        String env,
        String composeStatus,
        String environmentId,
        String projectId,
        String serverId,
        String sourceType,
        String composeType,
        String createdAt,
        List<Domain> domains,
        List<Deployment> deployments,
        String composeFile) {
    public Compose {
        domains = domains == null ? List.of() : List.copyOf(domains);
        deployments = deployments == null ? List.of() : List.copyOf(deployments);
    }

    @Override
    public String toString() {
        // env holds the stack's secrets: keep it out of logs and exception messages.
        return "Compose[composeId=" + composeId + ", name=" + name + ", appName=" + appName + ", composeStatus="
                + composeStatus + "]";
    }
}
