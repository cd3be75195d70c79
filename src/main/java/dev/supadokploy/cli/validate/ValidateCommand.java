package dev.supadokploy.cli.validate;

import picocli.CommandLine.Command;

/** {@code validate}: audits of a Supabase configuration (seed tool dokploy_validate_config). */
@Command(name = "validate",
        description = "Audit a Supabase configuration: keys, secrets, URLs, database, pooler, SMTP, Studio, analytics.",
        subcommands = {ConfigCommand.class})
public final class ValidateCommand {}
