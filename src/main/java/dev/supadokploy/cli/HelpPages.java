package dev.supadokploy.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * {@code supa-dokploy [COMMAND…] --help} printed from the page stored at build time, without picocli: building the
 * commands and laying out their help in the interpreter was most of what `--help` cost (bench/cli-startup.sh).
 * GeneratedDocsTest writes the pages from the command tree and fails when one is stale; CliFrameTest checks that each
 * is what the full path prints. Everything else (an alias, an option before {@code --help}, a terminal) goes through
 * picocli, so this never prints what the full path would not.
 */
public final class HelpPages {
    /** The pages, one per command, named by its qualified name with dots: {@code supa-dokploy.db.sql.txt}. */
    public static final String RESOURCE_DIR = "/dev/supadokploy/cli/help/";

    private HelpPages() {}

    /**
     * Prints the stored page when the arguments ask for one and picocli would lay it out as stored: 80 columns without
     * colour, which is what it does when stdout is no terminal (in a terminal it fits the page to the terminal's width)
     * and no {@code picocli.*} system property changes it. Linux only: elsewhere /proc cannot tell what stdout is.
     */
    public static boolean printed(String[] args, PrintStream out) {
        if (!Terminals.surelyNotTerminal(1)) {
            return false;
        }
        for (String property : System.getProperties().stringPropertyNames()) {
            if (property.startsWith("picocli.")) {
                return false;
            }
        }
        String page = page(args);
        if (page == null) {
            return false;
        }
        // As picocli writes it: a PrintWriter over stdout, so the same charset turns the page into bytes.
        PrintWriter writer = new PrintWriter(out);
        writer.print(page);
        writer.flush();
        return true;
    }

    /** The stored page for exactly a command's name path followed by {@code --help} or {@code -h}; null otherwise. */
    public static String page(String[] args) {
        if (args.length == 0 || !(args[args.length - 1].equals("--help") || args[args.length - 1].equals("-h"))) {
            return null;
        }
        StringBuilder name = new StringBuilder("supa-dokploy");
        for (int i = 0; i < args.length - 1; i++) {
            if (!isCommandName(args[i])) {
                return null;
            }
            name.append('.').append(args[i]);
        }
        try (InputStream in = HelpPages.class.getResourceAsStream(RESOURCE_DIR + name + ".txt")) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null; // picocli renders it then
        }
    }

    /** Lower-case letters, digits and inner hyphens, as every command name is: nothing that could leave the folder. */
    private static boolean isCommandName(String word) {
        if (word.isEmpty() || word.charAt(0) == '-') {
            return false;
        }
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-')) {
                return false;
            }
        }
        return true;
    }
}
