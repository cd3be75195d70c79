package dev.supadokploy.testing.dokploy;

import dev.supadokploy.config.Secret;
import dev.supadokploy.dokploy.Compose;
import dev.supadokploy.dokploy.CreatedProject;
import dev.supadokploy.dokploy.DokployApi;
import dev.supadokploy.dokploy.DokployClient;
import dev.supadokploy.dokploy.DokployEndpoint;
import dev.supadokploy.dokploy.ServiceParent;
import java.time.Duration;

/**
 * A Supabase stack deployed on a {@link DokploySimulator} through the real client, the way {@code deploy setup}
 * would leave it: project, compose from the template, one deploy, waited for.
 */
public record DeployedStack(String composeId, String appName) {

    public static DokployApi api(DokploySimulator sim) {
        return new DokployApi(new DokployClient(
                DokployEndpoint.of(sim.url(), Secret.of(sim.apiKey())), DokployClient.Options.DEFAULT));
    }

    /** Creates the compose and deploys it once; returns when the deploy has finished (done or error). */
    public static DeployedStack deploy(DokploySimulator sim, String projectName) {
        DokployApi api = api(sim);
        CreatedProject created = api.createProject(projectName, "monitor test");
        ServiceParent parent = ServiceParent.environment(
                created.project().projectId(), created.environment().environmentId());
        String composeId = api.deployTemplate(parent, "supabase", null)
                .map(Compose::composeId)
                .orElseGet(() -> sim.composes().get(sim.composes().size() - 1).composeId());
        Compose compose = api.compose(composeId);
        DeployedStack stack = new DeployedStack(composeId, compose.appName());
        stack.redeploy(sim);
        return stack;
    }

    /** Deploys again (knobs such as unhealthyService apply from the next deploy) and waits for it to finish. */
    public void redeploy(DokploySimulator sim) {
        DokployApi api = api(sim);
        int before = api.deployments(composeId).size();
        api.deploy(composeId, "deploy " + (before + 1));
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            var deployments = api.deployments(composeId);
            if (deployments.size() > before && deployments.get(0).finished()) {
                return;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("the simulator's deploy of " + composeId + " did not finish in 10 s");
    }
}
