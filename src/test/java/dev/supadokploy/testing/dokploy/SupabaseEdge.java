package dev.supadokploy.testing.dokploy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.supadokploy.testing.Hs256;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedKeyManager;
import okhttp3.tls.HeldCertificate;

/**
 * The public face of the stacks the simulator deploys: Traefik in front of Kong in front of GoTrue, PostgREST and
 * Storage, reduced to the four endpoints the tool probes, judging keys the way those servers do.
 *
 * <ul>
 *   <li>Traefik: routes by Host header to the compose owning that domain. HTTP for {@code https:false} domains,
 *   a redirect to HTTPS for {@code https:true} ones; on HTTPS, a certificate from the simulator's CA only for a
 *   {@code letsencrypt} domain (anything else gets Traefik's self-signed default certificate, which no client
 *   trusts). No route while the stack is not deployed or the gateway container is down: 404.</li>
 *   <li>Kong: {@code apikey} (header or query) must equal the deployed ANON_KEY or SERVICE_ROLE_KEY for auth and
 *   rest; storage is open. A service whose container is not ready answers 502.</li>
 *   <li>GoTrue's admin API and PostgREST: the Bearer token (the apikey when absent) must be HS256 signed with the
 *   deployed {@code JWT_SECRET}, unexpired; admin needs role service_role or supabase_admin.</li>
 * </ul>
 * It reads the env of the last successful deploy, not the saved one: saving new keys without redeploying leaves
 * the old keys in force, as on a real server.
 */
public final class SupabaseEdge implements AutoCloseable {
    /** What Traefik knows about one domain. */
    public record Site(
            String host, boolean https, String certificateType, String deployedEnv, Set<String> readyServices) {}

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> ADMIN_ROLES = Set.of("service_role", "supabase_admin");
    private static final Set<String> DATABASE_ROLES = Set.of("anon", "authenticated", "service_role");

    private final Function<String, Optional<Site>> sites;
    private final HttpServer http;
    private final HttpsServer https;
    private final ExecutorService executor = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "supabase-edge");
        thread.setDaemon(true);
        return thread;
    });
    private final HeldCertificate authority;
    private final HeldCertificate traefikDefault;
    private final Map<String, HeldCertificate> issued = new ConcurrentHashMap<>();
    private final Path authorityPem;

    public SupabaseEdge(Function<String, Optional<Site>> sites) {
        this.sites = sites;
        this.authority = new HeldCertificate.Builder()
                .certificateAuthority(0)
                .commonName("supa-dokploy simulator CA (stands in for Let's Encrypt)")
                .build();
        this.traefikDefault =
                new HeldCertificate.Builder().commonName("TRAEFIK DEFAULT CERT").build();
        try {
            this.authorityPem = Files.createTempFile("supa-dokploy-sim-ca", ".pem");
            Files.writeString(authorityPem, authority.certificatePem());
            Files.setPosixFilePermissions(authorityPem, PosixFilePermissions.fromString("rw-r--r--"));
            InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
            this.http = HttpServer.create(loopback, 0);
            this.https = HttpsServer.create(loopback, 0);
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(new javax.net.ssl.KeyManager[] {new PerHostKeys()}, new TrustManager[0], null);
            https.setHttpsConfigurator(new HttpsConfigurator(tls));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        http.setExecutor(executor);
        https.setExecutor(executor);
        http.createContext("/", exchange -> serve(exchange, false));
        https.createContext("/", exchange -> serve(exchange, true));
        http.start();
        https.start();
    }

    public int httpPort() {
        return http.getAddress().getPort();
    }

    public int httpsPort() {
        return https.getAddress().getPort();
    }

    /** The CA that "issues" the Let's Encrypt certificates, as a PEM file for SUPA_DOKPLOY_CA_FILE. */
    public Path authorityPem() {
        return authorityPem;
    }

    /**
     * The environment that sends the tool's public-URL traffic here: every host's port 80 and 443 go to this edge,
     * and the simulator's CA is trusted. Dokploy's own URL (loopback, another port) is untouched.
     */
    public Map<String, String> clientEnv() {
        String loopback = InetAddress.getLoopbackAddress().getHostAddress();
        return Map.of(
                "SUPA_DOKPLOY_CONNECT_TO",
                ":80:" + loopback + ":" + httpPort() + ",:443:" + loopback + ":" + httpsPort(),
                "SUPA_DOKPLOY_CA_FILE",
                authorityPem.toString());
    }

    @Override
    public void close() {
        http.stop(0);
        https.stop(0);
        executor.shutdownNow();
        try {
            Files.deleteIfExists(authorityPem);
        } catch (IOException ignored) {
            // a temp file; the OS cleans up
        }
    }

    // ---- Traefik -------------------------------------------------------------------------------------------

    private void serve(HttpExchange exchange, boolean secure) throws IOException {
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            String host = hostOf(exchange);
            Optional<Site> site = sites.apply(host);
            if (site.isEmpty()
                    || site.get().deployedEnv() == null
                    || !(site.get().readyServices().contains("kong")
                            || site.get().readyServices().contains("api-gw"))
                    || secure && !site.get().https()) {
                send(exchange, 404, "text/plain; charset=utf-8", "404 page not found");
                return;
            }
            if (site.get().https() && !secure) {
                exchange.getResponseHeaders().set("Location", "https://" + host + exchange.getRequestURI());
                send(exchange, 308, "text/plain; charset=utf-8", "Permanent Redirect");
                return;
            }
            kong(exchange, site.get());
        }
    }

    private static String hostOf(HttpExchange exchange) {
        String host = exchange.getRequestHeaders().getFirst("Host");
        if (host == null) {
            return "";
        }
        int colon = host.lastIndexOf(':');
        return (colon > 0 && !host.endsWith("]") ? host.substring(0, colon) : host).toLowerCase(Locale.ROOT);
    }

    // ---- Kong and the services behind it ---------------------------------------------------------------------

    private void kong(HttpExchange exchange, Site site) throws IOException {
        // the containers read the .env Dokploy wrote, as Compose reads it (quoted and escaped from v0.30.0)
        Map<String, String> env = DeployedEnvFile.containerView(site.deployedEnv());
        String path = exchange.getRequestURI().getPath();
        String service = path.startsWith("/auth/v1/")
                ? "auth"
                : path.startsWith("/rest/v1/") ? "rest" : path.startsWith("/storage/v1/") ? "storage" : null;
        if (service == null) {
            sendJson(exchange, 404, Map.of("message", "no Route matched with those values"));
            return;
        }
        String apikey = exchange.getRequestHeaders().getFirst("apikey");
        if (apikey == null) {
            apikey = queryParameter(exchange, "apikey");
        }
        if (!service.equals("storage")) {
            if (apikey == null) {
                sendJson(exchange, 401, Map.of("message", "No API key found in request"));
                return;
            }
            if (!apikey.equals(env.get("ANON_KEY")) && !apikey.equals(env.get("SERVICE_ROLE_KEY"))) {
                sendJson(exchange, 401, Map.of("message", "Invalid authentication credentials"));
                return;
            }
        }
        if (!site.readyServices().contains(service)) {
            sendJson(exchange, 502, Map.of("message", "An invalid response was received from the upstream server"));
            return;
        }
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        String token =
                authorization != null && authorization.startsWith("Bearer ") ? authorization.substring(7) : apikey;
        String secret = env.getOrDefault("JWT_SECRET", "");
        switch (service) {
            case "auth" -> auth(exchange, path, token, secret);
            case "rest" -> rest(exchange, token, secret);
            default -> sendJson(exchange, 200, Map.of("status", "ok"));
        }
    }

    private void auth(HttpExchange exchange, String path, String token, String secret) throws IOException {
        if (path.equals("/auth/v1/health")) {
            sendJson(
                    exchange,
                    200,
                    Map.of(
                            "version",
                            "v2.180.0",
                            "name",
                            "GoTrue",
                            "description",
                            "GoTrue is a user registration and authentication API"));
            return;
        }
        if (!path.startsWith("/auth/v1/admin/")) {
            sendJson(exchange, 404, Map.of("code", 404, "error_code", "not_found", "msg", "Unhandled path"));
            return;
        }
        Optional<Map<String, Object>> claims = verified(token, secret);
        if (claims.isEmpty()) {
            sendJson(
                    exchange,
                    403,
                    Map.of(
                            "code",
                            403,
                            "error_code",
                            "bad_jwt",
                            "msg",
                            "invalid JWT: unable to parse or verify signature, signature is invalid"));
        } else if (expired(claims.get())) {
            sendJson(
                    exchange,
                    403,
                    Map.of("code", 403, "error_code", "bad_jwt", "msg", "invalid JWT: token is expired"));
        } else if (!ADMIN_ROLES.contains(String.valueOf(claims.get().get("role")))) {
            sendJson(exchange, 403, Map.of("code", 403, "error_code", "not_admin", "msg", "User not allowed"));
        } else {
            sendJson(exchange, 200, Map.of("users", List.of(), "aud", "authenticated"));
        }
    }

    private void rest(HttpExchange exchange, String token, String secret) throws IOException {
        Optional<Map<String, Object>> claims = verified(token, secret);
        if (claims.isEmpty()) {
            sendJson(exchange, 401, Map.of("code", "PGRST301", "message", "JWSError JWSInvalidSignature"));
        } else if (expired(claims.get())) {
            sendJson(exchange, 401, Map.of("code", "PGRST303", "message", "JWT expired"));
        } else {
            Object role = claims.get().getOrDefault("role", "anon"); // no role claim: PostgREST's db-anon-role
            if (!DATABASE_ROLES.contains(String.valueOf(role))) {
                sendJson(exchange, 401, Map.of("code", "22023", "message", "role \"" + role + "\" does not exist"));
            } else {
                sendJson(exchange, 200, Map.of("swagger", "2.0", "info", Map.of("title", "PostgREST API")));
            }
        }
    }

    private static Optional<Map<String, Object>> verified(String token, String secret) {
        if (token == null || secret.isEmpty() || !Hs256.verify(token, secret)) {
            return Optional.empty();
        }
        return Optional.of(Hs256.claims(token));
    }

    private static boolean expired(Map<String, Object> claims) {
        return claims.get("exp") instanceof Number exp
                && exp.longValue() < Instant.now().getEpochSecond();
    }

    private static String queryParameter(HttpExchange exchange, String name) {
        String query = exchange.getRequestURI().getRawQuery();
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0
                    && URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8)
                            .equals(name)) {
                return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private static void sendJson(HttpExchange exchange, int status, Object body) throws IOException {
        send(exchange, status, "application/json", JSON.writeValueAsString(body));
    }

    private static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    // ---- certificates ---------------------------------------------------------------------------------------

    /**
     * Picks the certificate by the SNI name, as Traefik does: one "issued" by the simulator's CA for a domain set
     * up with Let's Encrypt, Traefik's self-signed default for anything else.
     */
    private final class PerHostKeys extends X509ExtendedKeyManager {
        private static final String DEFAULT = "traefik-default";

        @Override
        public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
            String alias = DEFAULT;
            if (engine.getHandshakeSession() instanceof ExtendedSSLSession session) {
                for (SNIServerName name : session.getRequestedServerNames()) {
                    if (name instanceof SNIHostName hostName) {
                        String host = hostName.getAsciiName().toLowerCase(Locale.ROOT);
                        boolean letsEncrypt = sites.apply(host)
                                .map(s -> s.https() && "letsencrypt".equals(s.certificateType()))
                                .orElse(false);
                        if (letsEncrypt) {
                            alias = host;
                        }
                    }
                }
            }
            return keyType.equals(held(alias).keyPair().getPrivate().getAlgorithm()) ? alias : null;
        }

        private HeldCertificate held(String alias) {
            if (alias.equals(DEFAULT)) {
                return traefikDefault;
            }
            return issued.computeIfAbsent(
                    alias,
                    host -> new HeldCertificate.Builder()
                            .addSubjectAlternativeName(host)
                            .commonName(host)
                            .signedBy(authority)
                            .build());
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            HeldCertificate held = held(alias);
            return alias.equals(DEFAULT)
                    ? new X509Certificate[] {held.certificate()}
                    : new X509Certificate[] {held.certificate(), authority.certificate()};
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return held(alias).keyPair().getPrivate();
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return null;
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return null;
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return null;
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return null;
        }
    }
}
