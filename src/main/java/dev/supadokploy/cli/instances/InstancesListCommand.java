package dev.supadokploy.cli.instances;

import dev.supadokploy.cli.CliSession;
import dev.supadokploy.cli.OperationCommand;
import dev.supadokploy.cli.TextOutput;
import dev.supadokploy.cli.options.DokployOptions;
import dev.supadokploy.ops.Operation;
import dev.supadokploy.ops.instances.InstancesListOperation;
import dev.supadokploy.ops.instances.InstancesListOperation.ConfiguredInstance;
import dev.supadokploy.ops.instances.InstancesListOperation.Link;
import dev.supadokploy.ops.instances.InstancesListOperation.Stack;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "list",
        description = {
            "List every Supabase stack on the Dokploy server by project and environment, with its compose id "
                    + "(the seed's applicationId), appName, deploy status and public URL, merged with config.toml's instances: "
                    + "which instance is which stack, instances whose compose is gone, and stacks not configured yet (with a "
                    + "snippet to paste). Read-only; prints no secrets.",
            "A stack is a compose service whose env holds JWT_SECRET, ANON_KEY, SERVICE_ROLE_KEY and POSTGRES_PASSWORD. "
                    + "With no Dokploy server configured at all, lists config.toml's instances alone, with a note."
        })
public final class InstancesListCommand
        extends OperationCommand<InstancesListOperation.Input, InstancesListOperation.Result> {
    @Mixin
    DokployOptions dokploy;

    @Option(names = "--environment", paramLabel = "NAME")
    String environment;

    @Override
    protected Operation<InstancesListOperation.Input, InstancesListOperation.Result> operation() {
        return new InstancesListOperation();
    }

    @Override
    protected InstancesListOperation.Input input(CliSession session) {
        return new InstancesListOperation.Input(dokploy.toInput(), environment);
    }

    @Override
    protected void renderText(InstancesListOperation.Result r, TextOutput out, CliSession session) {
        if (r.dokployUrl() != null) {
            out.heading(r.stacks().size() + (r.stacks().size() == 1 ? " Supabase stack" : " Supabase stacks") + " on "
                    + r.dokployUrl() + (r.environment() == null ? "" : " in environment " + r.environment())
                    + (r.otherComposeServices() == 0
                            ? ""
                            : " (" + r.otherComposeServices()
                                    + (r.otherComposeServices() == 1
                                            ? " other compose service"
                                            : " other compose services")
                                    + " not listed)"));
        }
        for (Map.Entry<String, List<Stack>> group :
                byProjectAndEnvironment(r.stacks()).entrySet()) {
            out.blank();
            out.heading(group.getKey());
            List<List<String>> rows = new ArrayList<>();
            for (Stack s : group.getValue()) {
                // the server a stack runs on: its name, else its id; "host" is the Dokploy host itself
                String server = s.server() != null ? s.server() : s.serverId() != null ? s.serverId() : "host";
                String status = s.problem() != null ? out.warn("env unreadable") : status(s.status(), out);
                rows.add(List.of(
                        s.name(),
                        s.composeId(),
                        s.appName(),
                        server,
                        status,
                        Objects.toString(s.publicUrl(), "-"),
                        s.configInstances().isEmpty() ? "-" : String.join(", ", s.configInstances())));
            }
            out.table(List.of("NAME", "COMPOSE ID", "APP NAME", "SERVER", "STATUS", "PUBLIC URL", "CONFIG"), rows);
        }
        if (!r.configured().isEmpty()) {
            out.blank();
            out.heading("config.toml instances");
            List<List<String>> rows = new ArrayList<>();
            for (ConfiguredInstance i : r.configured()) {
                String link = i.link() == Link.linked
                        ? out.ok("linked")
                        : i.link() == Link.unchecked
                                ? "unchecked"
                                : out.warn(i.link().name());
                rows.add(List.of(
                        i.name(), Objects.toString(i.composeId(), "-"), Objects.toString(i.environment(), "-"), link));
            }
            // The notes of stale instances went to stderr as warnings; the table only names the state.
            out.table(List.of("NAME", "COMPOSE ID", "ENVIRONMENT", "LINK"), rows);
        }
        List<String> snippets = r.stacks().stream()
                .map(Stack::configSnippet)
                .filter(Objects::nonNull)
                .toList();
        if (!snippets.isEmpty()) {
            out.blank();
            out.line("Not in config.toml yet; to name " + (snippets.size() == 1 ? "it" : "them") + ", add:");
            for (String snippet : snippets) {
                out.blank();
                out.line(snippet.stripTrailing());
            }
        }
    }

    private static Map<String, List<Stack>> byProjectAndEnvironment(List<Stack> stacks) {
        Map<String, List<Stack>> groups = new LinkedHashMap<>(); // the operation already sorted them
        for (Stack s : stacks) {
            String key = s.project() + (s.environment() == null ? "" : " / " + s.environment());
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(s);
        }
        return groups;
    }

    private static String status(String status, TextOutput out) {
        if (status == null) {
            return "-";
        }
        return switch (status) {
            case "done" -> out.ok(status);
            case "error" -> out.bad(status);
            default -> status;
        };
    }
}
