package dev.supadokploy.supabase.rules;

import dev.supadokploy.supabase.keys.PublishedExamples;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A value Supabase published as an example (docker/.env.example, the CLI's local keys): anyone can log in
 * with it, or sign service_role tokens with it.
 */
final class PublishedExampleRule implements Rule {
    static final RuleInfo PUBLISHED = new RuleInfo(
            "secrets.published-example",
            Category.secrets,
            Severity.error,
            "A secret is still one of Supabase's published example values, or a key is signed with a published JWT secret",
            "--fix regenerates generated secrets and re-signs keys; JWT_SECRET and POSTGRES_PASSWORD need the --rotate-… opt-ins");

    @Override
    public List<RuleInfo> infos() {
        return List.of(PUBLISHED);
    }

    @Override
    public List<Finding> check(AuditedEnv env) {
        List<Finding> findings = new ArrayList<>();
        for (Map.Entry<String, String> e : env.values().entrySet()) {
            Optional<String> what = PublishedExamples.describe(e.getValue());
            what.ifPresent(description -> findings.add(PUBLISHED.finding(
                    e.getKey(),
                    e.getKey() + " is " + description + ", published for everyone to read: " + consequence(e.getKey()),
                    "equal to " + description,
                    Fixes.replace(env, e.getKey()))));
        }
        String secret = env.text(AuditedEnv.JWT_SECRET);
        for (String variable : AuditedEnv.API_KEYS) {
            if (PublishedExamples.describe(env.text(variable)).isPresent()) {
                continue; // reported above as the published key itself
            }
            env.key(variable)
                    .flatMap(PublishedExamples::signingSecretOf)
                    .filter(published -> !published.equals(secret)) // then JWT_SECRET's own finding is the root cause
                    .ifPresent(published -> findings.add(PUBLISHED.finding(
                            variable,
                            variable + " is signed with "
                                    + PublishedExamples.describe(published).orElse("a published JWT secret")
                                    + ": anyone can forge keys like it",
                            Redact.key(env.key(variable).get()) + "; HS256 signature verifies "
                                    + "with a published secret",
                            Fixes.replace(env, variable))));
        }
        return findings;
    }

    private static String consequence(String variable) {
        return switch (variable) {
            case AuditedEnv.JWT_SECRET -> "anyone can sign a service_role key and bypass row level security";
            case AuditedEnv.ANON_KEY, AuditedEnv.SERVICE_ROLE_KEY ->
                "it is signed with a published secret, so the stack trusts " + "keys anyone can make";
            case AuditedEnv.POSTGRES_PASSWORD -> "anyone who reaches the database port can log in as postgres";
            case "DASHBOARD_PASSWORD" -> "anyone can log in to Studio";
            default -> "it protects nothing";
        };
    }
}
