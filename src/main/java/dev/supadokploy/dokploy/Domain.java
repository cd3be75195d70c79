package dev.supadokploy.dokploy;

/** A domain routed by Traefik to one service of a compose ({@code domain.byComposeId}). */
public record Domain(String domainId, String host, Integer port, Boolean https, String certificateType,
                     String serviceName, String composeId, String domainType, String path) {

    /** The public base URL the domain serves. */
    public String url() {
        return (Boolean.TRUE.equals(https) ? "https://" : "http://") + host
                + (path == null || path.equals("/") ? "" : path);
    }
}
