package dev.supadokploy.ops.rollout;

import dev.supadokploy.dokploy.Compose;
import dev.supadokploy.dokploy.Deployment;
import dev.supadokploy.dokploy.DokployApi;
import dev.supadokploy.dokploy.LogQuery;
import dev.supadokploy.errors.ErrorCode;
import dev.supadokploy.errors.SupaException;
import dev.supadokploy.ops.OperationContext;
import dev.supadokploy.ops.connection.MonitoredStack;
import dev.supadokploy.ops.monitor.MonitorHealthOperation;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Deploys (or redeploys) a Supabase compose and waits until Dokploy reports the deployment done and every
 * container of the stack is running and healthy. Shared by {@code deploy setup}, {@code keys regenerate} and
 * {@code validate config --fix}: each of them changes the env, and only a deploy makes the containers read it.
 *
 * <p>Polling starts fast and slows down (250 ms growing to 3 s), so a quick deploy is noticed at once and a slow
 * one costs a request every few seconds. When the stack does not turn healthy in time the error names the
 * failing containers with their last log lines, which is what the operator would look up next.
 */
public final class StackRollout {
    private static final Duration FIRST_PAUSE = Duration.ofMillis(250);
    private static final Duration LONGEST_PAUSE = Duration.ofSeconds(3);
    private static final int LOG_LINES = 15;

    /** How the rollout went; the health is the final look at the stack. */
    public record Outcome(
            String deploymentId, Duration deployTime, Duration healthyAfter, MonitorHealthOperation.Result health) {}

    private StackRollout() {}

    /**
     * @param first true for a compose never deployed ({@code compose.deploy}), false to rewrite the running stack
     *              ({@code compose.redeploy}, which also re-reads the env)
     * @param timeout for the deploy and the health together
     */
    public static Outcome deployAndWait(
            DokployApi api, String composeId, String title, boolean first, Duration timeout, OperationContext ctx) {
        Instant start = ctx.clock().instant();
        Instant deadline = start.plus(timeout);
        Set<String> earlier = deploymentsOf(api, api.compose(composeId)).stream()
                .map(Deployment::deploymentId)
                .collect(Collectors.toSet());
        if (first) {
            api.deploy(composeId, title);
        } else {
            api.redeploy(composeId, title);
        }
        ctx.progress().report("deploying", 0, -1);

        Pacer pacer = new Pacer(ctx);
        Deployment deployment = null;
        while (deployment == null || !deployment.finished()) {
            pacer.pause(
                    deadline,
                    () -> new SupaException(
                            ErrorCode.DOKPLOY_STACK_UNHEALTHY,
                            "The deploy of " + composeId + " did not finish within " + timeout.toSeconds() + " s",
                            "It may still be running: watch it with supa-dokploy monitor health --compose-id "
                                    + composeId
                                    + " --watch 5, or in the Dokploy dashboard (the compose → Deployments).",
                            Map.of("applicationId", composeId),
                            null));
            deployment = deploymentsOf(api, api.compose(composeId)).stream()
                    .filter(d -> !earlier.contains(d.deploymentId()))
                    .findFirst()
                    .orElse(null);
        }
        Duration deployTime = Duration.between(start, ctx.clock().instant());
        if (deployment.cancelled()) {
            // packages/server/src/utils/startup/cancel-deployments.ts: Dokploy restarted while the deploy ran
            throw new SupaException(
                    ErrorCode.DOKPLOY_DEPLOY_CANCELLED,
                    "Dokploy cancelled the deploy of " + composeId + " (deployment " + deployment.deploymentId()
                            + "): it restarted while the deploy ran",
                    "Run this again once Dokploy is back: the env is saved, so it only redeploys. The containers are "
                            + "those of the deploy before.",
                    Map.of("applicationId", composeId, "deploymentId", deployment.deploymentId()),
                    null);
        }
        if ("error".equals(deployment.status())) {
            throw failed(api, composeId, deployment);
        }
        ctx.progress().report("waiting for healthy containers", 0, -1);

        pacer.reset();
        MonitorHealthOperation.Result health;
        while (true) {
            health = MonitorHealthOperation.assess(MonitoredStack.read(api, composeId), deployment);
            if (MonitorHealthOperation.HEALTHY.equals(health.overall())) {
                break;
            }
            reportReadiness(health, ctx);
            MonitorHealthOperation.Result last = health;
            pacer.pause(deadline, () -> unhealthy(api, composeId, last, timeout));
        }
        return new Outcome(
                deployment.deploymentId(),
                deployTime,
                Duration.between(start, ctx.clock().instant()),
                health);
    }

    private static void reportReadiness(MonitorHealthOperation.Result health, OperationContext ctx) {
        ctx.progress()
                .report(
                        "waiting for healthy containers",
                        health.ready(),
                        health.total() + health.missing().size()); // the file's services not yet running count too
    }

    /**
     * Why a deploy failed: Dokploy sets {@code errorMessage} only when it could not even start the deploy
     * (packages/server/src/services/deployment.ts createDeploymentCompose; deployCompose in services/compose.ts only
     * sets the status to error); an ordinary failure's reason is at the end of the deployment log
     * (deployment.readLogs), before "Error: ❌ Docker command failed"
     * (packages/server/src/utils/builders/compose.ts). The log is the stack's output: untrusted text, shown as data.
     */
    private static SupaException failed(DokployApi api, String composeId, Deployment deployment) {
        List<String> log = MonitorHealthOperation.failureLog(api, deployment);
        String message =
                deployment.errorMessage() != null && !deployment.errorMessage().isBlank()
                        ? MonitorHealthOperation.firstLine(deployment.errorMessage())
                        : MonitorHealthOperation.failureReason(log, 3);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("applicationId", composeId);
        details.put("deploymentId", deployment.deploymentId());
        details.put("errorMessage", deployment.errorMessage());
        details.put("logTail", log);
        return new SupaException(
                ErrorCode.DOKPLOY_DEPLOY_FAILED,
                "Dokploy's deploy of " + composeId + " failed" + (message.isEmpty() ? "" : ": " + message),
                "Read the deployment log in Dokploy (the compose → Deployments) or details.logTail, fix the cause, then run "
                        + "this again: the env is saved, so it only redeploys.",
                details,
                null);
    }

    /** {@code compose.one} carries the deployments on current versions; older ones need the separate list. */
    private static List<Deployment> deploymentsOf(DokployApi api, Compose compose) {
        return compose.deployments().isEmpty() ? api.deployments(compose.composeId()) : compose.deployments();
    }

    public static SupaException unhealthy(
            DokployApi api, String composeId, MonitorHealthOperation.Result health, Duration timeout) {
        Map<String, List<String>> logs = new LinkedHashMap<>();
        List<MonitorHealthOperation.ContainerHealth> failing =
                health.containers().stream().filter(c -> !c.ready()).toList();
        for (MonitorHealthOperation.ContainerHealth container : failing) {
            logs.put(container.service(), lastLines(api, composeId, container.containerId()));
        }
        String names = failing.isEmpty()
                ? String.join(", ", health.missing()) + " missing"
                : failing.stream()
                        .map(c -> c.service() + " (" + c.status() + ")")
                        .collect(Collectors.joining(", "));
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("applicationId", composeId);
        details.put("overall", health.overall());
        details.put("alerts", health.alerts());
        details.put("lastLogLines", logs);
        String firstService = failing.stream()
                .filter(MonitorHealthOperation.ContainerHealth::essential)
                .findFirst()
                .or(() -> failing.stream().findFirst())
                .map(MonitorHealthOperation.ContainerHealth::service)
                .orElse(health.missing().isEmpty() ? null : health.missing().get(0));
        String hint = firstService == null
                ? "See details.alerts, fix the cause, then run this again."
                : "Read the failing service's log (supa-dokploy monitor logs --compose-id " + composeId + " --service "
                        + firstService + " --tail 200)"
                        + (failing.isEmpty()
                                ? ", and the deployment log in Dokploy: " + firstService + " has no container"
                                : "")
                        + ", fix the cause, then run this again.";
        return new SupaException(
                ErrorCode.DOKPLOY_STACK_UNHEALTHY,
                "The stack did not turn healthy within " + timeout.toSeconds() + " s: " + names,
                hint,
                details,
                null);
    }

    /** Best effort: a log that cannot be read must not hide why we were reading it. */
    private static List<String> lastLines(DokployApi api, String composeId, String containerId) {
        try {
            return api.readLogs(composeId, containerId, LogQuery.tail(LOG_LINES)).stream()
                    .map(l -> l.timestamp() == null ? l.message() : l.timestamp() + " " + l.message())
                    .toList();
        } catch (RuntimeException e) {
            return List.of("(log unavailable: " + e.getMessage() + ")");
        }
    }

    /**
     * Sleeps between polls, growing the pause, honouring the deadline (never sleeping past it) and cancellation
     * (a cancel ends the pause at once rather than after up to {@link #LONGEST_PAUSE}).
     */
    private static final class Pacer {
        private final OperationContext ctx;
        private Duration next = Duration.ZERO;

        Pacer(OperationContext ctx) {
            this.ctx = ctx;
        }

        void reset() {
            next = Duration.ZERO;
        }

        void pause(Instant deadline, Supplier<SupaException> timedOut) {
            ctx.cancellation().throwIfCancelled();
            Instant now = ctx.clock().instant();
            if (!now.isBefore(deadline)) {
                throw timedOut.get();
            }
            if (!next.isZero()) {
                Duration left = Duration.between(now, deadline);
                try {
                    ctx.pause(next.compareTo(left) < 0 ? next : left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new SupaException(
                            ErrorCode.INTERRUPTED,
                            "Interrupted while waiting for the deploy",
                            "The deploy goes on in Dokploy; check it with supa-dokploy monitor health.");
                }
                ctx.cancellation().throwIfCancelled();
            }
            Duration grown = next.isZero() ? FIRST_PAUSE : next.multipliedBy(3).dividedBy(2);
            next = grown.compareTo(LONGEST_PAUSE) > 0 ? LONGEST_PAUSE : grown;
        }
    }
}
