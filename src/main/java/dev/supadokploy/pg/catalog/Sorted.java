package dev.supadokploy.pg.catalog;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Immutable, deterministically ordered copies for the model's lists. Every record sorts its own lists
 * in its constructor, so a catalog built from any source (the reader, a backup, a test) serialises to
 * the same JSON.
 */
final class Sorted {
    private Sorted() {}

    static <T> List<T> by(List<T> items, Comparator<? super T> order) {
        if (items == null || items.isEmpty()) {
            return List.of();
        }
        List<T> copy = new ArrayList<>(items);
        copy.sort(order);
        return List.copyOf(copy);
    }

    static List<String> strings(List<String> items) {
        return by(items, Comparator.naturalOrder());
    }

    /** For lists whose order is meaningful (enum labels, index keys): copied, never reordered. */
    static <T> List<T> kept(List<T> items) {
        return items == null ? List.of() : List.copyOf(items);
    }

    static <T, U extends Comparable<? super U>> Comparator<T> nullsFirst(java.util.function.Function<T, U> key) {
        return Comparator.comparing(key, Comparator.nullsFirst(Comparator.naturalOrder()));
    }
}
