package dev.supadokploy.docs;

import java.util.List;
import java.util.stream.Collectors;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/** Renders one command as a roff man page (section 1) from picocli's model. */
final class ManPage {
    private ManPage() {}

    static String render(CommandSpec spec) {
        String name = spec.qualifiedName("-");
        StringBuilder out = new StringBuilder();
        out.append(".TH \"")
                .append(name.toUpperCase())
                .append("\" \"1\" \"\" \"supa-dokploy\" \"supa-dokploy manual\"\n");
        out.append(".SH NAME\n")
                .append(escape(name))
                .append(" \\- ")
                .append(escape(first(spec.usageMessage().description())))
                .append('\n');
        out.append(".SH SYNOPSIS\n.B ").append(escape(spec.qualifiedName(" "))).append('\n');
        out.append(escape(spec.subcommands().isEmpty() ? "[OPTIONS]" : "[OPTIONS] COMMAND"))
                .append('\n');
        for (PositionalParamSpec p : spec.positionalParameters()) {
            out.append(escape(p.paramLabel())).append('\n');
        }
        out.append(".SH DESCRIPTION\n")
                .append(escape(String.join(" ", spec.usageMessage().description())))
                .append('\n');
        if (!spec.subcommands().isEmpty()) {
            out.append(".SH COMMANDS\n");
            spec.subcommands().forEach((sub, cl) -> {
                if (!sub.equals(cl.getCommandName())) {
                    return; // an alias
                }
                out.append(".TP\n.B ")
                        .append(escape(sub))
                        .append('\n')
                        .append(escape(first(cl.getCommandSpec().usageMessage().description())))
                        .append('\n');
            });
        }
        if (!spec.positionalParameters().isEmpty()) {
            out.append(".SH ARGUMENTS\n");
            for (PositionalParamSpec p : spec.positionalParameters()) {
                out.append(".TP\n.I ")
                        .append(escape(p.paramLabel()))
                        .append('\n')
                        .append(escape(String.join(" ", p.description())))
                        .append('\n');
            }
        }
        out.append(".SH OPTIONS\n");
        for (OptionSpec o : spec.options()) {
            if (o.hidden()) {
                continue;
            }
            String names = String.join(", ", o.names());
            String label = o.typeInfo().isBoolean() ? "" : " " + o.paramLabel();
            out.append(".TP\n.B ")
                    .append(escape(names + label))
                    .append('\n')
                    .append(escape(
                            String.join(" ", o.description()).replace("${COMPLETION-CANDIDATES}", candidates(o))))
                    .append('\n');
        }
        out.append(".SH EXIT STATUS\n")
                .append(escape(
                        String.join(", ", ReferenceTables.exitLabels()) + ". " + ReferenceTables.SEE_EXIT_CODES.trim()))
                .append('\n');
        out.append(".SH ENVIRONMENT\n")
                .append(".TP\n.B SUPA_DOKPLOY_CONFIG\nConfiguration file to use.\n")
                .append(".TP\n.B SUPA_DOKPLOY_DATABASE_URL\nDefault database URL.\n")
                .append(".TP\n.B PGPASSWORD\nDatabase password when none is configured.\n")
                .append(".TP\n.B NO_COLOR\nDisables colour.\n");
        out.append(".SH SEE ALSO\n").append(seeAlso(spec)).append('\n');
        return out.toString();
    }

    private static String seeAlso(CommandSpec spec) {
        if (spec.parent() == null) {
            return spec.subcommands().values().stream()
                    .filter(cl -> cl.getCommandSpec().parent() == spec)
                    .map(cl -> "\\fB" + escape(cl.getCommandSpec().qualifiedName("-")) + "\\fR(1)")
                    .distinct()
                    .collect(Collectors.joining(", "));
        }
        return "\\fB" + escape(spec.parent().qualifiedName("-")) + "\\fR(1)";
    }

    private static String candidates(OptionSpec o) {
        Iterable<String> c = o.completionCandidates();
        return c == null ? "" : String.join(", ", (List<String>) toList(c));
    }

    private static List<String> toList(Iterable<String> it) {
        List<String> l = new java.util.ArrayList<>();
        it.forEach(l::add);
        return l;
    }

    private static String first(String[] lines) {
        return lines.length == 0 ? "" : lines[0];
    }

    /** roff: backslashes doubled, hyphens escaped, a leading dot or quote protected. */
    private static String escape(String s) {
        String e = s.replace("\\", "\\e").replace("-", "\\-");
        return e.startsWith(".") || e.startsWith("'") ? "\\&" + e : e;
    }
}
