package dev.supadokploy.ops.connection;

import dev.supadokploy.dokploy.DokployApi;
import dev.supadokploy.dokploy.DokployClient;
import dev.supadokploy.dokploy.DokployEndpoint;
import dev.supadokploy.errors.ErrorCode;
import dev.supadokploy.errors.SupaException;
import dev.supadokploy.ops.OperationContext;
import dev.supadokploy.util.HttpRouting;
import java.util.Map;

/** Turns a {@link DokployInput} into a client, under the caller's policy for credentials. */
public final class DokployConnector {
    private DokployConnector() {}

    public static DokployApi open(DokployInput in, OperationContext ctx) {
        DokployInput input = in == null ? DokployInput.fromEnvironment() : in;
        boolean callerNamedServer =
                input.dokployApiUrl() != null && !input.dokployApiUrl().isBlank();
        boolean keyGiven =
                input.dokployApiKey() != null && !input.dokployApiKey().isBlank();
        Map<String, String> env = ctx.env();
        if (callerNamedServer && !keyGiven && !ctx.policy().ambientCredentials()) {
            // An agent naming a server must not receive the server's own key: it could point us at a host it owns.
            throw new SupaException(
                    ErrorCode.CONFIGURATION_NOT_FOUND,
                    "No Dokploy API key for " + input.dokployApiUrl()
                            + ": the server's own key is used only for its own Dokploy",
                    "Leave dokployApiUrl out to use the server's configured Dokploy, or pass dokployApiKey for that server.");
        }
        DokployEndpoint endpoint =
                DokployEndpoint.resolve(input.dokployApiUrl(), input.dokployApiKey(), env, ctx.config(), ctx.secrets());
        return new DokployApi(
                new DokployClient(endpoint, DokployClient.Options.DEFAULT.withRouting(HttpRouting.fromEnv(env))));
    }
}
