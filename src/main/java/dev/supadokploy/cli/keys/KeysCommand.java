package dev.supadokploy.cli.keys;

import picocli.CommandLine.Command;

/** {@code keys}: Supabase API keys and secrets, offline (tools supabase_generate_keys, supabase_inspect_keys). */
@Command(name = "keys",
        description = "Generate and inspect Supabase keys and secrets (JWT_SECRET, ANON_KEY, SERVICE_ROLE_KEY, sb_ keys…).",
        subcommands = {GenerateCommand.class, InspectCommand.class})
public final class KeysCommand {}
