package dev.supadokploy.supabase.rules;

import dev.supadokploy.dokploy.DokployEnv;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What only Dokploy's handling of the env shows (a Dokploy compose; see {@link DokployEnv}): references the next
 * deploy cannot resolve, references whose value this tool cannot see, and {@code ${OTHER}} expansions that became
 * literal text when Dokploy v0.30.0 started quoting the .env it writes.
 */
final class DokployEnvRule implements Rule {
    static final RuleInfo UNRESOLVED = new RuleInfo(
            "file.reference-unresolved",
            Category.file,
            Severity.error,
            "A ${{project.X}} / ${{environment.X}} / ${{X}} reference names a variable that does not exist (Dokploy's next deploy fails)",
            "manual: add the variable where the reference points (project or environment env in Dokploy), or fix the reference");
    static final RuleInfo NOT_JUDGED = new RuleInfo(
            "file.reference-not-judged",
            Category.file,
            Severity.info,
            "A variable is a reference whose value is not visible to this tool (vault secret, or a shared env it could not read): not judged",
            "none: check the value where it lives");
    static final RuleInfo LITERAL_EXPANSION = new RuleInfo(
            "file.expansion-now-literal",
            Category.file,
            Severity.warning,
            "A value relies on ${OTHER} expansion, which Dokploy v0.30.0+ no longer lets Docker Compose perform: the service gets the text",
            "manual: write the value itself, or a Dokploy reference ${{OTHER}} that Dokploy resolves at deploy");

    @Override
    public List<RuleInfo> infos() {
        return List.of(UNRESOLVED, NOT_JUDGED, LITERAL_EXPANSION);
    }

    @Override
    public List<Finding> check(AuditedEnv env) {
        Optional<DokployEnv> view = env.dokploy();
        if (view.isEmpty()) {
            return List.of();
        }
        List<Finding> findings = new ArrayList<>();
        for (DokployEnv.Reference ref : view.get().unknown().values()) {
            String v = ref.variable();
            if (ref.why() == DokployEnv.Unknown.MISSING) {
                findings.add(UNRESOLVED.finding(
                        v,
                        v + " is " + ref.reference() + ": " + ref.detail(),
                        "reference " + ref.reference(),
                        Fix.manual("Add the variable " + ref.reference().replaceAll("^\\$\\{\\{|\\}\\}$", "")
                                + " where the reference points (Dokploy: the project's or environment's Environment Variables), or "
                                + "correct the reference in this compose's env; then redeploy")));
            } else {
                findings.add(NOT_JUDGED.finding(
                        v,
                        v + " is " + ref.reference() + ", " + ref.detail()
                                + ": the value it gets is not known here, so no rule judges it",
                        "reference " + ref.reference(),
                        Fix.manual("Check " + v + " where its value lives: "
                                + view.get().whereValueLives(v))));
            }
        }
        for (String v : env.values().keySet()) {
            List<String> expansions = view.get().literalExpansions(v);
            if (!expansions.isEmpty()) {
                String version = view.get().version().map(Object::toString).orElse("v0.30.0+");
                findings.add(LITERAL_EXPANSION.finding(
                        v,
                        v + " holds " + String.join(", ", expansions) + ": Dokploy " + version
                                + " writes every value quoted with '$' escaped, so the service gets this text literally instead of "
                                + "the other variable's value (Docker Compose expanded it on Dokploy before v0.30.0)",
                        String.join(", ", expansions) + " in the value",
                        Fix.manual("Write " + v + "'s value itself, or use a Dokploy reference such as ${{"
                                + expansions.get(0).replaceAll("^\\$\\{?|[:}].*$|\\}$", "")
                                + "}} (resolved by Dokploy at deploy)")));
            }
        }
        return findings;
    }
}
