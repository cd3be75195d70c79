package dev.supadokploy.dokploy;

/**
 * One deploy of a compose ({@code deployment.allByCompose}). {@code status} is Dokploy's
 * {@code running | done | error | cancelled} (packages/server/src/db/schema/deployment.ts): a deploy still running
 * when Dokploy restarts is marked {@code cancelled} (packages/server/src/utils/startup/cancel-deployments.ts).
 * {@code errorMessage} is set only when the deployment row itself could not be made; an ordinary failure keeps it
 * null and leaves its output in the deployment log ({@link DokployApi#deploymentLog}).
 */
public record Deployment(
        String deploymentId,
        String title,
        String description,
        String status,
        String createdAt,
        String startedAt,
        String finishedAt,
        String errorMessage,
        String composeId) {
    public boolean finished() {
        return "done".equals(status) || "error".equals(status) || cancelled();
    }

    public boolean cancelled() {
        return "cancelled".equals(status);
    }
}
