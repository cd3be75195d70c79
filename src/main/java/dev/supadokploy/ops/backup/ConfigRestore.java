package dev.supadokploy.ops.backup;

import dev.supadokploy.dokploy.Compose;
import dev.supadokploy.dokploy.ComposeUpdate;
import dev.supadokploy.dokploy.DokployApi;
import dev.supadokploy.dokploy.Domain;
import dev.supadokploy.dokploy.DomainSpec;
import dev.supadokploy.dokploy.Mount;
import dev.supadokploy.errors.SupaException;
import dev.supadokploy.ops.OperationContext;
import dev.supadokploy.ops.connection.DokployConnector;
import dev.supadokploy.ops.connection.MonitoredStack;
import dev.supadokploy.ops.rollout.StackRollout;
import dev.supadokploy.util.DotEnv;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * {@code backup restore --with-config}: the archive's stack config put onto a compose (the one it came from, or
 * another), then a redeploy and the wait for a healthy stack.
 *
 * <p>What it writes: the env whole ({@code compose.saveEnvironment}), the compose file ({@code compose.update}), each
 * domain (created, or updated where the compose already routes its host and path) and each mount (created, or a file
 * mount's content updated where the compose has that file). What the target has beyond the backup (its own domains
 * and mounts) is left as it is and listed. A domain still routed to the compose the backup came from is skipped: two
 * composes claiming one host make Traefik route it to either, so the live stack would lose its traffic by chance.
 */
final class ConfigRestore {
    static final Duration WAIT = Duration.ofMinutes(10);
    private static final String TITLE = "supa-dokploy backup restore --with-config";

    private final DokployApi api;
    private final Compose target;

    private ConfigRestore(DokployApi api, Compose target) {
        this.api = api;
        this.target = target;
    }

    /**
     * The compose to restore onto, read before anything is restored (an unknown id fails here), and for a real
     * restore the operator's confirmation, given before the database is touched.
     */
    static ConfigRestore open(BackupRestoreOperation.Input input, OperationContext ctx) {
        String composeId = input.applicationId() != null
                        && !input.applicationId().isBlank()
                ? input.applicationId().strip()
                : MonitoredStack.composeId(
                        null,
                        input.connection() == null ? null : input.connection().instance(),
                        ctx);
        DokployApi api = DokployConnector.open(input.dokploy(), ctx);
        Compose target = api.compose(composeId);
        if (!input.dryRun()) {
            ctx.confirm("Replace the env (secrets included) and compose file of compose " + target.name() + " ("
                    + composeId + ") with the backup's, add its domains and mounts, and redeploy it?");
        }
        return new ConfigRestore(api, target);
    }

    BackupRestoreOperation.ConfigResult apply(StackConfig config, boolean dryRun, OperationContext ctx) {
        String id = target.composeId();
        Map<String, String> was =
                DotEnv.parse(Objects.requireNonNullElse(target.env(), "")).toMap();
        Map<String, String> now = DotEnv.parse(config.env()).toMap();
        List<String> added = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        now.forEach((k, v) -> {
            if (!was.containsKey(k)) {
                added.add(k);
            } else if (!was.get(k).equals(v)) {
                changed.add(k);
            }
        });
        List<String> removed =
                was.keySet().stream().filter(k -> !now.containsKey(k)).toList();
        boolean envDiffers = !config.env().equals(Objects.requireNonNullElse(target.env(), ""));
        boolean fileDiffers = !config.composeFile().equals(Objects.requireNonNullElse(target.composeFile(), ""));
        List<String> notes = new ArrayList<>();
        if (target.sourceType() != null && !"raw".equals(target.sourceType())) {
            notes.add("compose " + id + " deploys from its " + target.sourceType()
                    + " source, not from its stored compose file: the file is saved, but the deploy uses the source's");
        }

        Domains domains;
        Mounts mounts;
        try {
            domains = domains(config);
            mounts = mounts(config);
        } catch (SupaException e) {
            throw dryRun ? e : afterDatabase(e, id);
        }
        boolean changes = envDiffers
                || fileDiffers
                || !domains.create.isEmpty()
                || !domains.update.isEmpty()
                || !mounts.create.isEmpty()
                || !mounts.update.isEmpty();
        String deploymentId = null;
        String health = null;
        if (!dryRun && changes) {
            try {
                write(config, domains, mounts, envDiffers, fileDiffers);
            } catch (SupaException e) {
                throw afterDatabase(e, id);
            }
            try {
                StackRollout.Outcome rollout = StackRollout.deployAndWait(
                        api, id, TITLE, target.deployments().isEmpty(), WAIT, ctx);
                deploymentId = rollout.deploymentId();
                health = rollout.health().overall();
            } catch (SupaException e) {
                throw afterConfig(e, id);
            }
        } else if (!changes) {
            notes.add("the compose already has the backup's config: nothing to write, no redeploy");
        }
        return new BackupRestoreOperation.ConfigResult(
                id,
                target.name(),
                config.composeId(),
                sorted(added),
                sorted(changed),
                sorted(removed),
                fileDiffers,
                domains.create.stream().map(DomainSpec::host).toList(),
                domains.update.values().stream().map(DomainSpec::host).toList(),
                domains.skipped,
                domains.kept,
                mounts.create.stream().map(ConfigRestore::label).toList(),
                mounts.updatedLabels,
                mounts.kept,
                deploymentId,
                health,
                notes);
    }

    /** The files first, then what the deploy reads them with. */
    private void write(StackConfig config, Domains domains, Mounts mounts, boolean envDiffers, boolean fileDiffers) {
        String id = target.composeId();
        for (Mount m : mounts.create) {
            api.createMount(id, m);
        }
        mounts.update.forEach(api::updateMountContent);
        if (fileDiffers) {
            api.updateCompose(new ComposeUpdate(id, null, null, config.composeFile()));
        }
        if (envDiffers) {
            api.saveEnvironment(id, config.env());
        }
        domains.update.forEach(api::updateDomain);
        domains.create.forEach(api::createDomain);
    }

    private record Domains(
            List<DomainSpec> create, Map<String, DomainSpec> update, List<String> skipped, List<String> kept) {}

    private Domains domains(StackConfig config) {
        String id = target.composeId();
        // the source's routes now: an unknown compose lists none (domain.byComposeId is a filtered select)
        Set<String> live = id.equals(config.composeId())
                ? Set.of()
                : api.domains(config.composeId()).stream()
                        .filter(Domain::routed)
                        .map(ConfigRestore::route)
                        .collect(Collectors.toSet());
        Map<String, Domain> there = new LinkedHashMap<>();
        api.domains(id).forEach(d -> there.put(route(d), d));
        List<DomainSpec> create = new ArrayList<>();
        Map<String, DomainSpec> update = new LinkedHashMap<>();
        List<String> skipped = new ArrayList<>();
        Set<String> backedUp = new TreeSet<>();
        for (Domain d : config.domains()) {
            String route = route(d);
            backedUp.add(route);
            DomainSpec spec = new DomainSpec(
                    d.host(),
                    d.port(),
                    Boolean.TRUE.equals(d.https()),
                    d.certificateType() == null ? DomainSpec.NO_CERTIFICATE : d.certificateType(),
                    d.serviceName(),
                    id,
                    d.path());
            Domain existing = there.get(route);
            if (live.contains(route)) {
                skipped.add(d.host() + ": still routed to compose " + config.composeId()
                        + ", the backup's source; remove it there, then add it to " + id);
            } else if (existing == null) {
                create.add(spec);
            } else if (!same(existing, spec)) {
                update.put(existing.domainId(), spec);
            }
        }
        List<String> kept = there.entrySet().stream()
                .filter(e -> !backedUp.contains(e.getKey()))
                .map(e -> e.getValue().host())
                .toList();
        return new Domains(create, update, skipped, kept);
    }

    private static boolean same(Domain d, DomainSpec s) {
        return Objects.equals(d.port(), s.port())
                && Boolean.TRUE.equals(d.https()) == s.https()
                && Objects.equals(d.certificateType(), s.certificateType())
                && Objects.equals(d.serviceName(), s.serviceName());
    }

    /** Traefik routes by host and path prefix; "/" and none are the same route. */
    private static String route(Domain d) {
        String path = d.path() == null || d.path().isEmpty() ? "/" : d.path();
        return d.host().toLowerCase(Locale.ROOT) + path;
    }

    private record Mounts(
            List<Mount> create, Map<String, String> update, List<String> updatedLabels, List<String> kept) {}

    /** File mounts match by their file; others by type and mount path. */
    private Mounts mounts(StackConfig config) {
        Map<String, Mount> there = new LinkedHashMap<>();
        api.mounts(target.composeId()).forEach(m -> there.put(label(m), m));
        List<Mount> create = new ArrayList<>();
        Map<String, String> update = new LinkedHashMap<>();
        List<String> updated = new ArrayList<>();
        Set<String> backedUp = new TreeSet<>();
        for (Mount m : config.mounts()) {
            String label = label(m);
            backedUp.add(label);
            Mount existing = there.get(label);
            if (existing == null) {
                create.add(m);
            } else if (m.file() && !Objects.equals(existing.content(), m.content())) {
                update.put(existing.mountId(), m.content());
                updated.add(label);
            }
        }
        List<String> kept =
                there.keySet().stream().filter(l -> !backedUp.contains(l)).toList();
        return new Mounts(create, update, updated, kept);
    }

    private static String label(Mount m) {
        return m.file() ? m.filePath() : m.type() + ":" + m.mountPath();
    }

    private static List<String> sorted(List<String> names) {
        return names.stream().sorted().toList();
    }

    /** The database is in: say so, whatever went wrong with the config. */
    private static SupaException afterDatabase(SupaException e, String composeId) {
        return new SupaException(
                e.code(),
                "The database was restored, but putting the stack config onto compose " + composeId + " failed: "
                        + e.getMessage(),
                (e.suggestion() == null ? "" : e.suggestion() + " ")
                        + "Then run the restore again with --with-config and --clean.",
                e.details(),
                e);
    }

    /** Everything is written; only the redeploy (or the stack's health) failed: running it all again is not needed. */
    private static SupaException afterConfig(SupaException e, String composeId) {
        return new SupaException(
                e.code(),
                "The database was restored and the stack config put onto compose " + composeId
                        + ", but its redeploy failed: " + e.getMessage(),
                e.suggestion(),
                e.details(),
                e);
    }
}
