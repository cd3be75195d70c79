package dev.supadokploy.ops.instances;

import dev.supadokploy.dokploy.Domain;
import dev.supadokploy.supabase.DotEnv;
import dev.supadokploy.supabase.rules.AuditedEnv;
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
    static final List<String> MARKERS = List.of(AuditedEnv.JWT_SECRET, AuditedEnv.ANON_KEY, AuditedEnv.SERVICE_ROLE_KEY,
            AuditedEnv.POSTGRES_PASSWORD);

    /** Kong is the stack's one public entry point; the template routes its domain to kong:8000. */
    static final String GATEWAY_SERVICE = "kong";

    private SupabaseStackRecognizer() {}

    public static boolean isSupabase(DotEnv env) {
        return MARKERS.stream().allMatch(name -> env.get(name).filter(v -> !v.isBlank()).isPresent());
    }

    /** The URL clients use: the gateway's domain when there is one (https preferred), as Traefik really routes it. */
    static Optional<String> domainUrl(List<Domain> domains) {
        return domains.stream()
                .filter(d -> GATEWAY_SERVICE.equals(d.serviceName()) && d.host() != null && !d.host().isBlank())
                .min(Comparator.comparing((Domain d) -> !Boolean.TRUE.equals(d.https())))
                .map(Domain::url);
    }

    /** What the stack itself was told it is served at; public by design (Studio and emails show it). */
    static Optional<String> envUrl(DotEnv env) {
        return env.get("SUPABASE_PUBLIC_URL").or(() -> env.get("API_EXTERNAL_URL")).filter(v -> !v.isBlank());
    }

    static boolean hasGatewayDomain(List<Domain> domains) {
        return domainUrl(domains).isPresent();
    }
}
