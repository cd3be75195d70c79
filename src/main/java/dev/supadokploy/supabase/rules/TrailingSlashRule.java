package dev.supadokploy.supabase.rules;

import java.util.ArrayList;
import java.util.List;

/**
 * A URL variable ending in '/': Studio, Storage and client code append paths such as {@code /rest/v1/} to
 * it, and the resulting {@code //} matches no Kong route.
 */
final class TrailingSlashRule implements Rule {
    static final RuleInfo SLASH = new RuleInfo(
            "urls.trailing-slash",
            Category.urls,
            Severity.warning,
            "API_EXTERNAL_URL, SUPABASE_PUBLIC_URL or SITE_URL ends with '/'",
            "--fix removes the trailing slash");

    @Override
    public List<RuleInfo> infos() {
        return List.of(SLASH);
    }

    @Override
    public List<Finding> check(AuditedEnv env) {
        List<Finding> findings = new ArrayList<>();
        for (String variable :
                List.of(PublicUrlRule.API_EXTERNAL_URL, PublicUrlRule.SUPABASE_PUBLIC_URL, PublicUrlRule.SITE_URL)) {
            String value = env.text(variable);
            if (value.endsWith("/") && PublicEndpoint.parseUrl(value).isPresent()) {
                String stripped = strip(value);
                String shown = value.contains("@") ? "(a URL with user info)" : value;
                findings.add(SLASH.finding(
                        variable,
                        variable + " ends with '/': paths appended to it (/auth/v1/…, /rest/v1/…, "
                                + "/storage/v1/…) get a double slash that Kong does not route",
                        variable + "=" + shown,
                        new Fix(
                                Remedy.strip_trailing_slash,
                                "SET " + variable + "="
                                        + (value.contains("@") ? "<the URL without its trailing '/'>" : stripped),
                                env.fixCommand())));
            }
        }
        return findings;
    }

    static String strip(String url) {
        return url.replaceAll("/+$", "");
    }
}
