package dev.supadokploy;

import dev.supadokploy.cli.Cli;
import dev.supadokploy.cli.CliEnvironment;

/** Process entry point: real streams and environment, exit with the command's code. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        CliEnvironment env = CliEnvironment.forProcess();
        int code = Cli.run(args, env);
        env.stdout().flush();
        System.exit(code);
    }
}
