package dev.supadokploy.supabase.rules;

/** The part of a Supabase stack a finding concerns; also the order findings of one severity are listed in. */
public enum Category {
    keys,
    secrets,
    urls,
    database,
    pooler,
    smtp,
    studio,
    analytics,
    file,
    /** The running deployment on Dokploy: containers and deploys (only a live audit sees it). */
    stack
}
