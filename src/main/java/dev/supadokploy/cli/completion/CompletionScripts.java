package dev.supadokploy.cli.completion;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Shell completion scripts generated from the command tree, so they cannot drift from the commands: bash by picocli's
 * {@link AutoComplete}, zsh as the same script run by zsh's bashcompinit, fish as {@code complete} lines walked from
 * the model. The committed files in completions/ and {@code supa-dokploy completion SHELL} both come from here.
 */
public final class CompletionScripts {
    /** The shells there is a script for, with the file name each is installed under. */
    public enum Shell {
        bash("supa-dokploy.bash"),
        zsh("_supa-dokploy"),
        fish("supa-dokploy.fish");

        public final String fileName;

        Shell(String fileName) {
            this.fileName = fileName;
        }
    }

    /** A full stop before the next sentence (not the one in "e.g. 443"). */
    private static final java.util.regex.Pattern SENTENCE_END = java.util.regex.Pattern.compile("\\.\\s+(?=[A-Z])");

    private static final int DESCRIPTION_WIDTH = 100;
    private static final String BASH_SHELL_SETUP_START = "if [ -n \"$BASH_VERSION\" ]; then";

    private CompletionScripts() {}

    public static String script(Shell shell, CommandLine root) {
        return switch (shell) {
            case bash -> bash(root);
            case zsh -> zsh(root);
            case fish -> fish(root);
        };
    }

    public static String bash(CommandLine root) {
        return AutoComplete.bash(root.getCommandName(), root);
    }

    /**
     * An autoloadable zsh completion function ({@code #compdef}, for a directory on {@code $fpath}). zsh runs the file
     * as the function's body on the first Tab: it defines the bash functions, registers them through bashcompinit
     * (later Tabs go there directly) and completes the word at hand. Picocli's own zsh setup (which aliases compopt and
     * sets COMPLETE_ALIASES in the user's shell) is left out.
     */
    public static String zsh(CommandLine root) {
        String bash = bash(root);
        int start = bash.indexOf(BASH_SHELL_SETUP_START);
        int end = bash.indexOf("\nfi\n", start);
        if (start < 0 || end < 0) {
            throw new IllegalStateException(
                    "picocli's bash completion changed shape: no shell set-up block to replace");
        }
        String name = root.getCommandName();
        String function = "_complete_" + name;
        if (!bash.contains("complete -F " + function + " ")) {
            throw new IllegalStateException(
                    "picocli's bash completion changed shape: no 'complete -F " + function + "'");
        }
        return "#compdef " + name + "\n"
                + "# zsh completion for " + name
                + ", generated from its command tree: picocli's bash completion run by\n"
                + "# zsh's bashcompinit. Install it as _" + name
                + " in a directory of $fpath (e.g. PREFIX/share/zsh/site-functions).\n"
                + "autoload -U +X bashcompinit && bashcompinit\n"
                + bash.substring(bash.indexOf('\n') + 1, start)
                + "# (bash and zsh set-up: bashcompinit above)\n"
                + bash.substring(end + "\nfi\n".length())
                + "\n_bash_complete -F " + function + " -o default\n";
    }

    /**
     * Fish: a function that reads the subcommand path typed so far from the command line (walking the tree's names),
     * then per command its subcommands and its options (values from the option's candidates, files for paths).
     */
    public static String fish(CommandLine root) {
        String name = root.getCommandName();
        String path = "__" + name.replace('-', '_') + "_path";
        String is = "__" + name.replace('-', '_') + "_is";
        Map<String, CommandSpec> commands = new LinkedHashMap<>();
        collect(root.getCommandSpec(), "", commands);
        StringBuilder out = new StringBuilder();
        out.append("# fish completion for ")
                .append(name)
                .append(", generated from its command tree.\n")
                .append("# Install it as ")
                .append(name)
                .append(".fish in a directory of $fish_complete_path\n")
                .append("# (e.g. PREFIX/share/fish/vendor_completions.d).\n\n")
                .append(
                        "# The subcommand path typed so far (\"\", \"db\", \"db connect\"…), from the words before the cursor.\n")
                .append("function ")
                .append(path)
                .append('\n')
                .append("    set -l path\n")
                .append("    for word in (commandline -opc)[2..-1]\n")
                .append("        switch \"$path>$word\"\n")
                .append("            case");
        for (String key : commands.keySet()) {
            if (!key.isEmpty()) {
                int space = key.lastIndexOf(' ');
                out.append(' ')
                        .append(quote((space < 0 ? "" : key.substring(0, space)) + ">" + key.substring(space + 1)));
            }
        }
        out.append('\n')
                .append("                set path (string trim -- \"$path $word\")\n")
                .append("        end\n")
                .append("    end\n")
                .append("    echo $path\n")
                .append("end\n\n")
                .append("# True when the words typed so far name the command given as arguments (none: the root).\n")
                .append("function ")
                .append(is)
                .append('\n')
                .append("    set -l typed (")
                .append(path)
                .append(")\n")
                .append("    test \"$typed\" = \"$argv\"\n")
                .append("end\n\n")
                .append("complete -c ")
                .append(name)
                .append(" -e\n");
        for (Map.Entry<String, CommandSpec> e : commands.entrySet()) {
            String when = " -n " + quote((is + " " + e.getKey()).strip());
            CommandSpec spec = e.getValue();
            out.append('\n');
            boolean files = false;
            for (PositionalParamSpec p : spec.positionalParameters()) {
                files |= !p.hidden() && isPath(p.type());
            }
            if (!files) {
                out.append("complete -c ").append(name).append(when).append(" -f\n");
            }
            for (PositionalParamSpec p : spec.positionalParameters()) {
                List<String> candidates = candidates(p.completionCandidates());
                if (!p.hidden() && !candidates.isEmpty()) {
                    out.append("complete -c ")
                            .append(name)
                            .append(when)
                            .append(" -a ")
                            .append(quote(String.join(" ", candidates)))
                            .append(describe(p.description()))
                            .append('\n');
                }
            }
            for (CommandLine sub : distinct(spec)) {
                out.append("complete -c ")
                        .append(name)
                        .append(when)
                        .append(" -a ")
                        .append(quote(sub.getCommandName()))
                        .append(describe(sub.getCommandSpec().usageMessage().description()))
                        .append('\n');
            }
            for (OptionSpec o : spec.options()) {
                if (!o.hidden()) {
                    out.append("complete -c ")
                            .append(name)
                            .append(when)
                            .append(option(o))
                            .append('\n');
                }
            }
        }
        return out.toString();
    }

    private static void collect(CommandSpec spec, String path, Map<String, CommandSpec> into) {
        into.put(path, spec);
        for (CommandLine sub : distinct(spec)) {
            collect(
                    sub.getCommandSpec(),
                    path.isEmpty() ? sub.getCommandName() : path + " " + sub.getCommandName(),
                    into);
        }
    }

    /** Subcommands once each (the map also holds aliases), hidden ones left out. */
    private static List<CommandLine> distinct(CommandSpec spec) {
        List<CommandLine> subs = new ArrayList<>();
        for (Map.Entry<String, CommandLine> e : spec.subcommands().entrySet()) {
            if (e.getKey().equals(e.getValue().getCommandName())
                    && !e.getValue().getCommandSpec().usageMessage().hidden()) {
                subs.add(e.getValue());
            }
        }
        return subs;
    }

    private static String option(OptionSpec o) {
        StringBuilder s = new StringBuilder();
        for (String n : o.names()) {
            if (n.startsWith("--")) {
                s.append(" -l ").append(n.substring(2));
            } else if (n.startsWith("-") && n.length() == 2) {
                s.append(" -s ").append(n.substring(1));
            } else {
                s.append(" -o ").append(n.substring(1));
            }
        }
        if (o.arity().max() > 0) {
            List<String> candidates = candidates(o.completionCandidates());
            if (!candidates.isEmpty()) {
                s.append(" -x -a ").append(quote(String.join(" ", candidates)));
            } else if (isPath(o.type())) {
                s.append(" -r -F");
            } else {
                s.append(" -x");
            }
        }
        return s.append(describe(o.description())).toString();
    }

    private static List<String> candidates(Iterable<String> from) {
        List<String> candidates = new ArrayList<>();
        if (from != null) {
            from.forEach(candidates::add);
        }
        return candidates;
    }

    private static boolean isPath(Class<?> type) {
        return type == Path.class || type == File.class;
    }

    /** The first sentence of the first description line: fish shows it next to the candidate. */
    private static String describe(String[] description) {
        if (description == null || description.length == 0 || description[0].isBlank()) {
            return "";
        }
        String d = SENTENCE_END.split(description[0].strip(), 2)[0];
        d = d.endsWith(".") ? d.substring(0, d.length() - 1) : d;
        d = d.length() <= DESCRIPTION_WIDTH
                ? d
                : d.substring(0, DESCRIPTION_WIDTH - 1).strip() + "…";
        return " -d " + quote(d);
    }

    /** A fish single-quoted string. */
    static String quote(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
