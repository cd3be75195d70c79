package dev.supadokploy.config;

import dev.supadokploy.errors.ErrorCode;
import dev.supadokploy.errors.SupaException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** The loaded configuration; {@code source} is null when no file exists and defaults are used. */
public record Config(
        Path source,
        DokployServerConfig dokploy,
        Map<String, InstanceConfig> instances,
        Map<String, DestinationConfig> destinations) {

    public Config {
        destinations = destinations == null ? Map.of() : destinations;
    }

    /** Without {@code [destinations.*]}. */
    public Config(Path source, DokployServerConfig dokploy, Map<String, InstanceConfig> instances) {
        this(source, dokploy, instances, Map.of());
    }

    public static Config empty() {
        return new Config(null, new DokployServerConfig(null, null), Map.of());
    }

    public Optional<InstanceConfig> findInstance(String name) {
        return Optional.ofNullable(instances.get(name));
    }

    public InstanceConfig instance(String name) {
        return findInstance(name)
                .orElseThrow(() -> new SupaException(
                        ErrorCode.CONFIGURATION_UNKNOWN_INSTANCE,
                        "No instance named '" + name + "'"
                                + (source == null ? " (no configuration file found)" : " in " + source),
                        instances.isEmpty()
                                ? "Add an [instances." + name
                                        + "] table with database_url to config.toml (see docs/configuration.md)."
                                : "Known instances: " + String.join(", ", instances.keySet()) + "."));
    }
}
