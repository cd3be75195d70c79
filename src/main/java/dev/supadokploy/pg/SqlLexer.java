package dev.supadokploy.pg;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits SQL text into the few kinds of token that matter to a client: words, literals, quoted
 * identifiers, comments, {@code $n} parameters, {@code ?}, semicolons and parentheses. It follows the
 * lexical rules of PostgreSQL's scan.l where they decide what is code and what is data:
 * <ul>
 *   <li>{@code '…'} with {@code ''} (and, when standard_conforming_strings is off, backslash) escapes;</li>
 *   <li>{@code E'…'} with backslash escapes, recognised only when the {@code E} starts a token;</li>
 *   <li>{@code "…"} quoted identifiers with {@code ""} escapes;</li>
 *   <li>{@code $$…$$} and {@code $tag$…$tag$}; {@code $1} is a parameter because a tag cannot start with
 *       a digit, and {@code $} inside a word ({@code a$1}) belongs to the word;</li>
 *   <li>{@code --} line comments and nested {@code /* … *}{@code /} block comments.</li>
 * </ul>
 * Unterminated literals and comments run to the end of the text: the server reports them, not us.
 */
public final class SqlLexer {

    public enum Kind {
        WORD,
        NUMBER,
        STRING,
        QUOTED_IDENTIFIER,
        DOLLAR_STRING,
        PARAMETER,
        QUESTION_MARK,
        SEMICOLON,
        OPEN_PAREN,
        CLOSE_PAREN,
        COMMENT,
        WHITESPACE,
        OTHER
    }

    /** One token: {@code text.substring(start, end)}. */
    public record Token(Kind kind, int start, int end, String text) {
        /** The number of a {@link Kind#PARAMETER}, e.g. 2 for {@code $2}. */
        public int parameterNumber() {
            String digits = text.substring(1);
            try {
                return Integer.parseInt(digits);
            } catch (NumberFormatException e) {
                return Integer.MAX_VALUE; // absurdly long; reported as a mismatch by the caller
            }
        }

        public boolean isWord(String word) {
            return kind == Kind.WORD && text.equalsIgnoreCase(word);
        }

        /** Whitespace and comments: tokens the server skips. */
        public boolean isBlank() {
            return kind == Kind.WHITESPACE || kind == Kind.COMMENT;
        }
    }

    private final String sql;
    private final boolean standardConformingStrings;
    private int pos;

    private SqlLexer(String sql, boolean standardConformingStrings) {
        this.sql = sql;
        this.standardConformingStrings = standardConformingStrings;
    }

    /**
     * @param standardConformingStrings the server's setting (on since PostgreSQL 9.1); when off, a
     *                                  backslash escapes the next character in ordinary {@code '…'} strings
     */
    public static List<Token> tokenize(String sql, boolean standardConformingStrings) {
        return new SqlLexer(sql, standardConformingStrings).run();
    }

    private List<Token> run() {
        List<Token> tokens = new ArrayList<>();
        Token previous = null;
        while (pos < sql.length()) {
            int start = pos;
            Kind kind = next(previous);
            Token token = new Token(kind, start, pos, sql.substring(start, pos));
            tokens.add(token);
            previous = token;
        }
        return tokens;
    }

    private Kind next(Token previous) {
        char c = sql.charAt(pos);
        if (isSpace(c)) {
            while (pos < sql.length() && isSpace(sql.charAt(pos))) {
                pos++;
            }
            return Kind.WHITESPACE;
        }
        if (c == '-' && peek(1) == '-') {
            while (pos < sql.length() && sql.charAt(pos) != '\n' && sql.charAt(pos) != '\r') {
                pos++;
            }
            return Kind.COMMENT;
        }
        if (c == '/' && peek(1) == '*') {
            blockComment();
            return Kind.COMMENT;
        }
        if (c == '\'') {
            // E'…' only when the E is a token of its own right before the quote (not the end of "somee").
            boolean extended = previous != null
                    && previous.end() == pos
                    && previous.kind() == Kind.WORD
                    && previous.text().equalsIgnoreCase("e");
            quoted('\'', extended || !standardConformingStrings);
            return Kind.STRING;
        }
        if (c == '"') {
            quoted('"', false);
            return Kind.QUOTED_IDENTIFIER;
        }
        if (c == '$') {
            return dollar();
        }
        if (isIdentifierStart(c)) {
            pos++;
            while (pos < sql.length() && isIdentifierContinuation(sql.charAt(pos))) {
                pos++;
            }
            return Kind.WORD;
        }
        if (isDigit(c)) {
            // Digits with what may follow in numeric literals (1.5, 1e10, 0x1F, 1_000). Exponent signs are
            // left as OTHER tokens, which is harmless: we only need numbers not to start words.
            pos++;
            while (pos < sql.length()
                    && (Character.isLetterOrDigit(sql.charAt(pos))
                            || sql.charAt(pos) == '_'
                            || sql.charAt(pos) == '.')) {
                pos++;
            }
            return Kind.NUMBER;
        }
        pos++;
        return switch (c) {
            case '?' -> Kind.QUESTION_MARK;
            case ';' -> Kind.SEMICOLON;
            case '(' -> Kind.OPEN_PAREN;
            case ')' -> Kind.CLOSE_PAREN;
            default -> Kind.OTHER;
        };
    }

    private void blockComment() {
        int depth = 0;
        while (pos < sql.length()) {
            if (sql.charAt(pos) == '/' && peek(1) == '*') {
                depth++;
                pos += 2;
            } else if (sql.charAt(pos) == '*' && peek(1) == '/') {
                depth--;
                pos += 2;
                if (depth == 0) {
                    return;
                }
            } else {
                pos++;
            }
        }
    }

    /** A literal or identifier closed by {@code quote}; a doubled quote is an escaped one. */
    private void quoted(char quote, boolean backslashEscapes) {
        pos++;
        while (pos < sql.length()) {
            char c = sql.charAt(pos);
            if (backslashEscapes && c == '\\') {
                pos = Math.min(sql.length(), pos + 2);
            } else if (c == quote) {
                if (peek(1) == quote) {
                    pos += 2;
                } else {
                    pos++;
                    return;
                }
            } else {
                pos++;
            }
        }
    }

    /** {@code $n} parameter, {@code $tag$…$tag$} string, or a lone {@code $}. */
    private Kind dollar() {
        int start = pos;
        if (isDigit(peek(1))) {
            pos++;
            while (pos < sql.length() && isDigit(sql.charAt(pos))) {
                pos++;
            }
            return Kind.PARAMETER;
        }
        // scan.l: dolqdelim = \$({dolq_start}{dolq_cont}*)?\$, where dolq_cont is ident_cont without '$'.
        int tagEnd = pos + 1;
        if (tagEnd < sql.length() && isIdentifierStart(sql.charAt(tagEnd))) {
            tagEnd++;
            while (tagEnd < sql.length() && (isIdentifierStart(sql.charAt(tagEnd)) || isDigit(sql.charAt(tagEnd)))) {
                tagEnd++;
            }
        }
        if (tagEnd < sql.length() && sql.charAt(tagEnd) == '$') {
            String delimiter = sql.substring(start, tagEnd + 1);
            int close = sql.indexOf(delimiter, tagEnd + 1);
            pos = close < 0 ? sql.length() : close + delimiter.length();
            return Kind.DOLLAR_STRING;
        }
        pos++;
        return Kind.OTHER;
    }

    private char peek(int ahead) {
        int i = pos + ahead;
        return i < sql.length() ? sql.charAt(i) : '\0';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\u000B';
    }

    /** scan.l's ident_start: [A-Za-z\200-\377_]; every non-ASCII character counts as a letter. */
    static boolean isIdentifierStart(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c >= 0x80;
    }

    /** scan.l's ident_cont: ident_start, digits and {@code $}. */
    static boolean isIdentifierContinuation(char c) {
        return isIdentifierStart(c) || isDigit(c) || c == '$';
    }
}
