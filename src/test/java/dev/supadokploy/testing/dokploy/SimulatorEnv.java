package dev.supadokploy.testing.dokploy;

import dev.supadokploy.testing.CliRunner;
import dev.supadokploy.testing.TestContext;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The environment a CLI run, an MCP server process or an operation gets to work against a {@link DokploySimulator}:
 * the simulator's URL and key (DOKPLOY_URL, DOKPLOY_API_KEY), the edge's routing of public-URL traffic
 * ({@link SupabaseEdge#clientEnv()}), and a home of its own so no developer config leaks in: HOME = {@code home},
 * XDG_CONFIG_HOME = {@code home/config}, XDG_STATE_HOME = {@code home/state}.
 */
public final class SimulatorEnv {
    private SimulatorEnv() {}

    public static Map<String, String> of(DokploySimulator sim, Path home) {
        Map<String, String> env = new HashMap<>(sim.edge().clientEnv());
        env.put("DOKPLOY_URL", sim.url());
        env.put("DOKPLOY_API_KEY", sim.apiKey());
        env.put("HOME", home.toString());
        env.put("XDG_CONFIG_HOME", home.resolve("config").toString());
        env.put("XDG_STATE_HOME", home.resolve("state").toString());
        return env;
    }

    /** The in-process CLI with {@link #of} as its environment. */
    public static CliRunner cli(DokploySimulator sim, Path home) {
        CliRunner cli = new CliRunner();
        of(sim, home).forEach(cli::env);
        return cli;
    }

    /** An operation context with {@link #of} as its environment; policy, progress and the rest as the test needs. */
    public static TestContext context(DokploySimulator sim, Path home) {
        return TestContext.with(of(sim, home));
    }
}
