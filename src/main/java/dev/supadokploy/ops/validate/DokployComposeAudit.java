package dev.supadokploy.ops.validate;

import dev.supadokploy.config.Secret;
import dev.supadokploy.dokploy.Compose;
import dev.supadokploy.dokploy.Deployment;
import dev.supadokploy.dokploy.DokployApi;
import dev.supadokploy.dokploy.DokployEnv;
import dev.supadokploy.dokploy.Domain;
import dev.supadokploy.dokploy.EncryptedEnv;
import dev.supadokploy.ops.Doc;
import dev.supadokploy.ops.OperationContext;
import dev.supadokploy.ops.connection.MonitoredStack;
import dev.supadokploy.ops.monitor.MonitorHealthOperation;
import dev.supadokploy.supabase.SupabaseProbe;
import dev.supadokploy.supabase.rules.AuditedEnv;
import dev.supadokploy.supabase.rules.Finding;
import dev.supadokploy.supabase.rules.LiveStack;
import dev.supadokploy.supabase.rules.LiveStackRules;
import dev.supadokploy.supabase.rules.PublicEndpoint;
import dev.supadokploy.supabase.rules.Rules;
import dev.supadokploy.supabase.rules.SupabaseStackRecognizer;
import dev.supadokploy.util.DotEnv;
import dev.supadokploy.util.HttpRouting;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One look at a Supabase compose on Dokploy for {@code validate config --compose-id}: its saved env (the
 * env rules, judged against the kong domain rather than a URL the user typed), its domains, containers and last
 * deploy ({@link MonitorHealthOperation#assess}), and — when the stack can answer — a probe of the public surface with
 * the saved keys, which is how a saved-but-not-deployed env shows: the running stack refuses sound keys.
 */
public final class DokployComposeAudit {
    /** Short: a healthy stack answers at once; only a gateway that is still settling is waited for. */
    static final Duration PROBE_PATIENCE = Duration.ofSeconds(5);

    private static final String REFUSES_ANON = "auth admin refuses the anon key";

    public record ProbeCheck(
            @Doc("What was checked, e.g. 'REST API with the anon key'")
            String name,

            @Doc("The URL requested (without query)") String url,

            @Doc("The HTTP status, absent when nothing answered")
            Integer status,

            @Doc("Whether the answer was the expected one") boolean passed,
            @Doc("What was seen (server text: untrusted)") String detail) {}

    public record ProbeReport(
            @Doc("Whether the public endpoint was probed") boolean ran,
            @Doc("The base URL probed: the kong domain's") String url,

            @Doc("Whether every check passed; absent when not probed")
            Boolean passed,

            @Doc("The checks: auth health, REST with the anon key, auth admin with the service-role key, auth admin "
                    + "refusing the anon key, storage status")
            List<ProbeCheck> checks,

            @Doc("Why it was not probed") String skipped) {

        static ProbeReport skipped(String why) {
            return new ProbeReport(false, null, null, List.of(), why);
        }
    }

    /** The compose as read, the env as parsed and audited, and what was found. */
    record Audit(
            Compose compose,
            DotEnv env,
            AuditedEnv audited,
            PublicEndpoint endpoint,
            List<Finding> findings,
            ProbeReport probe) {}

    private DokployComposeAudit() {}

    static Audit run(DokployApi api, String composeId, String stackArguments, boolean probe, OperationContext ctx) {
        MonitoredStack stack = MonitoredStack.read(api, composeId);
        Compose compose = stack.compose();
        EncryptedEnv.requireReadable(compose); // its own error, not "does not look like a Supabase stack"
        List<Domain> domains = compose.domains().isEmpty() ? api.domains(composeId) : compose.domains();
        Deployment last = MonitorHealthOperation.lastDeployment(api, compose);
        MonitorHealthOperation.Result health =
                MonitorHealthOperation.assess(stack, last, MonitorHealthOperation.failureLog(api, last));

        DotEnv env = DotEnv.parse(compose.env() == null ? "" : compose.env());
        // judged as the containers get it: Dokploy's parse, references resolved, '$' by version
        DokployEnv view = DokployEnv.of(compose.env(), api.sharedEnv(composeId), api.version());
        Domain kong = SupabaseStackRecognizer.gatewayDomain(domains, env).orElse(null);
        LiveStack.KongDomain kongDomain = kong == null
                ? null
                : new LiveStack.KongDomain(kong.host(), Boolean.TRUE.equals(kong.https()), kong.certificateType());
        // first pass without a reference, only to know which scheme the env asks for
        AuditedEnv plain = AuditedEnv.ofDokployCompose(env, null, ctx.clock().instant(), stackArguments)
                .withDokployView(view);
        PublicEndpoint endpoint = LiveStackRules.reference(plain, kongDomain, kong == null ? null : kong.path())
                .orElse(null);
        AuditedEnv audited = AuditedEnv.ofDokployCompose(
                        env, endpoint, ctx.clock().instant(), stackArguments)
                .withShape(stack.shape().orElse(null))
                .withDokployView(view);

        ProbeReport probeReport = probe
                ? probe(audited, kong, kongDomain, health, stack.essentialServices(), ctx)
                : ProbeReport.skipped("not asked (--no-probe)");
        boolean reportedDeployed =
                "done".equals(health.composeStatus()) || last != null && "done".equals(last.status());
        LiveStack live = new LiveStack(
                kongDomain,
                domains.size(),
                !health.containers().isEmpty(),
                troubled(health),
                failedDeploy(health),
                liveProbe(probeReport),
                reportedDeployed);
        return new Audit(compose, env, audited, endpoint, Rules.evaluate(audited, live), probeReport);
    }

    private static ProbeReport probe(
            AuditedEnv env,
            Domain kong,
            LiveStack.KongDomain domain,
            MonitorHealthOperation.Result health,
            List<String> essential,
            OperationContext ctx) {
        if (kong == null) {
            return ProbeReport.skipped("the compose has no kong domain");
        }
        if (domain.selfSigned()) {
            return ProbeReport.skipped("the domain has no trusted certificate (certificate type none)");
        }
        if (!env.isSet(AuditedEnv.ANON_KEY) || !env.isSet(AuditedEnv.SERVICE_ROLE_KEY)) {
            return ProbeReport.skipped("the env has no ANON_KEY / SERVICE_ROLE_KEY to probe with");
        }
        if ("running".equals(health.composeStatus())) {
            return ProbeReport.skipped("a deploy is running");
        }
        boolean essentialReady = essential.stream()
                .allMatch(service ->
                        health.containers().stream().anyMatch(c -> c.service().equals(service) && c.ready()));
        if (!essentialReady) {
            return ProbeReport.skipped(String.join(", ", essential) + ": not all running and healthy");
        }
        ctx.progress().report("probing " + kong.url(), 0, -1);
        SupabaseProbe.Report report = new SupabaseProbe(HttpRouting.fromEnv(ctx.env()), ctx.clock())
                .probe(
                        kong.url(),
                        Secret.of(env.text(AuditedEnv.ANON_KEY)),
                        Secret.of(env.text(AuditedEnv.SERVICE_ROLE_KEY)),
                        PROBE_PATIENCE,
                        ctx.cancellation()::isCancelled);
        List<ProbeCheck> checks = report.checks().stream()
                .map(c -> new ProbeCheck(c.name(), c.url(), c.status(), c.passed(), c.detail()))
                .toList();
        return new ProbeReport(true, report.baseUrl(), report.passed(), checks, null);
    }

    /** Refused keys apart from other failures: a refusal of a sound key is what a saved-but-not-deployed env looks like. */
    private static LiveStack.Probe liveProbe(ProbeReport report) {
        if (!report.ran()) {
            return null;
        }
        List<String> refused = new ArrayList<>();
        String failure = null;
        for (ProbeCheck check : report.checks()) {
            if (check.passed()) {
                continue;
            }
            boolean keyRefused = check.status() != null && (check.status() == 401 || check.status() == 403);
            if (keyRefused && !REFUSES_ANON.equals(check.name())) {
                refused.add(check.name() + ": " + check.status());
            } else if (failure == null) {
                failure = check.name() + ": " + check.detail();
            }
        }
        return new LiveStack.Probe(report.url(), Boolean.TRUE.equals(report.passed()), refused, failure);
    }

    private static List<LiveStack.Container> troubled(MonitorHealthOperation.Result health) {
        return health.containers().stream()
                .filter(c -> !c.ready() && !"starting".equals(c.health()))
                .map(c -> new LiveStack.Container(c.service(), c.state(), c.health(), c.status()))
                .toList();
    }

    private static String failedDeploy(MonitorHealthOperation.Result health) {
        MonitorHealthOperation.LastDeployment last = health.lastDeployment();
        boolean failed = "error".equals(health.composeStatus()) || last != null && "error".equals(last.status());
        if (!failed) {
            return null;
        }
        // Docker Compose's cause is usually on the last line, the failed command on the first; Dokploy's errorMessage
        // is null for ordinary failures, whose output is the deployment log's tail
        List<String> lines = last == null
                ? List.of()
                : last.errorMessage() != null
                        ? last.errorMessage()
                                .strip()
                                .lines()
                                .map(String::strip)
                                .filter(l -> !l.isEmpty())
                                .toList()
                        : last.logTail().stream()
                                .map(String::strip)
                                .filter(l -> !l.isEmpty() && !MonitorHealthOperation.dokployTrailer(l))
                                .toList();
        String text = lines.isEmpty()
                ? ""
                : lines.size() == 1 ? lines.get(0) : lines.get(0) + " … " + lines.get(lines.size() - 1);
        return text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }
}
