package dev.supadokploy.cli.completion;

import dev.supadokploy.cli.CliSession;
import dev.supadokploy.cli.completion.CompletionScripts.Shell;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code supa-dokploy completion SHELL}: the completion script for a shell, from the command tree, on stdout. */
@Command(
        name = "completion",
        description = {
            "Print the shell completion script for bash, zsh or fish (install.sh installs them).",
            "bash: source <(supa-dokploy completion bash); zsh: supa-dokploy completion zsh > \"${fpath[1]}/_supa-dokploy\"; "
                    + "fish: supa-dokploy completion fish > ~/.config/fish/completions/supa-dokploy.fish"
        })
public final class CompletionCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "SHELL", description = "The shell: ${COMPLETION-CANDIDATES}.")
    Shell shell;

    @Override
    public Integer call() {
        CliSession session = CliSession.of(spec);
        // The whole tree: this invocation built only the completion group.
        session.environment().stdout().print(CompletionScripts.script(shell, session.wholeTree()));
        session.environment().stdout().flush();
        return 0;
    }
}
