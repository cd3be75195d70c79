package dev.supadokploy.supabase.rules;

import java.util.List;

/** A check over a Supabase .env. One class per rule or small family of rules with shared parsing. */
public interface Rule {
    /** The rule ids this class can report, each with its category and severity. */
    List<RuleInfo> infos();

    List<Finding> check(AuditedEnv env);
}
