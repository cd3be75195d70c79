package dev.supadokploy.mcp;

import dev.supadokploy.ops.AgentSqlPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * How the MCP server was started.
 *
 * @param version      reported as serverInfo.version
 * @param configPath   {@code --config}, or null for SUPA_DOKPLOY_CONFIG / the default location
 * @param env          the server's environment: secrets the configuration refers to are read from here
 * @param allowWrites  {@code --allow-writes}: SQL from agents may change data (Policy.allowWrites)
 * @param drainTimeout how long, after stdin closes, requests still running may take to be answered
 * @param agentSql     how execute_sql confines the agent's SQL: privileged logins, timeouts, result byte cap
 */
public record McpServerSettings(
        String version,
        Path configPath,
        Map<String, String> env,
        boolean allowWrites,
        Duration drainTimeout,
        AgentSqlPolicy agentSql) {

    public static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofSeconds(30);

    public McpServerSettings {
        env = Map.copyOf(env);
        agentSql = agentSql == null ? AgentSqlPolicy.DEFAULTS : agentSql;
    }

    /** With the default confinement of agent SQL (privileged logins refused). */
    public McpServerSettings(
            String version, Path configPath, Map<String, String> env, boolean allowWrites, Duration drainTimeout) {
        this(version, configPath, env, allowWrites, drainTimeout, AgentSqlPolicy.DEFAULTS);
    }
}
