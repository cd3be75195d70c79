package dev.supadokploy.supabase.rules;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import java.util.Comparator;
import java.util.List;

/**
 * One problem in a Supabase .env.
 *
 * @param ruleId    stable id, e.g. {@code keys.anon-equals-service} (docs/commands/validate.md lists them all)
 * @param category  the part of the stack concerned
 * @param severity  error (fails the check), warning, or info
 * @param variables the variables concerned, in file order of importance; empty for file-wide findings
 * @param message   what is wrong and what it breaks
 * @param evidence  what the rule saw, redacted: lengths, claim names, line numbers, never a secret value
 * @param fix       how to resolve it
 */
@JsonClassDescription(
        "A problem found in a Supabase .env: rule id, category, severity, message, redacted evidence and a fix")
public record Finding(
        String ruleId,
        Category category,
        Severity severity,
        List<String> variables,
        String message,
        String evidence,
        Fix fix) {

    /** Errors first, then warnings, then info; within a severity by category, rule and variable. */
    public static final Comparator<Finding> ORDER = Comparator.comparing(Finding::severity)
            .thenComparing(Finding::category)
            .thenComparing(Finding::ruleId)
            .thenComparing(f -> String.join(",", f.variables()))
            .thenComparing(Finding::message);

    public Finding {
        variables = List.copyOf(variables);
    }

    /** "keys.missing-role ANON_KEY": how tests and summaries name a finding. */
    public String label() {
        return variables.isEmpty() ? ruleId : ruleId + " " + String.join(",", variables);
    }
}
