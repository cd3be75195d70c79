package dev.supadokploy.dokploy;

/** A domain routed by Traefik to one service of a compose ({@code domain.byComposeId}). */
public record Domain(
        String domainId,
        String host,
        Integer port,
        Boolean https,
        String certificateType,
        String serviceName,
        String composeId,
        String domainType,
        String path,
        Boolean enabled) {

    public Domain(
            String domainId,
            String host,
            Integer port,
            Boolean https,
            String certificateType,
            String serviceName,
            String composeId,
            String domainType,
            String path) {
        this(domainId, host, port, https, certificateType, serviceName, composeId, domainType, path, null);
    }

    /**
     * Traefik routes it: newer Dokploy releases can switch a domain off ({@code enabled:false}, domain.toggleEnable);
     * a release without the column leaves it out, and its domains are all routed.
     */
    public boolean routed() {
        return !Boolean.FALSE.equals(enabled);
    }

    /** The public base URL the domain serves. */
    public String url() {
        return (Boolean.TRUE.equals(https) ? "https://" : "http://")
                + host
                + (path == null || path.equals("/") ? "" : path);
    }
}
