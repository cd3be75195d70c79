package dev.supadokploy.cli.validate;

import picocli.CommandLine.Command;

/** {@code validate}: audits of a Supabase configuration (seed tool dokploy_validate_config). */
@Command(
        name = "validate",
        description =
                "Audit a Supabase configuration, on Dokploy or in a .env: keys, secrets, URLs, database, pooler, SMTP, "
                        + "Studio, analytics, and a deployed stack's domain, containers and deploys.",
        subcommands = {ValidateConfigCommand.class})
public final class ValidateCommand {}
