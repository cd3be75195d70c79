package dev.supadokploy.supabase.rules;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * SITE_URL is the application GoTrue sends users back to after sign-up, magic links and password resets;
 * ADDITIONAL_REDIRECT_URLS are the other places it may send them.
 */
final class SiteUrlRule implements Rule {
    static final String ADDITIONAL_REDIRECT_URLS = "ADDITIONAL_REDIRECT_URLS";

    static final RuleInfo DEFAULT = new RuleInfo(
            "urls.site-url-default",
            Category.urls,
            Severity.warning,
            "SITE_URL is left at the template's http://localhost:3000 (or points at localhost)",
            "manual: set it to the application's URL");
    static final RuleInfo REDIRECTS = new RuleInfo(
            "urls.redirect-urls-miss-site",
            Category.urls,
            Severity.info,
            "No ADDITIONAL_REDIRECT_URLS entry covers paths under SITE_URL (GoTrue glob semantics: '*' stops at '/' and '.', '**' does not)",
            "manual: add <SITE_URL>/** (and the other origins the application is served from)");

    @Override
    public List<RuleInfo> infos() {
        return List.of(DEFAULT, REDIRECTS);
    }

    @Override
    public List<Finding> check(AuditedEnv env) {
        Optional<PublicEndpoint> site = PublicEndpoint.parseUrl(env.text(PublicUrlRule.SITE_URL));
        if (site.isEmpty()) {
            return List.of(); // PublicUrlRule reports a missing or malformed SITE_URL
        }
        String value = TrailingSlashRule.strip(env.text(PublicUrlRule.SITE_URL));
        List<Finding> findings = new ArrayList<>();
        String host = site.get().host();
        if (PublicUrlRule.isLocalhost(host)) {
            boolean templateDefault = value.equals("http://localhost:3000");
            findings.add(
                    DEFAULT.finding(
                            PublicUrlRule.SITE_URL,
                            (templateDefault
                                            ? "SITE_URL is still the template's http://localhost:3000"
                                            : "SITE_URL points at " + host)
                                    + ": confirmation, magic-link and password-reset e-mails send users to "
                                    + "their own machine instead of the application",
                            PublicUrlRule.SITE_URL + "=" + value,
                            Fix.manual(
                                    "SET SITE_URL=<the URL of the application that signs users in, e.g. https://app.example.com>")));
            return findings;
        }
        List<String> entries = Arrays.stream(env.text(ADDITIONAL_REDIRECT_URLS).split(","))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .toList();
        String probe = value + "/auth/callback";
        if (entries.stream().noneMatch(e -> goTrueGlob(e).matcher(probe).matches())) {
            findings.add(REDIRECTS.finding(
                    List.of(ADDITIONAL_REDIRECT_URLS),
                    "No ADDITIONAL_REDIRECT_URLS entry covers paths under "
                            + value
                            + ". GoTrue itself accepts redirects to SITE_URL's exact scheme, host and port, so sign-in flows back "
                            + "to it work; but the list names none of the site's pages (an entry ending in '/*' stops at the next '/' "
                            + "or '.'), which usually means it was not updated when SITE_URL changed — and redirects to the site under "
                            + "another host (www/apex), scheme or port are refused",
                    entries.isEmpty()
                            ? "ADDITIONAL_REDIRECT_URLS is empty"
                            : "entries: " + String.join(", ", entries) + "; none matches " + probe,
                    Fix.manual(
                            "SET ADDITIONAL_REDIRECT_URLS=" + (entries.isEmpty() ? "" : String.join(",", entries) + ",")
                                    + value + "/** (plus the other origins the application is served from)")));
        }
        return findings;
    }

    /**
     * GoTrue compiles each entry with gobwas/glob and separators '.' and '/': '**' matches anything, '*' and
     * '?' stop at a separator.
     */
    static Pattern goTrueGlob(String glob) {
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*' && i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                re.append(".*");
                i++;
            } else if (c == '*') {
                re.append("[^./]*");
            } else if (c == '?') {
                re.append("[^./]");
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString());
    }
}
