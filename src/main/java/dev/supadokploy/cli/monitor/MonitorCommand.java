package dev.supadokploy.cli.monitor;

import picocli.CommandLine.Command;

/** {@code monitor}: a Supabase stack on Dokploy at run time (seed tools dokploy_monitor_health, dokploy_get_logs). */
@Command(
        name = "monitor",
        description = "Watch a Supabase stack running on Dokploy: container health and logs.",
        subcommands = {MonitorHealthCommand.class, MonitorLogsCommand.class})
public final class MonitorCommand {}
