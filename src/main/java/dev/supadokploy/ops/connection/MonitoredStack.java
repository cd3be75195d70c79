package dev.supadokploy.ops.connection;

import dev.supadokploy.config.InstanceConfig;
import dev.supadokploy.dokploy.Compose;
import dev.supadokploy.dokploy.Container;
import dev.supadokploy.dokploy.DokployApi;
import dev.supadokploy.errors.ErrorCode;
import dev.supadokploy.errors.SupaException;
import dev.supadokploy.ops.OperationContext;
import dev.supadokploy.supabase.StackShape;
import dev.supadokploy.supabase.SupabaseServices;
import java.util.List;
import java.util.Optional;

/**
 * The Supabase compose a monitor operation looks at, named either by its composeId ({@code applicationId}) or by a
 * config instance whose {@code dokploy_compose_id} holds it, its containers, and its shape as its compose file
 * declares it (empty when the file is absent or unreadable: then the template's services are assumed).
 */
public record MonitoredStack(Compose compose, List<Container> containers, Optional<StackShape> shape) {

    public MonitoredStack(Compose compose, List<Container> containers) {
        this(compose, containers, StackShape.read(compose.composeFile()));
    }

    public static String composeId(String applicationId, String instance, OperationContext ctx) {
        boolean byId = applicationId != null && !applicationId.isBlank();
        boolean byInstance = instance != null && !instance.isBlank();
        if (byId && byInstance) {
            throw SupaException.invalidInput(
                    "Give either applicationId or instance, not both",
                    "Pass --compose-id COMPOSE_ID, or --instance NAME to use its dokploy_compose_id.");
        }
        if (byId) {
            return applicationId.strip();
        }
        if (!byInstance) {
            throw new SupaException(
                    ErrorCode.VALIDATION_MISSING_INPUT,
                    "No Supabase stack named",
                    "Pass --compose-id COMPOSE_ID (Dokploy's composeId of the Supabase compose; MCP: applicationId), "
                            + "or --instance NAME for an instance in config.toml with dokploy_compose_id.");
        }
        InstanceConfig config = ctx.config().instance(instance.strip());
        if (config.dokployComposeId() == null || config.dokployComposeId().isBlank()) {
            throw new SupaException(
                    ErrorCode.CONFIGURATION_INVALID,
                    "Instance '" + config.name() + "' has no dokploy_compose_id",
                    "Add dokploy_compose_id = \"…\" to [instances." + config.name()
                            + "] in config.toml, or pass --compose-id.");
        }
        return config.dokployComposeId();
    }

    /**
     * Reads the compose (DOKPLOY_NOT_FOUND when the id is unknown) and the containers that belong to it, on the
     * server the compose runs on.
     */
    public static MonitoredStack read(DokployApi api, String composeId) {
        Compose compose = api.compose(composeId);
        // Dokploy filters on the compose project label (docker.ts getContainersByAppNameMatch, appType docker-compose);
        // keep only <appName>-<service>-N all the same, should an older server match names by substring.
        List<Container> containers = api.containers(compose.appName(), compose.serverId()).stream()
                .filter(c -> c.service(compose.appName()) != null)
                .toList();
        return new MonitoredStack(compose, containers);
    }

    /** The services the stack should have: the compose file's, or the template's when the file cannot be read. */
    public List<String> expectedServices() {
        return shape.map(StackShape::serviceNames).orElse(SupabaseServices.EXPECTED);
    }

    /** Without these nothing answers: db and the gateway. */
    public List<String> vitalServices() {
        return shape.map(StackShape::vitalServices)
                .filter(v -> !v.isEmpty())
                .orElse(List.copyOf(SupabaseServices.VITAL));
    }

    /** db, the gateway, auth and rest, those the stack has. */
    public List<String> essentialServices() {
        return shape.map(StackShape::essentialServices)
                .filter(v -> !v.isEmpty())
                .orElse(List.copyOf(SupabaseServices.ESSENTIAL));
    }

    /**
     * Whether Docker health-checks the service: from the compose file; without one, a health state in the status
     * is all there is to go by.
     */
    public Optional<Boolean> healthChecked(String service) {
        return shape.map(s -> s.healthChecked(service));
    }

    public String serviceOf(Container container) {
        return container.service(compose.appName());
    }
}
