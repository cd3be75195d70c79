package dev.supadokploy.dokploy;

import java.util.Objects;

/**
 * The input of {@code domain.create} / {@code domain.update} for a compose service. Let's Encrypt needs
 * {@code https:true}; {@code certificateType:"none"} with https is a certificate Traefik makes up itself.
 */
public record DomainSpec(String host, Integer port, boolean https, String certificateType, String serviceName,
                         String composeId, String path) {
    public static final String LETSENCRYPT = "letsencrypt";
    public static final String NO_CERTIFICATE = "none";

    public DomainSpec {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(certificateType, "certificateType");
    }

    /** Supabase's public entry point: Kong on port 8000. */
    public static DomainSpec kong(String composeId, String host, boolean letsEncrypt) {
        return new DomainSpec(host, 8000, letsEncrypt, letsEncrypt ? LETSENCRYPT : NO_CERTIFICATE, "kong", composeId, null);
    }
}
