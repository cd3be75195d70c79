package dev.supadokploy.cli;

/** How results are printed on stdout. CSV is only meaningful for row results ({@code db sql}). */
public enum OutputFormat {
    text,
    json,
    csv
}
