package dev.supadokploy.supabase.rules;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/**
 * Where a Supabase stack is served, or what one of its URL variables says: scheme (null when only a domain
 * was given), host, port (-1 when not written) and path.
 */
public record PublicEndpoint(String scheme, String host, int port, String path) {

    /**
     * A URL variable's value: an absolute http(s) URL with a host, else empty. User info is dropped so that it
     * never reaches a finding.
     */
    public static Optional<PublicEndpoint> parseUrl(String value) {
        if (value == null || value.isBlank() || !value.strip().equals(value)) {
            return Optional.empty();
        }
        try {
            URI uri = new URI(value);
            String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!"http".equals(scheme) && !"https".equals(scheme)
                    || uri.getHost() == null
                    || uri.getHost().isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new PublicEndpoint(
                    scheme,
                    uri.getHost().toLowerCase(Locale.ROOT),
                    uri.getPort(),
                    uri.getRawPath() == null ? "" : uri.getRawPath()));
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    /** What an operator types for the public URL: {@code https://api.example.com}, or just {@code api.example.com[:port]}. */
    public static Optional<PublicEndpoint> parseDomainOrUrl(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        String t = text.strip();
        if (t.contains("://")) {
            return parseUrl(t);
        }
        return parseUrl("http://" + t).map(e -> new PublicEndpoint(null, e.host(), e.port(), e.path()));
    }

    /** The port a client connects to: the written one, else the scheme's default; -1 when neither is known. */
    public int effectivePort() {
        if (port != -1) {
            return port;
        }
        return "https".equals(scheme) ? 443 : "http".equals(scheme) ? 80 : -1;
    }

    /** scheme://host[:port], the port only when it is not the scheme's default. */
    public String origin() {
        String s = scheme == null ? "https" : scheme;
        boolean defaultPort = port == -1 || ("https".equals(s) && port == 443) || ("http".equals(s) && port == 80);
        return s + "://" + host + (defaultPort ? "" : ":" + port);
    }

    /** host[:port] as written, for messages. */
    public String authority() {
        return host + (port == -1 ? "" : ":" + port);
    }

    /**
     * Whether this URL names the reference's host, and its port when one is known: written in the reference, or
     * implied by its scheme when this URL writes a port. A differing scheme alone is not a different host (the
     * scheme is checked on its own).
     */
    public boolean sameHostAs(PublicEndpoint reference) {
        if (!host.equalsIgnoreCase(reference.host)) {
            return false;
        }
        if (reference.port != -1) {
            return effectivePort() == reference.port;
        }
        if (port != -1 && reference.scheme != null) {
            return port == reference.effectivePort();
        }
        return true;
    }

    public String display() {
        return scheme == null ? authority() : origin() + path;
    }
}
