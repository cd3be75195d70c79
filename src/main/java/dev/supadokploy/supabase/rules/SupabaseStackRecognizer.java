package dev.supadokploy.supabase.rules;

import dev.supadokploy.dokploy.Domain;
import dev.supadokploy.supabase.StackShape;
import dev.supadokploy.util.DotEnv;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Tells a Supabase stack from any other compose service, and where it is served.
 *
 * <p>A compose is a Supabase stack when its env defines {@code JWT_SECRET}, {@code ANON_KEY},
 * {@code SERVICE_ROLE_KEY} and {@code POSTGRES_PASSWORD}: Dokploy's Supabase template writes all four, and so does
 * Supabase's own {@code docker/.env.example}, so stacks made by hand or renamed still count. The env rather than the
 * compose file, because {@code project.all} carries the env and not always the file, and a client app that merely
 * uses Supabase holds at most the keys, not the server's JWT secret and database password.
 */
public final class SupabaseStackRecognizer {
    public static final List<String> MARKERS = List.of(
            AuditedEnv.JWT_SECRET, AuditedEnv.ANON_KEY, AuditedEnv.SERVICE_ROLE_KEY, AuditedEnv.POSTGRES_PASSWORD);

    /**
     * The gateway is the stack's one public entry point; the template routes its domain to kong:8000, an Envoy
     * stack (Supabase v0.8.0) to api-gw:8000.
     */
    static final List<String> GATEWAY_SERVICES = StackShape.GATEWAYS;

    private SupabaseStackRecognizer() {}

    public static boolean isSupabase(DotEnv env) {
        return MARKERS.stream()
                .allMatch(name -> env.get(name).filter(v -> !v.isBlank()).isPresent());
    }

    /** The URL clients use: the gateway's domain when there is one (https preferred), as Traefik really routes it. */
    public static Optional<String> domainUrl(List<Domain> domains) {
        return gatewayDomain(domains, null).map(Domain::url);
    }

    /**
     * The domain routed to the gateway that clients use: the one serving the host the env's public URL names, else
     * the https one, else any. Traefik serves a host the way its domain says, so this domain's scheme is the truth.
     */
    public static Optional<Domain> gatewayDomain(List<Domain> domains, DotEnv env) {
        List<Domain> gateways = domains.stream()
                .filter(d -> GATEWAY_SERVICES.contains(d.serviceName())
                        && d.host() != null
                        && !d.host().isBlank())
                .filter(Domain::routed) // a disabled domain (enabled:false) is not served, so it is not the public URL
                .sorted(Comparator.comparing((Domain d) -> !Boolean.TRUE.equals(d.https())))
                .toList();
        Optional<String> namedHost = env == null
                ? Optional.empty()
                : envUrl(env).flatMap(PublicEndpoint::parseUrl).map(PublicEndpoint::host);
        return namedHost
                .flatMap(host -> gateways.stream()
                        .filter(d -> d.host().equalsIgnoreCase(host))
                        .findFirst())
                .or(() -> gateways.stream().findFirst());
    }

    /**
     * The URL the stack's clients use: the env's public URL, served the way the gateway domain for its host says
     * (Traefik decides http or https); a host no domain serves (another proxy in front) as written; with no URL in
     * the env, the gateway domain.
     */
    public static Optional<String> clientUrl(List<Domain> domains, DotEnv env) {
        Optional<PublicEndpoint> named = envUrl(env).flatMap(PublicEndpoint::parseUrl);
        if (named.isEmpty()) {
            return domainUrl(domains);
        }
        return Optional.of(gatewayDomain(domains, env)
                .filter(d -> d.host().equalsIgnoreCase(named.get().host()))
                .map(Domain::url)
                .orElse(named.get().display()));
    }

    /** What the stack itself was told it is served at; public by design (Studio and emails show it). */
    public static Optional<String> envUrl(DotEnv env) {
        return env.get("SUPABASE_PUBLIC_URL")
                .filter(v -> !v.isBlank())
                .or(() -> env.get("API_EXTERNAL_URL").filter(v -> !v.isBlank()));
    }

    /**
     * A compose file that runs Supabase's own images. The file, unlike the env, is never encrypted by Dokploy, so this
     * still tells a Supabase stack whose env Dokploy can no longer decrypt (see EncryptedEnv) from any other service.
     */
    public static boolean looksLikeSupabaseFile(String composeFile) {
        return composeFile != null && SUPABASE_IMAGES.stream().anyMatch(composeFile::contains);
    }

    private static final List<String> SUPABASE_IMAGES =
            List.of("supabase/postgres", "supabase/gotrue", "supabase/studio");

    public static boolean hasGatewayDomain(List<Domain> domains) {
        return domainUrl(domains).isPresent();
    }
}
