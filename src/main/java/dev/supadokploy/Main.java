package dev.supadokploy;

import dev.supadokploy.cli.CliEnvironment;
import dev.supadokploy.cli.HelpPages;
import dev.supadokploy.util.Version;
import java.io.PrintStream;

/** Process entry point: real streams and environment, exit with the command's code. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        // Every cron job and CI step pays for the start: `--version` answers without building the command tree
        // (picocli reflects over every command and loads the operations' classes to do that), and without loading
        // picocli.
        if (printedVersion(args, System.out)) {
            System.exit(0);
        }
        // `--help` of any command, to a pipe or file: the page picocli would print, stored at build time.
        if (HelpPages.printed(args, System.out)) {
            System.exit(0);
        }
        // Picocli would otherwise look for Groovy closures in every annotation attribute, class by class.
        System.setProperty("picocli.disable.closures", "true");
        CliEnvironment env = CliEnvironment.forProcess();
        int code = Cli.run(args, env);
        env.stdout().flush();
        System.exit(code);
    }

    /** {@code supa-dokploy --version} alone: the lines picocli would print, printed without picocli. */
    static boolean printedVersion(String[] args, PrintStream out) {
        if (args.length != 1 || !(args[0].equals("--version") || args[0].equals("-V"))) {
            return false;
        }
        for (String line : Version.lines()) {
            out.println(line);
        }
        out.flush();
        return true;
    }
}
