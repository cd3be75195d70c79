package dev.supadokploy.ops.monitor;

import dev.supadokploy.config.InstanceConfig;
import dev.supadokploy.dokploy.Compose;
import dev.supadokploy.dokploy.Container;
import dev.supadokploy.dokploy.DokployApi;
import dev.supadokploy.errors.ErrorCode;
import dev.supadokploy.errors.SupaException;
import dev.supadokploy.ops.OperationContext;
import java.util.List;

/**
 * The Supabase compose a monitor operation looks at, named either by its composeId ({@code applicationId}) or by a
 * config instance whose {@code dokploy_compose_id} holds it, and its containers.
 */
public record MonitoredStack(Compose compose, List<Container> containers) {

    public static String composeId(String applicationId, String instance, OperationContext ctx) {
        boolean byId = applicationId != null && !applicationId.isBlank();
        boolean byInstance = instance != null && !instance.isBlank();
        if (byId && byInstance) {
            throw SupaException.invalidInput("Give either applicationId or instance, not both",
                    "Pass --application-id COMPOSE_ID, or --instance NAME to use its dokploy_compose_id.");
        }
        if (byId) {
            return applicationId.strip();
        }
        if (!byInstance) {
            throw new SupaException(ErrorCode.VALIDATION_MISSING_INPUT, "No Supabase stack named",
                    "Pass --application-id COMPOSE_ID (Dokploy's composeId of the Supabase compose; MCP: applicationId), "
                            + "or --instance NAME for an instance in config.toml with dokploy_compose_id.");
        }
        InstanceConfig config = ctx.config().instance(instance.strip());
        if (config.dokployComposeId() == null || config.dokployComposeId().isBlank()) {
            throw new SupaException(ErrorCode.CONFIGURATION_INVALID,
                    "Instance '" + config.name() + "' has no dokploy_compose_id",
                    "Add dokploy_compose_id = \"…\" to [instances." + config.name() + "] in config.toml, or pass --application-id.");
        }
        return config.dokployComposeId();
    }

    /** Reads the compose (DOKPLOY_NOT_FOUND when the id is unknown) and the containers that belong to it. */
    public static MonitoredStack read(DokployApi api, String composeId) {
        Compose compose = api.compose(composeId);
        // Dokploy matches names by substring: keep only <appName>-<service>-N, not another compose's containers.
        List<Container> containers = api.containers(compose.appName()).stream()
                .filter(c -> c.service(compose.appName()) != null)
                .toList();
        return new MonitoredStack(compose, containers);
    }

    public String serviceOf(Container container) {
        return container.service(compose.appName());
    }
}
