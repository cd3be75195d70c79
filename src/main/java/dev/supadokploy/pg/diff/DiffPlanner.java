package dev.supadokploy.pg.diff;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * Orders statements so none fails for ordering: a topological sort over the dependencies, with the phase (then
 * the order of emission) deciding among statements that are free to go. Drops follow the target's dependencies
 * (dependents first), creates the source's (what is needed first); an alter goes after the creates it requires.
 */
final class DiffPlanner {
    private DiffPlanner() {}

    record Ordered(List<Change> changes, boolean cycle) {}

    static Ordered order(List<Change> changes, Dependencies source, Dependencies target) {
        int n = changes.size();
        Map<String, List<Integer>> creates = new HashMap<>();
        Map<String, List<Integer>> drops = new HashMap<>();
        for (int i = 0; i < n; i++) {
            Change c = changes.get(i);
            if (c.key() != null) {
                (c.action() == Change.Action.drop ? drops : creates)
                        .computeIfAbsent(c.key(), k -> new ArrayList<>())
                        .add(i);
            }
        }
        List<Set<Integer>> after = new ArrayList<>(); // after.get(i): statements that must come after i
        int[] blockers = new int[n];
        for (int i = 0; i < n; i++) {
            after.add(new HashSet<>());
        }
        for (int i = 0; i < n; i++) {
            Change c = changes.get(i);
            if (c.action() == Change.Action.drop && c.key() != null) {
                // a dropped object's dependencies that are dropped too must wait for it
                for (String needed : target.of(c.key())) {
                    for (int j : drops.getOrDefault(needed, List.of())) {
                        link(i, j, after, blockers);
                    }
                }
            } else {
                Set<String> needs = new HashSet<>(c.requires());
                if (c.key() != null) {
                    needs.addAll(source.of(c.key()));
                }
                for (String needed : needs) {
                    for (int j : creates.getOrDefault(needed, List.of())) {
                        link(j, i, after, blockers);
                    }
                }
            }
        }
        Comparator<Integer> priority =
                Comparator.comparing((Integer i) -> changes.get(i).phase()).thenComparing(i -> i);
        PriorityQueue<Integer> ready = new PriorityQueue<>(priority);
        for (int i = 0; i < n; i++) {
            if (blockers[i] == 0) {
                ready.add(i);
            }
        }
        List<Change> ordered = new ArrayList<>(n);
        boolean[] done = new boolean[n];
        while (!ready.isEmpty()) {
            int i = ready.poll();
            done[i] = true;
            ordered.add(changes.get(i));
            for (int j : after.get(i)) {
                if (--blockers[j] == 0) {
                    ready.add(j);
                }
            }
        }
        boolean cycle = ordered.size() < n;
        if (cycle) {
            // a dependency cycle (rare: e.g. functions with SQL-standard bodies on each other): phase order for the
            // rest
            List<Integer> rest = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                if (!done[i]) {
                    rest.add(i);
                }
            }
            rest.sort(priority);
            rest.forEach(i -> ordered.add(changes.get(i)));
        }
        return new Ordered(ordered, cycle);
    }

    private static void link(int first, int then, List<Set<Integer>> after, int[] blockers) {
        if (first != then && after.get(first).add(then)) {
            blockers[then]++;
        }
    }
}
