package dev.supadokploy.testing.dokploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.supadokploy.testing.dokploy.DokployTemplate.Generation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.WebSocketListener;

/**
 * A stateful stand-in for Dokploy's HTTP API on loopback (Dokploy itself needs Docker Swarm). It answers the
 * procedures supa-dokploy uses the way Dokploy does (see {@code ../shared/dokploy/README.md}): {@code x-api-key},
 * {@code /api/{router}.{procedure}}, queries as GET with query parameters, mutations as POST with JSON,
 * tRPC-openapi error bodies, project → environment → compose, the env as one dotenv string, asynchronous
 * deploys and containers whose health follows the last deploy. Fault knobs are setters, safe to flip while a test
 * runs. Listings and creation answers have the shapes of Dokploy v0.30.2 (each names the source file it follows);
 * {@code dev.supadokploy.dokploy.DokployServerContractTest} runs the same tests against it and the real server.
 *
 * <p>HTTP is okhttp's MockWebServer with a {@link Dispatcher} that answers from this state (not a queue of canned
 * answers), because Dokploy serves its logs WebSocket {@code /docker-container-logs} on the same port as the API and
 * MockWebServer can upgrade a request to a WebSocket (the JDK's {@code HttpServer} cannot). Slow answers are a
 * sleep on the connection's thread.
 */
public final class DokploySimulator implements AutoCloseable {

    /**
     * The July 2026 template's services, as {@code docker compose} names their containers. Containers are made for the
     * services of each compose's own file ({@link ComposeFile}); this list is what the July template gives.
     */
    public static final List<String> SUPABASE_SERVICES = List.of(
            "studio",
            "kong",
            "auth",
            "rest",
            "realtime",
            "storage",
            "imgproxy",
            "meta",
            "functions",
            "analytics",
            "db",
            "vector",
            "supavisor");

    /**
     * @param port 0 for any free port
     * @param version what {@code settings.getDokployVersion} answers; below v0.25.0 services take {@code projectId}
     *                and there are no environments, below v0.29.0 there is no {@code compose.readLogs}
     * @param deployDuration how long a deploy stays {@code running}
     * @param templateGeneration how {@code compose.deployTemplate} processes the template's helpers
     * @param templateToml Dokploy's Supabase {@code template.toml}
     */
    public record Options(
            int port,
            String apiKey,
            String version,
            Duration deployDuration,
            Generation templateGeneration,
            Path templateToml,
            long seed) {
        public Options {
            Objects.requireNonNull(apiKey, "apiKey");
            Objects.requireNonNull(version, "version");
            Objects.requireNonNull(deployDuration, "deployDuration");
            Objects.requireNonNull(templateGeneration, "templateGeneration");
            Objects.requireNonNull(templateToml, "templateToml");
        }

        public static Options defaults() {
            return new Options(
                    0,
                    "sim-" + Long.toHexString(new Random().nextLong()),
                    "v0.30.0",
                    Duration.ofMillis(50),
                    Generation.CURRENT,
                    EnvFixtureGenerator.templatePath(),
                    20261124L);
        }

        public Options withPort(int value) {
            return new Options(value, apiKey, version, deployDuration, templateGeneration, templateToml, seed);
        }

        public Options withApiKey(String value) {
            return new Options(port, value, version, deployDuration, templateGeneration, templateToml, seed);
        }

        public Options withVersion(String value) {
            return new Options(port, apiKey, value, deployDuration, templateGeneration, templateToml, seed);
        }

        public Options withDeployDuration(Duration value) {
            return new Options(port, apiKey, version, value, templateGeneration, templateToml, seed);
        }

        public Options withTemplateGeneration(Generation value) {
            return new Options(port, apiKey, version, deployDuration, value, templateToml, seed);
        }
    }

    /** One request as the simulator saw it, with the status it answered. */
    public record Call(String method, String path, Map<String, String> query, String body, int status) {}

    /** How a service's container misbehaves after every deploy (the {@link #unhealthyService} knob). */
    public enum Sickness {
        /** Running, health check failing: {@code Up 3 minutes (unhealthy)}. */
        UNHEALTHY,
        /** Crash loop: state {@code restarting}. */
        RESTARTING
    }

    /** A snapshot of a compose service for test assertions. */
    public record ComposeView(
            String composeId,
            String name,
            String appName,
            String environmentId,
            String composeStatus,
            String env,
            String deployedEnv,
            int deployments) {}

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

    private final Options options;
    private final MockWebServer server;
    private final SupabaseEdge edge;
    private final ScheduledExecutorService deployer;
    private final ScheduledExecutorService followers;
    private final Random random;
    private final Clock clock = Clock.systemUTC();
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final Set<LogSocket> following = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final Object lock = new Object();

    // state, guarded by lock
    private final Map<String, Project> projects = new LinkedHashMap<>();
    private final Map<String, Environment> environments = new LinkedHashMap<>();
    private final Map<String, Compose> composes = new LinkedHashMap<>();
    private final Map<String, ObjectNode> domains = new LinkedHashMap<>();
    /** Remote servers (server.all / server.create), newest last. */
    private final Map<String, ObjectNode> servers = new LinkedHashMap<>();
    /** S3 destinations (destination.create / one / all), newest last. */
    private final Map<String, ObjectNode> destinations = new LinkedHashMap<>();
    /** Template base URLs this Dokploy can fetch from ({@code null} stands for Dokploy's default). */
    private final Set<String> reachableTemplateSources = java.util.concurrent.ConcurrentHashMap.newKeySet();

    // fault knobs
    private volatile String apiKey;
    private volatile String version;
    private volatile Generation templateGeneration;
    private volatile Duration latency = Duration.ZERO;
    private volatile Duration deployDuration;
    private volatile boolean deployFails;
    private volatile String sickService;
    private volatile Sickness sickness = Sickness.UNHEALTHY;
    private volatile boolean dockerUnreachable;
    private volatile boolean cloud;
    private volatile boolean remoteServersOnly;
    private volatile boolean templatesOffline;
    private volatile Duration logEvery = Duration.ZERO;
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private volatile int failureStatus = 500;
    private volatile Integer retryAfterSeconds;
    private volatile SupabaseTemplates.Variant supabaseTemplate = SupabaseTemplates.Variant.JULY;
    private final Map<String, String> deploymentLogs = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, java.util.concurrent.ScheduledFuture<?>> pendingDeploys =
            new java.util.concurrent.ConcurrentHashMap<>();
    /** better-auth checks the key has left; -1: unlimited, as the dashboard's keys are. */
    private final AtomicInteger keyChecksLeft = new AtomicInteger(-1);

    private final Set<String> foreign = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private volatile boolean memberKey;
    /** Secrets providers: name → secret → value (Dokploy v0.30.2: packages/server/src/utils/vault/index.ts). */
    private final Map<String, Map<String, String>> vault = new java.util.concurrent.ConcurrentHashMap<>();

    private DokploySimulator(Options options) throws IOException {
        this.options = options;
        this.apiKey = options.apiKey();
        this.version = options.version();
        this.templateGeneration = options.templateGeneration();
        this.deployDuration = options.deployDuration();
        this.random = new Random(options.seed());
        this.deployer = Executors.newSingleThreadScheduledExecutor(daemon("dokploy-sim-deploy"));
        this.followers = Executors.newSingleThreadScheduledExecutor(daemon("dokploy-sim-logs"));
        this.server = new MockWebServer();
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return handle(request);
            }
        });
        server.start(InetAddress.getLoopbackAddress(), options.port());
        this.edge = new SupabaseEdge(this::site);
    }

    /**
     * Starts the simulator; a test that needs one is skipped (not failed) when Dokploy's Supabase template is
     * absent, i.e. when the project is checked out without {@code ../shared/} beside it.
     */
    public static DokploySimulator start(Options options) {
        org.junit.jupiter.api.Assumptions.assumeTrue(
                java.nio.file.Files.isRegularFile(options.templateToml()),
                "Dokploy's Supabase template " + options.templateToml() + " is absent (../shared/dokploy/ missing): "
                        + "tests that need the Dokploy simulator are skipped");
        try {
            return new DokploySimulator(options);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static DokploySimulator start() {
        return start(Options.defaults());
    }

    /** The server's base URL, without {@code /api}. */
    public String url() {
        return "http://" + InetAddress.getLoopbackAddress().getHostAddress() + ":" + server.getPort();
    }

    public String apiKey() {
        return apiKey;
    }

    /** The public face of the deployed stacks (Traefik → Kong → auth, rest, storage). */
    public SupabaseEdge edge() {
        return edge;
    }

    @Override
    public void close() {
        edge.close();
        followers.shutdownNow();
        server.close();
        deployer.shutdownNow();
    }

    // ---- knobs -------------------------------------------------------------------------------------------

    /** The next {@code count} requests (health included) answer {@code status}, with Retry-After when given. */
    public void failNext(int count, int status, Integer retryAfterSeconds) {
        this.failureStatus = status;
        this.retryAfterSeconds = retryAfterSeconds;
        this.failuresLeft.set(count);
    }

    /** Every answer waits this long first (a slow or overloaded server). */
    public void latency(Duration delay) {
        this.latency = Objects.requireNonNull(delay);
    }

    /** Accept only this key from now on: the key a client holds turns "wrong", as when it is revoked. */
    public void apiKey(String key) {
        this.apiKey = Objects.requireNonNull(key);
    }

    public void version(String value) {
        this.version = Objects.requireNonNull(value);
    }

    public void templateGeneration(Generation generation) {
        this.templateGeneration = Objects.requireNonNull(generation);
    }

    /** How long later deploys stay {@code running}. */
    public void deployDuration(Duration duration) {
        this.deployDuration = Objects.requireNonNull(duration);
    }

    /**
     * Waits, for real, until every deploy queued so far has finished (at most 10 s each): what a test on a fake clock
     * lets happen while the code under test pauses (FakeClock.duringPause).
     */
    public void awaitQueuedDeploys() {
        for (java.util.concurrent.ScheduledFuture<?> pending : List.copyOf(pendingDeploys.values())) {
            try {
                pending.get(10, TimeUnit.SECONDS);
            } catch (java.util.concurrent.CancellationException | java.util.concurrent.ExecutionException e) {
                // cancelled or failed deploys are finished too
            } catch (java.util.concurrent.TimeoutException e) {
                throw new IllegalStateException("a queued deploy did not finish within 10 s", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** Deploys from now on end in {@code error} and leave the containers as they were. */
    public void deployFails(boolean fails) {
        this.deployFails = fails;
    }

    /** After every later deploy, this service (e.g. {@code auth}) never turns healthy; null heals it. */
    public void unhealthyService(String service, Sickness how) {
        this.sickService = service;
        this.sickness = how == null ? Sickness.UNHEALTHY : how;
    }

    /**
     * Every running container writes a line this often after its startup lines ({@code <service> health check ok},
     * or its failure again when sick), so a follower of the logs WebSocket sees the log grow; zero (the default)
     * keeps logs to the startup lines.
     */
    public void logEvery(Duration interval) {
        this.logEvery = Objects.requireNonNull(interval);
    }

    /**
     * Kept for tests written when the trimmed listing was optional: {@code project.all} now always lists compose
     * services as Dokploy does, {@code {composeId, name, composeStatus}} without env, appName or composeFile, so
     * callers read a compose with {@code compose.one}. {@code false} is refused: no real Dokploy sends more.
     */
    public void trimmedProjectList(boolean trimmed) {
        if (!trimmed) {
            throw new IllegalArgumentException("Dokploy's project.all never carries env or composeFile");
        }
    }

    /**
     * Which Supabase template {@code compose.deployTemplate} serves from now on: the July copy, PR #1068's, or the
     * Envoy-gateway variant ({@link SupabaseTemplates}).
     */
    public void supabaseTemplate(SupabaseTemplates.Variant variant) {
        this.supabaseTemplate = Objects.requireNonNull(variant);
    }

    /**
     * Dokploy restarts: every deployment still running is marked {@code cancelled} and its compose goes back to
     * {@code idle}; the containers stay as the deploy before left them.
     * Dokploy v0.30.2: packages/server/src/utils/startup/cancel-deployments.ts (initCancelDeployments)
     */
    public void restartDokploy() {
        synchronized (lock) {
            for (Compose compose : composes.values()) {
                for (ObjectNode deployment : compose.deployments) {
                    if ("running".equals(deployment.path("status").asText())) {
                        deployment.put("status", "cancelled");
                        java.util.concurrent.ScheduledFuture<?> pending = pendingDeploys.remove(
                                deployment.path("deploymentId").asText());
                        if (pending != null) {
                            pending.cancel(false);
                        }
                        compose.status = "idle";
                        compose.starting = false;
                    }
                }
            }
        }
    }

    /** Places a compose on a Dokploy server (as {@code compose.create}/{@code deployTemplate} with {@code serverId} would). */
    public void composeServer(String composeId, String serverId) {
        synchronized (lock) {
            compose(composeId).serverId = serverId;
        }
    }

    /** Docker stops answering on every server: Dokploy's container listing then answers {@code []}. */
    public void dockerUnreachable(boolean unreachable) {
        this.dockerUnreachable = unreachable;
    }

    /**
     * The key was made through Dokploy's API without {@code rateLimitEnabled:false}: better-auth's API-key plugin gives
     * it its default of 10 requests per 24 h, and Dokploy checks the key twice per REST call (the gate of
     * {@code apps/dokploy/pages/api/[...trpc].ts} and {@code createTRPCContext} of {@code apps/dokploy/server/api/trpc.ts},
     * both {@code validateRequest}) and once per logs WebSocket. A call whose gate check finds none left gets the gate's
     * bare 401 {@code {"message":"Unauthorized"}}, as a wrong key does; one whose second check finds none left gets
     * {@code protectedProcedure}'s bare {@code TRPCError({code:"UNAUTHORIZED"})}. False: unlimited again.
     */
    public void rateLimitedKey(boolean limited) {
        keyChecksLeft.set(limited ? 10 : -1);
    }

    /**
     * The project, environment or compose with this id belongs to another organization than the key's (it exists in
     * Dokploy's database; the key cannot reach it). Procedures answer as their own org checks do at v0.30.2:
     * {@code compose.one} and {@code compose.readLogs} 401 "You are not authorized to access this compose"
     * ({@code apps/dokploy/server/api/routers/compose.ts}), {@code project.one} 401 "You are not authorized to access
     * this project" ({@code routers/project.ts}), {@code environment.one} 403 "You are not allowed to access this
     * environment" and {@code environment.byProjectId} the same rewrapped as 400 "Error fetching environments: …"
     * ({@code routers/environment.ts}). Listings are not filtered here.
     */
    public void foreignOrganization(String id) {
        foreign.add(Objects.requireNonNull(id));
    }

    /**
     * The key belongs to a member (not owner or admin) with access to every existing service: Dokploy's
     * {@code memberRole} ({@code packages/server/src/lib/access-control.ts}) has no {@code project} and no
     * {@code docker} permission. So {@code project.create} fails in {@code checkPermission} with better-auth's
     * {@code unauthorized to access resource "project"}, rewrapped as 400 "Error creating the project: …"
     * ({@code routers/project.ts}); the logs WebSocket closes with 4003 unless it names a service the member may read
     * ({@code apps/dokploy/server/wss/authorize.ts}, v0.29.13+). Other member filtering is not modelled.
     */
    public void memberKey(boolean member) {
        this.memberKey = member;
    }

    /**
     * Dokploy Cloud ({@code IS_CLOUD}): {@code settings.isCloud} answers true and deployTemplate needs a serverId.
     * Dokploy v0.30.2: apps/dokploy/server/api/routers/settings.ts isCloud, routers/compose.ts deployTemplate.
     */
    public void cloud(boolean value) {
        this.cloud = value;
    }

    /**
     * A self-hosted Dokploy with "remote servers only" (v0.29.7+): deployTemplate needs a serverId, but settings.isCloud
     * says false. Dokploy v0.30.2: apps/dokploy/server/api/routers/compose.ts deployTemplate (webServerSettings).
     */
    public void remoteServersOnly(boolean value) {
        this.remoteServersOnly = value;
    }

    /**
     * A Dokploy server without internet: deployTemplate's fetch of https://templates.dokploy.com fails ("fetch failed",
     * 500); base URLs added with {@link #templateMirror} still answer.
     */
    public void templatesOffline(boolean value) {
        this.templatesOffline = value;
    }

    /** A templates mirror this Dokploy can reach: deployTemplate with this baseUrl serves the simulator's template. */
    public void templateMirror(String baseUrl) {
        reachableTemplateSources.add(Objects.requireNonNull(baseUrl));
    }

    /**
     * Dokploy restarted with another ENCRYPTION_KEY / BETTER_AUTH_SECRET (or its database restored elsewhere): every env
     * saved so far no longer decrypts, and compose.one / project.all return the stored ciphertext {@code enc:v1:…};
     * an env saved afterwards is encrypted with the new key and reads again. Dokploy v0.30.2:
     * packages/server/src/db/schema/utils.ts encryptedText (fails open), packages/server/src/lib/encryption.ts.
     */
    public void encryptionKeyChanged() {
        synchronized (lock) {
            composes.values().forEach(c -> {
                if (c.env != null && !c.env.isEmpty()) {
                    c.undecryptable = true;
                }
            });
        }
    }

    /** Adds a remote server as server.create does; {@code withSshKey} false leaves sshKeyId null. Returns its serverId. */
    public String addServer(String name, String ipAddress, boolean withSshKey) {
        synchronized (lock) {
            ObjectNode in = JSON.createObjectNode()
                    .put("name", name)
                    .put("ipAddress", ipAddress)
                    .put("port", 22)
                    .put("username", "root")
                    .put("serverType", "deploy");
            if (withSshKey) {
                in.put("sshKeyId", id());
            } else {
                in.putNull("sshKeyId");
            }
            return serverCreate(in).get("serverId").asText();
        }
    }

    /** The operator gives a server an SSH key in the dashboard (server.update); from now on Dokploy reaches it. */
    public void giveSshKey(String serverId) {
        synchronized (lock) {
            servers.get(serverId).put("sshKeyId", id());
        }
    }

    /**
     * A secret of a secrets provider, for {@code ${{vault.<provider>.<name>}}} references (v0.30.0+); without one the
     * deploy fails as Dokploy's does ("Vault provider … not found").
     */
    public void vaultSecret(String provider, String name, String value) {
        vault.computeIfAbsent(provider, p -> new java.util.concurrent.ConcurrentHashMap<>())
                .put(name, value);
    }

    // ---- inspection --------------------------------------------------------------------------------------

    /** What the containers of the compose read from the .env its last successful deploy wrote (empty before one). */
    public Map<String, String> containerEnv(String composeId) {
        synchronized (lock) {
            Compose compose = composes.get(composeId);
            return compose == null ? Map.of() : DeployedEnvFile.containerView(compose.deployedEnv);
        }
    }

    /** Why the compose's last deploy could not write its .env (a reference Dokploy could not resolve), or null. */
    public String envFileError(String composeId) {
        synchronized (lock) {
            Compose compose = composes.get(composeId);
            return compose == null ? null : compose.envFileError;
        }
    }

    public List<Call> requests() {
        return List.copyOf(calls);
    }

    public List<ComposeView> composes() {
        synchronized (lock) {
            return composes.values().stream().map(Compose::view).toList();
        }
    }

    /** What the edge routes for a host: the compose owning the domain, as its last deploy left it. */
    Optional<SupabaseEdge.Site> site(String host) {
        synchronized (lock) {
            for (ObjectNode domain : domains.values()) {
                Compose compose = composes.get(domain.path("composeId").asText(""));
                if (compose == null || !domain.path("host").asText().equalsIgnoreCase(host)) {
                    continue;
                }
                Set<String> ready = new HashSet<>();
                for (String service : compose.containersUp) {
                    if (!compose.stopped
                            && !compose.starting
                            && !compose.sick(service)
                            && !compose.created.contains(service)) {
                        ready.add(service);
                    }
                }
                return Optional.of(new SupabaseEdge.Site(
                        host,
                        domain.path("https").asBoolean(),
                        domain.path("certificateType").asText("none"),
                        compose.deployedEnv,
                        Set.copyOf(ready)));
            }
            return Optional.empty();
        }
    }

    /** The serverId a compose was created with (null: the Dokploy host), and how many file mounts it has. */
    public Optional<String> serverOf(String composeId) {
        synchronized (lock) {
            Compose compose = composes.get(composeId);
            return compose == null ? Optional.empty() : Optional.ofNullable(compose.serverId);
        }
    }

    public int mountCount(String composeId) {
        synchronized (lock) {
            Compose compose = composes.get(composeId);
            return compose == null ? 0 : compose.mounts.size();
        }
    }

    public int environmentCount() {
        synchronized (lock) {
            return environments.size();
        }
    }

    /** Logs WebSockets being followed now (open, and not yet closed by either side). */
    public int logFollowers() {
        return following.size();
    }

    public int projectCount() {
        synchronized (lock) {
            return projects.size();
        }
    }

    // ---- HTTP --------------------------------------------------------------------------------------------

    private MockResponse handle(RecordedRequest request) {
        String method = request.getMethod() == null ? "" : request.getMethod().toUpperCase(Locale.ROOT);
        String path = request.getUrl().encodedPath();
        Map<String, String> query = parseQuery(request.getUrl().encodedQuery());
        String body = request.getBody() == null ? "" : request.getBody().utf8();
        Answer answer;
        try {
            answer = answer(request.getHeaders()::get, method, path, query, body);
        } catch (Problem problem) {
            answer = problem.answer();
        } catch (RuntimeException e) {
            answer = Answer.error(500, "INTERNAL_SERVER_ERROR", e.toString());
        }
        calls.add(new Call(method, path, query, body.isEmpty() ? null : body, answer.status()));
        if (answer.upgrade() != null) {
            return new MockResponse.Builder().webSocketUpgrade(answer.upgrade()).build();
        }
        MockResponse.Builder response =
                new MockResponse.Builder().code(answer.status()).setHeader("Content-Type", answer.contentType());
        answer.headers().forEach(response::setHeader);
        return response.body(answer.body()).build();
    }

    private Answer answer(
            java.util.function.Function<String, String> header,
            String method,
            String path,
            Map<String, String> query,
            String body) {
        sleep(latency);
        if (failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            Map<String, String> headers =
                    retryAfterSeconds == null ? Map.of() : Map.of("Retry-After", retryAfterSeconds.toString());
            // a 500 comes from Dokploy itself; a 502/503/504 from the proxy in front of it, which speaks text
            return failureStatus == 500
                    ? Answer.error(500, "INTERNAL_SERVER_ERROR", "Internal server error")
                            .withHeaders(headers)
                    : new Answer(failureStatus, "text/plain; charset=utf-8", reason(failureStatus), headers);
        }
        if (path.equals("/api/health")) {
            return Answer.json(JSON.createObjectNode().put("ok", true));
        }
        String key = header.apply("x-api-key");
        if (path.equals("/" + LogSocket.PATH) && "websocket".equalsIgnoreCase(header.apply("Upgrade"))) {
            // Dokploy upgrades first and checks the key (x-api-key or a session cookie) on the open socket
            return Answer.upgrade(new LogSocket(
                    this::containerLog, followers, following, query, apiKey.equals(key) && keyCheck(), logAccess()));
        }
        if (key == null || !key.equals(apiKey) || !keyCheck()) {
            // Dokploy's API-key gate answers before tRPC, so there is no "code" (see the contract test)
            return new Answer(401, "application/json", "{\"message\":\"Unauthorized\"}", Map.of());
        }
        if (!keyCheck()) {
            // createTRPCContext's own validateRequest found no user: protectedProcedure's bare UNAUTHORIZED
            return Answer.error(401, "UNAUTHORIZED", "UNAUTHORIZED");
        }
        if (!path.startsWith("/api/") || !path.substring(5).contains(".")) {
            throw Problem.notFound("Not found");
        }
        String procedure = path.substring(5);
        Route route = route(procedure);
        if (route == null) {
            throw Problem.notFound("Not found");
        }
        if (!route.method().equals(method)) {
            // tRPC-openapi looks procedures up by method and path together: a wrong method is just "not found"
            throw Problem.notFound("Not found");
        }
        JsonNode input;
        if (method.equals("POST")) {
            String contentType = header.apply("Content-Type");
            if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
                return Answer.error(415, "UNSUPPORTED_MEDIA_TYPE", "Unsupported content-type \"" + contentType + "\"");
            }
            try {
                input = body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
            } catch (IOException e) {
                throw Problem.badRequest("Failed to parse request body");
            }
            if (!input.isObject()) {
                throw Problem.badRequest("Expected object, received "
                        + input.getNodeType().name().toLowerCase(Locale.ROOT));
            }
        } else {
            ObjectNode node = JSON.createObjectNode();
            query.forEach(node::put);
            input = node;
        }
        synchronized (lock) {
            JsonNode result = route.handler().apply((ObjectNode) input);
            // a procedure that returns undefined (compose.update of an unknown id) answers 200 with no body
            return result == null ? new Answer(200, "application/json", "", Map.of()) : Answer.json(result);
        }
    }

    private record Route(String method, java.util.function.Function<ObjectNode, JsonNode> handler) {}

    private Route route(String procedure) {
        boolean environments = atLeast(0, 25);
        return switch (procedure) {
            case "settings.getDokployVersion" -> get(in -> JSON.getNodeFactory().textNode(version));
            case "settings.health" -> get(in -> JSON.createObjectNode().put("status", "ok"));
            case "project.all" -> get(in -> projectAll());
            case "project.one" ->
                get(in -> project(own(required(in, "projectId"), "project")).one());
            case "project.create" -> post(this::projectCreate);
            case "environment.one" ->
                environments
                        ? get(in -> environment(ownEnvironment(required(in, "environmentId")))
                                .one())
                        : null;
            case "environment.byProjectId" -> environments ? get(this::environmentsByProject) : null;
            case "environment.create" -> environments ? post(this::environmentCreate) : null;
            case "compose.one" ->
                get(in -> compose(ownCompose(required(in, "composeId"))).json(true));
            case "project.update" -> post(this::projectUpdate);
            case "environment.update" -> environments ? post(this::environmentUpdate) : null;
            case "compose.create" -> post(this::composeCreate);
            case "compose.deployTemplate" -> post(this::deployTemplate);
            case "compose.update" -> post(this::composeUpdate);
            case "compose.saveEnvironment" -> post(this::saveEnvironment);
            case "compose.deploy", "compose.redeploy" -> post(this::deploy);
            case "compose.stop" -> post(in -> stop(compose(required(in, "composeId"))));
            case "compose.start" -> post(in -> start(compose(required(in, "composeId"))));
            case "compose.readLogs" -> atLeast(0, 29) ? get(this::readLogs) : null;
            // Dokploy v0.30.2: packages/server/src/services/deployment.ts findAllDeploymentsByComposeId is a filtered
            // select: an unknown compose lists no deployments (the real server answers [] too)
            case "deployment.allByCompose" ->
                get(in -> {
                    Compose known = composes.get(required(in, "composeId"));
                    return known == null ? JSON.createArrayNode() : deployments(known);
                });
            // Dokploy v0.30.2: apps/dokploy/server/api/routers/deployment.ts (readLogs, since v0.29.5)
            case "deployment.readLogs" -> atLeast(0, 29, 5) ? get(this::deploymentLog) : null;
            // Dokploy v0.30.2: packages/server/src/services/domain.ts (findDomainsByComposeId: a filtered select, so an
            // unknown compose lists nothing)
            case "domain.byComposeId" -> get(in -> domainsOf(required(in, "composeId")));
            case "domain.one" -> get(in -> domain(required(in, "domainId")));
            case "domain.create" -> post(this::domainCreate);
            case "domain.update" -> post(this::domainUpdate);
            case "mounts.create" -> post(this::mountCreate);
            case "mounts.update" -> post(this::mountUpdate);
            case "docker.getContainersByAppNameMatch" -> get(this::containers);
            case "settings.isCloud" -> get(in -> JSON.getNodeFactory().booleanNode(cloud));
            case "server.all" -> get(in -> serverAll());
            case "server.create" -> post(this::serverCreate);
            case "destination.create" -> post(this::destinationCreate);
            case "destination.one" -> get(in -> destinationOne(requiredNonEmpty(in, "destinationId")));
            case "destination.all" -> get(in -> destinationAll());
            case "compose.delete" -> post(this::composeDelete);
            case "project.remove" -> post(this::projectRemove);
            case "environment.remove" -> environments ? post(this::environmentRemove) : null;
            default -> null;
        };
    }

    private static Route get(java.util.function.Function<ObjectNode, JsonNode> handler) {
        return new Route("GET", handler);
    }

    private static Route post(java.util.function.Function<ObjectNode, JsonNode> handler) {
        return new Route("POST", handler);
    }

    // ---- procedures --------------------------------------------------------------------------------------

    /**
     * Dokploy v0.30.2: apps/dokploy/server/api/routers/project.ts ({@code all}): the project's columns, environments as
     * {@code {name, environmentId, isDefault}} with their services, and compose entries {@code {composeId, name,
     * composeStatus}} only — never env, appName or composeFile. Newest project first.
     */
    private JsonNode projectAll() {
        ArrayNode all = JSON.createArrayNode();
        List<Project> newestFirst = new ArrayList<>(projects.values());
        java.util.Collections.reverse(newestFirst);
        newestFirst.forEach(project -> all.add(project.listed()));
        return all;
    }

    private JsonNode projectCreate(ObjectNode in) {
        String name = requiredNonEmpty(in, "name");
        if (memberKey) {
            // checkProjectAccess → checkPermission (packages/server/src/services/permission.ts) throws better-auth's
            // role error; project.create's catch-all rewraps every error as 400 (routers/project.ts)
            throw new Problem(Answer.error(
                    400, "BAD_REQUEST", "Error creating the project: unauthorized to access resource \"project\""));
        }
        Project project =
                new Project(id(), name, text(in, "description"), now(), text(in, "env") == null ? "" : text(in, "env"));
        projects.put(project.projectId, project);
        if (!atLeast(0, 25)) {
            return project.json(false); // before environments, create returned the project row
        }
        Environment production = new Environment(id(), "production", project.projectId, now(), true);
        environments.put(production.environmentId, production);
        ObjectNode result = JSON.createObjectNode();
        result.set("project", project.json(false));
        result.set("environment", production.json(false));
        return result;
    }

    /**
     * The project row with the fields given (apiUpdateProject: a partial row; {@code env} stored as sent, and as
     * Dokploy's shared project env it feeds {@code ${{project.X}}}). Dokploy v0.30.2:
     * apps/dokploy/server/api/routers/project.ts update, packages/server/src/db/schema/project.ts.
     */
    private JsonNode projectUpdate(ObjectNode in) {
        Project project = project(required(in, "projectId"));
        if (in.has("name")) {
            project.name = requiredNonEmpty(in, "name");
        }
        if (in.hasNonNull("env")) {
            project.env = in.get("env").asText();
        }
        return project.json(false);
    }

    /**
     * apiUpdateEnvironment {@code {environmentId, name?, description?, projectId?, env?}}: {@code env} is the
     * environment's shared env for {@code ${{environment.X}}}; the default environment cannot be renamed.
     * Dokploy v0.30.2: apps/dokploy/server/api/routers/environment.ts update, packages/server/src/db/schema/environment.ts.
     */
    private JsonNode environmentUpdate(ObjectNode in) {
        Environment environment = environment(required(in, "environmentId"));
        if (in.has("name")) {
            String name = requiredNonEmpty(in, "name");
            if (environment.isDefault) {
                throw Problem.badRequest("You cannot rename the default environment");
            }
            environment.name = name;
        }
        if (in.hasNonNull("env")) {
            environment.env = in.get("env").asText();
        }
        return environment.json(false);
    }

    /**
     * Dokploy v0.30.2: apps/dokploy/server/api/routers/environment.ts ({@code create}): the name {@code production} is
     * refused, names need not be unique, and a project that does not exist fails the insert (wrapped as 400).
     */
    private JsonNode environmentCreate(ObjectNode in) {
        String name = requiredNonEmpty(in, "name");
        String projectId = requiredNonEmpty(in, "projectId");
        if (name.equals("production")) {
            throw Problem.wrapped("You cannot create a environment with the name 'production'");
        }
        if (!projects.containsKey(projectId)) {
            throw Problem.wrapped(
                    "Error creating the environment: Failed query: insert into \"environment\" … params: " + projectId);
        }
        Environment environment = new Environment(id(), name, projectId, now(), false);
        environment.description = text(in, "description");
        environments.put(environment.environmentId, environment);
        return environment.json(false);
    }

    /**
     * Dokploy v0.30.2: packages/server/src/services/environment.ts ({@code findEnvironmentsByProjectId}): a filtered
     * select in creation order, so an unknown project lists nothing; compose entries carry appName, not env.
     */
    private JsonNode environmentsByProject(ObjectNode in) {
        String projectId = required(in, "projectId");
        if (foreign.contains(projectId)
                || environmentsOf(projectId).stream().anyMatch(e -> foreign.contains(e.environmentId))) {
            // routers/environment.ts byProjectId: the FORBIDDEN is caught by its own try and rewrapped as 400
            throw new Problem(Answer.error(
                    400, "BAD_REQUEST", "Error fetching environments: You are not allowed to access this environment"));
        }
        ArrayNode list = JSON.createArrayNode();
        environmentsOf(projectId).forEach(environment -> list.add(environment.byProject()));
        return list;
    }

    /** Where a new service goes: {@code environmentId} since v0.25, {@code projectId} before. */
    private String parentOf(ObjectNode in) {
        if (atLeast(0, 25)) {
            return environment(required(in, "environmentId")).environmentId;
        }
        return project(required(in, "projectId")).projectId;
    }

    /**
     * Dokploy v0.30.2: packages/server/src/services/compose.ts ({@code createCompose}) and
     * packages/server/src/db/schema/utils.ts ({@code buildAppName}): the appName asked for gets {@code -<6 random>}
     * appended (trimmed, spaces to dashes, lower case); env starts null and sourceType at the column default
     * {@code github} unless the input names one (v0.30.0+).
     */
    private JsonNode composeCreate(ObjectNode in) {
        String name = requiredNonEmpty(in, "name");
        String parent = parentOf(in);
        String asked = text(in, "appName");
        String appName = asked != null && !asked.isEmpty()
                ? asked.strip().replace(' ', '-').toLowerCase(Locale.ROOT) + "-" + randomText(6)
                : "compose-" + randomText(6); // Dokploy's generateAppName: compose-<verb>-<adjective>-<noun>-<nanoid>
        Compose compose = new Compose(id(), name, appName, parent, now());
        compose.composeFile = text(in, "composeFile") == null ? "" : text(in, "composeFile");
        compose.description = text(in, "description");
        compose.env = null;
        compose.sourceType = text(in, "sourceType") == null ? "github" : text(in, "sourceType");
        // Dokploy v0.30.2: apps/dokploy/server/api/routers/compose.ts create: the same placement checks as
        // deployTemplate (a server where Cloud or remoteServersOnly needs one, a server the key may use), then the
        // row keeps serverId
        ObjectNode server = templatePlacementServer(in);
        compose.serverId = server == null ? null : server.get("serverId").asText();
        composes.put(compose.composeId, compose);
        return compose.json(false);
    }

    private JsonNode deployTemplate(ObjectNode in) {
        String templateId = requiredNonEmpty(in, "id");
        String parent = parentOf(in);
        ObjectNode server = templatePlacement(in);
        if (!templateId.equals("supabase") && !templateId.equals("pre0.22.5-supabase")) {
            throw Problem.notFound("Template " + templateId + " not found");
        }
        String projectName =
                atLeast(0, 25) ? projects.get(environments.get(parent).projectId).name : projects.get(parent).name;
        // Dokploy v0.30.2: apps/dokploy/server/api/routers/compose.ts (deployTemplate): slugify(project + " " + id),
        // whose slugify (packages/server/src/setup/server-setup.ts) first deletes everything but letters, digits and
        // spaces, then `-<generatePassword(6)>`
        String templateSlug = dokploySlug(projectName + " " + templateId);
        String appName = templateSlug + "-" + randomText(6);
        // Dokploy v0.30.2: packages/server/src/templates/index.ts (generateRandomDomain): the slug cut at 40, a hex
        // hash and the server IP (127.0.0.1 without a server) on sslip.io since v0.29.3, traefik.me before
        String serverIp =
                server == null ? "127.0.0.1" : server.path("ipAddress").asText("127.0.0.1");
        String host = templateSlug.substring(0, Math.min(40, templateSlug.length())) + "-"
                + HexFormat.of().formatHex(randomBytes(3)) + "-" + serverIp.replace('.', '-') + "."
                + (atLeast(0, 29, 3) ? "sslip.io" : "traefik.me");
        String template;
        try {
            template = Files.readString(options.templateToml());
        } catch (IOException e) {
            throw new UncheckedIOException("Supabase template.toml unreadable: " + options.templateToml(), e);
        }
        DokployTemplate.Processed processed = DokployTemplate.process(
                template,
                new DokployTemplate.Options(host, appName, random.nextLong(), Instant.now(clock), templateGeneration));
        Compose compose = new Compose(id(), "supabase", appName, parent, now());
        SupabaseTemplates.Variant variant = supabaseTemplate;
        compose.env = SupabaseTemplates.env(variant, processed.env());
        compose.composeFile = SupabaseTemplates.derive(variant, readCompose());
        // Dokploy v0.30.2: apps/dokploy/server/api/routers/compose.ts (deployTemplate → createComposeByTemplate with
        // composeFile: template.dockerCompose and serverId: input.serverId)
        compose.serverId = server == null ? null : server.get("serverId").asText();
        compose.sourceType = "raw";
        composes.put(compose.composeId, compose);
        createTemplateMounts(compose, template, server);
        for (DokployTemplate.Domain domain : processed.domains()) {
            String service =
                    "kong".equals(domain.serviceName()) ? SupabaseTemplates.gateway(variant) : domain.serviceName();
            ObjectNode row = newDomain(compose.composeId, domain.host(), domain.port(), service);
            row.put("path", domain.path() == null ? "/" : domain.path());
            domains.put(row.get("domainId").asText(), row);
        }
        return compose.json(false);
    }

    /**
     * What deployTemplate checks before it creates anything (Dokploy v0.30.2: apps/dokploy/server/api/routers/compose.ts
     * deployTemplate): a server where Dokploy Cloud or remoteServersOnly requires one (401 UNAUTHORIZED), a server the
     * key may use (401), and a template it can fetch from {@code baseUrl} (packages/server/src/templates/github.ts
     * fetchTemplateFiles: Node's fetch fails with "fetch failed" on a server that cannot reach it, a 500). Returns the
     * chosen server's row, or null for the Dokploy host.
     */
    private ObjectNode templatePlacementServer(ObjectNode in) {
        String serverId = text(in, "serverId");
        if ((cloud || remoteServersOnly) && (serverId == null || serverId.isEmpty())) {
            throw new Problem(Answer.error(401, "UNAUTHORIZED", "You need to use a server to create a compose"));
        }
        ObjectNode server = null;
        if (serverId != null && !serverId.isEmpty()) {
            server = servers.get(serverId);
            if (server == null) {
                throw new Problem(Answer.error(401, "UNAUTHORIZED", "You are not authorized to access this server"));
            }
        }
        return server;
    }

    private ObjectNode templatePlacement(ObjectNode in) {
        ObjectNode server = templatePlacementServer(in);
        String baseUrl = text(in, "baseUrl");
        boolean reachable = baseUrl == null
                ? !templatesOffline
                : reachableTemplateSources.contains(baseUrl)
                        || (baseUrl.equals(DEFAULT_TEMPLATES) && !templatesOffline);
        if (!reachable) {
            throw new Problem(Answer.error(500, "INTERNAL_SERVER_ERROR", "fetch failed"));
        }
        return server;
    }

    static final String DEFAULT_TEMPLATES = "https://templates.dokploy.com";

    /**
     * What Dokploy appends to the log of every failed deploy, after the command's own output (Dokploy v0.30.2:
     * packages/server/src/services/compose.ts deployCompose, {@code echo "\nError occurred ❌, check the logs for details."}).
     */
    static final List<String> FAILED_DEPLOY_TRAILER = List.of("", "Error occurred ❌, check the logs for details.");

    /**
     * The template's file mounts, one row each, written before the domains. On a remote server without an SSH key the
     * first one fails after its row was inserted, and the compose stays half-made: no more mounts, no domain (Dokploy
     * v0.30.2: packages/server/src/services/mount.ts createMount / createFileMount,
     * packages/server/src/utils/process/execAsync.ts execAsyncRemote "No SSH key available for this server").
     */
    private void createTemplateMounts(Compose compose, String templateToml, ObjectNode server) {
        for (ObjectNode mount : fileMounts(templateToml, compose.composeId)) {
            compose.mounts.add(mount);
            if (server != null && server.path("sshKeyId").isNull()) {
                throw Problem.wrapped("Error Error creating the mount No SSH key available for this server");
            }
        }
    }

    /** Dokploy v0.30.2: apps/dokploy/server/api/routers/server.ts all: the rows with a count of their services. */
    private JsonNode serverAll() {
        ArrayNode list = JSON.createArrayNode();
        List<ObjectNode> rows = new ArrayList<>(servers.values());
        java.util.Collections.reverse(rows); // orderBy(desc(createdAt))
        for (ObjectNode row : rows) {
            String serverId = row.get("serverId").asText();
            list.add(row.deepCopy().put("totalSum", (int) composes.values().stream()
                    .filter(c -> serverId.equals(c.serverId))
                    .count()));
        }
        return list;
    }

    /**
     * Dokploy: packages/server/src/db/schema/destination.ts apiCreateDestination (name, provider, accessKey, bucket,
     * region, endpoint, secretAccessKey required; additionalFlags default []), services/destination.ts
     * createDestination: the inserted row, returned whole, keys included; no connection check.
     */
    private JsonNode destinationCreate(ObjectNode in) {
        ObjectNode row = JSON.createObjectNode()
                .put("destinationId", id())
                .put("name", requiredNonEmpty(in, "name"))
                .put("provider", required(in, "provider"))
                .put("accessKey", required(in, "accessKey"))
                .put("secretAccessKey", required(in, "secretAccessKey"))
                .put("bucket", required(in, "bucket"))
                .put("region", required(in, "region"))
                .put("endpoint", required(in, "endpoint"));
        ArrayNode flags = row.putArray("additionalFlags");
        in.path("additionalFlags").forEach(f -> flags.add(f.asText()));
        row.put("organizationId", "sim-organization").put("createdAt", now());
        synchronized (this) {
            destinations.put(row.get("destinationId").asText(), row);
        }
        return row.deepCopy();
    }

    /** destination.one: findDestinationById, the whole row (secretAccessKey too) to a reader of the organization. */
    private synchronized JsonNode destinationOne(String destinationId) {
        ObjectNode row = destinations.get(destinationId);
        if (row == null) {
            throw Problem.notFound("Destination not found");
        }
        return row.deepCopy();
    }

    /** destination.all: the organization's destinations, orderBy(desc(createdAt)). */
    private synchronized JsonNode destinationAll() {
        ArrayNode list = JSON.createArrayNode();
        List<ObjectNode> rows = new ArrayList<>(destinations.values());
        java.util.Collections.reverse(rows);
        rows.forEach(r -> list.add(r.deepCopy()));
        return list;
    }

    /**
     * Dokploy v0.30.2: apps/dokploy/server/api/routers/server.ts create, packages/server/src/db/schema/server.ts
     * apiCreateServer: no connection check, so a server without SSH key is "active" at once.
     */
    private JsonNode serverCreate(ObjectNode in) {
        String name = requiredNonEmpty(in, "name");
        String ip = requiredNonEmpty(in, "ipAddress");
        ObjectNode row = JSON.createObjectNode()
                .put("serverId", id())
                .put("name", name)
                .put("description", text(in, "description"))
                .put("ipAddress", ip)
                .put("port", in.path("port").asInt(22))
                .put("username", text(in, "username") == null ? "root" : text(in, "username"))
                .put("appName", "dokploy-server-" + randomText(6))
                .put("enableDockerCleanup", in.path("enableDockerCleanup").asBoolean(true))
                .put("buildsConcurrency", 1)
                .put("createdAt", now())
                .put("organizationId", "sim-organization")
                .put("serverStatus", "active")
                .put("serverType", text(in, "serverType") == null ? "deploy" : text(in, "serverType"))
                .put("command", "");
        if (text(in, "sshKeyId") == null) {
            row.putNull("sshKeyId");
        } else {
            row.put("sshKeyId", text(in, "sshKeyId"));
        }
        servers.put(row.get("serverId").asText(), row);
        return row.deepCopy();
    }

    /** Dokploy v0.30.2: apps/dokploy/server/api/routers/compose.ts delete: the row (domains, mounts with it) first. */
    private JsonNode composeDelete(ObjectNode in) {
        Compose compose = compose(required(in, "composeId"));
        if (!in.path("deleteVolumes").isBoolean()) {
            throw Problem.badRequest("deleteVolumes: Required");
        }
        ObjectNode row = compose.json(false);
        removeComposes(List.of(compose.composeId));
        return row;
    }

    /** Dokploy v0.30.2: apps/dokploy/server/api/routers/project.ts remove: environments and services cascade. */
    private JsonNode projectRemove(ObjectNode in) {
        Project project = project(required(in, "projectId"));
        ObjectNode row = project.json(false);
        List<String> parents = new ArrayList<>(List.of(project.projectId));
        environmentsOf(project.projectId).forEach(e -> parents.add(e.environmentId));
        removeComposes(composes.values().stream()
                .filter(c -> parents.contains(c.parentId))
                .map(c -> c.composeId)
                .toList());
        parents.forEach(environments::remove);
        projects.remove(project.projectId);
        return row;
    }

    /** Dokploy v0.30.2: apps/dokploy/server/api/routers/environment.ts remove: never the default environment. */
    private JsonNode environmentRemove(ObjectNode in) {
        Environment environment = environment(required(in, "environmentId"));
        if (environment.isDefault) {
            throw new Problem(Answer.error(400, "BAD_REQUEST", "You cannot delete the default environment"));
        }
        ObjectNode row = environment.json(false);
        removeComposes(composesIn(environment.environmentId).stream()
                .map(c -> c.composeId)
                .toList());
        environments.remove(environment.environmentId);
        return row;
    }

    private void removeComposes(List<String> ids) {
        for (String id : ids) {
            composes.remove(id);
            domains.values().removeIf(d -> id.equals(d.path("composeId").asText(null)));
        }
    }

    /**
     * Dokploy v0.30.2: apps/dokploy/server/api/routers/compose.ts (deployTemplate → createMount) and
     * packages/server/src/templates/processors.ts (processMounts): one {@code file} mount per {@code [[config.mounts]]}
     * with an empty mountPath. The content is kept as the template has it (Dokploy also substitutes template
     * variables in it; no caller reads mount contents).
     */
    @SuppressWarnings("unchecked")
    private List<ObjectNode> fileMounts(String template, String composeId) {
        Map<String, Object> config =
                (Map<String, Object>) DokployTemplate.parse(template).get("config");
        List<ObjectNode> mounts = new ArrayList<>();
        Object declared = config == null ? null : config.get("mounts");
        if (declared instanceof List<?> list) {
            for (Object item : list) {
                Map<String, Object> mount = (Map<String, Object>) item;
                mounts.add(JSON.createObjectNode()
                        .put("mountId", id())
                        .put("type", "file")
                        .putNull("hostPath")
                        .putNull("volumeName")
                        .put("filePath", String.valueOf(mount.get("filePath")))
                        .put("content", mount.get("content") == null ? null : String.valueOf(mount.get("content")))
                        .put("serviceType", "compose")
                        .put("mountPath", "")
                        .put("composeId", composeId));
            }
        }
        return mounts;
    }

    /**
     * Dokploy v0.30.2: apps/dokploy/server/api/routers/mount.ts (create) and packages/server/src/db/schema/mount.ts
     * (apiCreateMount: type, mountPath of at least one character, serviceId required; serviceType defaults to
     * application), packages/server/src/services/mount.ts (createMount: the row, then a file mount's file; every
     * failure, an unknown compose's foreign key included, rewrapped as 400 "Error …"). Compose mounts only: the
     * simulator has no other services.
     */
    private JsonNode mountCreate(ObjectNode in) {
        String type = required(in, "type");
        if (!List.of("bind", "volume", "file").contains(type)) {
            throw Problem.badRequest(
                    "type: Invalid enum value. Expected 'bind' | 'volume' | 'file', received '" + type + "'");
        }
        String mountPath = required(in, "mountPath");
        if (mountPath.isEmpty()) {
            throw Problem.badRequest("mountPath: String must contain at least 1 character(s)");
        }
        String serviceId = requiredNonEmpty(in, "serviceId");
        String serviceType = text(in, "serviceType") == null ? "application" : text(in, "serviceType");
        Compose compose = "compose".equals(serviceType) ? composes.get(serviceId) : null;
        if (compose == null) {
            throw Problem.wrapped("Error Failed query: insert into \"mount\" … violates foreign key constraint");
        }
        ObjectNode row = JSON.createObjectNode()
                .put("mountId", id())
                .put("type", type)
                .put("hostPath", text(in, "hostPath"))
                .put("volumeName", text(in, "volumeName"))
                .put("filePath", text(in, "filePath"))
                .put("content", text(in, "content"))
                .put("serviceType", serviceType)
                .put("mountPath", mountPath)
                .put("composeId", compose.composeId);
        compose.mounts.add(row);
        return row.deepCopy();
    }

    /**
     * Dokploy v0.30.2: routers/mount.ts (update: findMountById first, NOT_FOUND "Mount not found"), schema/mount.ts
     * (apiUpdateMount: every field optional, mountPath still at least one character), services/mount.ts (updateMount:
     * the fields given, then a file mount's file rewritten; answers the row).
     */
    private JsonNode mountUpdate(ObjectNode in) {
        String mountId = required(in, "mountId");
        ObjectNode row = composes.values().stream()
                .flatMap(c -> c.mounts.stream())
                .filter(m -> mountId.equals(m.path("mountId").asText()))
                .findFirst()
                .orElseThrow(() -> Problem.notFound("Mount not found"));
        if (in.has("mountPath") && in.path("mountPath").asText("").isEmpty()) {
            throw Problem.badRequest("mountPath: String must contain at least 1 character(s)");
        }
        for (String field : List.of("type", "hostPath", "volumeName", "filePath", "content", "mountPath")) {
            if (in.has(field)) {
                row.set(field, in.get(field));
            }
        }
        return row.deepCopy();
    }

    private String readCompose() {
        Path file = options.templateToml().resolveSibling("docker-compose.yml");
        try {
            return Files.isRegularFile(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Dokploy v0.30.2: packages/server/src/services/compose.ts ({@code updateCompose}): a partial update that drops
     * appName and answers the updated row — nothing (200, empty body) when no compose has the id.
     */
    private JsonNode composeUpdate(ObjectNode in) {
        Compose compose = composes.get(required(in, "composeId"));
        if (compose == null) {
            return null;
        }
        if (in.has("name")) {
            compose.name = requiredNonEmpty(in, "name");
        }
        if (in.has("description")) {
            compose.description = text(in, "description");
        }
        if (in.has("env")) {
            compose.env = text(in, "env");
            compose.undecryptable = false;
        }
        if (in.has("composeFile")) {
            compose.composeFile = text(in, "composeFile");
        }
        if (in.has("sourceType")) {
            compose.sourceType = requiredNonEmpty(in, "sourceType");
        }
        return compose.json(false);
    }

    /**
     * Dokploy v0.30.2: apps/dokploy/server/api/routers/compose.ts ({@code saveEnvironment}): {@code env} is required
     * but may be null, and is stored as sent (null stays null); an unknown compose is wrapped as 400.
     */
    private JsonNode saveEnvironment(ObjectNode in) {
        String composeId = required(in, "composeId");
        if (!in.has("env")) {
            throw Problem.badRequest("env: Required");
        }
        Compose compose = composes.get(composeId);
        if (compose == null) {
            throw Problem.wrapped("Error adding environment variables");
        }
        compose.env = in.get("env").isNull() ? null : in.get("env").asText();
        compose.undecryptable = false; // encrypted with the key Dokploy has now
        return JSON.getNodeFactory().booleanNode(true);
    }

    private JsonNode deploy(ObjectNode in) {
        Compose compose = compose(required(in, "composeId"));
        ObjectNode deployment = JSON.createObjectNode()
                .put("deploymentId", id())
                .put("title", text(in, "title") == null ? "Manual deployment" : text(in, "title"))
                .put("description", text(in, "description") == null ? "" : text(in, "description"))
                .put("status", "running")
                .put("logPath", "/etc/dokploy/logs/" + compose.appName + "/" + compose.appName + "-" + now() + ".log")
                .put("composeId", compose.composeId)
                .put("createdAt", now())
                .put("startedAt", now())
                .putNull("finishedAt")
                .putNull("errorMessage");
        compose.deployments.add(0, deployment); // newest first, as Dokploy lists them
        compose.status = "running";
        // the .env Dokploy writes for this deploy (Dokploy v0.30.2: packages/server/src/utils/builders/compose.ts
        // getCreateEnvFileCommand); a reference it cannot resolve fails the deploy before docker runs
        DeployedEnvFile.Outcome envFile = DeployedEnvFile.write(
                version, compose.appName, compose.env, projectEnvOf(compose), environmentEnvOf(compose), vault);
        compose.envFileError = envFile.error();
        String envAtDeploy = envFile.text();
        boolean fails = deployFails || envFile.error() != null;
        String sick = sickService;
        Sickness how = sickness;
        compose.starting = true; // containers of the last deploy, if any, are being recreated
        String deploymentId = deployment.get("deploymentId").asText();
        pendingDeploys.put(
                deploymentId,
                deployer.schedule(
                        () -> {
                            pendingDeploys.remove(deploymentId);
                            finishDeploy(compose, deployment, envAtDeploy, fails, sick, how);
                        },
                        deployDuration.toMillis(),
                        TimeUnit.MILLISECONDS));
        return JSON.createObjectNode()
                .put("success", true)
                .put("message", "Deployment queued")
                .put("composeId", compose.composeId);
    }

    /**
     * The deploy's outcome as Dokploy records it. Dokploy v0.30.2: packages/server/src/services/compose.ts
     * (deployCompose: status done or error; errorMessage stays null, the output goes to logPath) and
     * packages/server/src/utils/builders/compose.ts (the script: a boxed header, Docker's output, then
     * "Error: ❌ Docker command failed" when docker compose exits non-zero). {@code docker compose up -d} starts the
     * compose file's services; one whose {@code depends_on} waits for a dependency that never turns healthy stays
     * {@code Created}, and compose exits 1 ("dependency failed to start").
     */
    private void finishDeploy(
            Compose compose, ObjectNode deployment, String env, boolean fails, String sick, Sickness how) {
        synchronized (lock) {
            if (!"running".equals(deployment.path("status").asText())) {
                return; // cancelled meanwhile
            }
            deployment.put("finishedAt", now());
            compose.starting = false;
            String id = deployment.get("deploymentId").asText();
            List<String> log = new ArrayList<>(deployHeader(compose));
            ComposeFile file = ComposeFile.parse(compose.composeFile);
            if (fails || file == null) {
                log.add(
                        file == null
                                ? "validating " + compose.appName + "/docker-compose.yml: services must be a mapping"
                                : "service \"db\" didn't complete successfully: exit 1");
                log.add("Error: ❌ Docker command failed");
                log.addAll(FAILED_DEPLOY_TRAILER);
                deploymentLogs.put(id, String.join("\n", log) + "\n");
                deployment.put("status", "error");
                compose.status = "error";
                return;
            }
            compose.deployedEnv = env;
            compose.generation++;
            compose.upSince = Instant.now(clock);
            compose.stopped = false; // `docker compose up` starts what a stop left exited
            compose.sickService = sick;
            compose.sickness = how;
            compose.file = file;
            compose.containersUp.clear();
            compose.containersUp.addAll(file.services());
            compose.created.clear();
            if (sick != null && file.services().contains(sick)) {
                compose.created.addAll(file.waitingOn(sick));
            }
            for (String service : file.services()) {
                log.add(" Container " + compose.appName + "-" + service + "-1  "
                        + (compose.created.contains(service) ? "Created" : "Started"));
            }
            if (!compose.created.isEmpty()) {
                log.add("dependency failed to start: container " + compose.appName + "-" + sick + "-1 is unhealthy");
                log.add("Error: ❌ Docker command failed");
                log.addAll(FAILED_DEPLOY_TRAILER);
                deployment.put("status", "error");
                compose.status = "error";
            } else {
                log.add("Docker Compose Deployed: ✅");
                deployment.put("status", "done");
                compose.status = "done";
            }
            deploymentLogs.put(id, String.join("\n", log) + "\n");
        }
    }

    private static List<String> deployHeader(Compose compose) {
        return List.of(
                "╔══════════════════════════════════════════════════════════════════════════════╗",
                "║ App Name: " + compose.appName,
                "║ Build Compose 🐳",
                "╚══════════════════════════════════════════════════════════════════════════════╝",
                "Initializing deployment");
    }

    /**
     * {@code deployment.readLogs}: {@code tail -n N} of the deployment's logPath, "" without one.
     * Dokploy v0.30.2: apps/dokploy/server/api/routers/deployment.ts (readLogs)
     */
    private JsonNode deploymentLog(ObjectNode in) {
        String deploymentId = requiredNonEmpty(in, "deploymentId");
        int tail = intParam(in, "tail", 100, 1, 10000);
        boolean known = composes.values().stream()
                .flatMap(c -> c.deployments.stream())
                .anyMatch(d -> deploymentId.equals(d.path("deploymentId").asText()));
        if (!known) {
            throw Problem.notFound("Deployment not found");
        }
        String text = deploymentLogs.getOrDefault(deploymentId, "");
        List<String> lines = text.lines().toList();
        List<String> last = lines.subList(Math.max(0, lines.size() - tail), lines.size());
        return JSON.getNodeFactory().textNode(last.isEmpty() ? "" : String.join("\n", last) + "\n");
    }

    private String projectEnvOf(Compose compose) {
        if (atLeast(0, 25)) {
            Environment environment = environments.get(compose.parentId);
            return environment == null ? "" : projects.get(environment.projectId).env;
        }
        Project project = projects.get(compose.parentId);
        return project == null ? "" : project.env;
    }

    private String environmentEnvOf(Compose compose) {
        Environment environment = atLeast(0, 25) ? environments.get(compose.parentId) : null;
        return environment == null ? "" : environment.env;
    }

    private JsonNode stop(Compose compose) {
        compose.stopped = true;
        compose.stoppedAt = Instant.now(clock);
        compose.status = "idle";
        return JSON.getNodeFactory().booleanNode(true);
    }

    /** Start brings the same containers back; it does not re-read the env (only a deploy does). */
    private JsonNode start(Compose compose) {
        compose.stopped = false;
        compose.upSince = Instant.now(clock);
        compose.status = "done";
        return JSON.getNodeFactory().booleanNode(true);
    }

    private JsonNode deployments(Compose compose) {
        ArrayNode list = JSON.createArrayNode();
        compose.deployments.forEach(deployment -> list.add(deployment.deepCopy()));
        return list;
    }

    private ArrayNode domainsOf(String composeId) {
        ArrayNode list = JSON.createArrayNode();
        domains.values().stream()
                .filter(d -> composeId.equals(d.path("composeId").asText(null)))
                .forEach(d -> list.add(d.deepCopy()));
        return list;
    }

    private ObjectNode domain(String domainId) {
        ObjectNode domain = domains.get(domainId);
        if (domain == null) {
            throw Problem.notFound("Domain not found");
        }
        return domain;
    }

    private ObjectNode newDomain(String composeId, String host, int port, String serviceName) {
        ObjectNode row = JSON.createObjectNode()
                .put("domainId", id())
                .put("host", host)
                .put("https", false)
                .put("port", port)
                .put("path", "/")
                .put("serviceName", serviceName)
                .put("domainType", "compose")
                .putNull("uniqueConfigKey")
                .put("createdAt", now())
                .put("composeId", composeId)
                .putNull("customCertResolver")
                .putNull("applicationId")
                .putNull("previewDeploymentId")
                .put("certificateType", "none")
                .put("internalPath", "/")
                .put("stripPath", false)
                // Dokploy v0.30.2: packages/server/src/db/schema/domain.ts (column defaults)
                .putNull("customEntrypoint")
                .put("forwardAuthEnabled", false)
                .put("enabled", true);
        row.putArray("middlewares");
        return row;
    }

    /**
     * Dokploy v0.30.2: packages/server/src/db/schema/domain.ts (apiCreateDomain: the fields of
     * packages/server/src/db/validations/domain.ts without its superRefine, so https without certificateType is taken
     * and stored with the default {@code none}) and the column defaults (port 3000, enabled). A compose that does not
     * exist fails the insert, which apps/dokploy/server/api/routers/domain.ts wraps as 400.
     */
    private JsonNode domainCreate(ObjectNode in) {
        String host = validHost(in);
        String composeId = text(in, "composeId");
        if (composeId == null && text(in, "applicationId") == null) {
            throw Problem.badRequest("composeId: Required for a compose domain");
        }
        if (composeId != null && memberKey && foreign.contains(composeId)) {
            // checkServicePermissionAndAccess (services/permission.ts), rewrapped by domain.create's catch-all as 400
            throw new Problem(Answer.error(400, "BAD_REQUEST", "You don't have access to this service"));
        }
        if (composeId != null && !composes.containsKey(composeId)) {
            // Dokploy v0.30.2: routers/domain.ts create rewraps every error as 400 with its message; createDomain
            // (services/domain.ts) inserts straight away, so an unknown compose is drizzle-orm 0.45's
            // DrizzleQueryError over the foreign key domain_composeId_compose_composeId_fk
            throw new Problem(Answer.error(
                    400,
                    "BAD_REQUEST",
                    "Failed query: insert into \"domain\" (\"domainId\", \"host\", "
                            + "\"https\", \"port\", \"path\", \"serviceName\", \"domainType\", \"composeId\") values ($1, $2, $3, $4, $5, $6, $7, "
                            + "$8) returning *\nparams: " + host + ","
                            + in.path("https").asBoolean(false) + ","
                            + in.path("port").asInt(3000)
                            + "," + composeId));
        }
        ObjectNode row = newDomain(composeId, host, in.path("port").asInt(3000), text(in, "serviceName"));
        applyDomainFields(row, in);
        domains.put(row.get("domainId").asText(), row);
        return row.deepCopy();
    }

    private JsonNode domainUpdate(ObjectNode in) {
        String domainId = required(in, "domainId");
        validHost(in);
        ObjectNode row = domain(domainId);
        applyDomainFields(row, in);
        return row.deepCopy();
    }

    /**
     * Dokploy v0.30.2: packages/server/src/db/validations/domain.ts (host: no surrounding spaces, then
     * VALID_HOSTNAME_REGEX of packages/server/src/utils/hostname-validation.ts: RFC 1123 labels, no underscores).
     */
    private static String validHost(ObjectNode in) {
        String host = required(in, "host");
        if (host.isEmpty()) {
            throw Problem.badRequest("host: Add a hostname");
        }
        if (!host.equals(host.strip())) {
            throw Problem.badRequest("host: Domain name cannot have leading or trailing spaces");
        }
        if (!host.matches(
                "^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\\.)*[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?$")) {
            throw Problem.badRequest(
                    "host: Invalid domain name. Use only letters, numbers, hyphens and dots (e.g. example.com). "
                            + "Underscores are not allowed.");
        }
        return host;
    }

    private static void applyDomainFields(ObjectNode row, ObjectNode in) {
        for (String field : List.of(
                "host",
                "path",
                "port",
                "https",
                "certificateType",
                "serviceName",
                "customCertResolver",
                "internalPath",
                "stripPath",
                "domainType")) {
            if (in.has(field)) {
                row.set(field, in.get(field));
            }
        }
        String certificate = row.path("certificateType").asText();
        if (!List.of("letsencrypt", "none", "custom").contains(certificate)) {
            throw Problem.badRequest("certificateType: Invalid enum value. Expected 'letsencrypt' | 'none' | 'custom'");
        }
    }

    private JsonNode containers(ObjectNode in) {
        String appName = requiredNonEmpty(in, "appName");
        if (!appName.matches("^[a-zA-Z0-9.\\-_]+$")) {
            throw Problem.badRequest("appName: Invalid");
        }
        ArrayNode list = JSON.createArrayNode();
        // Dokploy v0.30.2: packages/server/src/services/docker.ts (getContainersByAppNameMatch): with
        // appType docker-compose, `docker ps -a --filter label=com.docker.compose.project=<appName>` (the exact
        // project),
        // run on serverId when given and on Dokploy's own host otherwise; any Docker error answers [].
        String serverId = text(in, "serverId") == null || text(in, "serverId").isEmpty() ? null : text(in, "serverId");
        if (dockerUnreachable) {
            return list;
        }
        for (Compose compose : composes.values()) {
            boolean sameProject = "docker-compose".equals(text(in, "appType"))
                    ? compose.appName.equals(appName)
                    : (compose.appName + "-").contains(appName); // without appType: `grep '^.*Name: <appName>'`
            if (!sameProject || !Objects.equals(serverId, compose.serverId)) {
                continue;
            }
            for (String service : compose.containersUp) {
                String name = compose.appName + "-" + service + "-1";
                list.add(JSON.createObjectNode()
                        .put("containerId", containerId(name, compose.generation))
                        .put("name", name)
                        .put("state", compose.state(service))
                        .put("status", compose.status(service, Instant.now(clock))));
            }
        }
        return list;
    }

    /**
     * Dokploy v0.30.2: {@code apps/dokploy/server/api/routers/compose.ts} readLogs (zod input, org check) and
     * {@code packages/server/src/services/docker.ts} getContainerLogs: {@code docker container logs --timestamps
     * --tail N [--since S] ID 2>&1 [| grep -iF 'SEARCH']} on the compose's server, stdout returned as it is (trailing
     * newline included). A failed command with output still answers its output (Docker's "No such container" is a
     * 200); one without output, as grep's no-match is, is rethrown: HTTP 500 with execAsync's message locally and
     * execAsyncRemote's "Remote command failed with exit code 1" on a remote server.
     */
    private JsonNode readLogs(ObjectNode in) {
        String composeId = required(in, "composeId");
        String containerId = requiredNonEmpty(in, "containerId");
        if (!containerId.matches("^[a-zA-Z0-9.\\-_]+$")) {
            throw Problem.badRequest("containerId: Invalid container id.");
        }
        int tail = intParam(in, "tail", 100, 1, 10000);
        String since = text(in, "since") == null ? "all" : text(in, "since");
        if (!since.matches("^(all|\\d+[smhd])$")) {
            throw Problem.badRequest("since: Invalid since format");
        }
        String search = text(in, "search") == null ? "" : text(in, "search");
        if (!search.matches("^[a-zA-Z0-9 ._-]{0,500}$")) {
            throw Problem.badRequest("search: Invalid");
        }
        Compose compose = compose(ownCompose(composeId));
        String serverId = serverIdOf(compose);
        String command = "docker container logs --timestamps --tail " + tail + " "
                + (since.equals("all") ? "" : "--since " + since) + " " + containerId;
        StringBuilder output = new StringBuilder();
        Optional<LogSocket.Log> log = containerLog(serverId, containerId);
        if (log.isEmpty()) {
            output.append("Error response from daemon: No such container: ")
                    .append(containerId)
                    .append('\n');
        } else if (since.endsWith("d")) {
            output.append("invalid value for \"since\": failed to parse value as time or duration: \"")
                    .append(since)
                    .append("\"\n");
        } else {
            Instant cutoff =
                    since.equals("all") ? Instant.EPOCH : Instant.now(clock).minus(parseSince(since));
            List<String> lines = new ArrayList<>();
            for (String[] line : log.get().lines()) {
                if (!Instant.parse(line[0]).isBefore(cutoff)) {
                    lines.add(line[0] + " " + line[1]);
                }
            }
            lines.subList(Math.max(0, lines.size() - tail), lines.size())
                    .forEach(l -> output.append(l).append('\n'));
        }
        String text = output.toString();
        if (!search.isEmpty()) {
            String wanted = search.toLowerCase(Locale.ROOT);
            StringBuilder hits = new StringBuilder();
            text.lines()
                    .filter(l -> l.toLowerCase(Locale.ROOT).contains(wanted))
                    .forEach(l -> hits.append(l).append('\n'));
            if (hits.isEmpty()) {
                String full = command + " 2>&1 | grep -iF '" + search + "'";
                throw new Problem(Answer.error(
                        500,
                        "INTERNAL_SERVER_ERROR",
                        serverId != null
                                ? "Remote command failed with exit code 1"
                                : "Command execution failed: Command failed: " + full + "\n"));
            }
            text = hits.toString();
        }
        return JSON.getNodeFactory().textNode(text);
    }

    /**
     * The compose's {@code serverId} as {@code compose.one} shows it (null: Dokploy's own host). Read from the row's
     * JSON so that wherever the simulator keeps servers, logs follow it.
     */
    private String serverIdOf(Compose compose) {
        JsonNode id = compose.json(false).get("serverId");
        return id == null || id.isNull() || id.asText().isEmpty() ? null : id.asText();
    }

    /** The id, unless {@link #foreignOrganization} gave it to another organization: then the procedure's own 401. */
    private String own(String id, String what) {
        if (foreign.contains(id)) {
            throw new Problem(Answer.error(401, "UNAUTHORIZED", "You are not authorized to access this " + what));
        }
        return id;
    }

    /**
     * compose.one / compose.readLogs compare {@code compose.environment.project.organizationId} with the key's
     * (routers/compose.ts): a compose is another organization's when it, its environment or its project is.
     */
    private String ownCompose(String composeId) {
        Compose compose = composes.get(composeId);
        Environment environment = compose == null ? null : environments.get(compose.parentId);
        if (compose != null
                && (foreign.contains(compose.parentId)
                        || (environment != null && foreign.contains(environment.projectId)))) {
            throw new Problem(Answer.error(401, "UNAUTHORIZED", "You are not authorized to access this compose"));
        }
        return own(composeId, "compose");
    }

    /** environment.one's check (routers/environment.ts): another organization's environment is 403 FORBIDDEN. */
    private String ownEnvironment(String id) {
        Environment environment = environments.get(id);
        if (foreign.contains(id) || (environment != null && foreign.contains(environment.projectId))) {
            throw new Problem(Answer.error(403, "FORBIDDEN", "You are not allowed to access this environment"));
        }
        return id;
    }

    /** One better-auth check of the key: false once a rate-limited key has used up its requests. */
    private boolean keyCheck() {
        return keyChecksLeft.getAndUpdate(n -> n > 0 ? n - 1 : n) != 0;
    }

    /** canAccessDockerOverWss (wss/authorize.ts, v0.29.13+): owners pass; a member needs the service named. */
    private LogSocket.Access logAccess() {
        boolean checked = atLeast(0, 30) || version.matches("^v?0\\.29\\.(1[3-9]|[2-9]\\d).*");
        if (!memberKey) {
            return new LogSocket.Access(checked, true, id -> true);
        }
        return new LogSocket.Access(checked, false, id -> {
            synchronized (lock) {
                return composes.containsKey(id) && !foreign.contains(id);
            }
        });
    }

    /**
     * What {@code docker logs} of a container on a server (null: Dokploy's own host) would show now; empty when that
     * host has no such container. Containers live on their compose's server.
     */
    private Optional<LogSocket.Log> containerLog(String serverId, String containerId) {
        synchronized (lock) {
            for (Compose compose : composes.values()) {
                if (!Objects.equals(serverId, serverIdOf(compose))) {
                    continue;
                }
                Optional<String> service = compose.serviceOfContainer(containerId);
                if (service.isPresent()) {
                    return Optional.of(
                            new LogSocket.Log(compose.logLines(service.get(), Instant.now(clock)), !compose.stopped));
                }
            }
            return Optional.empty();
        }
    }

    // ---- lookups and input checks ------------------------------------------------------------------------

    private Project project(String projectId) {
        Project project = projects.get(projectId);
        if (project == null) {
            throw Problem.notFound("Project not found");
        }
        return project;
    }

    private Environment environment(String environmentId) {
        Environment environment = environments.get(environmentId);
        if (environment == null) {
            throw Problem.notFound("Environment not found");
        }
        return environment;
    }

    private Compose compose(String composeId) {
        Compose compose = composes.get(composeId);
        if (compose == null) {
            throw Problem.notFound("Compose not found");
        }
        return compose;
    }

    private List<Environment> environmentsOf(String projectId) {
        return environments.values().stream()
                .filter(e -> e.projectId.equals(projectId))
                .toList();
    }

    private List<Compose> composesIn(String parentId) {
        return composes.values().stream()
                .filter(c -> c.parentId.equals(parentId))
                .toList();
    }

    /** zod's message for a missing field; the documented issue item has only {@code message}, so the path goes in it. */
    private static String required(ObjectNode in, String field) {
        JsonNode value = in.get(field);
        if (value == null || value.isNull()) {
            throw Problem.badRequest(field + ": Required");
        }
        if (!value.isTextual()) {
            throw Problem.badRequest(field + ": Expected string, received "
                    + value.getNodeType().name().toLowerCase(Locale.ROOT));
        }
        return value.asText();
    }

    private static String requiredNonEmpty(ObjectNode in, String field) {
        String value = required(in, field);
        if (value.isEmpty()) {
            throw Problem.badRequest(field + ": String must contain at least 1 character(s)");
        }
        return value;
    }

    private static String text(ObjectNode in, String field) {
        JsonNode value = in.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static int intParam(ObjectNode in, String field, int fallback, int min, int max) {
        JsonNode value = in.get(field);
        if (value == null) {
            return fallback;
        }
        try {
            int number = Integer.parseInt(value.asText());
            if (number < min || number > max) {
                throw Problem.badRequest(field + ": Number must be between " + min + " and " + max);
            }
            return number;
        } catch (NumberFormatException e) {
            throw Problem.badRequest(field + ": Expected number, received string");
        }
    }

    private static Duration parseSince(String since) {
        long amount = Long.parseLong(since.substring(0, since.length() - 1));
        return switch (since.charAt(since.length() - 1)) {
            case 's' -> Duration.ofSeconds(amount);
            case 'm' -> Duration.ofMinutes(amount);
            case 'h' -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
    }

    private boolean atLeast(int major, int minor, int patch) {
        String[] parts = version.replaceFirst("^v", "").split("[.-]");
        int actualPatch = parts.length > 2 && parts[2].matches("\\d+") ? Integer.parseInt(parts[2]) : 0;
        return atLeast(major, minor + 1) || (atLeast(major, minor) && actualPatch >= patch);
    }

    private boolean atLeast(int major, int minor) {
        String[] parts = version.replaceFirst("^v", "").split("[.-]");
        int actualMajor = Integer.parseInt(parts[0]);
        int actualMinor = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
        return actualMajor > major || (actualMajor == major && actualMinor >= minor);
    }

    // ---- helpers -----------------------------------------------------------------------------------------

    /** Dokploy ids are nanoid(): 21 characters of [A-Za-z0-9_-]. */
    private String id() {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";
        StringBuilder id = new StringBuilder();
        for (int i = 0; i < 21; i++) {
            id.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return id.toString();
    }

    private String randomText(int length) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            text.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return text.toString();
    }

    private byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        random.nextBytes(bytes);
        return bytes;
    }

    private String now() {
        return Instant.now(clock).toString();
    }

    /** Dokploy's {@code slugify} (packages/server/src/setup/server-setup.ts): punctuation deleted first, then slugged. */
    static String dokploySlug(String text) {
        String cleaned = text.strip().replaceAll("[^a-zA-Z0-9\\s]", "");
        return cleaned.toLowerCase(Locale.ROOT).strip().replaceAll("\\s+", "-");
    }

    static String slug(String name) {
        String slug =
                name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-+|-+$)", "");
        return slug.isEmpty() ? "app" : slug;
    }

    /** A stable 64-hex id per container name and deploy (a redeploy recreates the containers). */
    static String containerId(String name, int generation) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((name + "#" + generation).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> parseQuery(String rawQuery) {
        Map<String, String> query = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return query;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            query.put(name, value);
        }
        return query;
    }

    private static String reason(int status) {
        return switch (status) {
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> "Error " + status;
        };
    }

    private static void sleep(Duration delay) {
        if (delay.isZero()) {
            return;
        }
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    // ---- state -------------------------------------------------------------------------------------------

    private final class Project {
        final String projectId;
        String name;
        final String description;
        final String createdAt;
        String env;

        Project(String projectId, String name, String description, String createdAt, String env) {
            this.projectId = projectId;
            this.name = name;
            this.description = description;
            this.createdAt = createdAt;
            this.env = env;
        }

        ObjectNode json(boolean nested) {
            ObjectNode node = JSON.createObjectNode()
                    .put("projectId", projectId)
                    .put("name", name)
                    .put("description", description)
                    .put("createdAt", createdAt)
                    .put("organizationId", "sim-organization")
                    .put("env", env);
            if (nested) {
                return one();
            }
            return node;
        }

        /** An entry of project.all (apps/dokploy/server/api/routers/project.ts). */
        ObjectNode listed() {
            ObjectNode node = json(false);
            if (atLeast(0, 25)) {
                ArrayNode list = node.putArray("environments");
                environmentsOf(projectId).forEach(environment -> list.add(environment.listed()));
            } else {
                ArrayNode list = node.putArray("compose");
                composesIn(projectId).forEach(compose -> list.add(compose.listed()));
            }
            node.putArray("projectTags");
            return node;
        }

        /**
         * project.one: Dokploy v0.30.2: packages/server/src/services/project.ts ({@code findProjectById}): environments
         * with their columns, compose entries as {@code serviceColumns} plus composeId, composeStatus and server{name}.
         */
        ObjectNode one() {
            ObjectNode node = json(false);
            if (atLeast(0, 25)) {
                ArrayNode list = node.putArray("environments");
                environmentsOf(projectId).forEach(environment -> list.add(environment.inProjectOne()));
            } else {
                ArrayNode list = node.putArray("compose");
                composesIn(projectId).forEach(compose -> list.add(compose.inProjectOne()));
            }
            node.putArray("projectTags");
            return node;
        }
    }

    private final class Environment {
        final String environmentId;
        String name;
        /** The environment's shared env (Dokploy v0.30.2: packages/server/src/db/schema/environment.ts, default ""). */
        String env = "";

        final String projectId;
        final String createdAt;
        final boolean isDefault;
        /** As created: project.create names production's, environment.create stores what it is given (or null). */
        String description;

        Environment(String environmentId, String name, String projectId, String createdAt, boolean isDefault) {
            this.environmentId = environmentId;
            this.name = name;
            this.projectId = projectId;
            this.createdAt = createdAt;
            this.isDefault = isDefault;
            this.description = isDefault ? "Production environment" : null;
        }

        /** The row (environment.create's answer); {@code nested} gives environment.one's shape. */
        ObjectNode json(boolean nested) {
            if (nested) {
                return one();
            }
            return JSON.createObjectNode()
                    .put("environmentId", environmentId)
                    .put("name", name)
                    .put("description", description)
                    .put("createdAt", createdAt)
                    .put("env", env)
                    .put("projectId", projectId)
                    .put("isDefault", isDefault);
        }

        /** In project.all (apps/dokploy/server/api/routers/project.ts): three columns and the services. */
        ObjectNode listed() {
            ObjectNode node = JSON.createObjectNode()
                    .put("name", name)
                    .put("environmentId", environmentId)
                    .put("isDefault", isDefault);
            return services(node, Compose::listed);
        }

        /** In project.one (packages/server/src/services/project.ts, findProjectById): every column. */
        ObjectNode inProjectOne() {
            return services(json(false), Compose::inProjectOne);
        }

        /**
         * environment.one: Dokploy v0.30.2: packages/server/src/services/environment.ts ({@code findEnvironmentById}):
         * name, description, environmentId, isDefault, projectId, env; compose entries without appName or env; the
         * project row.
         */
        ObjectNode one() {
            ObjectNode node = JSON.createObjectNode()
                    .put("name", name)
                    .put("description", description)
                    .put("environmentId", environmentId)
                    .put("isDefault", isDefault)
                    .put("projectId", projectId)
                    .put("env", "");
            services(node, Compose::inEnvironmentOne);
            node.set("project", projects.get(projectId).json(false));
            return node;
        }

        /** In environment.byProjectId (packages/server/src/services/environment.ts, findEnvironmentsByProjectId). */
        ObjectNode byProject() {
            ObjectNode node = JSON.createObjectNode()
                    .put("name", name)
                    .put("description", description)
                    .put("environmentId", environmentId)
                    .put("isDefault", isDefault);
            services(node, Compose::inEnvironmentList);
            node.set("project", projects.get(projectId).json(false));
            return node;
        }

        /** The service lists Dokploy nests in every environment; the simulator has compose services only. */
        private ObjectNode services(ObjectNode node, java.util.function.Function<Compose, ObjectNode> shape) {
            for (String kind : List.of("applications", "mariadb", "mongo", "mysql", "postgres", "redis", "libsql")) {
                node.putArray(kind);
            }
            ArrayNode list = node.putArray("compose");
            composesIn(environmentId).forEach(compose -> list.add(shape.apply(compose)));
            return node;
        }
    }

    private final class Compose {
        final String composeId;
        final String parentId;
        final String createdAt;
        String name;
        String appName;
        String description;
        String env = "";
        String composeFile = "";
        /** github by default (compose.create); raw for template composes (compose.deployTemplate). */
        String sourceType = "raw";

        final List<ObjectNode> mounts = new ArrayList<>();
        String status = "idle";
        String deployedEnv;
        String envFileError;
        final List<ObjectNode> deployments = new ArrayList<>();
        final List<String> containersUp = new ArrayList<>();
        int generation;
        boolean starting;
        boolean stopped;
        Instant upSince;
        Instant stoppedAt;
        String sickService;
        Sickness sickness;
        String serverId;
        ComposeFile file;
        /** Services whose container was created but not started: they wait for a dependency that is not healthy. */
        final Set<String> created = new HashSet<>();
        /** The env was saved under an encryption key Dokploy no longer has: it reads back as ciphertext. */
        boolean undecryptable;

        /** What Dokploy returns for the env: the ciphertext when it cannot decrypt it (encryptedText fails open). */
        String readEnv() {
            if (!undecryptable) {
                return env;
            }
            byte[] plain = env.getBytes(StandardCharsets.UTF_8);
            byte[] payload = new byte[12 + 16 + plain.length]; // iv, GCM tag, ciphertext (lib/encryption.ts)
            new Random(composeId.hashCode()).nextBytes(payload);
            return "enc:v1:" + java.util.Base64.getEncoder().encodeToString(payload);
        }

        Compose(String composeId, String name, String appName, String parentId, String createdAt) {
            this.composeId = composeId;
            this.name = name;
            this.appName = appName;
            this.parentId = parentId;
            this.createdAt = createdAt;
        }

        ObjectNode json(boolean nested) {
            ObjectNode node = JSON.createObjectNode()
                    .put("composeId", composeId)
                    .put("name", name)
                    .put("appName", appName)
                    .put("description", description)
                    .put("env", readEnv())
                    .put("composeFile", composeFile)
                    .putNull("refreshToken")
                    .put("sourceType", sourceType)
                    .put("composeType", "docker-compose")
                    .put("composePath", "./docker-compose.yml")
                    .put("suffix", "")
                    .put("randomize", false)
                    .put("isolatedDeployment", false)
                    .putNull("triggerType")
                    .put("composeStatus", status)
                    .put("createdAt", createdAt)
                    .put("serverId", serverId);
            node.put(atLeast(0, 25) ? "environmentId" : "projectId", parentId);
            if (nested) {
                // findComposeById loads `deployments: true` with no orderBy: rows come in table order, oldest first
                // (deployment.allByCompose is the one that sorts newest first)
                ArrayNode list = node.putArray("deployments");
                for (int i = deployments.size() - 1; i >= 0; i--) {
                    list.add(deployments.get(i).deepCopy());
                }
                node.set("domains", domainsOf(composeId));
                ArrayNode mountList = node.putArray("mounts");
                mounts.forEach(mount -> mountList.add(mount.deepCopy()));
                // Dokploy v0.30.2: packages/server/src/services/compose.ts findComposeById joins the server row
                // (server: true)
                // and the mounts; server is null on the Dokploy host
                ObjectNode server = serverId == null ? null : servers.get(serverId);
                if (server == null) {
                    node.putNull("server");
                } else {
                    node.set("server", server.deepCopy());
                }
                if (atLeast(0, 25)) {
                    Environment environment = environments.get(parentId);
                    ObjectNode environmentNode = environment.json(false);
                    environmentNode.set(
                            "project", projects.get(environment.projectId).json(false));
                    node.set("environment", environmentNode);
                } else {
                    node.set("project", projects.get(parentId).json(false));
                }
            }
            return node;
        }

        /** In project.all: {@code {composeId, name, composeStatus}} and nothing else. */
        ObjectNode listed() {
            return JSON.createObjectNode()
                    .put("composeId", composeId)
                    .put("name", name)
                    .put("composeStatus", status);
        }

        /** In project.one: packages/server/src/services/project.ts (serviceColumns + composeId, composeStatus, server). */
        ObjectNode inProjectOne() {
            ObjectNode node = JSON.createObjectNode()
                    .put("name", name)
                    .put("description", description)
                    .put("appName", appName)
                    .put("createdAt", createdAt)
                    .put("serverId", serverId)
                    .put("composeId", composeId)
                    .put("composeStatus", status);
            return withServerName(node);
        }

        /** The listings join the compose's server as {@code server: {name}}, null on the Dokploy host. */
        private ObjectNode withServerName(ObjectNode node) {
            ObjectNode server = serverId == null ? null : servers.get(serverId);
            if (server == null) {
                node.putNull("server");
            } else {
                node.putObject("server").put("name", server.path("name").asText());
            }
            return node;
        }

        /** In environment.one: packages/server/src/services/environment.ts (findEnvironmentById). */
        ObjectNode inEnvironmentOne() {
            ObjectNode node = JSON.createObjectNode()
                    .put("composeId", composeId)
                    .put("name", name)
                    .put("createdAt", createdAt)
                    .put("composeStatus", status)
                    .put("description", description)
                    .put("serverId", serverId)
                    .putNull("icon");
            return withServerName(node);
        }

        /** In environment.byProjectId: packages/server/src/services/environment.ts (findEnvironmentsByProjectId). */
        ObjectNode inEnvironmentList() {
            ObjectNode node = inProjectOne();
            node.putNull("icon");
            return node;
        }

        ComposeView view() {
            return new ComposeView(composeId, name, appName, parentId, status, env, deployedEnv, deployments.size());
        }

        boolean sick(String service) {
            return service.equals(sickService);
        }

        /**
         * The service whose current container this is, by id (as docker takes it: whole, or a prefix of 12 or more)
         * or name; a redeploy makes new containers, so an id of an earlier deploy no longer matches.
         */
        Optional<String> serviceOfContainer(String containerId) {
            return containersUp.stream()
                    .filter(service -> {
                        String name = appName + "-" + service + "-1";
                        String id = containerId(name, generation);
                        return containerId.equals(name)
                                || containerId.equals(id)
                                || (containerId.length() >= 12 && id.startsWith(containerId));
                    })
                    .findFirst();
        }

        String state(String service) {
            if (created.contains(service)) {
                return "created";
            }
            if (stopped) {
                return "exited";
            }
            return sick(service) && sickness == Sickness.RESTARTING ? "restarting" : "running";
        }

        /**
         * Docker's status text: a health state only for a service the compose file health-checks (in the July template
         * rest, meta and functions have none and show a plain "Up 3 minutes").
         */
        String status(String service, Instant now) {
            if (created.contains(service)) {
                return "Created";
            }
            if (stopped) {
                return "Exited (0) " + ago(stoppedAt, now) + " ago";
            }
            if (sick(service) && sickness == Sickness.RESTARTING) {
                return "Restarting (1) " + ago(upSince, now) + " ago";
            }
            if (file != null && !file.healthChecked(service)) {
                return "Up " + ago(upSince, now);
            }
            String health = starting ? "health: starting" : sick(service) ? "unhealthy" : "healthy";
            return "Up " + ago(upSince, now) + " (" + health + ")";
        }

        /** A few lines per service in {@code docker logs --timestamps} form: RFC 3339 with nanoseconds. */
        List<String[]> logLines(String service, Instant now) {
            List<String[]> lines = new ArrayList<>();
            Instant at = upSince == null ? now : upSince;
            lines.add(new String[] {stamp(at), service + " starting (" + appName + "-" + service + "-1)"});
            if (sick(service)) {
                lines.add(new String[] {
                    stamp(at.plusMillis(5)),
                    "{\"level\":\"fatal\",\"msg\":\"" + service + ": invalid JWT: signature is invalid\"}"
                });
            } else {
                lines.add(new String[] {stamp(at.plusMillis(5)), service + " ready"});
                lines.add(new String[] {stamp(at.plusMillis(10)), service + " health check ok"});
            }
            Duration every = logEvery;
            if (!every.isZero() && upSince != null) {
                Instant end = stopped && stoppedAt != null ? stoppedAt : now;
                long count = Math.max(0, Duration.between(at, end).toNanos() / every.toNanos());
                String again = lines.get(lines.size() - 1)[1];
                for (long k = Math.max(1, count - 10_000); k <= count; k++) {
                    lines.add(new String[] {stamp(at.plus(every.multipliedBy(k))), again});
                }
            }
            return lines;
        }
    }

    /**
     * What the simulator reads from a compose file, parsed on its own (not with the tool's StackShape, so a
     * misreading there cannot hide here): the services, which have a health check, and who waits for whom to be
     * healthy ({@code depends_on: {x: {condition: service_healthy}}}).
     */
    record ComposeFile(List<String> services, Set<String> healthChecked, Map<String, Set<String>> waitsForHealthy) {
        private static final com.fasterxml.jackson.dataformat.yaml.YAMLMapper YAML =
                new com.fasterxml.jackson.dataformat.yaml.YAMLMapper();

        /** Null when Docker Compose would refuse the file: not YAML, or no services mapping. */
        static ComposeFile parse(String text) {
            JsonNode root;
            try {
                root = text == null || text.isBlank() ? null : YAML.readTree(text);
            } catch (IOException e) {
                return null;
            }
            if (root == null
                    || !root.path("services").isObject()
                    || root.path("services").isEmpty()) {
                return null;
            }
            List<String> services = new ArrayList<>();
            Set<String> checked = new HashSet<>();
            Map<String, Set<String>> waits = new LinkedHashMap<>();
            root.path("services").fields().forEachRemaining(e -> {
                services.add(e.getKey());
                JsonNode hc = e.getValue().get("healthcheck");
                boolean disabled = hc == null
                        || hc.isNull()
                        || hc.path("disable").asBoolean(false)
                        || hc.isTextual() && hc.asText().equals("disable")
                        || hc.path("test")
                                .path(0)
                                .asText(hc.path("test").asText(""))
                                .equalsIgnoreCase("NONE");
                if (!disabled) {
                    checked.add(e.getKey());
                }
                Set<String> healthy = new HashSet<>();
                e.getValue().path("depends_on").fields().forEachRemaining(d -> {
                    if ("service_healthy".equals(d.getValue().path("condition").asText())) {
                        healthy.add(d.getKey());
                    }
                });
                waits.put(e.getKey(), healthy);
            });
            return new ComposeFile(List.copyOf(services), Set.copyOf(checked), waits);
        }

        boolean healthChecked(String service) {
            return healthChecked.contains(service);
        }

        /** Every service that waits, directly or through others, for {@code service} to be healthy. */
        Set<String> waitingOn(String service) {
            Set<String> waiting = new java.util.LinkedHashSet<>();
            boolean grew = true;
            while (grew) {
                grew = false;
                for (Map.Entry<String, Set<String>> e : waitsForHealthy.entrySet()) {
                    boolean waits = e.getValue().contains(service)
                            || e.getValue().stream().anyMatch(waiting::contains);
                    if (waits && waiting.add(e.getKey())) {
                        grew = true;
                    }
                }
            }
            return waiting;
        }
    }

    private static final java.time.format.DateTimeFormatter DOCKER_TIMESTAMP =
            java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.nnnnnnnnn'Z'")
                    .withZone(java.time.ZoneOffset.UTC);

    private static String stamp(Instant at) {
        return DOCKER_TIMESTAMP.format(at);
    }

    /** Docker's short "for how long" text: 3 seconds, 2 minutes, About an hour. */
    private static String ago(Instant since, Instant now) {
        long seconds =
                since == null ? 0 : Math.max(1, Duration.between(since, now).getSeconds());
        if (seconds < 60) {
            return seconds == 1 ? "1 second" : seconds + " seconds";
        }
        long minutes = seconds / 60;
        if (minutes < 60) {
            return minutes == 1 ? "About a minute" : minutes + " minutes";
        }
        return (minutes / 60) == 1 ? "About an hour" : (minutes / 60) + " hours";
    }

    // ---- answers -----------------------------------------------------------------------------------------

    /** An HTTP answer, or (with {@code upgrade}) the switch to a WebSocket served by that listener. */
    private record Answer(
            int status, String contentType, String body, Map<String, String> headers, WebSocketListener upgrade) {
        Answer(int status, String contentType, String body, Map<String, String> headers) {
            this(status, contentType, body, headers, null);
        }

        static Answer upgrade(WebSocketListener listener) {
            return new Answer(101, "", "", Map.of(), listener);
        }

        static Answer json(JsonNode node) {
            try {
                return new Answer(200, "application/json", JSON.writeValueAsString(node), Map.of());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** tRPC-openapi's error body: {@code {message, code, issues?}} (components/schemas/error.*). */
        static Answer error(int status, String code, String message) {
            ObjectNode node = JSON.createObjectNode().put("message", message).put("code", code);
            return new Answer(status, "application/json", node.toString(), Map.of());
        }

        Answer withHeaders(Map<String, String> extra) {
            return new Answer(status, contentType, body, extra);
        }
    }

    private static final class Problem extends RuntimeException {
        private final transient Answer answer;

        private Problem(Answer answer) {
            super(answer.body(), null, false, false);
            this.answer = answer;
        }

        static Problem notFound(String message) {
            return new Problem(Answer.error(404, "NOT_FOUND", message));
        }

        /** zod input failure: the documented shape, an issue per field with only a message. */
        static Problem badRequest(String issue) {
            ObjectNode node = JSON.createObjectNode()
                    .put("message", "Input validation failed")
                    .put("code", "BAD_REQUEST");
            node.putArray("issues").addObject().put("message", issue);
            return new Problem(new Answer(400, "application/json", node.toString(), Map.of()));
        }

        /** A TRPCError BAD_REQUEST a procedure throws itself (or wraps a failure in): a message, no issues. */
        static Problem wrapped(String message) {
            return new Problem(Answer.error(400, "BAD_REQUEST", message));
        }

        Answer answer() {
            return answer;
        }
    }
}
