package dev.supadokploy.ops;

import java.lang.reflect.Constructor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One input an operation takes, as both surfaces see it. Nested record components (such as
 * {@link dev.supadokploy.ops.connection.ConnectionInput}) are flattened: their components become inputs of their own, so an MCP
 * client passes {@code connectionString} next to {@code query}, and the CLI shows {@code --connection}
 * next to the query.
 *
 * @param name      the camelCase name (MCP argument; the CLI option is its kebab-case twin)
 * @param path      component names from the input record down to this field
 * @param type      the Java type (String, Integer, Boolean, List&lt;String&gt;, an enum …)
 */
public record InputField(
        String name,
        List<String> path,
        Type type,
        String description,
        boolean secret,
        boolean reference,
        boolean required) {

    public static List<InputField> of(Class<? extends Record> inputType) {
        List<InputField> fields = new ArrayList<>();
        collect(inputType, List.of(), fields);
        return fields;
    }

    private static void collect(Class<?> type, List<String> prefix, List<InputField> into) {
        for (RecordComponent rc : type.getRecordComponents()) {
            List<String> path = new ArrayList<>(prefix);
            path.add(rc.getName());
            if (rc.getType().isRecord()) {
                collect(rc.getType(), path, into);
                continue;
            }
            Doc doc = rc.getAnnotation(Doc.class);
            into.add(new InputField(
                    rc.getName(),
                    List.copyOf(path),
                    rc.getGenericType(),
                    doc == null ? "" : doc.value(),
                    doc != null && doc.secret(),
                    doc != null && (doc.reference() || doc.secret()),
                    doc != null && doc.required()));
        }
    }

    /** The CLI option name: {@code connectionString} becomes {@code --connection-string}. */
    public String kebabOption() {
        return "--" + name.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
    }

    public boolean isList() {
        return type instanceof ParameterizedType p && p.getRawType() == List.class;
    }

    /**
     * Builds an input record from flat values keyed by field name (missing ones are null). Values must
     * already have the component's type.
     */
    public static <I extends Record> I instantiate(Class<I> inputType, Map<String, Object> values) {
        return build(inputType, values);
    }

    @SuppressWarnings("unchecked")
    private static <T> T build(Class<T> type, Map<String, Object> values) {
        RecordComponent[] rcs = type.getRecordComponents();
        Object[] args = new Object[rcs.length];
        Class<?>[] types = new Class<?>[rcs.length];
        for (int i = 0; i < rcs.length; i++) {
            types[i] = rcs[i].getType();
            args[i] = rcs[i].getType().isRecord() ? build(rcs[i].getType(), values) : values.get(rcs[i].getName());
            if (args[i] == null && rcs[i].getType().isPrimitive()) {
                throw new IllegalArgumentException(
                        "primitive input component " + rcs[i].getName() + " needs a value; use a boxed type");
            }
        }
        try {
            Constructor<T> ctor = type.getDeclaredConstructor(types);
            ctor.setAccessible(true);
            return ctor.newInstance(args);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build " + type.getSimpleName(), e);
        }
    }
}
