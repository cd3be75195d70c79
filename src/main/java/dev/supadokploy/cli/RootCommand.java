package dev.supadokploy.cli;

import java.nio.file.Path;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * {@code supa-dokploy}. Holds the global options (inherited by every subcommand, so they work at any
 * position) and the process environment. Groups are added by {@code dev.supadokploy.Cli} from the operation catalog.
 */
@Command(
        name = "supa-dokploy",
        scope = ScopeType.INHERIT,
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = "Deploy, audit, operate, back up and migrate self-hosted Supabase on Dokploy.",
        footerHeading = "%nExit codes:%n",
        // spotless:off (the generator writes this block as it is)
        // BEGIN GENERATED footer: GeneratedDocsTest writes it from ErrorFamily (-Dsupadokploy.updateDocs=true)
        footer = {"  0 ok, 1 failed, 2 usage, 3 connection, 4 Dokploy, 5 validation,",
                "  6 configuration, 7 query, 8 integrity, 9 backup, 10 migration,",
                "  11 stack degraded (monitor health), 12 stack down,",
                "  13 dangling references (migrate data), 130 interrupted,",
                "  141 stdout closed.",
                "  Every error code: docs/output-and-exit-codes.md."})
        // END GENERATED footer
        // spotless:on
public final class RootCommand {
    final CliEnvironment environment;

    @Option(
            names = "--output",
            scope = ScopeType.INHERIT,
            paramLabel = "FORMAT",
            description = "Result format on stdout: ${COMPLETION-CANDIDATES} (default: text).")
    OutputFormat output = OutputFormat.text;

    @Option(names = "--no-color", scope = ScopeType.INHERIT, description = "No colour (also when NO_COLOR is set).")
    boolean noColor;

    @Option(
            names = {"-q", "--quiet"},
            scope = ScopeType.INHERIT,
            description = "Only results and errors; no warnings or progress.")
    boolean quiet;

    @Option(
            names = {"-v", "--verbose"},
            scope = ScopeType.INHERIT,
            description = "Debug logs and stack traces on stderr.")
    boolean verbose;

    @Option(
            names = "--config",
            scope = ScopeType.INHERIT,
            paramLabel = "FILE",
            description =
                    "Configuration file (default: $SUPA_DOKPLOY_CONFIG, else $XDG_CONFIG_HOME/supa-dokploy/config.toml).")
    Path config;

    @Option(
            names = {"-y", "--yes"},
            scope = ScopeType.INHERIT,
            description = "Answer yes to confirmations (needed for destructive steps when no terminal is attached).")
    boolean yes;

    /**
     * The whole command tree, made on demand: a run builds only the commands its arguments name, and `completion`
     * needs them all. Given by whoever builds the tree, so this package does not import the groups it holds.
     */
    final Supplier<CommandLine> wholeTree;

    public RootCommand(CliEnvironment environment, Supplier<CommandLine> wholeTree) {
        this.environment = environment;
        this.wholeTree = wholeTree;
    }
}
