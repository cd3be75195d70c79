package dev.supadokploy.dokploy;

import dev.supadokploy.config.Config;
import dev.supadokploy.config.DokployServerConfig;
import dev.supadokploy.config.Secret;
import dev.supadokploy.config.SecretResolver;
import dev.supadokploy.errors.ErrorCode;
import dev.supadokploy.errors.SupaException;
import java.util.Map;
import java.util.Objects;

/**
 * Which Dokploy server to talk to and with which key. Precedence, highest first: the operation's input (a flag
 * or an MCP argument), the environment ({@code DOKPLOY_URL}, {@code DOKPLOY_API_KEY}, as Dokploy's own tools
 * read them), then the config file's {@code [dokploy]} table.
 *
 * @param source where the URL came from ("input", "DOKPLOY_URL", "config"), for messages
 */
public record DokployEndpoint(String url, Secret apiKey, String source) {
    public static final String URL_VARIABLE = "DOKPLOY_URL";
    public static final String KEY_VARIABLE = "DOKPLOY_API_KEY";

    public DokployEndpoint {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(apiKey, "apiKey");
    }

    public static DokployEndpoint of(String url, Secret apiKey) {
        return new DokployEndpoint(url, apiKey, "input");
    }

    /**
     * @param urlInput     the URL given to the operation, or null
     * @param keyReference the key given to the operation as a reference ({@code env:NAME}, {@code file:PATH},
     *                     {@code -}) or null; a literal is accepted too (MCP clients pass it that way)
     */
    public static DokployEndpoint resolve(
            String urlInput, String keyReference, Map<String, String> env, Config config, SecretResolver secrets) {
        DokployServerConfig fromConfig = config == null ? null : config.dokploy();
        String url;
        String source;
        if (present(urlInput)) {
            url = urlInput;
            source = "input";
        } else if (present(env.get(URL_VARIABLE))) {
            url = env.get(URL_VARIABLE);
            source = URL_VARIABLE;
        } else if (fromConfig != null && present(fromConfig.url())) {
            url = fromConfig.url();
            source = "config";
        } else {
            throw new SupaException(
                    ErrorCode.CONFIGURATION_NOT_FOUND,
                    "No Dokploy URL given",
                    "Pass --dokploy-url https://dokploy.example.com, export " + URL_VARIABLE
                            + ", or set url in the [dokploy] table of the config file.");
        }
        DokployClient.apiBase(url); // fail early on a malformed URL, before a secret is read

        Secret key;
        if (present(keyReference)) {
            key = secrets.resolve(keyReference, "the Dokploy API key");
        } else if (present(env.get(KEY_VARIABLE))) {
            key = Secret.of(env.get(KEY_VARIABLE).strip()); // `export K="$(cat file)"` may carry a line break
        } else if (fromConfig != null && present(fromConfig.apiKey())) {
            key = secrets.resolve(fromConfig.apiKey(), "[dokploy] api_key");
        } else {
            throw new SupaException(
                    ErrorCode.CONFIGURATION_NOT_FOUND,
                    "No Dokploy API key given for " + url,
                    "Create one in the Dokploy dashboard under Settings → Profile → API/CLI, then export "
                            + KEY_VARIABLE + " or set api_key = \"env:NAME\" or \"file:PATH\" in the [dokploy] table "
                            + "of the config file (never on the command line).");
        }
        if (key.isEmpty()) {
            throw new SupaException(
                    ErrorCode.CONFIGURATION_SECRET_UNRESOLVED,
                    "The Dokploy API key is empty",
                    "Check the variable or file that holds it.");
        }
        return new DokployEndpoint(url.strip(), key, source);
    }

    private static boolean present(String s) {
        return s != null && !s.isBlank();
    }
}
