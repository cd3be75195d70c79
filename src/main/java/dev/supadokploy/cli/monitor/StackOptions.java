package dev.supadokploy.cli.monitor;

import picocli.CommandLine.Option;

/** Which Supabase stack a command looks at (monitor, validate): a composeId, or a config instance holding one. */
public final class StackOptions {
    @Option(names = "--application-id", paramLabel = "COMPOSE_ID",
            description = "Dokploy composeId of the Supabase compose (the last part of its URL in the Dokploy dashboard).")
    String applicationId;

    @Option(names = "--instance", paramLabel = "NAME",
            description = "Instead of --application-id: an instance in config.toml with dokploy_compose_id.")
    String instance;

    public String applicationId() {
        return applicationId;
    }

    public String instance() {
        return instance;
    }
}
