package dev.supadokploy.ops.instances;

import dev.supadokploy.config.Config;
import dev.supadokploy.config.DokployServerConfig;
import dev.supadokploy.config.InstanceConfig;
import dev.supadokploy.dokploy.Compose;
import dev.supadokploy.dokploy.DokployApi;
import dev.supadokploy.dokploy.DokployEndpoint;
import dev.supadokploy.dokploy.Domain;
import dev.supadokploy.dokploy.EncryptedEnv;
import dev.supadokploy.dokploy.Environment;
import dev.supadokploy.dokploy.PlacedCompose;
import dev.supadokploy.dokploy.Project;
import dev.supadokploy.errors.ErrorCode;
import dev.supadokploy.errors.SupaException;
import dev.supadokploy.ops.BaseOperation;
import dev.supadokploy.ops.Doc;
import dev.supadokploy.ops.OperationContext;
import dev.supadokploy.ops.OperationInfo;
import dev.supadokploy.ops.OperationInfo.Hint;
import dev.supadokploy.ops.connection.DokployConnector;
import dev.supadokploy.ops.connection.DokployInput;
import dev.supadokploy.supabase.rules.SupabaseStackRecognizer;
import dev.supadokploy.util.DotEnv;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code instances list} / {@code dokploy_list_instances}: every Supabase stack on the Dokploy server, by project
 * and environment, merged with the instances named in config.toml. Read-only; one {@code project.all}, then per
 * stack only what that listing lacks (its domains, or the compose itself when the listing left the env out).
 *
 * <p>Dokploy's {@code project.all} never carries a compose's env (nor its server), and a renamed compose is still a
 * Supabase stack, so the env is read with one {@code compose.one} per candidate, which brings the domains and the
 * server's name along. Candidates are the composes of the asked environment (every one without a filter) and those
 * config.toml names; composes of other environments are not read. A compose whose env Dokploy returns encrypted
 * ({@code enc:v1:…}) but whose compose file runs Supabase's images is listed with a warning, not dropped.
 */
public final class InstancesListOperation
        extends BaseOperation<InstancesListOperation.Input, InstancesListOperation.Result> {

    public record Input(
            DokployInput dokploy,

            @Doc("Only stacks in this Dokploy environment, e.g. dev, staging or production (any environment name; "
                    + "case-insensitive). Default: every environment")
            String environment) {}

    /** How a config.toml instance relates to the server's stacks. */
    public enum Link {
        /** Its dokploy_compose_id is a Supabase stack on the server. */
        linked,
        /** Its dokploy_compose_id exists nowhere on the server: deleted, or another server. */
        missing,
        /** Its dokploy_compose_id is a compose service that is not a Supabase stack. */
        not_supabase,
        /** It has no dokploy_compose_id, so it cannot be matched. */
        no_compose_id,
        /** Dokploy was not asked (none configured). */
        unchecked
    }

    public record Stack(
            @Doc("Dokploy composeId of the stack (the seed's applicationId; config.toml's dokploy_compose_id)")
            String composeId,

            @Doc("The compose service's name in Dokploy") String name,

            @Doc("Dokploy appName: containers are named <appName>-<service>-1")
            String appName,

            @Doc("Project name") String project,
            @Doc("Project id") String projectId,

            @Doc("Environment name (absent on Dokploy before v0.25, which has no environments)")
            String environment,

            @Doc("The Dokploy server the stack runs on (serverId); absent when it runs on the Dokploy host")
            String serverId,

            @Doc("That server's name in Dokploy") String server,

            @Doc("Dokploy composeStatus: idle (never deployed or stopped), running (deploying), done, error")
            String status,

            @Doc(
                    "Public URL: the kong domain (https when its HTTPS is on), else SUPABASE_PUBLIC_URL / API_EXTERNAL_URL "
                            + "from the stack's env")
            String publicUrl,

            @Doc("Where publicUrl came from: domain or env; absent when neither says")
            String publicUrlSource,

            @Doc("config.toml instances whose dokploy_compose_id is this stack")
            List<String> configInstances,

            @Doc(
                    "For a stack no config instance names: an [instances.NAME] table to paste into config.toml (no secrets)")
            String configSnippet,

            @Doc("What keeps the tools from this stack, e.g. an env Dokploy cannot decrypt; absent when nothing does")
            String problem) {}

    public record ConfiguredInstance(
            @Doc("Instance name in config.toml ([instances.NAME])")
            String name,

            @Doc("Its dokploy_compose_id") String composeId,
            @Doc("Its environment, as config.toml says") String environment,

            @Doc("linked, missing (compose gone), not_supabase, no_compose_id, or unchecked (no Dokploy configured)")
            Link link,

            @Doc("What to do about it, when something is off")
            String note) {}

    public record Result(
            @Doc("The Dokploy server asked (no key); absent when none is configured")
            String dokployUrl,

            @Doc("The environment filter applied, if any") String environment,

            @Doc("Supabase stacks, sorted by project, environment and name")
            List<Stack> stacks,

            @Doc("Instances from config.toml and how each maps to a stack")
            List<ConfiguredInstance> configured,

            @Doc(
                    "Compose services read that are not Supabase stacks (not listed); with an environment filter, those of that environment")
            int otherComposeServices,

            @Doc("Dokploy API requests made for this listing")
            int apiCalls,

            @Doc("Problems found: stale config instances, mismatched environments or URLs")
            List<String> warnings,

            @Doc("Set when Dokploy was not asked, saying why")
            String note) {}

    public InstancesListOperation() {
        super(
                Input.class,
                Result.class,
                new OperationInfo(
                        "dokploy_list_instances",
                        List.of("instances", "list"),
                        "List Supabase instances",
                        "List every self-hosted Supabase stack on the Dokploy server (compose services whose env holds JWT_SECRET, "
                                + "ANON_KEY, SERVICE_ROLE_KEY and POSTGRES_PASSWORD), by project and environment, with composeId "
                                + "(applicationId), appName, deploy status and public URL, merged with the instances in config.toml: "
                                + "which instance is which stack, instances whose compose no longer exists, and stacks not configured "
                                + "yet (with a config.toml snippet). Read-only; returns no secrets.",
                        Hint.READ_ONLY,
                        Hint.UNTRUSTED_OUTPUT,
                        Hint.IDEMPOTENT));
    }

    /** A compose service with where it sits. */
    private record Located(Project project, String environment, Compose compose) {}

    @Override
    public Result run(Input input, OperationContext ctx) {
        String filter = input.environment() == null || input.environment().isBlank()
                ? null
                : input.environment().strip();
        if (!dokployConfigured(input.dokploy(), ctx)) {
            return withoutDokploy(ctx.config(), filter, ctx);
        }
        DokployApi api = DokployConnector.open(input.dokploy(), ctx);
        int calls = 1;
        List<Project> projects = api.projects();
        List<Located> all = locate(projects);

        List<String> warnings = new ArrayList<>();
        Set<String> environmentNames = new TreeSet<>();
        projects.forEach(p -> p.environments().forEach(e -> environmentNames.add(e.name())));
        if (filter != null && environmentNames.stream().noneMatch(filter::equalsIgnoreCase)) {
            // An empty list alone would not tell a typo ("prod") from an environment without stacks.
            warnings.add("No project on " + api.client().serverUrl() + " has an environment named '" + filter + "'"
                    + (environmentNames.isEmpty()
                            ? " (this server has no environments: Dokploy before v0.25)"
                            : "; environments there: " + String.join(", ", environmentNames)));
        }

        Map<String, List<String>> byCompose = new LinkedHashMap<>();
        Map<String, InstanceConfig> config = ctx.config().instances();
        config.values().forEach(i -> {
            if (i.dokployComposeId() != null) {
                byCompose
                        .computeIfAbsent(i.dokployComposeId(), k -> new ArrayList<>())
                        .add(i.name());
            }
        });

        Map<String, Located> supabase = new LinkedHashMap<>();
        Set<String> readWhole = new HashSet<>();
        Map<String, String> serverNames = new HashMap<>();
        Set<String> unreadable = new HashSet<>();
        int others = 0;
        for (Located l : all) {
            Compose c = l.compose();
            boolean candidate =
                    filter == null || filter.equalsIgnoreCase(l.environment()) || byCompose.containsKey(c.composeId());
            if (!candidate) {
                continue; // another environment's compose: not listed, so not read
            }
            if (c.env() == null) {
                // project.all leaves the env out: read the compose itself (domains and server name included).
                PlacedCompose placed = api.placedCompose(c.composeId());
                c = placed.compose();
                calls++;
                readWhole.add(c.composeId());
                if (placed.serverName() != null) {
                    serverNames.put(c.composeId(), placed.serverName());
                }
                l = new Located(l.project(), l.environment(), c);
            }
            if (EncryptedEnv.isEncrypted(c.env())
                    && (c.composeFile() == null || SupabaseStackRecognizer.looksLikeSupabaseFile(c.composeFile()))) {
                supabase.put(c.composeId(), l);
                unreadable.add(c.composeId());
                warnings.add(EncryptedEnv.explanation(c) + ". " + EncryptedEnv.SUGGESTION);
            } else if (SupabaseStackRecognizer.isSupabase(DotEnv.parse(c.env() == null ? "" : c.env()))) {
                supabase.put(c.composeId(), l);
            } else {
                others++;
            }
        }

        List<Stack> stacks = new ArrayList<>();
        Set<String> taken = new HashSet<>(config.keySet());
        List<Located> shown = supabase.values().stream()
                .filter(l -> filter == null || filter.equalsIgnoreCase(l.environment()))
                .sorted(Comparator.comparing((Located l) -> l.project().name(), Comparator.nullsLast(String::compareTo))
                        .thenComparing(Located::environment, Comparator.nullsFirst(String::compareTo))
                        .thenComparing(l -> l.compose().name(), Comparator.nullsLast(String::compareTo)))
                .toList();
        for (Located l : shown) {
            Compose c = l.compose();
            boolean encrypted = unreadable.contains(c.composeId());
            DotEnv env = DotEnv.parse(encrypted || c.env() == null ? "" : c.env());
            List<Domain> domains = c.domains();
            if (!SupabaseStackRecognizer.hasGatewayDomain(domains) && !readWhole.contains(c.composeId())) {
                domains = api.domains(c.composeId());
                calls++;
            }
            Optional<String> domainUrl = SupabaseStackRecognizer.domainUrl(domains);
            String url = domainUrl.or(() -> SupabaseStackRecognizer.envUrl(env)).orElse(null);
            String source = domainUrl.isPresent() ? "domain" : url != null ? "env" : null;
            List<String> names = byCompose.getOrDefault(c.composeId(), List.of());
            String snippet = null;
            if (names.isEmpty()) {
                String name = ConfigSnippet.suggestName(l.project().name(), l.environment(), c.appName(), taken);
                taken.add(name);
                snippet = ConfigSnippet.of(name, c.composeId(), l.environment(), url);
            }
            if (names.size() > 1) {
                warnings.add("config.toml instances " + String.join(", ", names) + " all name stack " + c.composeId()
                        + ": an operation on one of them acts on the others' stack too");
            }
            for (String n : names) {
                checkAgreement(config.get(n), l, url, warnings);
            }
            stacks.add(new Stack(
                    c.composeId(),
                    c.name(),
                    c.appName(),
                    l.project().name(),
                    l.project().projectId(),
                    l.environment(),
                    c.serverId(),
                    serverNames.get(c.composeId()),
                    c.composeStatus(),
                    url,
                    source,
                    names,
                    snippet,
                    encrypted
                            ? "Dokploy cannot decrypt its env (enc:v1:…): ENCRYPTION_KEY or BETTER_AUTH_SECRET changed"
                            : null));
        }

        Map<String, Located> everyCompose = new LinkedHashMap<>();
        all.forEach(l -> everyCompose.put(l.compose().composeId(), l));
        List<ConfiguredInstance> configured = new ArrayList<>();
        for (InstanceConfig i : config.values()) {
            Located stack = i.dokployComposeId() == null ? null : supabase.get(i.dokployComposeId());
            String where = stack != null ? stack.environment() : i.environment();
            if (filter != null && !filter.equalsIgnoreCase(where)) {
                continue;
            }
            configured.add(classify(i, stack, everyCompose, api.client().serverUrl(), warnings));
        }
        warnings.forEach(ctx::warn);
        return new Result(api.client().serverUrl(), filter, stacks, configured, others, calls, warnings, null);
    }

    private static List<Located> locate(List<Project> projects) {
        List<Located> all = new ArrayList<>();
        for (Project p : projects) {
            if (p.environments().isEmpty()) {
                p.compose().forEach(c -> all.add(new Located(p, null, c)));
            }
            for (Environment e : p.environments()) {
                e.compose().forEach(c -> all.add(new Located(p, e.name(), c)));
            }
        }
        return all;
    }

    private static ConfiguredInstance classify(
            InstanceConfig i, Located stack, Map<String, Located> everyCompose, String server, List<String> warnings) {
        String id = i.dokployComposeId();
        if (id == null) {
            return new ConfiguredInstance(
                    i.name(),
                    null,
                    i.environment(),
                    Link.no_compose_id,
                    "Add dokploy_compose_id to [instances." + i.name()
                            + "] to tie it to its stack (see the stacks' snippets).");
        }
        if (stack != null) {
            return new ConfiguredInstance(i.name(), id, i.environment(), Link.linked, null);
        }
        Located other = everyCompose.get(id);
        if (other != null) {
            String note = "Compose " + id + " (" + other.compose().name() + " in "
                    + other.project().name() + ") is not a Supabase stack: its env lacks "
                    + String.join(", ", SupabaseStackRecognizer.MARKERS);
            warnings.add("[instances." + i.name() + "]: " + note);
            return new ConfiguredInstance(i.name(), id, i.environment(), Link.not_supabase, note);
        }
        String note = "Compose " + id + " no longer exists on " + server
                + ": fix dokploy_compose_id (the stacks listed show theirs) or remove the instance";
        warnings.add("[instances." + i.name() + "]: " + note);
        return new ConfiguredInstance(i.name(), id, i.environment(), Link.missing, note);
    }

    /** A config instance that names a stack should agree with it, or operations by name go somewhere unexpected. */
    private static void checkAgreement(InstanceConfig i, Located stack, String url, List<String> warnings) {
        if (i.environment() != null
                && stack.environment() != null
                && !i.environment().equalsIgnoreCase(stack.environment())) {
            warnings.add("[instances." + i.name() + "] says environment '" + i.environment() + "' but its stack is in '"
                    + stack.environment() + "' (project " + stack.project().name() + ")");
        }
        if (i.supabaseUrl() != null
                && url != null
                && !trimSlash(i.supabaseUrl()).equalsIgnoreCase(trimSlash(url))) {
            warnings.add("[instances." + i.name() + "] has supabase_url " + i.supabaseUrl()
                    + " but its stack is served at " + url);
        }
    }

    private static String trimSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /**
     * Nothing names a Dokploy server at all (no input, no DOKPLOY_URL / DOKPLOY_API_KEY, no [dokploy] table): then
     * config.toml is all there is to list. Half a configuration (a URL without a key) is still an error.
     */
    static boolean dokployConfigured(DokployInput in, OperationContext ctx) {
        DokployServerConfig fromFile = ctx.config().dokploy();
        List<String> sources = new ArrayList<>();
        if (in != null) {
            sources.add(in.dokployApiUrl());
            sources.add(in.dokployApiKey());
        }
        sources.add(ctx.env().get(DokployEndpoint.URL_VARIABLE));
        sources.add(ctx.env().get(DokployEndpoint.KEY_VARIABLE));
        if (fromFile != null) {
            sources.add(fromFile.url());
            sources.add(fromFile.apiKey());
        }
        return sources.stream().anyMatch(s -> s != null && !s.isBlank());
    }

    private static Result withoutDokploy(Config config, String filter, OperationContext ctx) {
        if (config.instances().isEmpty()) {
            throw new SupaException(
                    ErrorCode.CONFIGURATION_NOT_FOUND,
                    "No Dokploy server configured and no instances in config.toml",
                    "Export " + DokployEndpoint.URL_VARIABLE + " and " + DokployEndpoint.KEY_VARIABLE
                            + " (or pass --dokploy-url and "
                            + "--dokploy-api-key-file, or add a [dokploy] table to config.toml) to list the server's stacks.");
        }
        List<ConfiguredInstance> configured = config.instances().values().stream()
                .filter(i -> filter == null || filter.equalsIgnoreCase(i.environment()))
                .map(i -> new ConfiguredInstance(i.name(), i.dokployComposeId(), i.environment(), Link.unchecked, null))
                .toList();
        String note = "No Dokploy server configured: only config.toml's instances are listed, unchecked. Set "
                + DokployEndpoint.URL_VARIABLE + " and " + DokployEndpoint.KEY_VARIABLE
                + " (or [dokploy] in config.toml) to "
                + "list the server's Supabase stacks.";
        ctx.warn(note);
        return new Result(null, filter, List.of(), configured, 0, 0, List.of(), note);
    }
}
