package dev.supadokploy.pg.diff;

import dev.supadokploy.util.Lines;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The ordered statements that make the target's schema equal to the source's, and the script made from them.
 *
 * @param changes  every statement in execution order, hazardous ones included
 * @param omitted  hazardous statements left out of the script by {@link DiffOptions#safeOnly()}
 * @param cycle    true when dependencies formed a cycle and part of the order fell back to phases
 */
public record DiffPlan(List<Change> changes, List<Change> omitted, boolean cycle) {
    public DiffPlan {
        changes = List.copyOf(changes);
        omitted = List.copyOf(omitted);
    }

    /** Counts per object type and action, e.g. table → {create=1, drop=2}. */
    public record Count(int created, int altered, int dropped) {}

    public boolean isEmpty() {
        return changes.isEmpty();
    }

    /**
     * The statements the script holds: all, or without the hazardous ones when they were omitted; never the manual
     * steps (comments, listed in the script's header).
     */
    public List<Change> scripted() {
        List<Change> kept = new ArrayList<>(changes);
        kept.removeAll(omitted);
        kept.removeIf(Change::isManual);
        return kept;
    }

    /** Differences the script cannot remove, with what to do by hand. */
    public List<Change> manual() {
        return changes.stream().filter(Change::isManual).toList();
    }

    public Map<String, Count> summary() {
        Map<String, int[]> counts = new TreeMap<>();
        for (Change c : changes) {
            int[] n = counts.computeIfAbsent(c.objectType(), k -> new int[3]);
            n[c.action().ordinal()]++;
        }
        Map<String, Count> summary = new LinkedHashMap<>();
        counts.forEach((type, n) -> summary.put(type, new Count(n[0], n[1], n[2])));
        return summary;
    }

    public List<Change> hazards() {
        return changes.stream().filter(Change::hazardous).toList();
    }

    /**
     * The script: statements that can run in a transaction inside one (with function bodies not checked at
     * creation, as pg_dump does, since bodies may name objects created later), the others after it; hazards as
     * comments above their statements.
     */
    public String script(String header) {
        List<Change> statements = scripted();
        List<Change> inside = statements.stream().filter(Change::transactional).toList();
        List<Change> outside =
                statements.stream().filter(c -> !c.transactional()).toList();
        StringBuilder sql = new StringBuilder();
        header.lines().forEach(line -> sql.append("-- ").append(line).append('\n'));
        if (statements.isEmpty()) {
            sql.append(manual().isEmpty() ? "-- No differences" : "-- No statements")
                    .append(omitted.isEmpty() ? "." : " besides the hazardous statements left out.")
                    .append('\n');
        }
        if (!manual().isEmpty()) {
            sql.append("-- ")
                    .append(manual().size())
                    .append(" difference(s) this script cannot remove; do it by hand:\n");
            manual().forEach(
                            c -> sql.append("--   ").append(c.hazard().reason()).append('\n'));
        }
        if (!omitted.isEmpty()) {
            sql.append("-- ").append(omitted.size()).append(" hazardous statement(s) left out (--safe-only):\n");
            omitted.forEach(c -> sql.append("--   ")
                    .append(c.hazard().kind())
                    .append(": ")
                    .append(Lines.head(c.sql()))
                    .append('\n'));
        }
        if (!outside.isEmpty()) {
            sql.append("-- ")
                    .append(outside.size())
                    .append(" statement(s) cannot run in a transaction block; they follow the COMMIT.\n");
        }
        if (cycle) {
            sql.append("-- Dependencies formed a cycle: part of the order follows object types only. Review it.\n");
        }
        if (!inside.isEmpty()) {
            sql.append("\nBEGIN;\nSET LOCAL check_function_bodies = false;\n");
            inside.forEach(c -> append(sql, c));
            sql.append("\nCOMMIT;\n");
        }
        outside.forEach(c -> append(sql, c));
        return sql.toString();
    }

    private static void append(StringBuilder sql, Change c) {
        sql.append('\n');
        if (c.hazard() != null) {
            sql.append("-- HAZARD ")
                    .append(c.hazard().kind())
                    .append(": ")
                    .append(c.hazard().reason())
                    .append('\n');
        }
        sql.append(c.sql()).append('\n');
    }
}
