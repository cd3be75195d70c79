package dev.supadokploy.testing.dokploy;

import dev.supadokploy.dokploy.DokployApi;
import dev.supadokploy.dokploy.Domain;
import dev.supadokploy.dokploy.DomainSpec;
import dev.supadokploy.util.DotEnv;

/**
 * A Supabase stack on the simulator as a careful operator leaves it, so that {@code validate config} finds nothing:
 * the kong domain on HTTPS with Let's Encrypt, a real SMTP server and the application's SITE_URL saved, deployed.
 * The keys are whatever the simulator's template generation made (role-less ones with BUGGY_V0_25_5).
 */
public final class ServedStack {
    private ServedStack() {}

    public static DeployedStack deploy(DokploySimulator sim, String projectName) {
        DokployApi api = DeployedStack.api(sim);
        DeployedStack stack = DeployedStack.deploy(sim, projectName);
        Domain domain = api.domains(stack.composeId()).get(0);
        // the template's gateway domain (kong, or api-gw on the Envoy variant), on HTTPS with Let's Encrypt
        api.updateDomain(
                domain.domainId(),
                DomainSpec.gateway(stack.composeId(), domain.host(), true, domain.serviceName(), 8000));
        DotEnv env = DotEnv.parse(api.compose(stack.composeId()).env())
                .set("SMTP_HOST", "smtp.example.com")
                .set("SMTP_USER", "mailer")
                .set("SMTP_PASS", "k3ZpV9qTx2LmR8wYc4Hn")
                .set("SITE_URL", "https://app.example.com")
                .set("ADDITIONAL_REDIRECT_URLS", "https://app.example.com/**");
        api.saveEnvironment(stack.composeId(), env.write());
        stack.redeploy(sim);
        return stack;
    }
}
