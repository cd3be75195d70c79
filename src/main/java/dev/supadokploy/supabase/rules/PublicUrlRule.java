package dev.supadokploy.supabase.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * API_EXTERNAL_URL and SUPABASE_PUBLIC_URL are the address the outside world reaches Kong on: GoTrue puts
 * API_EXTERNAL_URL in every e-mail link and OAuth callback, Studio and Storage hand out SUPABASE_PUBLIC_URL.
 * They must name the domain the stack is served on (--public-url; else SUPABASE_HOST, which Dokploy's
 * template sets to the domain), with the scheme it is served with.
 */
final class PublicUrlRule implements Rule {
    static final String API_EXTERNAL_URL = "API_EXTERNAL_URL";
    static final String SUPABASE_PUBLIC_URL = "SUPABASE_PUBLIC_URL";
    static final String SITE_URL = "SITE_URL";
    static final String SUPABASE_HOST = "SUPABASE_HOST";
    static final List<String> PUBLIC_URLS = List.of(API_EXTERNAL_URL, SUPABASE_PUBLIC_URL);

    static final RuleInfo INVALID = new RuleInfo(
            "urls.invalid",
            Category.urls,
            Severity.error,
            "API_EXTERNAL_URL, SUPABASE_PUBLIC_URL or SITE_URL is missing or not an absolute http(s) URL",
            "manual, or --fix with --public-url for API_EXTERNAL_URL / SUPABASE_PUBLIC_URL");
    static final RuleInfo MISMATCH = new RuleInfo(
            "urls.public-url-mismatch",
            Category.urls,
            Severity.error,
            "API_EXTERNAL_URL / SUPABASE_PUBLIC_URL (or SUPABASE_HOST) name another host than the public domain "
                    + "(--public-url, else SUPABASE_HOST), or disagree with each other",
            "--fix sets them from --public-url when it has a scheme; otherwise manual");
    static final RuleInfo SCHEME = new RuleInfo(
            "urls.scheme-mismatch",
            Category.urls,
            Severity.error,
            "API_EXTERNAL_URL / SUPABASE_PUBLIC_URL use http where the stack is served with https, or the reverse "
                    + "(needs --public-url with a scheme), or disagree with each other",
            "--fix sets them from --public-url; otherwise manual");

    static final RuleInfo LOCALHOST = new RuleInfo(
            "urls.public-url-localhost",
            Category.urls,
            Severity.warning,
            "API_EXTERNAL_URL / SUPABASE_PUBLIC_URL point at localhost (Supabase's example values) and no public URL is known",
            "manual, or pass --public-url so that --fix can set them");

    @Override
    public List<RuleInfo> infos() {
        return List.of(INVALID, MISMATCH, SCHEME, LOCALHOST);
    }

    static boolean isLocalhost(String host) {
        return host.equals("localhost")
                || host.equals("127.0.0.1")
                || host.equals("[::1]")
                || host.endsWith(".localhost");
    }

    @Override
    public List<Finding> check(AuditedEnv env) {
        List<Finding> findings = new ArrayList<>();
        Optional<PublicEndpoint> publicUrl = env.publicUrl();
        Optional<PublicEndpoint> host =
                env.isSet(SUPABASE_HOST) ? PublicEndpoint.parseDomainOrUrl(env.text(SUPABASE_HOST)) : Optional.empty();
        Optional<PublicEndpoint> reference = publicUrl.or(() -> host);
        String referenceName = publicUrl.isPresent()
                ? "the public URL " + publicUrl.get().display()
                : "SUPABASE_HOST (" + host.map(PublicEndpoint::authority).orElse("") + ")";

        List<PublicEndpoint> parsed = new ArrayList<>();
        for (String variable : List.of(API_EXTERNAL_URL, SUPABASE_PUBLIC_URL, SITE_URL)) {
            Optional<PublicEndpoint> url = PublicEndpoint.parseUrl(env.text(variable));
            if (url.isEmpty()) {
                findings.add(INVALID.finding(
                        variable, invalidMessage(env, variable), evidence(env, variable), urlFix(env, variable, null)));
                continue;
            }
            if (!PUBLIC_URLS.contains(variable)) {
                continue;
            }
            parsed.add(url.get());
            if (reference.isEmpty() && isLocalhost(url.get().host())) {
                findings.add(LOCALHOST.finding(
                        variable,
                        variable + " points at " + url.get().authority() + ", Supabase's example "
                                + "value: from anywhere but the server itself it reaches nothing, so "
                                + (API_EXTERNAL_URL.equals(variable)
                                        ? "confirmation, magic-link and OAuth callback links lead nowhere"
                                        : "the URLs Studio and Storage hand out open nowhere"),
                        variable + "=" + url.get().display(),
                        urlFix(env, variable, url.get())));
            }
            if (reference.isPresent() && !url.get().sameHostAs(reference.get())) {
                findings.add(MISMATCH.finding(
                        variable,
                        variable + " points at " + url.get().authority() + ", but the stack is served at "
                                + reference.get().authority() + " (" + referenceName + "): " + consequence(variable),
                        variable + "=" + url.get().display(),
                        urlFix(env, variable, url.get())));
            }
            if (publicUrl.isPresent()
                    && publicUrl.get().scheme() != null
                    && !publicUrl.get().scheme().equals(url.get().scheme())) {
                boolean httpBehindHttps = "https".equals(publicUrl.get().scheme());
                findings.add(SCHEME.finding(
                        variable,
                        variable + " uses " + url.get().scheme() + " but the stack is served with "
                                + publicUrl.get().scheme()
                                + (httpBehindHttps
                                        ? ": links and redirects go out as http and are refused or downgraded"
                                        : ": links point at https where nothing answers (is the Dokploy domain's HTTPS switched off?)"),
                        variable + "=" + url.get().display(),
                        urlFix(env, variable, url.get())));
            }
        }
        if (publicUrl.isPresent()
                && host.isPresent()
                && !host.get().host().equalsIgnoreCase(publicUrl.get().host())) {
            findings.add(MISMATCH.finding(
                    SUPABASE_HOST,
                    "SUPABASE_HOST is " + host.get().authority() + " but the stack is served at "
                            + publicUrl.get().host()
                            + ": GoTrue only sends mail links for the hosts in GOTRUE_MAILER_EXTERNAL_HOSTS, "
                            + "which the template builds from SUPABASE_HOST",
                    SUPABASE_HOST + "=" + host.get().authority(),
                    new Fix(
                            Remedy.set_public_url,
                            "SET SUPABASE_HOST=" + publicUrl.get().host(),
                            env.fixCommand())));
        }
        if (parsed.size() == 2) {
            PublicEndpoint api = parsed.get(0);
            PublicEndpoint studio = parsed.get(1);
            String evidence =
                    API_EXTERNAL_URL + "=" + api.display() + ", " + SUPABASE_PUBLIC_URL + "=" + studio.display();
            if (reference.isEmpty()
                    && !api.sameHostAs(new PublicEndpoint(studio.scheme(), studio.host(), studio.port(), ""))) {
                findings.add(MISMATCH.finding(
                        PUBLIC_URLS,
                        "API_EXTERNAL_URL (" + api.authority() + ") and SUPABASE_PUBLIC_URL (" + studio.authority()
                                + ") name different hosts; both must be the public address of Kong",
                        evidence,
                        Fix.manual("SET both to the public URL of the stack, or pass --public-url URL so --fix can")));
            }
            boolean schemeKnown = publicUrl.isPresent() && publicUrl.get().scheme() != null;
            if (!schemeKnown && !api.scheme().equals(studio.scheme())) {
                findings.add(
                        SCHEME.finding(
                                PUBLIC_URLS,
                                "API_EXTERNAL_URL uses " + api.scheme() + " and SUPABASE_PUBLIC_URL uses "
                                        + studio.scheme() + ": one of them is wrong",
                                evidence,
                                Fix.manual(
                                        "SET both to the scheme the stack is served with, or pass --public-url URL so --fix can")));
            }
        }
        return findings;
    }

    private static String consequence(String variable) {
        return API_EXTERNAL_URL.equals(variable)
                ? "confirmation, magic-link and OAuth callback links point elsewhere"
                : "Studio and Storage hand out URLs of another host";
    }

    private static String invalidMessage(AuditedEnv env, String variable) {
        String what = env.value(variable).isEmpty()
                ? " is missing"
                : env.text(variable).isBlank() ? " is empty" : " is not an absolute http(s) URL";
        return variable
                + what
                + (SITE_URL.equals(variable)
                        ? ": GoTrue needs it to start and to send users back to the application"
                        : ": " + consequence(variable));
    }

    private static String evidence(AuditedEnv env, String variable) {
        if (env.value(variable).isEmpty()) {
            return "not in the file";
        }
        String v = env.text(variable);
        return v.isBlank() ? "empty value" : variable + "=" + (v.contains("@") ? "(" + v.length() + " characters)" : v);
    }

    /** Set from --public-url when that has a scheme (the one thing we then know); otherwise the operator must say. */
    private static Fix urlFix(AuditedEnv env, String variable, PublicEndpoint current) {
        Optional<PublicEndpoint> publicUrl = env.publicUrl();
        if (PUBLIC_URLS.contains(variable)
                && publicUrl.isPresent()
                && publicUrl.get().scheme() != null) {
            return new Fix(
                    Remedy.set_public_url,
                    "SET " + variable + "=" + target(publicUrl.get(), current),
                    env.fixCommand());
        }
        if (SITE_URL.equals(variable)) {
            return Fix.manual(
                    "SET SITE_URL=<the URL of the application that signs users in, e.g. https://app.example.com>");
        }
        return Fix.manual("SET " + variable + "=<https://your-supabase-domain> (the public address of Kong), or pass "
                + "--public-url URL so --fix can");
    }

    /** The public origin, keeping a path the variable already had (a stack served below a path). */
    static String target(PublicEndpoint publicUrl, PublicEndpoint current) {
        String path = current == null ? "" : current.path().replaceAll("/+$", "");
        return publicUrl.origin() + path;
    }
}
