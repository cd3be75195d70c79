package dev.supadokploy.cli.keys;

import picocli.CommandLine.Command;

/**
 * {@code keys}: Supabase API keys and secrets: offline (tools supabase_generate_keys, supabase_inspect_keys), and on a
 * deployed stack (dokploy_regenerate_keys).
 */
@Command(
        name = "keys",
        description =
                "Generate and inspect Supabase keys and secrets (JWT_SECRET, ANON_KEY, SERVICE_ROLE_KEY, sb_ keys…), and "
                        + "regenerate the keys of a stack deployed on Dokploy.",
        subcommands = {KeysGenerateCommand.class, KeysInspectCommand.class, KeysRegenerateCommand.class})
public final class KeysCommand {}
