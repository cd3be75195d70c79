package dev.supadokploy.cli.monitor;

import dev.supadokploy.cli.CliSession;
import dev.supadokploy.cli.OperationCommand;
import dev.supadokploy.cli.TextOutput;
import dev.supadokploy.cli.WatchLoop;
import dev.supadokploy.cli.options.DokployOptions;
import dev.supadokploy.cli.options.StackOptions;
import dev.supadokploy.errors.ErrorFamily;
import dev.supadokploy.ops.Operation;
import dev.supadokploy.ops.monitor.MonitorHealthOperation;
import dev.supadokploy.ops.monitor.MonitorHealthOperation.Alert;
import dev.supadokploy.ops.monitor.MonitorHealthOperation.ContainerHealth;
import dev.supadokploy.ops.monitor.MonitorHealthOperation.Result;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code monitor health}. Its exit code is the verdict, so cron jobs and CI steps can gate on it without parsing:
 * 0 healthy, 11 degraded, 12 down — outside the error families' codes, so "the stack is sick" never reads as
 * "the check could not run" (4 for Dokploy refusing, 3 for unreachable). With {@code --watch} the verdict of the
 * last check is the exit code.
 */
@Command(
        name = "health",
        description = {
            "Health of a Supabase stack on Dokploy: overall healthy / degraded / down, each container's state and "
                    + "health, services of the compose file with no container, the deploy status, and alerts with the command to run next.",
            "Exit code: 0 healthy, 11 degraded, 12 down (4 when Dokploy refuses, e.g. a wrong API key).",
            "Down: no containers, or db or the gateway (kong, api-gw) not running. Degraded: any other service missing, restarting, "
                    + "unhealthy or still starting, or the last deploy failed."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  supa-dokploy monitor health --compose-id mJ3k9xQ2Lw8vTn5sRp1aZ",
            "  supa-dokploy monitor health --instance production --watch 10",
            "  supa-dokploy monitor health --instance production --output json || alert-oncall"
        })
public final class MonitorHealthCommand extends OperationCommand<MonitorHealthOperation.Input, Result> {
    public static final int EXIT_DEGRADED = dev.supadokploy.errors.ErrorFamily.STACK_DEGRADED;
    public static final int EXIT_DOWN = dev.supadokploy.errors.ErrorFamily.STACK_DOWN;

    @Mixin
    DokployOptions dokploy;

    @Mixin
    StackOptions stack;

    @Option(names = "--watch", paramLabel = "SECONDS", description = "Check again every SECONDS seconds until Ctrl-C.")
    Integer watch;

    @Option(names = "--count", paramLabel = "N", description = "With --watch: stop after N checks.")
    Integer count;

    @Override
    protected Operation<MonitorHealthOperation.Input, Result> operation() {
        return new MonitorHealthOperation();
    }

    @Override
    protected MonitorHealthOperation.Input input(CliSession session) {
        return new MonitorHealthOperation.Input(dokploy.toInput(), stack.composeId(), stack.instance);
    }

    @Override
    protected int exitCode(Result result) {
        return exitCodeOf(result.overall());
    }

    static int exitCodeOf(String overall) {
        return switch (overall) {
            case MonitorHealthOperation.HEALTHY -> ErrorFamily.OK;
            case MonitorHealthOperation.DOWN -> EXIT_DOWN;
            default -> EXIT_DEGRADED;
        };
    }

    @Override
    public Integer call() {
        CliSession session = CliSession.of(spec);
        WatchLoop.validate(watch, count, 10, session);
        if (watch == null) {
            return super.call();
        }
        MonitorHealthOperation.Input input = input(session);
        MonitorHealthOperation operation = new MonitorHealthOperation();
        return WatchLoop.run(
                session, watch, count, () -> operation.run(input, session.context()), new WatchLoop.View<>() {
                    @Override
                    public void renderText(Result r, TextOutput out, CliSession s) {
                        MonitorHealthCommand.this.renderText(r, out, s);
                    }

                    @Override
                    public int exitCode(Result r) {
                        return MonitorHealthCommand.this.exitCode(r);
                    }
                });
    }

    @Override
    protected void renderText(Result r, TextOutput out, CliSession session) {
        String verdict = r.overall().toUpperCase();
        verdict = switch (r.overall()) {
            case MonitorHealthOperation.HEALTHY -> out.ok(verdict);
            case MonitorHealthOperation.DOWN -> out.bad(verdict);
            default -> out.warn(verdict);
        };
        out.heading(r.name() + " (" + r.applicationId() + ")");
        List<String[]> fields = new ArrayList<>();
        fields.add(TextOutput.field("health", verdict + ", " + r.ready() + " of " + r.total() + " containers ready"));
        fields.add(TextOutput.field(
                "deploy",
                r.composeStatus()
                        + (r.lastDeployment() == null
                                ? ""
                                : " (last: " + r.lastDeployment().status() + ", "
                                        + r.lastDeployment().title() + ")")));
        if (!r.missing().isEmpty()) {
            fields.add(TextOutput.field("missing", String.join(", ", r.missing())));
        }
        out.fields(fields);
        if (!r.containers().isEmpty()) {
            out.blank();
            List<List<String>> rows = new ArrayList<>();
            for (ContainerHealth c : r.containers()) {
                // no colour inside cells: escape codes would break the column widths
                rows.add(List.of(c.service(), c.state(), c.health(), c.status(), c.name()));
            }
            out.table(List.of("SERVICE", "STATE", "HEALTH", "STATUS", "CONTAINER"), rows);
        }
        out.blank();
        if (r.alerts().isEmpty()) {
            out.line(out.ok("No alerts: every Supabase service is running and healthy."));
            return;
        }
        out.heading("Alerts");
        for (Alert a : r.alerts()) {
            String label = switch (a.severity()) {
                case "critical" -> out.bad("CRITICAL");
                case "warning" -> out.warn("WARNING ");
                default -> "INFO    ";
            };
            out.line("  " + label + " " + a.message() + ".");
            out.line("           → " + a.action());
        }
    }
}
