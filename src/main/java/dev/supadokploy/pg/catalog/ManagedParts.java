package dev.supadokploy.pg.catalog;

import java.util.Set;

/**
 * Schemas whose tables another party makes and migrates (Supabase's services: auth, storage …), of which a read takes
 * only what the application put on those tables: its triggers (those whose function lives outside these schemas: the
 * platform's own call its own functions), every row level security policy (the platform's services define none), and
 * privileges given to roles that are not the platform's. The tables themselves, their columns, constraints, indexes,
 * owners and comments are the platform's and are not read. (pg-delta's Supabase profile draws the trigger line the same
 * way: supabase/pg-toolbelt, packages/pg-delta/src/core/integrations/supabase.ts.)
 *
 * @param schemas       the managed schemas; those the selection reads in full are not read in part
 * @param platformRoles roles whose privileges on those tables are the platform's ({@code pg_*} roles count too)
 */
public record ManagedParts(Set<String> schemas, Set<String> platformRoles) {
    public ManagedParts {
        schemas = Set.copyOf(schemas);
        platformRoles = Set.copyOf(platformRoles);
    }
}
