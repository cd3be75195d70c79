package dev.supadokploy.dokploy;

import static dev.supadokploy.dokploy.ContractTargets.WEB_COMPOSE;
import static dev.supadokploy.dokploy.ContractTargets.createCompose;
import static dev.supadokploy.dokploy.ContractTargets.deployTemplate;
import static dev.supadokploy.dokploy.ContractTargets.dokploySlug;
import static dev.supadokploy.dokploy.ContractTargets.failure;
import static dev.supadokploy.dokploy.ContractTargets.fieldNames;
import static dev.supadokploy.dokploy.ContractTargets.find;
import static dev.supadokploy.dokploy.ContractTargets.project;
import static dev.supadokploy.dokploy.ContractTargets.scalarFieldNames;
import static dev.supadokploy.dokploy.ContractTargets.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.supadokploy.dokploy.ContractTargets.Backend;
import dev.supadokploy.dokploy.ContractTargets.Target;
import dev.supadokploy.errors.ErrorCode;
import dev.supadokploy.errors.SupaException;
import dev.supadokploy.testing.NeedsSimulator;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Dokploy v0.30.2 as the contract: every procedure the project calls (DokployProcedure and its call sites in the
 * operations, CLI and MCP alike), run through the project's own client against the real server and against the
 * simulator with the same test body. A difference is fixed in the simulator, never in the test. The real half is
 * skipped when the server is neither running nor prepared (see {@link dev.supadokploy.testing.dokploy.RealDokploy});
 * behaviour other parts of the work own is in {@link DokployRuntimeContractTest}.
 *
 * <p>Not here, because the project does not call them: {@code compose.stop}/{@code compose.start} (in
 * DokployProcedure, unused by the operations). The logs WebSocket and {@code compose.readLogs} need containers,
 * which this server (no Docker) has none of: see the other class.
 */
@NeedsSimulator
class DokployServerContractTest {

    // ---- settings, the key and errors ------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @EnumSource(Backend.class)
    void versionIsABareStringAndAWrongKeyIsRefusedAtTheGate(Backend backend) {
        try (Target t = ContractTargets.open(backend)) {
            assertEquals(ContractTargets.VERSION, t.api().version().toString());
            assertTrue(t.query("settings.getDokployVersion", Map.of()).isTextual(), "a bare JSON string");

            SupaException wrong = failure(() -> t.withWrongKey().projects());
            assertEquals(ErrorCode.DOKPLOY_UNAUTHORIZED, wrong.code());
            assertEquals(401, wrong.details().get("status"));
            // the gate's body is {"message":"Unauthorized"}: no tRPC code, nothing about why
            assertEquals("Unauthorized", wrong.details().get("serverMessage"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Backend.class)
    void unknownIdsAnswerAsDokployDoesPerProcedure(Backend backend) {
        try (Target t = ContractTargets.open(backend)) {
            String missing = "contract-missing-id";
            // 404 NOT_FOUND with the resource named
            assertNotFound(() -> t.api().compose(missing), "Compose not found");
            assertNotFound(() -> t.api().project(missing), "Project not found");
            assertNotFound(() -> t.api().environment(missing), "Environment not found");
            assertNotFound(() -> t.api().deploy(missing, "contract"), "Compose not found");
            assertNotFound(
                    () -> t.api().updateDomain(missing, DomainSpec.kong("x", "a.example.test", false)),
                    "Domain not found");
            assertNotFound(
                    () -> t.api().deployTemplate(ServiceParent.environment(null, missing), "supabase", null),
                    "Environment not found");
            // lists filtered by an unknown id are just empty
            assertEquals(List.of(), t.api().environments(missing));
            assertEquals(List.of(), t.api().domains(missing));
            // compose.update updates no row and says nothing
            t.api().updateCompose(new ComposeUpdate(missing, null, null, WEB_COMPOSE));
            // saveEnvironment, environment.create and domain.create wrap the failure as 400 BAD_REQUEST
            SupaException save = failure(() -> t.api().saveEnvironment(missing, "A=1"));
            assertEquals(ErrorCode.VALIDATION_REJECTED_BY_SERVER, save.code());
            assertEquals("Error adding environment variables", save.details().get("serverMessage"));
            SupaException environment = failure(() -> t.api().createEnvironment(missing, "staging", null));
            assertEquals(ErrorCode.VALIDATION_REJECTED_BY_SERVER, environment.code());
            assertTrue(
                    String.valueOf(environment.details().get("serverMessage"))
                            .startsWith("Error creating the environment"),
                    environment.getMessage());
            SupaException domain =
                    failure(() -> t.api().createDomain(DomainSpec.kong(missing, "a.example.test", false)));
            assertEquals(ErrorCode.VALIDATION_REJECTED_BY_SERVER, domain.code());
            assertEquals(400, domain.details().get("status"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Backend.class)
    void badInputIs400WithTheFieldInItsIssues(Backend backend) {
        try (Target t = ContractTargets.open(backend)) {
            SupaException noId = failure(() -> t.query("compose.one", Map.of()));
            assertEquals(ErrorCode.VALIDATION_REJECTED_BY_SERVER, noId.code());
            assertEquals(400, noId.details().get("status"));
            assertIssueOn(noId, "composeId");

            SupaException emptyName = failure(() -> t.api().createProject("", "contract"));
            assertEquals(ErrorCode.VALIDATION_REJECTED_BY_SERVER, emptyName.code());
            assertIssueOn(emptyName, "name");
        }
    }

    // ---- projects and environments ---------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @EnumSource(Backend.class)
    void projectCreateAnswersTheProjectAndItsProductionEnvironment(Backend backend) {
        try (Target t = ContractTargets.open(backend)) {
            String name = unique("contract-create");
            JsonNode answer = t.mutate("project.create", Map.of("name", name, "description", "contract"));
            assertEquals(Set.of("project", "environment"), fieldNames(answer));
            assertEquals(name, answer.path("project").path("name").asText());
            assertEquals("production", answer.path("environment").path("name").asText());
            assertTrue(answer.path("environment").path("isDefault").asBoolean());
            assertEquals(
                    answer.path("project").path("projectId").asText(),
                    answer.path("environment").path("projectId").asText());

            CreatedProject created = project(t, unique("contract-create"));
            assertNotNull(created.project().projectId());
            assertEquals("production", created.environment().name());
            assertNotNull(created.environment().environmentId());
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Backend.class)
    void projectAllListsComposeIdNameAndStatusOnly(Backend backend) {
        try (Target t = ContractTargets.open(backend)) {
            CreatedProject created = project(t, unique("contract-all"));
            String environmentId = created.environment().environmentId();
            JsonNode made = createCompose(t, environmentId, unique("contract-all"), WEB_COMPOSE);
            t.api().saveEnvironment(made.path("composeId").asText(), "SECRET=not-in-listings");

            JsonNode project = find(
                    t.query("project.all", Map.of()),
                    "projectId",
                    created.project().projectId());
            JsonNode environment = find(project.path("environments"), "environmentId", environmentId);
            assertEquals(Set.of("environmentId", "isDefault", "name"), scalarFieldNames(environment));
            JsonNode compose = find(
                    environment.path("compose"),
                    "composeId",
                    made.path("composeId").asText());
            assertEquals(Set.of("composeId", "composeStatus", "name"), fieldNames(compose));

            // newest project first
            String newer = project(t, unique("contract-all-newer")).project().projectId();
            List<String> order = t.api().projects().stream()
                    .map(Project::projectId)
                    .filter(id ->
                            id.equals(newer) || id.equals(created.project().projectId()))
                    .toList();
            assertEquals(List.of(newer, created.project().projectId()), order);

            // the typed listing: no env, no appName, no composeFile (callers complete it with compose.one)
            Compose listed = t.api().projects().stream()
                    .filter(p -> p.projectId().equals(created.project().projectId()))
                    .findFirst()
                    .orElseThrow()
                    .allCompose()
                    .get(0);
            assertNull(listed.env());
            assertNull(listed.appName());
            assertNull(listed.composeFile());
            assertEquals(
                    "SECRET=not-in-listings",
                    t.api().compose(listed.composeId()).env());
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Backend.class)
    void projectOneAndEnvironmentListingsCarryColumnSubsetsWithoutEnv(Backend backend) {
        try (Target t = ContractTargets.open(backend)) {
            CreatedProject created = project(t, unique("contract-one"));
            String projectId = created.project().projectId();
            String environmentId = created.environment().environmentId();
            String composeId = createCompose(t, environmentId, unique("contract-one"), WEB_COMPOSE)
                    .path("composeId")
                    .asText();
            t.api().saveEnvironment(composeId, "SECRET=not-in-listings");

            JsonNode one = t.query("project.one", Map.of("projectId", projectId));
            JsonNode oneEnvironment = find(one.path("environments"), "environmentId", environmentId);
            assertEquals(
                    Set.of("createdAt", "description", "env", "environmentId", "isDefault", "name", "projectId"),
                    scalarFieldNames(oneEnvironment));
            assertEquals(
                    Set.of(
                            "appName",
                            "composeId",
                            "composeStatus",
                            "createdAt",
                            "description",
                            "name",
                            "server",
                            "serverId"),
                    fieldNames(find(oneEnvironment.path("compose"), "composeId", composeId)));

            JsonNode environment = t.query("environment.one", Map.of("environmentId", environmentId));
            assertEquals(
                    Set.of("description", "env", "environmentId", "isDefault", "name", "project", "projectId"),
                    scalarFieldNames(environment));
            assertEquals(
                    Set.of(
                            "composeId",
                            "composeStatus",
                            "createdAt",
                            "description",
                            "icon",
                            "name",
                            "server",
                            "serverId"),
                    fieldNames(find(environment.path("compose"), "composeId", composeId)));

            JsonNode byProject = t.query("environment.byProjectId", Map.of("projectId", projectId));
            JsonNode listedEnvironment = find(byProject, "environmentId", environmentId);
            assertEquals(
                    Set.of(
                            "appName",
                            "composeId",
                            "composeStatus",
                            "createdAt",
                            "description",
                            "icon",
                            "name",
                            "server",
                            "serverId"),
                    fieldNames(find(listedEnvironment.path("compose"), "composeId", composeId)));

            // through the typed API: the compose is found, its env is not there
            assertEquals(
                    List.of(composeId),
                    t.api().environment(environmentId).compose().stream()
                            .map(Compose::composeId)
                            .toList());
            assertNull(t.api().environment(environmentId).compose().get(0).env());
            assertNull(t.api().project(projectId).allCompose().get(0).env());
            assertNull(t.api().environments(projectId).get(0).compose().get(0).env());
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Backend.class)
    void environmentCreateRefusesProductionAndAcceptsDuplicateNames(Backend backend) {
        try (Target t = ContractTargets.open(backend)) {
            String projectId = project(t, unique("contract-env")).project().projectId();
            SupaException production = failure(() -> t.api().createEnvironment(projectId, "production", "contract"));
            assertEquals(ErrorCode.VALIDATION_REJECTED_BY_SERVER, production.code());
            assertEquals(
                    "You cannot create a environment with the name 'production'",
                    production.details().get("serverMessage"));

            Environment first = t.api().createEnvironment(projectId, "staging", "contract");
            Environment second = t.api().createEnvironment(projectId, "staging", null);
            assertEquals("staging", first.name());
            assertEquals("staging", second.name());
            assertNotEquals(first.environmentId(), second.environmentId());
            // listed oldest first: the production made with the project, then both stagings
            assertEquals(
                    List.of("production", "staging", "staging"),
                    t.api().environments(projectId).stream()
                            .map(Environment::name)
                            .toList());
        }
    }

    // ---- compose: create, update, env ------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @EnumSource(Backend.class)
    void composeCreateSuffixesTheAppNameDefaultsToGithubAndUpdateChangesIt(Backend backend) {
        try (Target t = ContractTargets.open(backend)) {
            String environmentId =
                    project(t, unique("contract-compose")).environment().environmentId();
            String appName = unique("contract-app");
            JsonNode made = createCompose(t, environmentId, appName, WEB_COMPOSE);
            assertTrue(
                    made.path("appName").asText().matches(appName + "-[a-z0-9]{6}"),
                    made.path("appName").asText());
            assertEquals("github", made.path("sourceType").asText());
            assertTrue(made.path("env").isNull(), "a new compose has env null");
            assertTrue(made.path("serverId").isNull());
            String composeId = made.path("composeId").asText();

            String changed = WEB_COMPOSE + "  api:\n    image: nginx:alpine\n";
            t.api().updateCompose(new ComposeUpdate(composeId, null, null, changed));
            Compose read = t.api().compose(composeId);
            assertEquals(changed, read.composeFile());
            assertEquals(made.path("appName").asText(), read.appName(), "compose.update keeps the appName");
            assertEquals("github", read.sourceType(), "a partial update leaves the other columns");

            t.mutate("compose.update", Map.of("composeId", composeId, "sourceType", "raw"));
            assertEquals("raw", t.api().compose(composeId).sourceType());
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Backend.class)
    void saveEnvironmentStoresTheTextAsSentAndNullAsNull(Backend backend) {
        try (Target t = ContractTargets.open(backend)) {
            String environmentId =
                    project(t, unique("contract-save")).environment().environmentId();
            String composeId = createCompose(t, environmentId, unique("contract-save"), WEB_COMPOSE)
                    .path("composeId")
                    .asText();
            String env = "FOO=bar\nQUOTED=\"a b\"\n# comment\nEMPTY=\n";
            t.api().saveEnvironment(composeId, env);
            assertEquals(env, t.api().compose(composeId).env());

            // an explicit JSON null is stored as null (the compose then gets a .env of APP_NAME and friends only)
            com.fasterxml.jackson.databind.node.ObjectNode nullEnv = new com.fasterxml.jackson.databind.ObjectMapper()
                    .createObjectNode()
                    .put("composeId", composeId)
                    .putNull("env");
            assertTrue(t.client()
                    .mutate("compose.saveEnvironment", nullEnv, JsonNode.class)
                    .asBoolean());
            assertNull(t.api().compose(composeId).env());
            assertTrue(t.query("compose.one", Map.of("composeId", composeId))
                    .path("env")
                    .isNull());

            // the client leaves nulls out of a request, so saveEnvironment(id, null) sends no env: Dokploy refuses that
            SupaException missing = failure(() -> t.api().saveEnvironment(composeId, null));
            assertEquals(ErrorCode.VALIDATION_REJECTED_BY_SERVER, missing.code());
            assertIssueOn(missing, "env");
        }
    }

    // ---- the Supabase template -------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @EnumSource(Backend.class)
    void deployTemplateMakesTheEnvMountsAndOneKongDomain(Backend backend) {
        try (Target t = ContractTargets.open(backend)) {
            assumeTrue(
                    backend == Backend.SIMULATOR || t.templatesBaseUrl() != null,
                    "the real server's client.env names no DOKPLOY_TEMPLATES_BASE_URL");
            // punctuation is deleted before slugging, and the slug is long enough to be cut at 40 for the host
            String projectName = unique("Contract_Template.Stack with a rather long name");
            String environmentId = project(t, projectName).environment().environmentId();
            JsonNode made = deployTemplate(t, environmentId, null);
            ContractTargets.TemplateCounts template = ContractTargets.templateCounts();

            String slug = dokploySlug(projectName + " supabase");
            assertTrue(
                    made.path("appName").asText().matches(java.util.regex.Pattern.quote(slug) + "-[a-z0-9]{6}"),
                    made.path("appName").asText() + " should be " + slug + "-xxxxxx");
            assertEquals("supabase", made.path("name").asText());
            assertEquals("raw", made.path("sourceType").asText());
            assertEquals(template.envLines(), made.path("env").asText().split("\n", -1).length);
            String composeId = made.path("composeId").asText();

            JsonNode one = t.query("compose.one", Map.of("composeId", composeId));
            assertEquals(template.mounts(), one.path("mounts").size());
            for (JsonNode mount : one.path("mounts")) {
                assertEquals("file", mount.path("type").asText());
                assertTrue(
                        mount.path("filePath").asText().startsWith("/volumes/"),
                        mount.path("filePath").asText());
                assertEquals("", mount.path("mountPath").asText());
            }
            Set<String> files = new TreeSet<>();
            one.path("mounts").forEach(m -> files.add(m.path("filePath").asText()));
            assertTrue(
                    files.contains("/volumes/api/kong.yml") && files.contains("/volumes/api/kong-entrypoint.sh"),
                    files.toString());

            List<Domain> domains = t.api().domains(composeId);
            assertEquals(1, domains.size(), domains.toString());
            Domain kong = domains.get(0);
            assertEquals("kong", kong.serviceName());
            assertEquals(8000, kong.port());
            assertEquals(Boolean.FALSE, kong.https());
            assertEquals("none", kong.certificateType());
            assertEquals("compose", kong.domainType());
            String hostSlug = slug.substring(0, Math.min(40, slug.length()));
            assertTrue(
                    kong.host()
                            .matches(java.util.regex.Pattern.quote(hostSlug) + "-[0-9a-f]{6}-127-0-0-1\\.sslip\\.io"),
                    kong.host() + " should be " + hostSlug + "-<hex>-127-0-0-1.sslip.io");
            assertTrue(t.query("domain.byComposeId", Map.of("composeId", composeId))
                    .get(0)
                    .path("enabled")
                    .asBoolean());
            // the template's own variables point at the host too, but with a hash of their own
            assertTrue(made.path("env").asText().contains("-127-0-0-1.sslip.io"));
        }
    }

    // ---- domains ---------------------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @EnumSource(Backend.class)
    void domainCreateAndUpdateCheckTheHostAndDefaultWhatIsLeftOut(Backend backend) {
        try (Target t = ContractTargets.open(backend)) {
            String environmentId =
                    project(t, unique("contract-domain")).environment().environmentId();
            String composeId = createCompose(t, environmentId, unique("contract-domain"), WEB_COMPOSE)
                    .path("composeId")
                    .asText();
            String host = unique("kong") + ".example.test";

            Domain kong = t.api().createDomain(DomainSpec.kong(composeId, host, false));
            assertEquals(host, kong.host());
            assertEquals(8000, kong.port());
            assertEquals(Boolean.FALSE, kong.https());
            assertEquals("none", kong.certificateType());
            assertEquals("/", kong.path());
            JsonNode row =
                    find(t.query("domain.byComposeId", Map.of("composeId", composeId)), "domainId", kong.domainId());
            assertTrue(row.path("enabled").asBoolean(), "new domains are enabled");
            assertTrue(row.path("middlewares").isArray());

            // port left out: the column default 3000; https without certificateType is accepted as "none"
            Map<String, Object> bare = new LinkedHashMap<>();
            bare.put("host", unique("bare") + ".example.test");
            bare.put("https", true);
            bare.put("serviceName", "web");
            bare.put("composeId", composeId);
            bare.put("domainType", "compose");
            JsonNode defaults = t.mutate("domain.create", bare);
            assertEquals(3000, defaults.path("port").asInt());
            assertEquals("none", defaults.path("certificateType").asText());
            assertTrue(defaults.path("https").asBoolean());

            SupaException underscore =
                    failure(() -> t.api().createDomain(DomainSpec.kong(composeId, "bad_host.example.test", false)));
            assertEquals(ErrorCode.VALIDATION_REJECTED_BY_SERVER, underscore.code());
            assertIssueOn(underscore, "host");
            SupaException spaces = failure(() -> t.api().createDomain(DomainSpec.kong(composeId, " " + host, false)));
            assertIssueOn(spaces, "host");

            String moved = unique("moved") + ".example.test";
            t.api().updateDomain(kong.domainId(), DomainSpec.kong(composeId, moved, true));
            Domain updated = t.api().domains(composeId).stream()
                    .filter(d -> d.domainId().equals(kong.domainId()))
                    .findFirst()
                    .orElseThrow();
            assertEquals(moved, updated.host());
            assertEquals(Boolean.TRUE, updated.https());
            assertEquals("letsencrypt", updated.certificateType());
            assertEquals("https://" + moved, updated.url());
            SupaException badUpdate =
                    failure(() -> t.api().updateDomain(kong.domainId(), DomainSpec.kong(composeId, "a..b", false)));
            assertIssueOn(badUpdate, "host");
        }
    }

    // ---- mounts (backup restore --with-config) ----------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @EnumSource(Backend.class)
    void mountsCreateAndUpdateKeepTheFileAndRefuseAnEmptyMountPath(Backend backend) {
        try (Target t = ContractTargets.open(backend)) {
            String environmentId =
                    project(t, unique("contract-mount")).environment().environmentId();
            String composeId = createCompose(t, environmentId, unique("contract-mount"), WEB_COMPOSE)
                    .path("composeId")
                    .asText();
            String file = "/volumes/functions/" + unique("fn") + "/index.ts";

            // the template's mounts have an empty mountPath, which mounts.create refuses: the client sends "/"
            Mount made = t.api()
                    .createMount(
                            composeId, new Mount(null, "file", null, null, file, "export default 1", null, "", null));
            assertEquals("file", made.type());
            assertEquals(file, made.filePath());
            assertEquals("export default 1", made.content());
            assertEquals("/", made.mountPath());
            assertEquals("compose", made.serviceType());
            assertEquals(composeId, made.composeId());
            assertEquals(List.of(made), t.api().mounts(composeId));

            t.api().updateMountContent(made.mountId(), "export default 2");
            Mount updated = t.api().mounts(composeId).get(0);
            assertEquals("export default 2", updated.content());
            assertEquals(file, updated.filePath());
            assertEquals("/", updated.mountPath());

            Map<String, Object> empty = new LinkedHashMap<>();
            empty.put("type", "file");
            empty.put("filePath", file);
            empty.put("content", "x");
            empty.put("mountPath", "");
            empty.put("serviceType", "compose");
            empty.put("serviceId", composeId);
            assertIssueOn(failure(() -> t.mutate("mounts.create", empty)), "mountPath");
            assertNotFound(() -> t.api().updateMountContent("no-such-mount", "x"), "Mount not found");
        }
    }

    // ---- deploys and containers ------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @EnumSource(Backend.class)
    void deployIsQueuedAndItsDeploymentAppearsInTheList(Backend backend) throws Exception {
        try (Target t = ContractTargets.open(backend)) {
            String environmentId =
                    project(t, unique("contract-deploy")).environment().environmentId();
            String composeId = createCompose(t, environmentId, unique("contract-deploy"), WEB_COMPOSE)
                    .path("composeId")
                    .asText();
            t.mutate("compose.update", Map.of("composeId", composeId, "sourceType", "raw"));

            JsonNode queued = t.mutate("compose.deploy", Map.of("composeId", composeId, "title", "contract deploy"));
            assertTrue(queued.path("success").asBoolean());
            assertEquals("Deployment queued", queued.path("message").asText());
            assertEquals(composeId, queued.path("composeId").asText());

            Deployment deployment = ContractTargets.awaitDeployment(
                    t.api(), composeId, d -> "contract deploy".equals(d.title()), Duration.ofSeconds(90));
            assertNotNull(deployment.deploymentId());
            assertEquals(composeId, deployment.composeId());
            assertTrue(
                    Set.of("running", "done", "error", "cancelled").contains(deployment.status()), deployment.status());
            JsonNode row = find(
                    t.query("deployment.allByCompose", Map.of("composeId", composeId)),
                    "deploymentId",
                    deployment.deploymentId());
            assertFalse(row.path("logPath").asText("").isEmpty(), "a local deploy writes its log to logPath");

            // the redeploy the operations use after an env change is queued the same way
            t.api().redeploy(composeId, "contract redeploy");
            assertNotNull(ContractTargets.awaitDeployment(
                            t.api(), composeId, d -> "contract redeploy".equals(d.title()), Duration.ofSeconds(90))
                    .deploymentId());
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Backend.class)
    void containersOfANeverDeployedComposeAreAnEmptyList(Backend backend) {
        try (Target t = ContractTargets.open(backend)) {
            String environmentId =
                    project(t, unique("contract-containers")).environment().environmentId();
            JsonNode made = createCompose(t, environmentId, unique("contract-containers"), WEB_COMPOSE);
            assertEquals(List.of(), t.api().containers(made.path("appName").asText()));

            SupaException badName = failure(() -> t.api().containers("not an app name"));
            assertEquals(ErrorCode.VALIDATION_REJECTED_BY_SERVER, badName.code());
            assertIssueOn(badName, "appName");
        }
    }

    /**
     * {@code destination.one}, which {@code backup … --destination dokploy:ID} reads: the row {@code destination.create}
     * made, keys included (Dokploy returns the whole row to a reader of its organization); an unknown id is not found.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Backend.class)
    void destinationOneAnswersWithTheRowCreatedKeysIncluded(Backend backend) {
        try (Target t = ContractTargets.open(backend)) {
            String name = unique("contract-destination");
            Map<String, Object> input = new java.util.LinkedHashMap<>();
            input.put("name", name);
            input.put("provider", "Minio");
            input.put("accessKey", "contract-access-key");
            input.put("secretAccessKey", "contract-secret-key");
            input.put("bucket", "contract-bucket");
            input.put("region", "us-east-1");
            input.put("endpoint", "http://127.0.0.1:9000");
            input.put("additionalFlags", List.of());
            String id =
                    t.mutate("destination.create", input).path("destinationId").asText();
            assertFalse(id.isEmpty(), "destination.create answers with the row and its id");

            Destination d = t.api().destination(id);
            assertEquals(
                    new Destination(
                            id,
                            name,
                            "Minio",
                            "contract-access-key",
                            "contract-secret-key",
                            "contract-bucket",
                            "us-east-1",
                            "http://127.0.0.1:9000"),
                    d);
            assertFalse(d.toString().contains("contract-secret-key"), "toString leaves the secret out");

            SupaException missing = failure(() -> t.api().destination("no-such-destination"));
            assertTrue(
                    missing.getMessage().contains("not found")
                            || missing.getMessage().contains("Not found"),
                    missing::getMessage);
        }
    }

    /**
     * What {@code deploy setup} asks before it places a stack and what it removes when a run of its own fails:
     * {@code settings.isCloud} (false on a self-hosted Dokploy), {@code server.all} (the servers, each with its SSH key
     * id or null), and {@code compose.delete}, {@code environment.remove} (never the default one) and
     * {@code project.remove}, each leaving no trace in the listings.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Backend.class)
    void placementAndCleanUpProceduresAnswerAsSetupReadsThem(Backend backend) {
        try (Target t = ContractTargets.open(backend)) {
            assertFalse(t.api().isCloud(), "a self-hosted Dokploy is not Dokploy Cloud");

            String serverName = unique("contract-placement");
            com.fasterxml.jackson.databind.node.ObjectNode server = new com.fasterxml.jackson.databind.ObjectMapper()
                    .createObjectNode()
                    .put("name", serverName)
                    .put("description", "contract")
                    .put("ipAddress", "127.0.0.11")
                    .put("port", 22)
                    .put("username", "root")
                    .put("serverType", "deploy")
                    .putNull("sshKeyId");
            String serverId = t.client()
                    .mutate("server.create", server, JsonNode.class)
                    .path("serverId")
                    .asText();
            Server listed = t.api().servers().stream()
                    .filter(s -> serverId.equals(s.serverId()))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("server.all does not list the new server"));
            assertEquals(serverName, listed.name());
            assertEquals("127.0.0.11", listed.ipAddress());
            assertFalse(listed.hasSshKey(), "a server made without an SSH key lists sshKeyId null");
            assertTrue(listed.deployTarget(), "a deploy server that is active");

            CreatedProject created = project(t, unique("contract-cleanup"));
            String projectId = created.project().projectId();
            String defaultEnvironment = created.environment().environmentId();
            String composeId = createCompose(t, defaultEnvironment, unique("contract-cleanup"), WEB_COMPOSE)
                    .path("composeId")
                    .asText();
            t.api().deleteCompose(composeId, false);
            assertEquals(
                    ErrorCode.DOKPLOY_NOT_FOUND,
                    failure(() -> t.api().compose(composeId)).code());

            String staging =
                    t.api().createEnvironment(projectId, "staging", "contract").environmentId();
            t.api().removeEnvironment(staging);
            assertTrue(t.api().environments(projectId).stream().noneMatch(e -> staging.equals(e.environmentId())));
            SupaException keepDefault = failure(() -> t.api().removeEnvironment(defaultEnvironment));
            assertEquals(400, keepDefault.details().get("status"), keepDefault.getMessage());

            t.api().removeProject(projectId);
            assertTrue(t.api().projects().stream().noneMatch(p -> projectId.equals(p.projectId())));
            assertEquals(
                    ErrorCode.DOKPLOY_NOT_FOUND,
                    failure(() -> t.api().project(projectId)).code());
        }
    }

    // ---- coverage --------------------------------------------------------------------------------------------

    /** Where each procedure the client knows is held to the contract; a new procedure fails here until it is. */
    private static final Map<DokployProcedure, String> COVERED = Map.ofEntries(
            Map.entry(DokployProcedure.SETTINGS_VERSION, "versionIsABareStringAndAWrongKeyIsRefusedAtTheGate"),
            Map.entry(DokployProcedure.PROJECT_ALL, "projectAllListsComposeIdNameAndStatusOnly"),
            Map.entry(DokployProcedure.PROJECT_ONE, "projectOneAndEnvironmentListingsCarryColumnSubsetsWithoutEnv"),
            Map.entry(DokployProcedure.PROJECT_CREATE, "projectCreateAnswersTheProjectAndItsProductionEnvironment"),
            Map.entry(DokployProcedure.ENVIRONMENT_ONE, "projectOneAndEnvironmentListingsCarryColumnSubsetsWithoutEnv"),
            Map.entry(
                    DokployProcedure.ENVIRONMENT_BY_PROJECT,
                    "projectOneAndEnvironmentListingsCarryColumnSubsetsWithoutEnv"),
            Map.entry(
                    DokployProcedure.ENVIRONMENT_CREATE, "environmentCreateRefusesProductionAndAcceptsDuplicateNames"),
            Map.entry(
                    DokployProcedure.COMPOSE_ONE, "composeCreateSuffixesTheAppNameDefaultsToGithubAndUpdateChangesIt"),
            Map.entry(DokployProcedure.COMPOSE_DEPLOY_TEMPLATE, "deployTemplateMakesTheEnvMountsAndOneKongDomain"),
            Map.entry(
                    DokployProcedure.COMPOSE_UPDATE,
                    "composeCreateSuffixesTheAppNameDefaultsToGithubAndUpdateChangesIt"),
            Map.entry(DokployProcedure.COMPOSE_SAVE_ENVIRONMENT, "saveEnvironmentStoresTheTextAsSentAndNullAsNull"),
            Map.entry(DokployProcedure.COMPOSE_DEPLOY, "deployIsQueuedAndItsDeploymentAppearsInTheList"),
            Map.entry(DokployProcedure.COMPOSE_REDEPLOY, "deployIsQueuedAndItsDeploymentAppearsInTheList"),
            Map.entry(DokployProcedure.DEPLOYMENT_ALL_BY_COMPOSE, "deployIsQueuedAndItsDeploymentAppearsInTheList"),
            Map.entry(DokployProcedure.DOMAIN_BY_COMPOSE, "domainCreateAndUpdateCheckTheHostAndDefaultWhatIsLeftOut"),
            Map.entry(DokployProcedure.DOMAIN_CREATE, "domainCreateAndUpdateCheckTheHostAndDefaultWhatIsLeftOut"),
            Map.entry(DokployProcedure.DOMAIN_UPDATE, "domainCreateAndUpdateCheckTheHostAndDefaultWhatIsLeftOut"),
            Map.entry(DokployProcedure.MOUNTS_CREATE, "mountsCreateAndUpdateKeepTheFileAndRefuseAnEmptyMountPath"),
            Map.entry(DokployProcedure.MOUNTS_UPDATE, "mountsCreateAndUpdateKeepTheFileAndRefuseAnEmptyMountPath"),
            Map.entry(
                    DokployProcedure.DOCKER_CONTAINERS_BY_APP_NAME, "containersOfANeverDeployedComposeAreAnEmptyList"),
            Map.entry(DokployProcedure.SETTINGS_IS_CLOUD, "placementAndCleanUpProceduresAnswerAsSetupReadsThem"),
            Map.entry(DokployProcedure.SERVER_ALL, "placementAndCleanUpProceduresAnswerAsSetupReadsThem"),
            Map.entry(DokployProcedure.DESTINATION_ONE, "destinationOneAnswersWithTheRowCreatedKeysIncluded"),
            Map.entry(DokployProcedure.COMPOSE_DELETE, "placementAndCleanUpProceduresAnswerAsSetupReadsThem"),
            Map.entry(DokployProcedure.ENVIRONMENT_REMOVE, "placementAndCleanUpProceduresAnswerAsSetupReadsThem"),
            Map.entry(DokployProcedure.PROJECT_REMOVE, "placementAndCleanUpProceduresAnswerAsSetupReadsThem"),
            Map.entry(
                    DokployProcedure.DEPLOYMENT_READ_LOGS,
                    "DokployRuntimeContractTest#aFailedDeployHasNoErrorMessageAndItsReasonIsInTheDeploymentLog"),
            Map.entry(
                    DokployProcedure.COMPOSE_READ_LOGS,
                    "DokployRuntimeContractTest#readLogsPassesDockersAnswerThroughAndFailsASearchWithoutAHit"));
    /** In DokployApi but called by no operation (checked below): nothing the tool does depends on their answers. */
    private static final Set<DokployProcedure> NOT_CALLED =
            Set.of(DokployProcedure.COMPOSE_STOP, DokployProcedure.COMPOSE_START);

    @org.junit.jupiter.api.Test
    void everyProcedureTheClientKnowsIsHeldToTheContract() throws Exception {
        Set<DokployProcedure> all = new TreeSet<>(List.of(DokployProcedure.values()));
        Set<DokployProcedure> accounted = new TreeSet<>(COVERED.keySet());
        accounted.addAll(NOT_CALLED);
        assertEquals(all, accounted, "every DokployProcedure is covered by a contract test or listed as not called");
        for (String test : COVERED.values()) {
            Class<?> owner = test.contains("#") ? DokployRuntimeContractTest.class : DokployServerContractTest.class;
            String method = test.substring(test.indexOf('#') + 1);
            assertTrue(
                    java.util.Arrays.stream(owner.getDeclaredMethods())
                            .anyMatch(m -> m.getName().equals(method)),
                    test);
        }
        // "not called" must stay true: no operation reaches compose.stop or compose.start
        try (var files = java.nio.file.Files.walk(java.nio.file.Path.of("src/main/java/dev/supadokploy"))) {
            List<String> callers = files.filter(
                            f -> f.toString().endsWith(".java") && !f.toString().contains("/dokploy/Dokploy"))
                    .filter(f -> {
                        try {
                            String text = java.nio.file.Files.readString(f);
                            return text.matches("(?s).*\\bapi\\.(stop|start)\\(.*");
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    })
                    .map(Object::toString)
                    .toList();
            assertEquals(List.of(), callers, "compose.stop/start are called now: give them a contract test");
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    private static void assertNotFound(org.junit.jupiter.api.function.Executable call, String serverMessage) {
        SupaException e = failure(call);
        assertEquals(ErrorCode.DOKPLOY_NOT_FOUND, e.code(), e.getMessage());
        assertEquals(404, e.details().get("status"));
        assertEquals(serverMessage, e.details().get("serverMessage"));
    }

    /** The client lists zod's issues as {@code field: message}; Dokploy's wording differs by zod version, the field does not. */
    @SuppressWarnings("unchecked")
    private static void assertIssueOn(SupaException e, String field) {
        List<String> issues = (List<String>) e.details().get("issues");
        assertNotNull(issues, e.getMessage());
        assertTrue(issues.stream().anyMatch(i -> i.startsWith(field + ":")), field + " not among " + issues);
    }
}
