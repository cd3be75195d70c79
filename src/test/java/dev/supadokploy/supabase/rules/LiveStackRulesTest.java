package dev.supadokploy.supabase.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.supadokploy.testing.EnvFixtures;
import dev.supadokploy.util.DotEnv;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rules only a live deployment shows, each from one change to an otherwise correct stack on Dokploy. */
class LiveStackRulesTest {
    private static final String HOST = "supabase.example.com";
    private static final LiveStack.KongDomain LETSENCRYPT = new LiveStack.KongDomain(HOST, true, "letsencrypt");
    private static final LiveStack.Probe PASSED = new LiveStack.Probe("https://" + HOST + "/", true, List.of(), null);

    private static LiveStack live(
            LiveStack.KongDomain domain,
            List<LiveStack.Container> troubled,
            String failedDeploy,
            LiveStack.Probe probe) {
        return new LiveStack(domain, 1, true, troubled, failedDeploy, probe);
    }

    private static List<Finding> findings(String envText, LiveStack live) {
        DotEnv env = DotEnv.parse(envText);
        AuditedEnv plain = AuditedEnv.ofDokployCompose(env, null, EnvUnderTest.NOW, "--compose-id abc");
        PublicEndpoint reference =
                LiveStackRules.reference(plain, live.kongDomain(), "/").orElse(null);
        return Rules.evaluate(AuditedEnv.ofDokployCompose(env, reference, EnvUnderTest.NOW, "--compose-id abc"), live);
    }

    private static List<String> labels(List<Finding> findings) {
        return findings.stream().map(f -> f.severity() + " " + f.label()).toList();
    }

    private static String healthy() {
        return EnvFixtures.read(EnvFixtures.HEALTHY);
    }

    @Test
    void aCorrectStackHasNoFindings() {
        assertEquals(List.of(), labels(findings(healthy(), live(LETSENCRYPT, List.of(), null, PASSED))));
    }

    @Test
    void noKongDomain() {
        List<Finding> f = findings(healthy(), live(null, List.of(), null, null));
        assertEquals(List.of("error urls.kong-domain-missing"), labels(f));
        assertTrue(
                f.get(0).fix().action().contains("service kong, port 8000"),
                f.get(0).fix()::action);
        assertTrue(LiveStackRules.needsDokploySettings(f.get(0)));

        // an Envoy stack (Supabase v0.8.0) is served by api-gw: the fix names the gateway its compose file runs
        DotEnv env = DotEnv.parse(healthy());
        AuditedEnv envoy = AuditedEnv.ofDokployCompose(env, null, EnvUnderTest.NOW, "--compose-id abc")
                .withShape(dev.supadokploy.supabase.StackShape.read(
                                dev.supadokploy.testing.dokploy.SupabaseTemplates.compose(
                                        dev.supadokploy.testing.dokploy.SupabaseTemplates.Variant.ENVOY))
                        .orElseThrow());
        Finding missing = Rules.evaluate(envoy, live(null, List.of(), null, null)).stream()
                .filter(x -> x.ruleId().equals("urls.kong-domain-missing"))
                .findFirst()
                .orElseThrow();
        assertTrue(missing.fix().action().contains("service api-gw, port 8000"), missing.fix()::action);
    }

    @Test
    void httpsUrlsOnADomainWithoutHttpsAskForTheDomainNotForHttpUrls() {
        List<Finding> f =
                findings(healthy(), live(new LiveStack.KongDomain(HOST, false, "none"), List.of(), null, PASSED));
        // the env states the intent (https): no urls.scheme-mismatch that would "fix" the URLs down to http
        assertEquals(List.of("error urls.domain-without-https API_EXTERNAL_URL,SUPABASE_PUBLIC_URL"), labels(f));
        assertEquals(Remedy.manual, f.get(0).fix().remedy());
        assertTrue(
                f.get(0).fix().action().contains("HTTPS on, certificate Let's Encrypt"),
                f.get(0).fix()::action);
    }

    @Test
    void httpUrlsOnAnHttpsDomainAreFixedInTheEnv() {
        String env = DotEnv.parse(healthy())
                .set("API_EXTERNAL_URL", "http://" + HOST)
                .write();
        List<Finding> f = findings(env, live(LETSENCRYPT, List.of(), null, PASSED));
        assertEquals(List.of("error urls.scheme-mismatch API_EXTERNAL_URL"), labels(f));
        assertEquals("SET API_EXTERNAL_URL=https://" + HOST, f.get(0).fix().action());
        assertTrue(
                f.get(0).fix().command().endsWith("validate config --compose-id abc --fix"),
                f.get(0).fix()::command);
    }

    @Test
    void httpsWithoutCertificate() {
        List<Finding> f =
                findings(healthy(), live(new LiveStack.KongDomain(HOST, true, "none"), List.of(), null, null));
        assertEquals(List.of("error urls.domain-without-certificate"), labels(f));
        assertTrue(f.get(0).message().contains("self-signed"), f.get(0)::message);
    }

    @Test
    void urlsOfAnotherHostThanTheDomain() {
        List<Finding> f = findings(
                healthy(),
                live(new LiveStack.KongDomain("api.acme.dev", true, "letsencrypt"), List.of(), null, PASSED));
        assertTrue(labels(f).contains("error urls.public-url-mismatch API_EXTERNAL_URL"), labels(f)::toString);
        assertEquals("SET API_EXTERNAL_URL=https://api.acme.dev", f.get(0).fix().action());
    }

    @Test
    void troubledContainers() {
        List<Finding> f = findings(
                healthy(),
                live(
                        LETSENCRYPT,
                        List.of(
                                new LiveStack.Container("auth", "restarting", "none", "Restarting (1) 5 seconds ago"),
                                new LiveStack.Container("storage", "exited", "none", "Exited (1) 2 minutes ago"),
                                new LiveStack.Container("rest", "running", "unhealthy", "Up 3 minutes (unhealthy)")),
                        null,
                        null));
        assertEquals(
                List.of(
                        "error stack.service-exited",
                        "error stack.service-restarting",
                        "error stack.service-unhealthy"),
                labels(f));
        assertTrue(f.get(1).message().startsWith("auth is restarting"), f.get(1)::message);
        assertEquals(
                "supa-dokploy monitor logs --compose-id abc --service auth --tail 200",
                f.get(1).fix().command());
    }

    @Test
    void noContainersAtAll() {
        LiveStack none = new LiveStack(LETSENCRYPT, 1, false, List.of(), null, null);
        assertEquals(List.of("error stack.not-running"), labels(findings(healthy(), none)));
    }

    @Test
    void failedDeploy() {
        List<Finding> f = findings(
                healthy(), live(LETSENCRYPT, List.of(), "service \"db\" didn't complete successfully: exit 1", PASSED));
        assertEquals(List.of("error stack.deploy-failed"), labels(f));
        assertTrue(f.get(0).message().contains("didn't complete"), f.get(0)::message);
    }

    @Test
    void soundKeysRefusedMeanSavedButNotDeployed() {
        LiveStack.Probe refused = new LiveStack.Probe(
                "https://" + HOST + "/", false, List.of("auth health: 401", "REST API with the anon key: 401"), null);
        List<Finding> f = findings(healthy(), live(LETSENCRYPT, List.of(), null, refused));
        assertEquals(List.of("error keys.saved-not-deployed ANON_KEY,SERVICE_ROLE_KEY"), labels(f));
        assertEquals(Remedy.redeploy, f.get(0).fix().remedy());
        assertTrue(f.get(0).message().contains("Saved but not deployed: redeploy"), f.get(0)::message);
    }

    @Test
    void brokenKeysRefusedAreTheEnvFindingsOnly() {
        String env = EnvFixtures.read(EnvFixtures.DOKPLOY_V0_25_5);
        LiveStack.Probe refused = new LiveStack.Probe(
                "https://" + HOST + "/", false, List.of("auth admin with the service-role key: 403"), null);
        List<String> labels = labels(findings(env, live(LETSENCRYPT, List.of(), null, refused)));
        assertTrue(labels.contains("error keys.anon-equals-service ANON_KEY,SERVICE_ROLE_KEY"), labels::toString);
        assertTrue(labels.stream().noneMatch(l -> l.contains("saved-not-deployed")), labels::toString);
    }

    @Test
    void anUnansweringEndpointIsAWarning() {
        LiveStack.Probe unreachable =
                new LiveStack.Probe("https://" + HOST + "/", false, List.of(), "auth health: unreachable");
        List<Finding> f = findings(healthy(), live(LETSENCRYPT, List.of(), null, unreachable));
        assertEquals(List.of("warning urls.public-endpoint-unreachable"), labels(f));
        assertNull(f.get(0).fix().command());
    }
}
