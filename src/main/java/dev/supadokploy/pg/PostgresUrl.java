package dev.supadokploy.pg;

import dev.supadokploy.config.Secret;
import dev.supadokploy.errors.ErrorCode;
import dev.supadokploy.errors.SupaException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parses {@code postgres://}, {@code postgresql://} and {@code jdbc:postgresql://} URLs into a
 * {@link ConnectionTarget}. Written by hand rather than with java.net.URI because real passwords
 * contain characters ({@code #}, {@code /}, {@code @}) that URI rejects or misreads.
 */
public final class PostgresUrl {
    private PostgresUrl() {}

    public static boolean looksLikeUrl(String s) {
        return s != null
                && (s.startsWith("postgres://") || s.startsWith("postgresql://") || s.startsWith("jdbc:postgresql://"));
    }

    public static ConnectionTarget parse(String url, String origin) {
        if (!looksLikeUrl(url)) {
            throw invalid(origin, "it does not start with postgres://, postgresql:// or jdbc:postgresql://");
        }
        String rest = url.substring(url.indexOf("://") + 3);
        String query = "";
        int q = rest.indexOf('?');
        if (q >= 0) {
            query = rest.substring(q + 1);
            rest = rest.substring(0, q);
        }
        String database = null;
        // The authority ends at the first '/' after the last '@' (a password may contain '/').
        int at = rest.lastIndexOf('@');
        int slash = rest.indexOf('/', Math.max(at, 0));
        if (slash >= 0) {
            database = decode(rest.substring(slash + 1), origin);
            rest = rest.substring(0, slash);
        }
        String user = null;
        String password = null;
        if (at >= 0) {
            String userInfo = rest.substring(0, at);
            rest = rest.substring(at + 1);
            int colon = userInfo.indexOf(':');
            if (colon >= 0) {
                user = decode(userInfo.substring(0, colon), origin);
                password = decode(userInfo.substring(colon + 1), origin);
            } else {
                user = decode(userInfo, origin);
            }
        }
        String host;
        int port = ConnectionTarget.DEFAULT_PORT;
        if (rest.startsWith("[")) {
            int close = rest.indexOf(']');
            if (close < 0) {
                throw invalid(origin, "an IPv6 host is missing its closing ']'");
            }
            host = rest.substring(1, close);
            rest = rest.substring(close + 1);
            if (rest.startsWith(":")) {
                port = parsePort(rest.substring(1), origin);
            }
        } else {
            int colon = rest.lastIndexOf(':');
            if (colon >= 0) {
                host = rest.substring(0, colon);
                port = parsePort(rest.substring(colon + 1), origin);
            } else {
                host = rest;
            }
        }
        if (host.contains(",")) {
            throw invalid(origin, "several hosts are not supported");
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = decode(eq < 0 ? pair : pair.substring(0, eq), origin);
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1), origin);
            switch (key) {
                case "user" -> user = value;
                case "password" -> password = value;
                case "host" -> host = value;
                case "port" -> port = parsePort(value, origin);
                case "dbname" -> database = value;
                default -> params.put(key, value);
            }
        }
        if (host.isEmpty()) {
            host = "localhost";
        }
        if (database == null || database.isEmpty()) {
            database = user != null ? user : "postgres";
        }
        return new ConnectionTarget(host, port, database, user, Secret.of(password), params, origin);
    }

    private static int parsePort(String s, String origin) {
        try {
            int port = Integer.parseInt(s);
            if (port < 1 || port > 65535) {
                throw invalid(origin, "port " + s + " is out of range 1-65535");
            }
            return port;
        } catch (NumberFormatException e) {
            throw invalid(origin, "port '" + s + "' is not a number");
        }
    }

    private static String decode(String s, String origin) {
        try {
            return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalid(origin, "it has a malformed %-escape");
        }
    }

    private static SupaException invalid(String origin, String why) {
        return new SupaException(
                ErrorCode.CONNECTION_INVALID_URL,
                "The connection URL from " + origin + " is invalid: " + why,
                "Use postgres://USER@HOST:PORT/DATABASE (percent-encode special characters in the user name and password).");
    }
}
