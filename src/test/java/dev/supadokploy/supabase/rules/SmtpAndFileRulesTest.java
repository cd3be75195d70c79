package dev.supadokploy.supabase.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Rules 11 and 14 of the issue: SMTP placeholders, and the file's own syntax. */
class SmtpAndFileRulesTest {

    @Test
    void smtpPlaceholdersWhileSignupNeedsConfirmation() {
        EnvUnderTest env =
                EnvUnderTest.healthy().set("SMTP_HOST", "supabase-mail").set("SMTP_PASS", "fake_mail_password");
        assertEquals(List.of("error smtp.placeholder SMTP_HOST,SMTP_PASS"), env.labels());
        Finding f = env.findings().get(0);
        assertEquals(Remedy.manual, f.fix().remedy());
        assertTrue(f.message().contains("Error sending confirmation email"));
        assertFalse(f.evidence().contains("fake_mail_password"), f.evidence());
    }

    @Test
    void smtpPlaceholdersDoNotMatterWithoutConfirmation() {
        EnvUnderTest base =
                EnvUnderTest.healthy().set("SMTP_HOST", "supabase-mail").set("SMTP_USER", "fake_mail_user");
        assertEquals(
                List.of(),
                EnvUnderTest.healthy()
                        .set("SMTP_HOST", "supabase-mail")
                        .set("ENABLE_EMAIL_AUTOCONFIRM", "true")
                        .labels());
        assertEquals(
                List.of(),
                EnvUnderTest.healthy()
                        .set("SMTP_HOST", "supabase-mail")
                        .set("ENABLE_EMAIL_SIGNUP", "false")
                        .labels());
        assertEquals(List.of("error smtp.placeholder SMTP_HOST,SMTP_USER"), base.labels());
    }

    @Test
    void duplicateKeys() {
        EnvUnderTest same = EnvUnderTest.healthy().appendLine("SITE_URL=https://app.example.com");
        assertEquals(List.of("warning file.duplicate-key SITE_URL"), same.labels());
        assertTrue(same.findings().get(0).evidence().endsWith("same value"));

        EnvUnderTest differing = EnvUnderTest.healthy().appendLine("DASHBOARD_USERNAME=admin");
        assertEquals(List.of("warning file.duplicate-key DASHBOARD_USERNAME"), differing.labels());
        assertTrue(differing.findings().get(0).message().contains("the values differ"));
    }

    @Test
    void linesThatDoNotParse() {
        EnvUnderTest env = EnvUnderTest.healthy().appendLine("SMTP_PASS continues here: hunter2-secret");
        assertEquals(List.of("error file.invalid-line"), env.labels());
        Finding f = env.findings().get(0);
        assertFalse(
                f.message().contains("hunter2") || f.evidence().contains("hunter2"),
                "an unparsable line may be half a secret");
        assertTrue(f.evidence().startsWith("line "), f.evidence());
        assertEquals(
                List.of("error file.invalid-line"),
                EnvUnderTest.healthy().appendLine("BROKEN=\"never closed").labels());
    }
}
