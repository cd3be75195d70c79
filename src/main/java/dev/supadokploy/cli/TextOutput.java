package dev.supadokploy.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.fusesource.jansi.Ansi;

/**
 * Human-readable rendering on stdout: aligned "label  value" lines and tables. Colour only when the
 * caller allows it (a terminal, no --no-color, no NO_COLOR).
 */
public final class TextOutput {
    /** Columns narrower than this are not shrunk further to fit the terminal. */
    static final int MIN_COLUMN = 8;

    private final PrintStream out;
    private final boolean color;
    private final int width;

    public TextOutput(PrintStream out, boolean color) {
        this(out, color, 0);
    }

    /** @param width the terminal's columns, which tables are shrunk to fit; 0 when not writing to a terminal */
    public TextOutput(PrintStream out, boolean color, int width) {
        this.out = out;
        this.color = color;
        this.width = width;
    }

    public void line(String text) {
        out.println(text);
    }

    public void blank() {
        out.println();
    }

    public void heading(String text) {
        out.println(color ? Ansi.ansi().bold().a(text).reset().toString() : text);
    }

    /** "label: value" with the labels of one block padded to the same width by the caller's order. */
    public void fields(List<String[]> labelValue) {
        int width = labelValue.stream().mapToInt(lv -> lv[0].length()).max().orElse(0);
        for (String[] lv : labelValue) {
            String label = pad(lv[0] + ":", width + 1);
            out.println(
                    "  " + (color ? Ansi.ansi().fgBrightBlack().a(label).reset().toString() : label) + " "
                            + nullToDash(lv[1]));
        }
    }

    public static String[] field(String label, Object value) {
        return new String[] {label, value == null ? null : String.valueOf(value)};
    }

    public String ok(String text) {
        return color ? Ansi.ansi().fgGreen().a(text).reset().toString() : text;
    }

    public String warn(String text) {
        return color ? Ansi.ansi().fgYellow().a(text).reset().toString() : text;
    }

    public String bad(String text) {
        return color ? Ansi.ansi().fgRed().a(text).reset().toString() : text;
    }

    /** A table with a header row; cells are single-line (newlines and tabs shown as spaces). */
    public void table(List<String> headers, List<List<String>> rows) {
        int[] widths = new int[headers.size()];
        for (int i = 0; i < headers.size(); i++) {
            widths[i] = headers.get(i).length();
        }
        List<List<String>> cleaned = new ArrayList<>();
        for (List<String> row : rows) {
            List<String> c = new ArrayList<>();
            for (int i = 0; i < headers.size(); i++) {
                String cell = i < row.size() ? oneLine(row.get(i)) : "";
                widths[i] = Math.min(Math.max(widths[i], cell.length()), 60);
                c.add(cell);
            }
            cleaned.add(c);
        }
        fit(widths);
        StringBuilder head = new StringBuilder();
        StringBuilder rule = new StringBuilder();
        for (int i = 0; i < headers.size(); i++) {
            head.append(i == 0 ? "" : "  ").append(pad(cut(headers.get(i), widths[i]), widths[i]));
            rule.append(i == 0 ? "" : "  ").append("-".repeat(widths[i]));
        }
        out.println(
                color
                        ? Ansi.ansi()
                                .bold()
                                .a(head.toString().stripTrailing())
                                .reset()
                                .toString()
                        : head.toString().stripTrailing());
        out.println(rule);
        for (List<String> row : cleaned) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                String cell = cut(row.get(i), widths[i]);
                line.append(i == 0 ? "" : "  ").append(pad(cell, widths[i]));
            }
            out.println(line.toString().stripTrailing());
        }
    }

    /** On a terminal, narrows the widest columns (their cells end in …) until a row fits on one line. */
    private void fit(int[] widths) {
        if (width <= 0) {
            return;
        }
        int total = 2 * (widths.length - 1);
        for (int w : widths) {
            total += w;
        }
        while (total > width) {
            int widest = 0;
            for (int i = 1; i < widths.length; i++) {
                widest = widths[i] > widths[widest] ? i : widest;
            }
            if (widths[widest] <= MIN_COLUMN) {
                return; // too many columns for this terminal: let the lines wrap rather than show nothing
            }
            widths[widest]--;
            total--;
        }
    }

    private static String cut(String cell, int width) {
        return cell.length() <= width ? cell : cell.substring(0, width - 1) + "…";
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replace('\n', ' ').replace('\r', ' ').replace('\t', ' ');
    }

    private static String nullToDash(String s) {
        return s == null ? "-" : s;
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }
}
