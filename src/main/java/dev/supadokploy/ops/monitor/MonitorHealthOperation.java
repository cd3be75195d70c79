package dev.supadokploy.ops.monitor;

import dev.supadokploy.dokploy.Compose;
import dev.supadokploy.dokploy.Container;
import dev.supadokploy.dokploy.ContainerStatus;
import dev.supadokploy.dokploy.ContainerStatus.Phase;
import dev.supadokploy.dokploy.Deployment;
import dev.supadokploy.dokploy.DokployApi;
import dev.supadokploy.dokploy.DokployText;
import dev.supadokploy.ops.BaseOperation;
import dev.supadokploy.ops.Doc;
import dev.supadokploy.ops.OperationContext;
import dev.supadokploy.ops.OperationInfo;
import dev.supadokploy.ops.OperationInfo.Hint;
import dev.supadokploy.ops.connection.DokployConnector;
import dev.supadokploy.ops.connection.DokployInput;
import dev.supadokploy.ops.connection.MonitoredStack;
import dev.supadokploy.supabase.SupabaseServices;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code monitor health} / {@code dokploy_monitor_health}: one look at a Supabase stack on Dokploy — its compose's
 * deploy status and every container's state and health — judged as healthy, degraded or down, with alerts that
 * say what to run next. Read-only: two or three GETs.
 */
public final class MonitorHealthOperation
        extends BaseOperation<MonitorHealthOperation.Input, MonitorHealthOperation.Result> {
    public static final String HEALTHY = "healthy";
    public static final String DEGRADED = "degraded";
    public static final String DOWN = "down";

    public record Input(
            DokployInput dokploy,

            @Doc("Dokploy composeId of the Supabase compose (the last part of its URL in the Dokploy dashboard)")
            String applicationId,

            @Doc("Instead of applicationId: an instance in config.toml whose dokploy_compose_id names the compose")
            String instance) {}

    public record ContainerHealth(
            @Doc("Compose service (db, kong, auth …), from the container name <appName>-<service>-1")
            String service,

            @Doc("Container name") String name,
            @Doc("Docker container id") String containerId,

            @Doc("running, restarting, exited, created, paused, dead, removing or unknown")
            String state,

            @Doc("healthy, unhealthy, starting, or none (no health check, or none reported yet)")
            String health,

            @Doc("Docker's status text, e.g. 'Up 3 minutes (healthy)' or 'Restarting (1) 5 seconds ago'")
            String status,

            @Doc("Exit code of the last run, for exited or restarting containers")
            Integer exitCode,

            @Doc("Running, and healthy where the compose file gives the service a health check")
            boolean ready,

            @Doc("The stack cannot serve its API without this service (db, the gateway, auth, rest)")
            boolean essential) {}

    public record Alert(
            @Doc("critical (the API is failing), warning (a feature is failing) or info")
            String severity,

            @Doc("The service concerned, or null for the stack as a whole")
            String service,

            @Doc("What is wrong") String message,

            @Doc("What to do about it: a command to run or a place to look")
            String action) {}

    public record LastDeployment(
            @Doc("running, done, error or cancelled (Dokploy restarted during the deploy)")
            String status,

            @Doc("Deployment title") String title,
            @Doc("When it started") String startedAt,
            @Doc("When it finished, if it has") String finishedAt,

            @Doc("Dokploy's error message; set only when Dokploy could not start the deploy at all (untrusted text)")
            String errorMessage,

            @Doc("When it failed: the last lines of its deployment log (deployment.readLogs, Dokploy v0.29.5+), where "
                    + "Docker Compose's reason is; command output, untrusted text")
            List<String> logTail) {}

    public record Result(
            @Doc("The compose's id (applicationId)") String applicationId,
            @Doc("The compose's name in Dokploy") String name,

            @Doc("Dokploy's appName, the prefix of every container name")
            String appName,

            @Doc("healthy (every expected service running and healthy), degraded (something is wrong but the database "
                    + "and the gateway run) or down (no containers, or db or the gateway (kong, or Envoy's api-gw) not running); the CLI "
                    + "exits 0, 11 or 12")
            String overall,

            @Doc(
                    "Dokploy's composeStatus: idle, running (a deploy is under way), done or error (the last deploy failed)")
            String composeStatus,

            @Doc("The newest deployment, if any") LastDeployment lastDeployment,
            @Doc("Ready containers") int ready,
            @Doc("Containers found") int total,

            @Doc(
                    "Every container of the stack: db, the gateway, auth, rest … first, then the compose file's other services")
            List<ContainerHealth> containers,

            @Doc(
                    "Services of the compose file (of the Supabase template when the file cannot be read) with no container")
            List<String> missing,

            @Doc("Problems, most severe first, each with an action")
            List<Alert> alerts) {}

    public MonitorHealthOperation() {
        super(
                Input.class,
                Result.class,
                new OperationInfo(
                        "dokploy_monitor_health",
                        List.of("monitor", "health"),
                        "Check a Supabase stack's health on Dokploy",
                        "Health of a self-hosted Supabase stack deployed on Dokploy: overall healthy / degraded / down, each container's "
                                + "state, health and status (restart loops, exit codes), services of the compose file with no container, "
                                + "the compose's deploy status (running, failed) and alerts with the action to take (for example the "
                                + "dokploy_get_logs call to read a failing service's log). Read-only.",
                        Hint.READ_ONLY,
                        Hint.UNTRUSTED_OUTPUT,
                        Hint.IDEMPOTENT));
    }

    @Override
    public Result run(Input input, OperationContext ctx) {
        String composeId = MonitoredStack.composeId(input.applicationId(), input.instance(), ctx);
        DokployApi api = DokployConnector.open(input.dokploy(), ctx);
        MonitoredStack stack = MonitoredStack.read(api, composeId);
        Deployment last = lastDeployment(api, stack.compose());
        return assess(stack, last, failureLog(api, last));
    }

    /** Lines of a failed deploy's log worth showing: a deploy's output ends with Docker Compose's reason. */
    public static final int FAILURE_LOG_LINES = 8;

    /**
     * The last lines of a failed deployment's log, or empty: Dokploy leaves {@code errorMessage} null for an
     * ordinary failure and keeps the output in the log ({@code deployment.readLogs}, v0.29.5+). Best effort: a log
     * that cannot be read must not hide the failure itself.
     */
    public static List<String> failureLog(DokployApi api, Deployment deployment) {
        if (deployment == null || !"error".equals(deployment.status())) {
            return List.of();
        }
        try {
            return api.deploymentLog(deployment.deploymentId(), FAILURE_LOG_LINES)
                    .map(text -> text.lines()
                            .map(String::stripTrailing)
                            .filter(l -> !l.isBlank())
                            .toList())
                    .map(lines -> lines.subList(Math.max(0, lines.size() - FAILURE_LOG_LINES), lines.size()))
                    .orElse(List.of());
        } catch (RuntimeException unreadable) {
            return List.of();
        }
    }

    /** The newest deployment, or null: compose.one carries them on current versions; ask only when it did not. */
    public static Deployment lastDeployment(DokployApi api, Compose compose) {
        List<Deployment> deployments = compose.deployments();
        return newest(deployments.isEmpty() ? api.deployments(compose.composeId()) : deployments);
    }

    /**
     * The latest deploy by {@code createdAt}: {@code compose.one} carries the deployments in table order (oldest
     * first, it loads them without an order), {@code deployment.allByCompose} newest first.
     */
    static Deployment newest(List<Deployment> deployments) {
        return deployments.stream()
                .max(Comparator.comparing(MonitorHealthOperation::createdAt))
                .orElse(null);
    }

    private static Instant createdAt(Deployment deployment) {
        try {
            return OffsetDateTime.parse(deployment.createdAt()).toInstant();
        } catch (RuntimeException unreadable) {
            return Instant.MIN;
        }
    }

    /** The verdict on a stack already read: containers, missing services, the deploy status, alerts. */
    public static Result assess(MonitoredStack stack, Deployment last) {
        return assess(stack, last, List.of());
    }

    /** As {@link #assess(MonitoredStack, Deployment)}, with the last lines of the failed deploy's log. */
    public static Result assess(MonitoredStack stack, Deployment last, List<String> failureLog) {
        Compose compose = stack.compose();
        List<String> expected = stack.expectedServices();
        List<String> essential = stack.essentialServices();
        List<ContainerHealth> containers = stack.containers().stream()
                .map(c -> describe(stack, c, essential))
                .sorted(Comparator.comparingInt((ContainerHealth c) -> order(expected, c))
                        .thenComparing(ContainerHealth::name))
                .toList();
        Set<String> present = containers.stream().map(ContainerHealth::service).collect(Collectors.toSet());
        List<String> missing =
                expected.stream().filter(s -> !present.contains(s)).toList();
        String status = compose.composeStatus() == null ? "idle" : compose.composeStatus();

        List<Alert> alerts = new ArrayList<>();
        deployAlerts(status, last, failureLog, alerts);
        if (stack.shape().isEmpty()) {
            alerts.add(
                    new Alert(
                            "warning",
                            null,
                            "The compose file of " + compose.appName() + " could not be read"
                                    + (compose.composeFile() == null
                                                    || compose.composeFile().isBlank()
                                            ? " (Dokploy returned none)"
                                            : " (not YAML with services)")
                                    + ": the stack was judged against the Supabase template's services ("
                                    + String.join(", ", expected) + ")",
                            "Check the compose's file in Dokploy (the compose → General → Raw); services it no longer has are reported missing."));
        }
        if (containers.isEmpty()) {
            alerts.add(noContainersAlert(compose, status, last));
        } else {
            missing.forEach(service -> alerts.add(missingAlert(
                    service, essential.contains(service), stack.shape().isPresent())));
            containers.stream()
                    .filter(c -> !c.ready())
                    .forEach(c -> alerts.add(containerAlert(c, status, compose.composeId())));
        }
        alerts.sort(Comparator.comparingInt(
                a -> List.of("critical", "warning", "info").indexOf(a.severity())));

        int ready = (int) containers.stream().filter(ContainerHealth::ready).count();
        String overall = overall(containers, missing, status, stack.vitalServices());
        return new Result(
                compose.composeId(),
                compose.name(),
                compose.appName(),
                overall,
                status,
                last == null
                        ? null
                        : new LastDeployment(
                                last.status(),
                                last.title(),
                                last.startedAt(),
                                last.finishedAt(),
                                last.errorMessage(),
                                List.copyOf(failureLog)),
                ready,
                containers.size(),
                containers,
                missing,
                List.copyOf(alerts));
    }

    /**
     * An empty listing alone proves nothing: Dokploy answers {@code []} when Docker cannot be reached
     * (packages/server/src/services/docker.ts: any stderr, or no output, gives an empty list). The deployment rows
     * and composeStatus tell a never-deployed stack from one Dokploy believes is up.
     */
    private static Alert noContainersAlert(Compose compose, String status, Deployment last) {
        String where = compose.serverId() == null || compose.serverId().isBlank()
                ? "the Dokploy host"
                : "the Dokploy server " + compose.serverId();
        if ("running".equals(status) || last != null && "running".equals(last.status())) {
            return new Alert(
                    "critical",
                    null,
                    "No containers of " + compose.appName() + " are listed yet: a deploy is under way",
                    "Check again when it finishes (supa-dokploy monitor health --watch 5).");
        }
        boolean deployed = "done".equals(status) || last != null && "done".equals(last.status());
        if (deployed) {
            return new Alert(
                    "critical",
                    null,
                    "Dokploy reports the stack deployed but lists no containers: Docker on "
                            + where
                            + " may be unreachable (Dokploy then answers an empty list), or the containers were removed "
                            + "outside Dokploy",
                    "Check Docker on " + where
                            + " (Dokploy → Servers, or docker ps there); if the containers are gone, "
                            + "redeploy the compose in Dokploy.");
        }
        if (last == null) {
            return new Alert(
                    "critical",
                    null,
                    "No containers of " + compose.appName() + " are listed, and Dokploy has no "
                            + "deployment of it: it was never deployed",
                    "Deploy it in Dokploy (the compose → Deploy), then run " + "supa-dokploy monitor health again.");
        }
        return new Alert(
                "critical",
                null,
                "No containers of " + compose.appName() + " are listed, and its last deploy "
                        + ("error".equals(last.status()) ? "failed" : "was " + last.status()),
                "Read the deployment log in Dokploy (the compose → Deployments), fix the cause, then redeploy the compose.");
    }

    /**
     * Down when nothing can answer: no containers, or the database or the gateway not running. Healthy only when
     * every service of the stack is ready and the last deploy did not fail. Anything between is degraded.
     */
    static String overall(
            List<ContainerHealth> containers, List<String> missing, String composeStatus, List<String> vitalServices) {
        if (containers.isEmpty()) {
            return DOWN;
        }
        for (String vital : vitalServices) {
            boolean running = containers.stream()
                    .anyMatch(c -> c.service().equals(vital)
                            && Phase.RUNNING.name().toLowerCase(Locale.ROOT).equals(c.state()));
            if (!running) {
                return DOWN;
            }
        }
        boolean allReady = missing.isEmpty() && containers.stream().allMatch(ContainerHealth::ready);
        return allReady && !"error".equals(composeStatus) ? HEALTHY : DEGRADED;
    }

    /**
     * Ready = running, and healthy where the compose file gives the service a health check. A service the file
     * health-checks but whose status shows no health state yet is not ready; without the file, the status decides.
     */
    private static ContainerHealth describe(MonitoredStack stack, Container c, List<String> essential) {
        String service = stack.serviceOf(c);
        ContainerStatus s = c.parsedStatus();
        boolean ready = s.ready()
                && !(s.health() == ContainerStatus.Health.NONE
                        && stack.healthChecked(service).orElse(false));
        return new ContainerHealth(
                service,
                c.name(),
                c.containerId(),
                s.phase().name().toLowerCase(Locale.ROOT),
                s.health().name().toLowerCase(Locale.ROOT),
                s.raw(),
                s.exitCode(),
                ready,
                essential.contains(service));
    }

    private static void deployAlerts(String status, Deployment last, List<String> failureLog, List<Alert> alerts) {
        if ("error".equals(status) || (last != null && "error".equals(last.status()))) {
            String reason = last != null
                            && last.errorMessage() != null
                            && !last.errorMessage().isBlank()
                    ? firstLine(last.errorMessage())
                    : failureReason(failureLog);
            String why = reason.isEmpty() ? "" : ": " + reason;
            alerts.add(new Alert(
                    "critical",
                    null,
                    "The last deploy failed" + why,
                    "Read the deployment log in Dokploy (the compose → Deployments), fix the cause, then redeploy; "
                            + "the containers shown are from the deploy before."));
        } else if (last != null && last.cancelled()) {
            alerts.add(new Alert(
                    "warning",
                    null,
                    "The last deploy was cancelled (Dokploy restarted while it ran)",
                    "Redeploy the compose in Dokploy; the containers shown are from the deploy before."));
        } else if ("running".equals(status)) {
            alerts.add(new Alert(
                    "info",
                    null,
                    "A deploy is running: containers are being recreated",
                    "Check again when it finishes (supa-dokploy monitor health --watch 5)."));
        }
    }

    private static Alert missingAlert(String service, boolean essential, boolean fromFile) {
        return new Alert(
                essential ? "critical" : "warning",
                service,
                service + " has no container",
                fromFile
                        ? "The compose file defines '" + service
                                + "': redeploy the compose, and if it stays missing read "
                                + "the deployment log in Dokploy (the compose → Deployments)."
                        : "Check the compose file in Dokploy still defines '" + service
                                + "', then redeploy the compose.");
    }

    /** The action names the command and, for an agent, the tool call: both read the same log. */
    private static Alert containerAlert(ContainerHealth c, String composeStatus, String composeId) {
        String severity = c.essential() ? "critical" : "warning";
        String logs = "supa-dokploy monitor logs --compose-id " + composeId + " --service " + c.service()
                + " --tail 200 (MCP: dokploy_get_logs with applicationId and service \"" + c.service() + "\")";
        String exit = c.exitCode() == null ? "" : " (exit code " + c.exitCode() + ")";
        return switch (c.state()) {
            case "restarting" ->
                new Alert(
                        severity,
                        c.service(),
                        c.service() + " is restarting in a loop" + exit,
                        "Read why it crashes: " + logs
                                + ". A JWT or password error usually means the env changed without a redeploy.");
            case "exited", "dead" ->
                new Alert(
                        severity,
                        c.service(),
                        c.service() + " is not running: " + c.status(),
                        "Read its last lines: " + logs
                                + "; then start the stack again (redeploy the compose in Dokploy).");
            case "created" ->
                new Alert(
                        severity,
                        c.service(),
                        c.service() + " was created but never started: "
                                + "a service it depends on did not turn healthy",
                        "Find the unhealthy service it waits for (the other "
                                + "alerts), fix it, then redeploy the compose.");
            case "running" ->
                "none".equals(c.health())
                        ? new Alert(
                                severity,
                                c.service(),
                                c.service() + " runs but reports no health yet although the compose "
                                        + "file health-checks it",
                                "Check again in a minute; if it stays so, run " + logs + ".")
                        : "starting".equals(c.health())
                                ? new Alert(
                                        "running".equals(composeStatus) ? "info" : "warning",
                                        c.service(),
                                        c.service() + " is still starting (health check not passed yet)",
                                        "Check again in a minute; if it stays starting, run " + logs + ".")
                                : new Alert(
                                        severity,
                                        c.service(),
                                        c.service() + " is running but its health check fails",
                                        "Read its log for the failing check: " + logs + ".");
            default ->
                new Alert(
                        severity,
                        c.service(),
                        c.service() + " is " + c.state() + ": " + c.status(),
                        "Inspect it with " + logs + ", then redeploy the compose.");
        };
    }

    /**
     * Containers in the order people think of the services (the data path first, then features, then tooling;
     * Envoy's api-gw where Kong would be), then the compose file's other services in file order.
     */
    private static int order(List<String> expected, ContainerHealth c) {
        int known = SupabaseServices.EXPECTED.indexOf("api-gw".equals(c.service()) ? "kong" : c.service());
        if (known >= 0) {
            return known;
        }
        int i = expected.indexOf(c.service());
        return SupabaseServices.EXPECTED.size() + (i < 0 ? expected.size() : i);
    }

    /**
     * The line of a failed deploy's log that says why, quoted as data: the last one before Dokploy's own
     * "Error: ❌ Docker command failed" trailer (packages/server/src/utils/builders/compose.ts); "" without a log.
     */
    static String failureReason(List<String> log) {
        return failureReason(log, 1);
    }

    /** The last {@code count} lines that say why (Dokploy's trailer and the header box left out), each quoted. */
    public static String failureReason(List<String> log, int count) {
        List<String> useful = log.stream()
                .map(String::strip)
                .filter(l -> !l.isEmpty() && !dokployTrailer(l) && !l.matches("^[═║╔╗╚╝].*"))
                .toList();
        List<String> lines = useful.isEmpty()
                ? (log.isEmpty() ? List.of() : List.of(log.get(log.size() - 1).strip()))
                : useful.subList(Math.max(0, useful.size() - count), useful.size());
        if (lines.isEmpty() || lines.get(0).isEmpty()) {
            return "";
        }
        return lines.stream()
                        .map(DokployText::oneLine)
                        .map(l -> "\"" + l + "\"")
                        .collect(Collectors.joining(" / ")) + " (deployment log)";
    }

    /**
     * Lines Dokploy writes around a failed command rather than the command's own output (Dokploy v0.30.2:
     * packages/server/src/utils/builders/compose.ts "Error: ❌ Docker command failed", services/compose.ts
     * "Error occurred ❌, check the logs for details.", utils/process "Script execution failed").
     */
    public static boolean dokployTrailer(String line) {
        return line.contains("Docker command failed")
                || line.contains("Script execution failed")
                || line.contains("check the logs for details");
    }

    /** Dokploy's text (an errorMessage, a log line) is untrusted: one line, no control characters, secrets redacted. */
    public static String firstLine(String text) {
        return DokployText.firstLine(text);
    }
}
