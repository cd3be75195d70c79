package dev.supadokploy.dokploy;

/**
 * Where a new service goes: an environment from Dokploy v0.25, a project before. Holding both lets an
 * operation say "here" once and the client pick the field the server understands.
 */
public record ServiceParent(String projectId, String environmentId) {
    public static ServiceParent environment(String projectId, String environmentId) {
        return new ServiceParent(projectId, environmentId);
    }
}
