package dev.supadokploy.supabase.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Rules only a live deployment shows ({@code validate config --compose-id}): the kong domain against the env's
 * URLs, containers that are not well, a failed deploy, and keys saved in Dokploy but not in force. The domain
 * settings are fixed in Dokploy, not in the env, so their fixes are steps for the operator; a saved env that was
 * never deployed is fixed by a redeploy.
 */
public final class LiveStackRules {
    static final RuleInfo KONG_DOMAIN_MISSING = new RuleInfo(
            "urls.kong-domain-missing",
            Category.urls,
            Severity.error,
            "The compose has no domain routed to kong:8000, so nothing serves the API publicly (Dokploy source)",
            "manual: add a domain for service kong, port 8000, in Dokploy");
    static final RuleInfo DOMAIN_WITHOUT_HTTPS = new RuleInfo(
            "urls.domain-without-https",
            Category.urls,
            Severity.error,
            "API_EXTERNAL_URL / SUPABASE_PUBLIC_URL use https but the kong domain has HTTPS off (Dokploy source)",
            "manual: switch HTTPS on (Let's Encrypt) for the domain in Dokploy, or set the URLs to http");
    static final RuleInfo DOMAIN_WITHOUT_CERTIFICATE = new RuleInfo(
            "urls.domain-without-certificate",
            Category.urls,
            Severity.error,
            "The kong domain has HTTPS on with certificate type none: Traefik serves its self-signed default "
                    + "certificate, which browsers and supabase-js refuse (Dokploy source)",
            "manual: choose Let's Encrypt (or a custom certificate) for the domain in Dokploy");
    static final RuleInfo ENDPOINT_UNREACHABLE = new RuleInfo(
            "urls.public-endpoint-unreachable",
            Category.urls,
            Severity.warning,
            "The kong domain did not answer as Supabase when probed from here, although the containers run (Dokploy source, probe)",
            "manual: check DNS and Traefik for the domain");
    static final RuleInfo NOT_DEPLOYED = new RuleInfo(
            "keys.saved-not-deployed",
            Category.keys,
            Severity.error,
            "The running stack refuses the saved ANON_KEY / SERVICE_ROLE_KEY although they are sound and the containers are "
                    + "healthy: the env was saved in Dokploy but not deployed (Dokploy source, probe)",
            "--fix redeploys the compose");
    static final RuleInfo NOT_RUNNING = new RuleInfo(
            "stack.not-running",
            Category.stack,
            Severity.error,
            "The compose has no containers: never deployed, or stopped (Dokploy source)",
            "manual: deploy the compose");
    static final RuleInfo SERVICE_RESTARTING = new RuleInfo(
            "stack.service-restarting",
            Category.stack,
            Severity.error,
            "A container of the stack is restarting in a loop (Dokploy source)",
            "manual: read its log, fix the cause, redeploy");
    static final RuleInfo SERVICE_EXITED = new RuleInfo(
            "stack.service-exited",
            Category.stack,
            Severity.error,
            "A container of the stack has exited or is dead (Dokploy source)",
            "manual: read its log, fix the cause, redeploy");
    static final RuleInfo SERVICE_UNHEALTHY = new RuleInfo(
            "stack.service-unhealthy",
            Category.stack,
            Severity.error,
            "A container of the stack runs but fails its health check (Dokploy source)",
            "manual: read its log for the failing check");
    static final RuleInfo DEPLOY_FAILED = new RuleInfo(
            "stack.deploy-failed",
            Category.stack,
            Severity.error,
            "The compose's last deploy failed: the containers are those of the deploy before, with the env they had (Dokploy source)",
            "manual: read the deployment log in Dokploy, fix the cause, redeploy");

    static final List<RuleInfo> INFOS = List.of(
            KONG_DOMAIN_MISSING,
            DOMAIN_WITHOUT_HTTPS,
            DOMAIN_WITHOUT_CERTIFICATE,
            ENDPOINT_UNREACHABLE,
            NOT_DEPLOYED,
            NOT_RUNNING,
            SERVICE_RESTARTING,
            SERVICE_EXITED,
            SERVICE_UNHEALTHY,
            DEPLOY_FAILED);

    private LiveStackRules() {}

    /** Findings whose fix is a change to Dokploy's domain settings rather than to the env. */
    public static boolean needsDokploySettings(Finding finding) {
        return List.of(KONG_DOMAIN_MISSING.id(), DOMAIN_WITHOUT_HTTPS.id(), DOMAIN_WITHOUT_CERTIFICATE.id())
                .contains(finding.ruleId());
    }

    /**
     * The public endpoint the env rules should judge the URLs against: the kong domain's. When the env says https
     * but the domain is http, only the host is compared (scheme null): the env states the intent, and the domain is
     * what must change ({@link #DOMAIN_WITHOUT_HTTPS}), so the env must not be "fixed" down to http.
     */
    public static Optional<PublicEndpoint> reference(AuditedEnv env, LiveStack.KongDomain domain, String path) {
        if (domain == null) {
            return Optional.empty();
        }
        String cleanPath = path == null || path.equals("/") ? "" : path.replaceAll("/+$", "");
        boolean envWantsHttps = !httpsUrls(env).isEmpty();
        String scheme = domain.https() ? "https" : envWantsHttps ? null : "http";
        return Optional.of(new PublicEndpoint(scheme, domain.host().toLowerCase(java.util.Locale.ROOT), -1, cleanPath));
    }

    /**
     * @param envFindings what the env rules found: a probe refusing keys that the env rules already condemn says
     *                    nothing new, so the "not deployed" finding needs sound keys
     */
    public static List<Finding> check(AuditedEnv env, LiveStack live, List<Finding> envFindings) {
        List<Finding> findings = new ArrayList<>();
        domain(env, live, findings);
        containers(env, live, findings);
        if (live.failedDeploy() != null) {
            findings.add(
                    DEPLOY_FAILED.finding(
                            List.of(),
                            "The last deploy failed" + (live.failedDeploy().isEmpty() ? "" : ": " + live.failedDeploy())
                                    + ". The containers are those of the deploy before, so the saved env "
                                    + "may not be in force",
                            live.failedDeploy().isEmpty() ? "deployment status error" : live.failedDeploy(),
                            Fix.manual(
                                    "Read the deployment log in Dokploy (the compose → Deployments), fix the cause, then redeploy")));
        }
        probe(env, live, envFindings, findings);
        findings.sort(Finding.ORDER);
        return findings;
    }

    private static void domain(AuditedEnv env, LiveStack live, List<Finding> findings) {
        LiveStack.KongDomain domain = live.kongDomain();
        if (domain == null) {
            // the gateway the compose file runs: kong, or Envoy's api-gw (Supabase v0.8.0); kong:8000 without a file
            String gateway =
                    env.shape().flatMap(s -> s.gateway()).map(g -> g.name()).orElse("kong");
            int port = env.shape().map(s -> s.gatewayPort().orElse(8000)).orElse(8000);
            findings.add(KONG_DOMAIN_MISSING.finding(
                    List.of(),
                    "The compose has no domain routed to service " + gateway + ", port "
                            + port
                            + ": nothing serves the Supabase API publicly, so applications, e-mail links and OAuth "
                            + "callbacks reach nothing",
                    live.domainCount() == 0 ? "no domains" : live.domainCount() + " domain(s), none for " + gateway,
                    Fix.manual("In Dokploy: the compose → Domains → Add Domain with service " + gateway + ", port "
                            + port + ", your host, HTTPS on with Let's Encrypt; then redeploy")));
            return;
        }
        List<String> https = httpsUrls(env);
        if (!domain.https() && !https.isEmpty()) {
            findings.add(DOMAIN_WITHOUT_HTTPS.finding(
                    https,
                    String.join(" and ", https) + " use https, but the kong domain "
                            + domain.host()
                            + " has HTTPS off: Traefik serves it on http only, so every https link the stack hands "
                            + "out (e-mail confirmations, OAuth callbacks, Storage URLs) leads nowhere",
                    "domain " + domain.host() + ": https false, certificate " + domain.certificateType(),
                    Fix.manual("In Dokploy: the compose → Domains → edit " + domain.host()
                            + ": HTTPS on, certificate Let's Encrypt "
                            + "(its DNS must point at the server), then redeploy. To serve plain http instead, SET "
                            + String.join(" and ", https) + " to http://" + domain.host())));
        }
        if (domain.selfSigned()) {
            findings.add(DOMAIN_WITHOUT_CERTIFICATE.finding(
                    List.of(),
                    "The kong domain " + domain.host() + " has HTTPS on "
                            + "with certificate type none: Traefik answers with its self-signed default certificate, which browsers, "
                            + "supabase-js and mobile clients refuse",
                    "domain " + domain.host() + ": https true, certificate " + domain.certificateType(),
                    Fix.manual("In Dokploy: the compose → Domains → edit " + domain.host()
                            + ": certificate Let's Encrypt (or a " + "custom certificate)")));
        }
    }

    private static void containers(AuditedEnv env, LiveStack live, List<Finding> findings) {
        if (!live.anyContainer() && live.reportedDeployed()) {
            // docker.ts getContainersByAppNameMatch answers [] on any Docker error: an empty list proves nothing
            findings.add(NOT_RUNNING.finding(
                    List.of(),
                    "Dokploy reports the stack deployed but lists no containers: Docker "
                            + "on the server may be unreachable (Dokploy then answers an empty list), or the containers were "
                            + "removed outside Dokploy",
                    "last deploy done, no containers listed",
                    Fix.manual(
                            "Check Docker on the stack's server (Dokploy → Servers, or docker ps there); if the containers "
                                    + "are gone, redeploy the compose in Dokploy")));
            return;
        }
        if (!live.anyContainer()) {
            findings.add(NOT_RUNNING.finding(
                    List.of(),
                    "The compose has no containers: it was never deployed, or it was stopped",
                    "no containers",
                    Fix.manual("Deploy the compose in Dokploy (the compose → Deploy)")));
            return;
        }
        for (LiveStack.Container c : live.troubled()) {
            String logs =
                    "supa-dokploy monitor logs " + env.stackArguments() + " --service " + c.service() + " --tail 200";
            String evidence = c.service() + ": " + c.status();
            switch (c.state()) {
                case "restarting" ->
                    findings.add(SERVICE_RESTARTING.finding(
                            List.of(),
                            c.service() + " is restarting in a loop. "
                                    + "A JWT or password error in its log usually means the env changed without a redeploy",
                            evidence,
                            new Fix(Remedy.manual, "Read why it crashes, fix the cause, then redeploy", logs)));
                case "exited", "dead" ->
                    findings.add(SERVICE_EXITED.finding(
                            List.of(),
                            c.service() + " is not running (" + c.state() + ")",
                            evidence,
                            new Fix(Remedy.manual, "Read its last lines, then redeploy the compose", logs)));
                default -> {
                    if ("unhealthy".equals(c.health())) {
                        findings.add(SERVICE_UNHEALTHY.finding(
                                List.of(),
                                c.service() + " runs but its health check fails",
                                evidence,
                                new Fix(Remedy.manual, "Read its log for the failing check", logs)));
                    }
                }
            }
        }
    }

    private static void probe(AuditedEnv env, LiveStack live, List<Finding> envFindings, List<Finding> findings) {
        LiveStack.Probe probe = live.probe();
        if (probe == null || probe.passed()) {
            return;
        }
        boolean keysCondemned = envFindings.stream()
                .anyMatch(f -> f.severity() == Severity.error
                        && f.variables().stream().anyMatch(AuditedEnv.API_KEYS::contains));
        if (keysCondemned) {
            return; // the env's own key findings say why they are refused
        }
        if (!probe.refused().isEmpty()) {
            findings.add(NOT_DEPLOYED.finding(
                    AuditedEnv.API_KEYS,
                    "The running stack refuses the saved keys ("
                            + String.join("; ", probe.refused())
                            + ") although they are sound and its containers are healthy: the "
                            + "env saved in Dokploy differs from the one deployed. Saved but not deployed: redeploy",
                    "probe of " + probe.url() + ": " + String.join("; ", probe.refused()),
                    new Fix(
                            Remedy.redeploy,
                            "Redeploy the compose so the containers read the saved env (a restart is not "
                                    + "enough); applications keep working only if they already use the saved keys",
                            env.fixCommand())));
        } else if (probe.failure() != null) {
            findings.add(
                    ENDPOINT_UNREACHABLE.finding(
                            List.of(),
                            "The kong domain did not answer as Supabase from here, although " + "the containers run: "
                                    + probe.failure(),
                            "probe of " + probe.url() + ": " + probe.failure(),
                            Fix.manual(
                                    "Check that the domain's DNS points at the Dokploy server and that Traefik routes it (Dokploy: the "
                                            + "compose → Domains); a check run from inside a private network may not reach it")));
        }
    }

    /** API_EXTERNAL_URL / SUPABASE_PUBLIC_URL that are https URLs. */
    private static List<String> httpsUrls(AuditedEnv env) {
        return PublicUrlRule.PUBLIC_URLS.stream()
                .filter(v -> PublicEndpoint.parseUrl(env.text(v))
                        .map(u -> "https".equals(u.scheme()))
                        .orElse(false))
                .toList();
    }
}
