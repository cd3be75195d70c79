package dev.supadokploy.testing.dokploy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.supadokploy.config.Secret;
import dev.supadokploy.dokploy.Compose;
import dev.supadokploy.dokploy.CreatedProject;
import dev.supadokploy.dokploy.DokployApi;
import dev.supadokploy.dokploy.DokployClient;
import dev.supadokploy.dokploy.DokployEndpoint;
import dev.supadokploy.dokploy.Domain;
import dev.supadokploy.dokploy.DomainSpec;
import dev.supadokploy.dokploy.ServiceParent;
import java.util.List;
import java.util.Map;

/**
 * A Dokploy server with more than one Supabase stack, built through the real client: project {@code acme} with a
 * stack in {@code production} (kong domain switched to HTTPS with Let's Encrypt) and one in {@code staging} (the
 * template's plain-HTTP domain), and project {@code shop} whose {@code production} runs a web app that uses
 * Supabase (its env holds an ANON_KEY, not the server's secrets), which a listing of stacks must leave out.
 */
public record SupabaseFleet(
        String productionId,
        String productionUrl,
        String stagingId,
        String stagingUrl,
        String webAppId,
        List<String> secretValues) {

    public static SupabaseFleet create(DokploySimulator sim) {
        DokployApi api = new DokployApi(new DokployClient(
                DokployEndpoint.of(sim.url(), Secret.of(sim.apiKey())), DokployClient.Options.DEFAULT));
        CreatedProject acme = api.createProject("acme", "two stacks");
        String projectId = acme.project().projectId();
        String production = template(
                api,
                sim,
                ServiceParent.environment(projectId, acme.environment().environmentId()));
        JsonNode staging = api.client()
                .mutate("environment.create", Map.of("name", "staging", "projectId", projectId), JsonNode.class);
        String stagingId = template(
                api,
                sim,
                ServiceParent.environment(
                        projectId, staging.get("environmentId").asText()));

        Domain kong = api.domains(production).get(0);
        api.updateDomain(kong.domainId(), DomainSpec.kong(production, kong.host(), true));
        String stagingHost = api.domains(stagingId).get(0).host();

        CreatedProject shop = api.createProject("shop", "not Supabase");
        // the tool itself never creates a compose from scratch (it deploys Dokploy's template); a test does, as a user
        // would
        Compose web = api.client()
                .mutate(
                        "compose.create",
                        Map.of(
                                "environmentId",
                                shop.environment().environmentId(),
                                "name",
                                "storefront",
                                "appName",
                                "shop-storefront",
                                "composeType",
                                "docker-compose",
                                "composeFile",
                                "services:\n  web:\n    image: nginx:1.27\n"),
                        Compose.class);
        api.saveEnvironment(web.composeId(), "NEXT_PUBLIC_SUPABASE_URL=https://acme.example.com\nANON_KEY=eyJpublic\n");

        List<String> secrets = sim.composes().stream()
                .filter(c -> c.composeId().equals(production) || c.composeId().equals(stagingId))
                .flatMap(c -> dev.supadokploy.util.DotEnv.parse(c.env()).entries().stream())
                .filter(e -> List.of(
                                "JWT_SECRET", "POSTGRES_PASSWORD", "SERVICE_ROLE_KEY", "ANON_KEY", "DASHBOARD_PASSWORD")
                        .contains(e.key()))
                .map(dev.supadokploy.util.DotEnv.Entry::value)
                .toList();
        return new SupabaseFleet(
                production, "https://" + kong.host(), stagingId, "http://" + stagingHost, web.composeId(), secrets);
    }

    private static String template(DokployApi api, DokploySimulator sim, ServiceParent parent) {
        return api.deployTemplate(parent, "supabase", null)
                .map(Compose::composeId)
                .orElseGet(() -> sim.composes().get(sim.composes().size() - 1).composeId());
    }
}
