package dev.supadokploy.cli.instances;

import dev.supadokploy.cli.CliSession;
import dev.supadokploy.cli.OperationCommand;
import dev.supadokploy.cli.TextOutput;
import dev.supadokploy.cli.options.DokployOptions;
import dev.supadokploy.ops.Operation;
import dev.supadokploy.ops.instances.InstancesDiffOperation;
import dev.supadokploy.ops.instances.InstancesDiffOperation.Result;
import dev.supadokploy.ops.instances.InstancesDiffOperation.Row;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code instances diff --all}: one row per instance (version, schema fingerprint, which share it), then images per service. */
@Command(
        name = "diff",
        description =
                "Drift matrix of the instances in config.toml: server version, a fingerprint of the user schemas (equal "
                        + "fingerprints = equal schemas) and, with a Dokploy server, each service's image. Read-only.")
public final class InstancesDiffCommand extends OperationCommand<InstancesDiffOperation.Input, Result> {

    @Option(names = "--all")
    boolean all;

    @Option(
            names = "--instances",
            paramLabel = "NAME",
            split = ",",
            description = "Only these instances; repeatable or comma-separated.")
    List<String> instances;

    @Option(
            names = {"--schema", "--schemas"},
            paramLabel = "NAME",
            split = ",")
    List<String> schemas;

    @Mixin
    DokployOptions dokploy;

    @Override
    protected Operation<InstancesDiffOperation.Input, Result> operation() {
        return new InstancesDiffOperation();
    }

    @Override
    protected InstancesDiffOperation.Input input(CliSession session) {
        return new InstancesDiffOperation.Input(all, instances, schemas, dokploy.toInput());
    }

    @Override
    protected void renderText(Result r, TextOutput out, CliSession session) {
        out.heading(
                r.inSync()
                        ? out.ok("No drift: " + r.instances().size() + " instance(s) alike")
                        : out.warn(r.distinctSchemas() + " different schema(s) across "
                                + r.instances().size() + " instance(s)"));
        List<List<String>> rows = new ArrayList<>();
        for (Row row : r.instances()) {
            rows.add(List.of(
                    row.instance(),
                    text(row.serverVersion()),
                    row.fingerprint() == null ? "-" : row.fingerprint().substring(0, 12),
                    row.fingerprint() == null ? "-" : row.sameAs().equals(row.instance()) ? "" : "= " + row.sameAs(),
                    String.valueOf(row.objects()),
                    text(row.error())));
        }
        out.table(List.of("INSTANCE", "POSTGRES", "SCHEMA", "SAME AS", "DDL", "ERROR"), rows);
        TreeSet<String> services = new TreeSet<>();
        r.instances().forEach(row -> services.addAll(row.components().keySet()));
        if (services.isEmpty()) {
            return;
        }
        out.blank();
        List<String> headers = new ArrayList<>(List.of("SERVICE"));
        r.instances().forEach(row -> headers.add(row.instance()));
        List<List<String>> images = new ArrayList<>();
        for (String service : services) {
            List<String> line = new ArrayList<>(List.of(service));
            r.instances().forEach(row -> line.add(text(row.components().get(service))));
            images.add(line);
        }
        out.table(headers, images);
    }

    private static String text(String s) {
        return s == null ? "-" : s;
    }
}
