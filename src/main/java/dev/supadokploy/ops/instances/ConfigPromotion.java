package dev.supadokploy.ops.instances;

import dev.supadokploy.dokploy.Compose;
import dev.supadokploy.dokploy.ComposeUpdate;
import dev.supadokploy.dokploy.DokployApi;
import dev.supadokploy.errors.ErrorCode;
import dev.supadokploy.errors.SupaException;
import dev.supadokploy.ops.OperationContext;
import dev.supadokploy.ops.rollout.StackRollout;
import dev.supadokploy.supabase.StackShape;
import dev.supadokploy.supabase.keys.StackSecrets;
import dev.supadokploy.util.DotEnv;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.BinaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The stack half of a promotion: the source compose's image versions and non-secret env settings onto the target's
 * compose, then a redeploy waited for until every container is healthy. Secrets and what names the instance (URLs,
 * hosts, ports, e-mail addresses, tenant and project names) stay the target's own. The env is edited as text, line by
 * line, so the target's comments, order and quoting survive.
 */
final class ConfigPromotion {
    /** Words of a key (split at '_') that make it a secret, besides the stack's known secrets. */
    private static final Set<String> SECRET =
            Set.of("SECRET", "PASSWORD", "PASS", "KEY", "TOKEN", "CREDENTIAL", "CREDENTIALS", "PRIVATE", "SALT");
    /** Words that make it name this instance rather than configure it; a key ending in EMAIL is an address too. */
    private static final Set<String> IDENTITY = Set.of(
            "URL",
            "URLS",
            "URI",
            "HOST",
            "HOSTNAME",
            "DOMAIN",
            "PORT",
            "REDIRECT",
            "USERNAME",
            "TENANT",
            "PROJECT",
            "ORGANIZATION",
            "SENDER");
    /** A service's key in docker-compose.yml (two spaces in), and an image line inside it. */
    private static final Pattern SERVICE = Pattern.compile("^  ([A-Za-z0-9._-]+):\\s*(#.*)?$");

    private static final Pattern IMAGE = Pattern.compile("^(\\s{4,}image:\\s*)(['\"]?)([^'\"#\\s]+)\\2(\\s*(#.*)?)$");

    /**
     * @param images   service: old image → new image, for each image changed
     * @param settings env keys set from the source (names only)
     * @param kept     env keys that differ but stay the target's (secrets and instance names; names only)
     * @param health   the stack's health after the redeploy, null when nothing changed
     */
    record Outcome(List<String> images, List<String> settings, List<String> kept, String health) {
        boolean changed() {
            return !images.isEmpty() || !settings.isEmpty();
        }
    }

    private ConfigPromotion() {}

    static boolean copyable(String key) {
        List<String> words = List.of(key.toUpperCase(Locale.ROOT).split("_"));
        return StackSecrets.spec(key).isEmpty()
                && words.stream().noneMatch(w -> SECRET.contains(w) || IDENTITY.contains(w))
                && !words.get(words.size() - 1).equals("EMAIL");
    }

    /** What {@link #apply} would change, without changing it; refuses a change the target's stack cannot follow. */
    static Plan plan(Compose source, Compose target) {
        dev.supadokploy.dokploy.EncryptedEnv.requireReadable(source);
        dev.supadokploy.dokploy.EncryptedEnv.requireReadable(target);
        Map<String, String> sourceImages = images(nullToEmpty(source.composeFile()));
        guard(source, target, sourceImages, images(nullToEmpty(target.composeFile())));
        List<String> images = new ArrayList<>();
        String file = withImages(nullToEmpty(target.composeFile()), sourceImages, images);
        DotEnv env = DotEnv.parse(nullToEmpty(target.env()));
        List<String> settings = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        for (DotEnv.Entry e : DotEnv.parse(nullToEmpty(source.env())).entries()) {
            Optional<String> current = env.get(e.key());
            if (current.isPresent() && current.get().equals(e.value())) {
                continue;
            }
            if (copyable(e.key())) {
                env.set(e.key(), e.value());
                settings.add(e.key());
            } else {
                kept.add(e.key());
            }
        }
        return new Plan(file, env.write(), images, settings, kept);
    }

    record Plan(String composeFile, String env, List<String> images, List<String> settings, List<String> kept) {
        boolean changes() {
            return !images.isEmpty() || !settings.isEmpty();
        }
    }

    /**
     * Images are not all that a service needs. The db image's Postgres major must match its data directory (a PG15
     * directory does not start under 17, nor the reverse: the bind mount ../files/volumes/db/data stays the target's),
     * and an image may need files the template mounts beside it (Kong 3.9 runs kong-entrypoint.sh, which Kong 2.8
     * stacks lack). Dokploy writes those files as the compose's mounts, which this tool does not copy, so a service
     * whose file mounts differ between the stacks is refused rather than half-upgraded.
     */
    static void guard(
            Compose source, Compose target, Map<String, String> sourceImages, Map<String, String> targetImages) {
        Optional<StackShape> from = StackShape.read(source.composeFile());
        Optional<StackShape> to = StackShape.read(target.composeFile());
        for (Map.Entry<String, String> e : targetImages.entrySet()) {
            String service = e.getKey();
            String wanted = sourceImages.get(service);
            if (wanted == null || wanted.equals(e.getValue())) {
                continue;
            }
            if (service.equals("db")) {
                OptionalInt have = StackShape.postgresMajor(e.getValue());
                OptionalInt get = StackShape.postgresMajor(wanted);
                if (have.isPresent() && get.isPresent() && have.getAsInt() != get.getAsInt()) {
                    throw new SupaException(
                            ErrorCode.VALIDATION_POSTGRES_MAJOR_CHANGE,
                            "Promoting "
                                    + source.composeId() + " onto " + target.composeId()
                                    + " would change the target's db image from "
                                    + e.getValue() + " (Postgres " + have.getAsInt() + ") to " + wanted + " (Postgres "
                                    + get.getAsInt()
                                    + "): its data directory (../files/volumes/db/data) was initialised by Postgres "
                                    + have.getAsInt() + " and "
                                    + (get.getAsInt() < have.getAsInt()
                                            ? "cannot be downgraded"
                                            : "does not start under a new major without an upgrade")
                                    + "; nothing was changed",
                            "Upgrade the target's database first: Supabase's docker/utils/upgrade-pg17.sh for 15 → 17, or a dump "
                                    + "and restore into a new stack (supa-dokploy backup create, then backup restore); or promote "
                                    + "without --with-config. Keep the db images of both stacks on one major.",
                            Map.of(
                                    "source",
                                    source.composeId(),
                                    "target",
                                    target.composeId(),
                                    "service",
                                    service,
                                    "targetImage",
                                    e.getValue(),
                                    "sourceImage",
                                    wanted),
                            null);
                }
            }
            if (from.isPresent() && to.isPresent()) {
                List<StackShape.Mount> need = from.get()
                        .service(service)
                        .map(StackShape.Service::fileMounts)
                        .orElse(List.of());
                List<StackShape.Mount> have = to.get()
                        .service(service)
                        .map(StackShape.Service::fileMounts)
                        .orElse(List.of());
                if (!Set.copyOf(need).equals(Set.copyOf(have))) {
                    List<String> missing = need.stream()
                            .filter(m -> !have.contains(m))
                            .map(m -> m.source() + ":" + m.target())
                            .toList();
                    List<String> extra = have.stream()
                            .filter(m -> !need.contains(m))
                            .map(m -> m.source() + ":" + m.target())
                            .toList();
                    throw new SupaException(
                            ErrorCode.VALIDATION_MOUNTS_DIFFER,
                            "Promoting " + source.composeId() + " onto "
                                    + target.composeId() + " would give the target's " + service + " the image "
                                    + wanted + " (was "
                                    + e.getValue() + ") without the files that image is mounted with in the source"
                                    + (missing.isEmpty() ? "" : ": the target lacks " + String.join(", ", missing))
                                    + (extra.isEmpty()
                                            ? ""
                                            : (missing.isEmpty() ? ": " : "; ") + "the target mounts "
                                                    + String.join(", ", extra) + " instead")
                                    + "; nothing was changed",
                            "Bring the target's compose file and its file mounts (Dokploy → the compose → Advanced → Mounts) to "
                                    + "the source's for " + service
                                    + " first (for Kong 2.8 → 3.9: kong-entrypoint.sh and the new "
                                    + "kong.yml), then promote again; or promote without --with-config.",
                            Map.of(
                                    "source",
                                    source.composeId(),
                                    "target",
                                    target.composeId(),
                                    "service",
                                    service,
                                    "missing",
                                    missing,
                                    "extra",
                                    extra),
                            null);
                }
            }
        }
    }

    static Outcome apply(DokployApi api, String sourceId, String targetId, Duration timeout, OperationContext ctx) {
        Compose target = api.compose(targetId);
        Plan plan = plan(api.compose(sourceId), target);
        if (!plan.changes()) {
            return new Outcome(plan.images(), plan.settings(), plan.kept(), null);
        }
        if (!plan.images().isEmpty()) {
            api.updateCompose(new ComposeUpdate(targetId, null, null, plan.composeFile()));
        }
        if (!plan.settings().isEmpty()) {
            api.saveEnvironment(targetId, plan.env());
        }
        StackRollout.Outcome rollout =
                StackRollout.deployAndWait(api, targetId, "supa-dokploy instances promote", false, timeout, ctx);
        return new Outcome(
                plan.images(), plan.settings(), plan.kept(), rollout.health().overall());
    }

    /** service → image of a docker-compose.yml. */
    static Map<String, String> images(String composeFile) {
        Map<String, String> images = new LinkedHashMap<>();
        eachImage(composeFile, (service, image) -> {
            images.putIfAbsent(service, image);
            return image;
        });
        return images;
    }

    /** The compose file with each service's image set to the source's, where both have the service. */
    static String withImages(String composeFile, Map<String, String> sourceImages, List<String> changed) {
        return eachImage(composeFile, (service, image) -> {
            String wanted = sourceImages.get(service);
            if (wanted == null || wanted.equals(image)) {
                return image;
            }
            changed.add(service + ": " + image + " → " + wanted);
            return wanted;
        });
    }

    /**
     * Walks a docker-compose.yml line by line (the template's layout: services two spaces in) and gives each service's
     * image line to {@code image}, which returns the image to write there; every other line stays as it is.
     */
    private static String eachImage(String composeFile, BinaryOperator<String> image) {
        StringBuilder out = new StringBuilder();
        String service = null;
        String[] lines = composeFile.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            Matcher s = SERVICE.matcher(line);
            Matcher m = IMAGE.matcher(line);
            if (s.matches()) {
                service = s.group(1);
            } else if (!line.isBlank() && !line.startsWith(" ")) {
                service = null; // a top-level key (volumes:, networks:) ends the services
            } else if (service != null && m.matches()) {
                line = m.group(1) + m.group(2) + image.apply(service, m.group(3)) + m.group(2) + m.group(4);
            }
            out.append(line);
            if (i < lines.length - 1) {
                out.append('\n');
            }
        }
        return out.toString();
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
