package dev.supadokploy.pg.diff;

/**
 * The diff of one family of objects (tables and what hangs on them, functions and views, types, privileges…).
 * A family compares the two catalogs and emits statements; it never orders them: {@link DiffPlanner} does.
 */
interface DiffFamily {
    void diff(DiffContext ctx);
}
