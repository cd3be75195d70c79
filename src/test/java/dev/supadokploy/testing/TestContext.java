package dev.supadokploy.testing;

import dev.supadokploy.config.Config;
import dev.supadokploy.config.SecretResolver;
import dev.supadokploy.ops.Cancellation;
import dev.supadokploy.ops.Interaction;
import dev.supadokploy.ops.OperationContext;
import dev.supadokploy.ops.Policy;
import dev.supadokploy.ops.Progress;
import java.io.InputStream;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/**
 * Builds the {@link OperationContext} an operation test runs with: no terminal, no stdin, no warnings sink, and by
 * default the system UTC clock (or a {@link FakeClock}), an empty config, no progress and the CLI's read-only policy
 * ({@code new Policy(false, false, false, true)}). Tests against the simulator start from
 * {@link dev.supadokploy.testing.dokploy.SimulatorEnv#context}.
 */
public final class TestContext {
    private final Map<String, String> env;
    private Config config = Config.empty();
    private Policy policy = new Policy(false, false, false, true);
    private Progress progress = Progress.NONE;
    private Cancellation cancellation = new Cancellation();
    private Clock clock = Clock.systemUTC();

    private TestContext(Map<String, String> env) {
        this.env = new HashMap<>(env);
    }

    public static TestContext with(Map<String, String> env) {
        return new TestContext(env);
    }

    public TestContext env(String name, String value) {
        env.put(name, value);
        return this;
    }

    public TestContext config(Config config) {
        this.config = config;
        return this;
    }

    public TestContext policy(Policy policy) {
        this.policy = policy;
        return this;
    }

    public TestContext progress(Progress progress) {
        this.progress = progress;
        return this;
    }

    public TestContext cancellation(Cancellation cancellation) {
        this.cancellation = cancellation;
        return this;
    }

    /** The operation's clock; a {@link FakeClock} makes its pauses (rollout polls, retries) take no wall time. */
    public TestContext clock(Clock clock) {
        this.clock = clock;
        return this;
    }

    public OperationContext build() {
        Map<String, String> frozen = Map.copyOf(env);
        return new OperationContext(
                config,
                frozen,
                new SecretResolver(frozen, InputStream::nullInputStream, w -> {}),
                policy,
                Interaction.NONE,
                progress,
                cancellation,
                clock,
                w -> {});
    }
}
