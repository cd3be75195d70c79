package dev.supadokploy.cli.options;

import picocli.CommandLine.Option;

/** Which Supabase stack a command looks at (monitor, validate, keys): a composeId, or a config instance holding one. */
public final class StackOptions {
    @Option(
            names = "--compose-id",
            paramLabel = "COMPOSE_ID",
            description =
                    "Dokploy composeId of the Supabase compose (the last part of its URL in the Dokploy dashboard).")
    String composeId;

    /**
     * The option's first name, kept so existing scripts work. Hidden: it takes a compose id, not an application's
     * (the MCP argument keeps the name applicationId, a contract).
     */
    @Option(names = "--application-id", paramLabel = "COMPOSE_ID", hidden = true)
    void applicationId(String id) {
        composeId = id;
    }

    @Option(
            names = "--instance",
            paramLabel = "NAME",
            description = "Instead of --compose-id: an instance in config.toml with dokploy_compose_id.")
    public String instance;

    public String composeId() {
        return composeId;
    }

    public String instance() {
        return instance;
    }
}
