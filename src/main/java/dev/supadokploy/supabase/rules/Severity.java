package dev.supadokploy.supabase.rules;

/**
 * How bad a finding is. Only errors fail {@code validate config} (exit 5): they break the stack or
 * expose it. Warnings are worth fixing soon; info is advice.
 */
public enum Severity {
    error,
    warning,
    info
}
