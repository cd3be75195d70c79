package dev.supadokploy.supabase.rules;

import java.util.List;

/**
 * What a running deployment shows beyond its saved env, for {@link LiveStackRules}: the domain that routes the
 * public API to Kong, the containers that are not well, the last deploy, and what the public surface answered
 * when probed with the saved env's keys. The caller reads these from Dokploy; the rules only judge them.
 *
 * @param kongDomain  the domain routed to kong:8000, or null when the compose has none
 * @param domainCount how many domains the compose has in all (for the evidence when none is Kong's)
 * @param anyContainer whether the stack has containers at all
 * @param troubled    containers that are restarting, exited or unhealthy
 * @param failedDeploy the first line of the last deploy's error when it failed, "" when it failed without one, null
 *                     when it did not fail
 * @param probe       what the public endpoint answered, or null when it was not probed
 * @param reportedDeployed Dokploy's deployment rows or composeStatus say the last deploy is done: with no container
 *                    listed, Docker on the server may be unreachable (Dokploy then lists none) rather than the stack
 *                    undeployed
 */
public record LiveStack(
        KongDomain kongDomain,
        int domainCount,
        boolean anyContainer,
        List<Container> troubled,
        String failedDeploy,
        Probe probe,
        boolean reportedDeployed) {

    public LiveStack {
        troubled = List.copyOf(troubled);
    }

    public LiveStack(
            KongDomain kongDomain,
            int domainCount,
            boolean anyContainer,
            List<Container> troubled,
            String failedDeploy,
            Probe probe) {
        this(kongDomain, domainCount, anyContainer, troubled, failedDeploy, probe, false);
    }

    /** Dokploy's domain: {@code https} switches Traefik's TLS router on; {@code certificateType} none, letsencrypt or custom. */
    public record KongDomain(String host, boolean https, String certificateType) {
        public boolean selfSigned() {
            return https && (certificateType == null || "none".equals(certificateType));
        }
    }

    /**
     * @param state  restarting, exited, dead, running …
     * @param health healthy, unhealthy, starting or none
     * @param status Docker's status text
     */
    public record Container(String service, String state, String health, String status) {}

    /**
     * @param url     the base URL probed (the kong domain's)
     * @param refused the checks whose key was refused (401/403) where it should have been accepted
     * @param failure the first failure that was not a refused key (unreachable, TLS, 404, 5xx), or null
     */
    public record Probe(String url, boolean passed, List<String> refused, String failure) {
        public Probe {
            refused = List.copyOf(refused);
        }
    }
}
