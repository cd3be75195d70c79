package dev.supadokploy.ops.deploy;

import dev.supadokploy.dokploy.Compose;
import dev.supadokploy.dokploy.ComposeEnv;
import dev.supadokploy.dokploy.DokployEnv;
import dev.supadokploy.errors.ErrorCode;
import dev.supadokploy.errors.SupaException;
import dev.supadokploy.supabase.StackShape;
import dev.supadokploy.supabase.keys.SecretGenerator;
import dev.supadokploy.supabase.keys.StackSecrets;
import dev.supadokploy.supabase.rules.AuditedEnv;
import dev.supadokploy.supabase.rules.EnvFixer;
import dev.supadokploy.supabase.rules.Finding;
import dev.supadokploy.supabase.rules.PublicEndpoint;
import dev.supadokploy.supabase.rules.Rules;
import dev.supadokploy.supabase.rules.Severity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The compose's env as setup leaves it: the template's document (comments and order kept) with our secrets, the
 * public URLs, SMTP, and whatever else the rules can repair; checked by the rules until no error is left.
 *
 * <p>A compose never deployed gets a whole new set of secrets: the template's may be role-less or not signed with its
 * JWT_SECRET (Dokploy v0.21.8–v0.25.5), and nobody has seen ours yet. A deployed one keeps JWT_SECRET and
 * POSTGRES_PASSWORD, which its database was initialised with; only what the rules find broken is repaired.
 */
final class SetupEnv {
    static final String SMTP_RULE = "smtp.placeholder";

    /**
     * The SMTP values given, the password resolved; {@code noEmailConfirmation}: the operator chose sign-up without a
     * confirmation e-mail (ENABLE_EMAIL_AUTOCONFIRM=true), which needs no SMTP.
     */
    record Smtp(
            String host,
            Integer port,
            String user,
            String password,
            String adminEmail,
            String senderName,
            boolean noEmailConfirmation) {
        boolean given() {
            return host != null
                    || port != null
                    || user != null
                    || password != null
                    || adminEmail != null
                    || senderName != null;
        }
    }

    /**
     * @param changed   variables whose value setup set or changed, in file order (names only)
     * @param warnings  what the rules still find worth a look, and SMTP left unset
     */
    record Prepared(ComposeEnv env, List<String> changed, List<String> warnings) {
        String value(String name) {
            return env.get(name).orElse("");
        }
    }

    private SetupEnv() {}

    static Prepared prepare(
            Compose compose,
            boolean freshSecrets,
            String publicUrl,
            Smtp smtp,
            SecretGenerator generator,
            Instant now) {
        ComposeEnv env = ComposeEnv.of(compose);
        Map<String, String> before = env.document().toMap();
        StackShape shape = StackShape.read(compose.composeFile()).orElse(null);
        if (freshSecrets) {
            // Logflare's tokens only where the compose still runs analytics (Dokploy/templates PR #1068 removed it)
            boolean analytics = shape == null || shape.has("analytics");
            Map<String, String> fresh = new LinkedHashMap<>(StackSecrets.generateStack(generator, now));
            fresh.keySet().removeIf(name -> !analytics && name.startsWith("LOGFLARE_"));
            if (isReference(env, AuditedEnv.JWT_SECRET)) {
                // JWT_SECRET comes from a ${{…}} reference and stays: keys signed with a new secret would not verify
                fresh.keySet()
                        .removeAll(List.of(AuditedEnv.JWT_SECRET, AuditedEnv.ANON_KEY, AuditedEnv.SERVICE_ROLE_KEY));
            }
            fresh.forEach(env::set);
        }
        PublicEndpoint endpoint = PublicEndpoint.parseUrl(publicUrl).orElseThrow();
        setUrls(env, before, endpoint, publicUrl);
        if (smtp.given()) {
            setIfGiven(env, "SMTP_HOST", smtp.host());
            setIfGiven(
                    env, "SMTP_PORT", smtp.port() == null ? null : smtp.port().toString());
            setIfGiven(env, "SMTP_USER", smtp.user());
            setIfGiven(env, "SMTP_PASS", smtp.password());
            setIfGiven(env, "SMTP_ADMIN_EMAIL", smtp.adminEmail());
            setIfGiven(env, "SMTP_SENDER_NAME", smtp.senderName());
        }
        if (smtp.noEmailConfirmation()) {
            // what validate's smtp.placeholder rule accepts as "no mail needed": setup and validate agree
            env.set("ENABLE_EMAIL_AUTOCONFIRM", "true");
        }

        // Repair what the rules can (re-sign role-less keys, fill missing secrets, strip slashes), never the two values
        // the database keeps; then judge the result afresh.
        List<Finding> findings = Rules.evaluate(audited(env, endpoint, now).withShape(shape));
        new EnvFixer(generator, now)
                .apply(audited(env, endpoint, now).withShape(shape), findings, new EnvFixer.Options(false, false));
        findings = Rules.evaluate(audited(env, endpoint, now).withShape(shape));

        List<String> warnings = new ArrayList<>();
        List<Finding> errors = new ArrayList<>();
        for (Finding f : findings) {
            if (f.severity() == Severity.error && f.ruleId().equals(SMTP_RULE) && !smtp.given()) {
                // validate config fails such a stack (exit 5): setup does not pass it with a warning
                throw mailChoiceMissing("The stack " + compose.composeId());
            } else if (f.severity() == Severity.error) {
                errors.add(f);
            } else if (f.severity() == Severity.warning) {
                warnings.add(f.message() + " (" + f.ruleId() + ")");
            }
        }
        for (String kept : env.keptReferences()) {
            warnings.add(
                    kept + " is a ${{…}} reference, resolved by Dokploy at deploy: setup kept it as it is; its value "
                            + "lives in the project's or environment's env (or a secrets provider)");
        }
        if (!errors.isEmpty()) {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("applicationId", compose.composeId());
            details.put(
                    "findings",
                    errors.stream().map(f -> f.label() + ": " + f.message()).toList());
            throw new SupaException(
                    ErrorCode.VALIDATION_INVALID_INPUT,
                    "The stack's env has " + errors.size() + " problem" + (errors.size() == 1 ? "" : "s")
                            + " setup cannot fix on its own: "
                            + errors.stream().map(Finding::label).collect(Collectors.joining(", ")),
                    "See them with supa-dokploy validate config --compose-id " + compose.composeId()
                            + ", fix them (its --fix "
                            + "options, or in the Dokploy dashboard), then run setup again; nothing was saved to the env.",
                    details,
                    null);
        }
        Map<String, String> after = env.document().toMap();
        List<String> changed = after.keySet().stream()
                .filter(name -> !Objects.equals(before.get(name), after.get(name)))
                .toList();
        return new Prepared(env, changed, warnings);
    }

    /**
     * SMTP is the template's placeholder while e-mail sign-up needs a confirmation mail: validate config's
     * smtp.placeholder error. Setup needs the operator to choose: real SMTP, or sign-up without confirmation.
     */
    static SupaException mailChoiceMissing(String what) {
        return new SupaException(
                ErrorCode.VALIDATION_MISSING_INPUT,
                what
                        + " would have the template's placeholder SMTP (supabase-mail) while e-mail sign-up needs a confirmation "
                        + "e-mail: every sign-up would fail with \"Error sending confirmation email\", and validate config reports "
                        + "it as an error (" + SMTP_RULE + ")",
                "Give the mail server (--smtp-host, --smtp-port, --smtp-user, --smtp-password-file, --smtp-admin-email; MCP: "
                        + "smtp), or choose sign-up without confirmation e-mails with --no-email-confirmation (MCP: "
                        + "emailConfirmation: false; sets ENABLE_EMAIL_AUTOCONFIRM=true). Nothing was created.");
    }

    /**
     * The public URLs name the domain. SITE_URL is the application users return to: set to the stack's URL only while
     * it points nowhere useful (unset, localhost, or the stack's previous address), so an operator's own is kept.
     */
    private static void setUrls(ComposeEnv env, Map<String, String> before, PublicEndpoint endpoint, String publicUrl) {
        String oldHost = before.getOrDefault("SUPABASE_HOST", "");
        List<String> previous = new ArrayList<>();
        for (String name : List.of("SUPABASE_PUBLIC_URL", "API_EXTERNAL_URL")) {
            previous.add(before.getOrDefault(name, "").replaceAll("/+$", ""));
        }
        if (before.containsKey("SUPABASE_HOST")) {
            env.set("SUPABASE_HOST", endpoint.host());
        }
        env.set("SUPABASE_PUBLIC_URL", publicUrl);
        env.set("API_EXTERNAL_URL", publicUrl);
        String site = before.getOrDefault("SITE_URL", "").replaceAll("/+$", "");
        boolean siteUseless = PublicEndpoint.parseUrl(site)
                .map(u -> u.host().equals("localhost")
                        || u.host().equals("127.0.0.1")
                        || (!oldHost.isEmpty() && u.host().equalsIgnoreCase(oldHost)))
                .orElse(true);
        if (siteUseless || previous.contains(site)) {
            env.set("SITE_URL", publicUrl);
        }
        // The template allows redirects to its made-up host; move them to the real one. Its '/*' stops at the next
        // '/' in GoTrue's glob, so the moved entry becomes '/**': every page of the site, /auth/callback included.
        String redirects = before.get("ADDITIONAL_REDIRECT_URLS");
        if (redirects != null && !oldHost.isEmpty() && !oldHost.equalsIgnoreCase(endpoint.host())) {
            String moved = java.util.Arrays.stream(redirects.split(",", -1))
                    .map(entry -> entry.contains("://" + oldHost)
                            ? entry.replace("://" + oldHost, "://" + endpoint.host())
                                    .replaceFirst("/\\*$", "/**")
                            : entry)
                    .collect(Collectors.joining(","));
            env.set("ADDITIONAL_REDIRECT_URLS", moved);
        }
    }

    private static void setIfGiven(ComposeEnv env, String name, String value) {
        if (value != null) {
            env.set(name, value);
        }
    }

    /**
     * The env judged as Dokploy hands it on (dotenv's parse; the shared envs are not read here, so references are
     * left unjudged and untouched by the fixes).
     */
    private static AuditedEnv audited(ComposeEnv env, PublicEndpoint endpoint, Instant now) {
        return new AuditedEnv(env.document(), endpoint, now, "compose-" + env.composeId() + ".env")
                .withDokployView(DokployEnv.of(env.text()));
    }

    private static boolean isReference(ComposeEnv env, String variable) {
        return DokployEnv.of(env.text()).isReference(variable);
    }
}
