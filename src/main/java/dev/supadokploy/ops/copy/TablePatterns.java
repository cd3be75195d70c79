package dev.supadokploy.ops.copy;

import dev.supadokploy.errors.ErrorCode;
import dev.supadokploy.errors.SupaException;
import dev.supadokploy.pg.catalog.QualifiedName;
import dev.supadokploy.supabase.ManagedSchemas;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Which tables a data migration copies: {@code schema.table} names or globs ({@code public.*}, {@code public.order_*},
 * {@code *.audit}); a bare name means {@code public.name}. With none, every table of every user schema. Supabase-managed
 * schemas ({@code auth}, {@code storage}…) are only taken when a pattern spells the schema out ({@code auth.users},
 * {@code auth.*}): moving users between instances is a real need, but never a surprise.
 */
public record TablePatterns(List<String> include, List<String> exclude) {

    public TablePatterns {
        include = split(include);
        exclude = split(exclude);
    }

    /** Comma-separated values may be given in one option, as shells and agents do. */
    private static List<String> split(List<String> values) {
        Set<String> out = new LinkedHashSet<>();
        for (String v : values == null ? List.<String>of() : values) {
            for (String part : (v == null ? "" : v).split(",")) {
                if (!part.isBlank()) {
                    out.add(part.strip());
                }
            }
        }
        return List.copyOf(out);
    }

    /** Managed schemas some include pattern names literally: the only ones read. */
    public Set<String> namedManagedSchemas() {
        Set<String> named = new TreeSet<>();
        for (String p : include) {
            String schema = schemaPart(p);
            if (ManagedSchemas.isManaged(schema)) {
                named.add(schema);
            }
        }
        return named;
    }

    /**
     * The tables chosen among {@code existing} (the source's tables), sorted.
     *
     * @throws SupaException VALIDATION_INVALID_INPUT naming the pattern that matched nothing
     */
    public List<QualifiedName> select(List<QualifiedName> existing) {
        Set<QualifiedName> chosen = new TreeSet<>(QualifiedName.ORDER);
        if (include.isEmpty()) {
            existing.stream().filter(t -> !ManagedSchemas.isManaged(t.schema())).forEach(chosen::add);
        }
        for (String p : include) {
            Pattern regex = regex(p);
            boolean literalSchema =
                    !schemaPart(p).contains("*") && !schemaPart(p).contains("?");
            List<QualifiedName> matched = existing.stream()
                    .filter(t -> regex.matcher(t.toString()).matches())
                    .filter(t -> literalSchema || !ManagedSchemas.isManaged(t.schema()))
                    .toList();
            if (matched.isEmpty()) {
                throw unmatched(p, existing);
            }
            chosen.addAll(matched);
        }
        for (String p : exclude) {
            Pattern regex = regex(p);
            chosen.removeIf(t -> regex.matcher(t.toString()).matches());
        }
        return List.copyOf(chosen);
    }

    private static String qualify(String pattern) {
        return pattern.contains(".") ? pattern : "public." + pattern;
    }

    private static String schemaPart(String pattern) {
        String q = qualify(pattern);
        return q.substring(0, q.indexOf('.'));
    }

    /** {@code *} is any run of characters and {@code ?} one character; everything else is literal (names are case-sensitive). */
    private static Pattern regex(String pattern) {
        StringBuilder re = new StringBuilder();
        for (char c : qualify(pattern).toCharArray()) {
            re.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
        }
        return Pattern.compile(re.toString());
    }

    private static SupaException unmatched(String pattern, List<QualifiedName> existing) {
        String lower = qualify(pattern).toLowerCase(Locale.ROOT);
        List<String> near = new ArrayList<>();
        for (QualifiedName t : existing) {
            if (t.toString().toLowerCase(Locale.ROOT).equals(lower)) {
                near.add(t.toString());
            }
        }
        String hint = near.isEmpty() ? "" : "Names are case-sensitive: did you mean " + near.get(0) + "? ";
        List<String> some =
                existing.stream().map(QualifiedName::toString).limit(20).toList();
        return new SupaException(
                ErrorCode.VALIDATION_INVALID_INPUT,
                "No table in the source matches '" + pattern + "'",
                hint + "Name tables as schema.table or a glob such as public.*"
                        + (some.isEmpty()
                                ? "; the source has no tables."
                                : "; some source tables: " + String.join(", ", some) + "."),
                Map.of("pattern", pattern),
                null);
    }
}
