package dev.supadokploy.supabase.rules;

import java.util.List;

/**
 * A rule id as documented: every finding with this id has this category and severity.
 *
 * @param summary one line: what the rule checks (docs/commands/validate.md, generated from it)
 * @param fixSummary one line: what fixes it, and whether --fix does
 */
public record RuleInfo(String id, Category category, Severity severity, String summary, String fixSummary) {

    public Finding finding(List<String> variables, String message, String evidence, Fix fix) {
        return new Finding(id, category, severity, variables, message, evidence, fix);
    }

    public Finding finding(String variable, String message, String evidence, Fix fix) {
        return finding(List.of(variable), message, evidence, fix);
    }
}
