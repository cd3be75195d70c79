package dev.supadokploy.supabase.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * SMTP left at the template's placeholders while e-mail sign-up needs confirmation: GoTrue cannot reach the
 * mail host, so every sign-up fails with "Error sending confirmation email" and nobody can join.
 */
final class SmtpPlaceholderRule implements Rule {
    /** Supabase's .env.example and Dokploy's template ship these; supabase-mail is a dev-only Inbucket container. */
    private static final Map<String, String> PLACEHOLDERS = Map.of(
            "SMTP_HOST", "supabase-mail",
            "SMTP_USER", "fake_mail_user",
            "SMTP_PASS", "fake_mail_password");

    static final RuleInfo PLACEHOLDER = new RuleInfo(
            "smtp.placeholder",
            Category.smtp,
            Severity.error,
            "SMTP_HOST/SMTP_USER/SMTP_PASS are placeholders (supabase-mail, fake_mail_user, fake_mail_password) or SMTP_HOST "
                    + "is empty, while ENABLE_EMAIL_SIGNUP=true and ENABLE_EMAIL_AUTOCONFIRM=false",
            "manual: configure a real SMTP server (or turn e-mail confirmation off)");

    @Override
    public List<RuleInfo> infos() {
        return List.of(PLACEHOLDER);
    }

    @Override
    public List<Finding> check(AuditedEnv env) {
        // GoTrue's defaults: e-mail sign-up on, auto-confirm off, sign-up allowed.
        boolean emailSignup =
                !"false".equalsIgnoreCase(env.text("ENABLE_EMAIL_SIGNUP").strip());
        boolean autoconfirm =
                "true".equalsIgnoreCase(env.text("ENABLE_EMAIL_AUTOCONFIRM").strip());
        boolean signupDisabled =
                "true".equalsIgnoreCase(env.text("DISABLE_SIGNUP").strip());
        if (!emailSignup || autoconfirm || signupDisabled) {
            return List.of();
        }
        List<String> variables = new ArrayList<>();
        List<String> evidence = new ArrayList<>();
        for (String variable : List.of("SMTP_HOST", "SMTP_USER", "SMTP_PASS")) {
            String value = env.text(variable).strip();
            if (value.equals(PLACEHOLDERS.get(variable))) {
                variables.add(variable);
                evidence.add(
                        variable.equals("SMTP_PASS")
                                ? "SMTP_PASS is the placeholder password"
                                : variable + "=" + value);
            } else if (variable.equals("SMTP_HOST") && value.isEmpty()) {
                variables.add(variable);
                evidence.add("SMTP_HOST is empty");
            }
        }
        if (variables.isEmpty()) {
            return List.of();
        }
        evidence.add("ENABLE_EMAIL_SIGNUP=" + env.value("ENABLE_EMAIL_SIGNUP").orElse("(unset: true)")
                + ", ENABLE_EMAIL_AUTOCONFIRM="
                + env.value("ENABLE_EMAIL_AUTOCONFIRM").orElse("(unset: false)"));
        return List.of(PLACEHOLDER.finding(
                variables,
                "E-mail sign-up needs a confirmation e-mail, but SMTP is still the template's "
                        + "placeholder: GoTrue cannot send it, so every sign-up fails with \"Error sending confirmation email\" (and "
                        + "password resets and invitations fail too)",
                String.join("; ", evidence),
                Fix.manual(
                        "SET SMTP_HOST, SMTP_PORT, SMTP_USER, SMTP_PASS, SMTP_ADMIN_EMAIL and SMTP_SENDER_NAME to your mail "
                                + "provider's; or, if users need no confirmation, SET ENABLE_EMAIL_AUTOCONFIRM=true (or "
                                + "ENABLE_EMAIL_SIGNUP=false)")));
    }
}
