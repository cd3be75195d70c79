package dev.supadokploy.cli.instances;

import picocli.CommandLine.Command;

/** {@code instances}: the Supabase stacks on Dokploy and the named instances of config.toml (dokploy_list_instances). */
@Command(
        name = "instances",
        description = "Supabase stacks on the Dokploy server and the instances named in config.toml.",
        subcommands = {
            InstancesListCommand.class,
            InstancesDiffCommand.class,
            InstancesSyncSchemaCommand.class,
            InstancesPromoteCommand.class
        })
public final class InstancesCommand {}
