package dev.supadokploy.pg.catalog;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import java.util.Comparator;
import java.util.List;

/** An enum type; {@code labels} are in their sort order (the order that defines {@code <}). */
@JsonClassDescription("An enum type with its labels in sort order")
public record EnumType(String name, String owner, String comment, List<String> labels, String extension) {
    static final Comparator<EnumType> ORDER = Comparator.comparing(EnumType::name);

    public EnumType {
        labels = Sorted.kept(labels);
    }
}
