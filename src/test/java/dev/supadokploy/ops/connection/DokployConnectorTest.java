package dev.supadokploy.ops.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.supadokploy.errors.ErrorCode;
import dev.supadokploy.errors.SupaException;
import dev.supadokploy.ops.OperationContext;
import dev.supadokploy.ops.Policy;
import dev.supadokploy.testing.NeedsSimulator;
import dev.supadokploy.testing.TestContext;
import dev.supadokploy.testing.dokploy.DokploySimulator;
import dev.supadokploy.testing.dokploy.Simulated;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The server's own Dokploy key goes only to the server's own Dokploy when an agent is the caller. */
@NeedsSimulator
class DokployConnectorTest {
    @Simulated
    DokploySimulator sim;

    private OperationContext context(Map<String, String> env, boolean ambientCredentials) {
        return TestContext.with(env)
                .policy(new Policy(false, false, false, ambientCredentials))
                .build();
    }

    @Test
    void theEnvironmentsServerAndKeyServeEveryCaller() {
        Map<String, String> env = Map.of("DOKPLOY_URL", sim.url(), "DOKPLOY_API_KEY", sim.apiKey());
        assertTrue(DokployConnector.open(DokployInput.fromEnvironment(), context(env, false))
                .projects()
                .isEmpty());
    }

    @Test
    void anAgentNamingAnotherServerDoesNotGetTheServersKey() {
        Map<String, String> env = Map.of("DOKPLOY_API_KEY", sim.apiKey());
        SupaException e = assertThrows(
                SupaException.class,
                () -> DokployConnector.open(new DokployInput(sim.url(), null), context(env, false)));
        assertEquals(ErrorCode.CONFIGURATION_NOT_FOUND, e.code());
        assertTrue(sim.requests().isEmpty(), "nothing was sent to the named server");
        // An operator at the CLI may point the environment's key at the URL they typed.
        assertTrue(DokployConnector.open(new DokployInput(sim.url(), null), context(env, true))
                .projects()
                .isEmpty());
    }
}
