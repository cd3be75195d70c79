package dev.supadokploy.dokploy;

import static dev.supadokploy.dokploy.DokployProcedure.*;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.supadokploy.errors.ErrorCode;
import dev.supadokploy.errors.SupaException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The typed procedures the operations use, adapting to the server's version (read once, on first need).
 * Results are records that ignore fields they do not know, so newer Dokploy releases keep working.
 */
public final class DokployApi {
    private final DokployClient client;
    private final ObjectMapper mapper;
    private volatile DokployVersion version;

    public DokployApi(DokployClient client) {
        this.client = client;
        this.mapper = client.objectMapper();
    }

    public DokployClient client() {
        return client;
    }

    /** {@code settings.getDokployVersion}, asked once per client. */
    public DokployVersion version() {
        DokployVersion v = version;
        if (v == null) {
            synchronized (this) {
                if (version == null) {
                    JsonNode answer = client.query(SETTINGS_VERSION.path(), Map.of(), JsonNode.class);
                    // The procedure returns a bare JSON string; accept {"version": …} should a release wrap it.
                    String text = answer == null
                            ? null
                            : answer.isTextual()
                                    ? answer.asText()
                                    : answer.path("version").asText(null);
                    version = DokployVersion.parse(text);
                }
                v = version;
            }
        }
        return v;
    }

    public List<Project> projects() {
        return client.query(PROJECT_ALL.path(), Map.of(), new TypeReference<List<Project>>() {});
    }

    public Project project(String projectId) {
        return client.query(PROJECT_ONE.path(), Map.of("projectId", projectId), Project.class);
    }

    public CreatedProject createProject(String name, String description) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("description", description);
        JsonNode answer = client.mutate(PROJECT_CREATE.path(), body, JsonNode.class);
        if (answer != null && answer.has("project")) {
            return new CreatedProject(
                    convert(answer.get("project"), Project.class, PROJECT_CREATE),
                    answer.hasNonNull("environment")
                            ? convert(answer.get("environment"), Environment.class, PROJECT_CREATE)
                            : null);
        }
        return new CreatedProject(convert(answer, Project.class, PROJECT_CREATE), null);
    }

    public Environment environment(String environmentId) {
        requireEnvironments("environment.one");
        return client.query(ENVIRONMENT_ONE.path(), Map.of("environmentId", environmentId), Environment.class);
    }

    public List<Environment> environments(String projectId) {
        requireEnvironments("environment.byProjectId");
        return client.query(
                ENVIRONMENT_BY_PROJECT.path(),
                Map.of("projectId", projectId),
                new TypeReference<List<Environment>>() {});
    }

    /** {@code environment.create} (v0.25+): a new, empty environment of the project. */
    public Environment createEnvironment(String projectId, String name, String description) {
        requireEnvironments("environment.create");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("projectId", projectId);
        body.put("name", name);
        body.put("description", description);
        JsonNode answer = client.mutate(ENVIRONMENT_CREATE.path(), body, JsonNode.class);
        return convert(answer, Environment.class, ENVIRONMENT_CREATE);
    }

    /** {@code destination.one}: an S3 destination with its keys (Dokploy returns the whole row to its readers). */
    public Destination destination(String destinationId) {
        return client.query(DESTINATION_ONE.path(), Map.of("destinationId", destinationId), Destination.class);
    }

    public Compose compose(String composeId) {
        return client.query(COMPOSE_ONE.path(), Map.of("composeId", composeId), Compose.class);
    }

    /**
     * {@code compose.deployTemplate}: creates the compose with the template's files, env and domains, but does
     * not deploy it. The answer's shape varies by version; a compose comes back when the server sends one.
     */
    public Optional<Compose> deployTemplate(ServiceParent parent, String templateId, String serverId) {
        return deployTemplate(parent, templateId, serverId, null);
    }

    public void updateCompose(ComposeUpdate update) {
        client.mutate(COMPOSE_UPDATE.path(), update, JsonNode.class);
    }

    /**
     * The project's and environment's env that a compose's {@code ${{project.X}}} / {@code ${{environment.X}}}
     * references resolve against at deploy. {@code compose.one} carries both (Dokploy v0.30.2:
     * packages/server/src/services/compose.ts findComposeById, {@code environment: {with: {project: true}}}, every
     * column; before v0.25 {@code project}); a null column reads as empty, as Dokploy's {@code parse(env ?? "")} does.
     */
    public DokployEnv.Shared sharedEnv(String composeId) {
        JsonNode compose = client.query(COMPOSE_ONE.path(), Map.of("composeId", composeId), JsonNode.class);
        JsonNode environment = compose == null ? null : compose.get("environment");
        JsonNode project = environment != null && environment.isObject()
                ? environment.get("project")
                : compose == null ? null : compose.get("project");
        return DokployEnv.Shared.of(text(project, "env"), text(environment, "env"));
    }

    private static String text(JsonNode node, String field) {
        return node == null || !node.hasNonNull(field) ? "" : node.get(field).asText();
    }

    /** Replaces the whole env; containers read it only after a deploy or redeploy. */
    public void saveEnvironment(String composeId, String env) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("composeId", composeId);
        body.put("env", env);
        client.mutate(COMPOSE_SAVE_ENVIRONMENT.path(), body, JsonNode.class);
    }

    /** Queues a deploy; follow it with {@link #deployments}. */
    public void deploy(String composeId, String title) {
        client.mutate(COMPOSE_DEPLOY.path(), deployBody(composeId, title), JsonNode.class);
    }

    /** Queues a redeploy, which rewrites the {@code .env} the containers read (start/stop do not). */
    public void redeploy(String composeId, String title) {
        client.mutate(COMPOSE_REDEPLOY.path(), deployBody(composeId, title), JsonNode.class);
    }

    public void stop(String composeId) {
        client.mutate(COMPOSE_STOP.path(), Map.of("composeId", composeId), JsonNode.class);
    }

    public void start(String composeId) {
        client.mutate(COMPOSE_START.path(), Map.of("composeId", composeId), JsonNode.class);
    }

    /**
     * {@code compose.deployTemplate} with where the stack runs ({@code serverId}, null: the Dokploy host) and where
     * Dokploy fetches the template ({@code baseUrl}, null: Dokploy's default https://templates.dokploy.com).
     * Dokploy v0.30.2: apps/dokploy/server/api/routers/compose.ts deployTemplate.
     */
    public Optional<Compose> deployTemplate(ServiceParent parent, String templateId, String serverId, String baseUrl) {
        Map<String, Object> body = parentFields(parent);
        body.put("id", templateId);
        body.put("serverId", serverId);
        body.put("baseUrl", baseUrl);
        JsonNode answer = client.mutate(COMPOSE_DEPLOY_TEMPLATE.path(), body, JsonNode.class);
        if (answer != null && answer.hasNonNull("composeId")) {
            return Optional.of(convert(answer, Compose.class, COMPOSE_DEPLOY_TEMPLATE));
        }
        return Optional.empty();
    }

    /**
     * {@code settings.isCloud} (public, v0.19+): Dokploy Cloud, where every service needs a server. A self-hosted
     * Dokploy with remoteServersOnly says so only in getWebServerSettings, whose answer holds the server's SSH private
     * key, so that one is not asked: its refusal is met when it comes.
     */
    public boolean isCloud() {
        JsonNode answer = client.query(SETTINGS_IS_CLOUD.path(), Map.of(), JsonNode.class);
        return answer != null && answer.asBoolean(false);
    }

    /** {@code server.all}: the remote servers the key may use, newest first (Dokploy v0.30.2: routers/server.ts). */
    public List<Server> servers() {
        return client.query(SERVER_ALL.path(), Map.of(), new TypeReference<List<Server>>() {});
    }

    /**
     * {@code compose.one} with what the plain record leaves out: the name of the server it runs on ({@code server}
     * is joined in by findComposeById) and how many file mounts Dokploy holds for it.
     */
    public PlacedCompose placedCompose(String composeId) {
        JsonNode answer = client.query(COMPOSE_ONE.path(), Map.of("composeId", composeId), JsonNode.class);
        Compose compose = convert(answer, Compose.class, COMPOSE_ONE);
        JsonNode server = answer == null ? null : answer.get("server");
        String serverName =
                server != null && server.hasNonNull("name") ? server.get("name").asText() : null;
        JsonNode mounts = answer == null ? null : answer.get("mounts");
        return new PlacedCompose(compose, serverName, mounts != null && mounts.isArray() ? mounts.size() : 0);
    }

    /**
     * {@code compose.delete}: the row goes first, then Dokploy tries {@code docker compose down} and removes the
     * directory, ignoring failures of those (Dokploy v0.30.2: routers/compose.ts delete).
     */
    public void deleteCompose(String composeId, boolean deleteVolumes) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("composeId", composeId);
        body.put("deleteVolumes", deleteVolumes);
        client.mutate(COMPOSE_DELETE.path(), body, JsonNode.class);
    }

    /** {@code project.remove}: the project with its environments and services. */
    public void removeProject(String projectId) {
        client.mutate(PROJECT_REMOVE.path(), Map.of("projectId", projectId), JsonNode.class);
    }

    /** {@code environment.remove} (v0.25+); Dokploy refuses the default environment. */
    public void removeEnvironment(String environmentId) {
        requireEnvironments("environment.remove");
        client.mutate(ENVIRONMENT_REMOVE.path(), Map.of("environmentId", environmentId), JsonNode.class);
    }

    public List<Deployment> deployments(String composeId) {
        return client.query(
                DEPLOYMENT_ALL_BY_COMPOSE.path(),
                Map.of("composeId", composeId),
                new TypeReference<List<Deployment>>() {});
    }

    /**
     * The last {@code tail} lines of a deployment's log ({@code deployment.readLogs}, v0.29.5+: the output of the
     * deploy's commands, where an ordinary failure's reason is), or empty on older servers. Untrusted text.
     */
    public Optional<String> deploymentLog(String deploymentId, int tail) {
        if (!version().hasDeploymentReadLogs()) {
            return Optional.empty();
        }
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("deploymentId", deploymentId);
        params.put("tail", tail);
        return Optional.ofNullable(client.query(DEPLOYMENT_READ_LOGS.path(), params, String.class));
    }

    public List<Domain> domains(String composeId) {
        return client.query(
                DOMAIN_BY_COMPOSE.path(), Map.of("composeId", composeId), new TypeReference<List<Domain>>() {});
    }

    public Domain createDomain(DomainSpec spec) {
        JsonNode answer = client.mutate(DOMAIN_CREATE.path(), domainBody(spec), JsonNode.class);
        return answer != null && answer.isObject() ? convert(answer, Domain.class, DOMAIN_CREATE) : null;
    }

    public void updateDomain(String domainId, DomainSpec spec) {
        Map<String, Object> body = domainBody(spec);
        body.remove("composeId"); // not part of domain.update's input: a domain cannot move between services
        body.put("domainId", domainId);
        client.mutate(DOMAIN_UPDATE.path(), body, JsonNode.class);
    }

    /**
     * The compose's mounts, as {@code compose.one} carries them (Dokploy v0.30.2: packages/server/src/services/compose.ts
     * findComposeById, {@code mounts: true}).
     */
    public List<Mount> mounts(String composeId) {
        JsonNode answer = client.query(COMPOSE_ONE.path(), Map.of("composeId", composeId), JsonNode.class);
        JsonNode mounts = answer == null ? null : answer.get("mounts");
        if (mounts == null || !mounts.isArray()) {
            return List.of();
        }
        return mapper.convertValue(mounts, new TypeReference<List<Mount>>() {});
    }

    /**
     * {@code mounts.create} for a compose: Dokploy inserts the row and writes a file mount's content under the
     * compose's {@code files/} directory (on its server over SSH). Its input wants a mountPath of at least one
     * character, which a compose does not use: "/" as Dokploy's dashboard sends (add-volumes.tsx).
     */
    public Mount createMount(String composeId, Mount mount) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", mount.type());
        body.put("hostPath", mount.hostPath());
        body.put("volumeName", mount.volumeName());
        body.put("content", mount.content());
        body.put("mountPath", mount.mountPath() == null || mount.mountPath().isEmpty() ? "/" : mount.mountPath());
        body.put("filePath", mount.filePath());
        body.put("serviceType", "compose");
        body.put("serviceId", composeId);
        JsonNode answer = client.mutate(MOUNTS_CREATE.path(), body, JsonNode.class);
        return answer != null && answer.isObject() ? convert(answer, Mount.class, MOUNTS_CREATE) : null;
    }

    /** {@code mounts.update} of a file mount's content; Dokploy rewrites the file too (services/mount.ts updateMount). */
    public void updateMountContent(String mountId, String content) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("mountId", mountId);
        body.put("content", content);
        client.mutate(MOUNTS_UPDATE.path(), body, JsonNode.class);
    }

    /** Containers whose name matches the compose's appName ({@code <appName>-<service>-1}). */
    public List<Container> containers(String appName) {
        return containers(appName, null);
    }

    /**
     * The containers of the compose project {@code appName} on the server that runs it: Dokploy runs
     * {@code docker ps -a --filter label=com.docker.compose.project=<appName>} on {@code serverId}, or on its own host
     * when none is given (packages/server/src/services/docker.ts getContainersByAppNameMatch). A stack on a remote
     * server (every stack on Dokploy Cloud) shows no containers when its serverId is left out. Dokploy also answers
     * {@code []} when Docker cannot be reached.
     */
    public List<Container> containers(String appName, String serverId) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("appName", appName);
        params.put("appType", "docker-compose");
        if (serverId != null && !serverId.isBlank()) {
            params.put("serverId", serverId);
        }
        return client.query(DOCKER_CONTAINERS_BY_APP_NAME.path(), params, new TypeReference<List<Container>>() {});
    }

    /**
     * The container's last lines with their timestamps: {@code compose.readLogs} from v0.29, the logs WebSocket
     * before (read until it has been quiet for two seconds). Prefer {@link #readLogs(Compose, String, LogQuery)}:
     * the socket needs the compose's server.
     */
    public List<LogLine> readLogs(String composeId, String containerId, LogQuery query) {
        return readLogs(composeId, new ContainerLogSocket.Target(null, composeId), containerId, query);
    }

    /** As {@link #readLogs(String, String, LogQuery)}, on the compose's own server (its {@code serverId}). */
    public List<LogLine> readLogs(Compose compose, String containerId, LogQuery query) {
        return readLogs(
                compose.composeId(),
                new ContainerLogSocket.Target(compose.serverId(), compose.composeId()),
                containerId,
                query);
    }

    private List<LogLine> readLogs(
            String composeId, ContainerLogSocket.Target target, String containerId, LogQuery query) {
        if (!version().hasComposeReadLogs()) {
            return ContainerLogSocket.read(
                    client, containerId, query, target, Duration.ofSeconds(2), Duration.ofSeconds(30));
        }
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("composeId", composeId);
        params.put("containerId", containerId);
        params.put("tail", query.tail());
        params.put("since", query.since());
        params.put("search", query.search());
        String text;
        try {
            text = client.query(COMPOSE_READ_LOGS.path(), params, String.class);
        } catch (SupaException e) {
            if (searchFoundNothing(e, query)) {
                return List.of();
            }
            throw e;
        }
        return LogLine.parse(dockerError(text, composeId, containerId));
    }

    /**
     * A search with no hit is HTTP 500 from Dokploy: {@code getContainerLogs} (Dokploy v0.30.2:
     * {@code packages/server/src/services/docker.ts}) pipes {@code docker container logs … 2>&1 | grep -iF '<search>'},
     * grep exits 1 with no output, and the failure is rethrown. Its message is the failed command ({@code execAsync}:
     * "Command execution failed: Command failed: … | grep -iF '…'") on Dokploy's host, or "Remote command failed with
     * exit code 1" ({@code execAsyncRemote}) on a remote server. Only that answer, and only with a search, is "no
     * lines"; every other 500 stays an error.
     */
    private static boolean searchFoundNothing(SupaException e, LogQuery query) {
        if (query.search() == null
                || query.search().isEmpty()
                || e.code() != ErrorCode.DOKPLOY_SERVER_ERROR
                || !Integer.valueOf(500).equals(e.details().get("status"))) {
            return false;
        }
        Object said = e.details().get("serverMessage");
        String message = said == null ? "" : said.toString();
        return message.contains("| grep -iF") || message.strip().equals("Remote command failed with exit code 1");
    }

    /**
     * For an unknown container Dokploy answers 200 with Docker's error as the text (its {@code 2>&1} makes the
     * error the output, and a non-empty output is returned even when the command failed): an error, not a log line.
     * Real lines all start with Docker's timestamp ({@code --timestamps}); Docker's errors do not.
     */
    private static String dockerError(String text, String composeId, String containerId) {
        String first = DokployText.firstLine(text);
        boolean stamped = LogLine.parseLine(first).timestamp() != null;
        String lower = first.toLowerCase(Locale.ROOT);
        if (stamped || !(lower.startsWith("error response from daemon:") || lower.startsWith("error:"))) {
            return text;
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("procedure", COMPOSE_READ_LOGS.path());
        details.put("composeId", composeId);
        details.put("containerId", containerId);
        details.put("serverSaid", first);
        if (lower.contains("no such container")) {
            throw new SupaException(
                    ErrorCode.DOKPLOY_NOT_FOUND,
                    "Docker on the compose's server knows no container " + containerId + ": " + first,
                    "The container was probably replaced by a redeploy: run the command again to read the current one "
                            + "(supa-dokploy monitor health lists the stack's containers).",
                    details,
                    null);
        }
        throw new SupaException(
                ErrorCode.DOKPLOY_SERVER_ERROR,
                "Docker on the compose's server could not read the log of " + containerId + ": " + first,
                "Check Docker on that server (its logging driver must support docker logs), then run again.",
                details,
                null);
    }

    /** Follows a container's log over the WebSocket (every version); close the socket to stop. */
    public ContainerLogSocket followLogs(String containerId, LogQuery query) {
        return ContainerLogSocket.open(client, containerId, query);
    }

    /** As {@link #followLogs(String, LogQuery)}, on the compose's own server, as a user with access to the compose. */
    public ContainerLogSocket followLogs(Compose compose, String containerId, LogQuery query) {
        return ContainerLogSocket.open(
                client, containerId, query, new ContainerLogSocket.Target(compose.serverId(), compose.composeId()));
    }

    private Map<String, Object> parentFields(ServiceParent parent) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (version().hasEnvironments()) {
            if (parent.environmentId() == null) {
                throw SupaException.invalidInput(
                        "Dokploy " + version() + " places services in environments, but no " + "environment was chosen",
                        "Pick an environment of the project (production is made with it).");
            }
            body.put("environmentId", parent.environmentId());
        } else {
            if (parent.projectId() == null) {
                throw SupaException.invalidInput(
                        "Dokploy " + version() + " places services in projects, but no project " + "was chosen",
                        "Pick the project to create the service in.");
            }
            body.put("projectId", parent.projectId());
        }
        return body;
    }

    private void requireEnvironments(String procedure) {
        DokployVersion v = version();
        if (!v.hasEnvironments()) {
            throw new SupaException(
                    ErrorCode.DOKPLOY_UNSUPPORTED_VERSION,
                    "Dokploy " + v + " has no environments (" + procedure + " came with " + DokployVersion.ENVIRONMENTS
                            + ")",
                    "Use the project itself (services live directly in projects on this version) or upgrade Dokploy.",
                    Map.of("procedure", procedure, "dokployVersion", v.toString()),
                    null);
        }
    }

    private static Map<String, Object> deployBody(String composeId, String title) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("composeId", composeId);
        body.put("title", title);
        return body;
    }

    private static Map<String, Object> domainBody(DomainSpec spec) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("host", spec.host());
        body.put("path", spec.path());
        body.put("port", spec.port());
        body.put("https", spec.https());
        body.put("certificateType", spec.certificateType());
        body.put("serviceName", spec.serviceName());
        body.put("composeId", spec.composeId());
        body.put("domainType", "compose");
        return body;
    }

    private <T> T convert(JsonNode node, Class<T> type, DokployProcedure procedure) {
        try {
            return mapper.treeToValue(node, type);
        } catch (Exception e) {
            throw new SupaException(
                    ErrorCode.DOKPLOY_INVALID_RESPONSE,
                    "Dokploy's answer to " + procedure.path() + " is not the expected " + type.getSimpleName(),
                    "Check that the server's version is supported; report it if it is.",
                    Map.of("procedure", procedure.path()),
                    e);
        }
    }
}
