package dev.supadokploy.dokploy;

/** One deploy of a compose ({@code deployment.allByCompose}); {@code status} is {@code running | done | error}. */
public record Deployment(String deploymentId, String title, String description, String status,
                         String createdAt, String startedAt, String finishedAt, String errorMessage,
                         String composeId) {
    public boolean finished() {
        return "done".equals(status) || "error".equals(status);
    }
}
