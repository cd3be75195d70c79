package dev.supadokploy.cli.deploy;

import picocli.CommandLine.Command;

/** {@code deploy}: put a Supabase stack on Dokploy (seed tool dokploy_setup_wizard). */
@Command(
        name = "deploy",
        description =
                "Deploy self-hosted Supabase to Dokploy: project, compose, secrets, domain, health and a probe of the API.",
        subcommands = {DeploySetupCommand.class})
public final class DeployCommand {}
