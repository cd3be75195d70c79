package dev.supadokploy.dokploy;

import java.util.Objects;

/**
 * The input of {@code domain.create} / {@code domain.update} for a compose service. Let's Encrypt needs
 * {@code https:true}; {@code certificateType:"none"} with https is a certificate Traefik makes up itself.
 */
public record DomainSpec(
        String host,
        Integer port,
        boolean https,
        String certificateType,
        String serviceName,
        String composeId,
        String path) {
    public static final String LETSENCRYPT = "letsencrypt";
    public static final String NO_CERTIFICATE = "none";

    public DomainSpec {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(certificateType, "certificateType");
    }

    /** The stack's gateway (Kong, or Envoy's api-gw) on its API port. */
    public static DomainSpec gateway(String composeId, String host, boolean letsEncrypt, String service, int port) {
        return new DomainSpec(
                host, port, letsEncrypt, letsEncrypt ? LETSENCRYPT : NO_CERTIFICATE, service, composeId, null);
    }

    /** Supabase's public entry point: Kong on port 8000. */
    public static DomainSpec kong(String composeId, String host, boolean letsEncrypt) {
        return new DomainSpec(
                host, 8000, letsEncrypt, letsEncrypt ? LETSENCRYPT : NO_CERTIFICATE, "kong", composeId, null);
    }
}
