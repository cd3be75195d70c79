package dev.supadokploy.testing;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Builds an input record from the values a test cares about, by component name: the rest are null (not given), as
 * an MCP call that leaves them out. Instead of {@code new MigrateDataOperation.Input(dbs, null, null, null, true, null,
 * null, 1, null, null)}, {@code Inputs.of(MigrateDataOperation.Input.class, Map.of("databases", dbs, "truncate", true,
 * "jobs", 1))}. A name the record lacks fails, so a renamed component cannot silently leave a test's value out.
 */
public final class Inputs {
    private Inputs() {}

    public static <R extends Record> R of(Class<R> type, Map<String, ?> values) {
        RecordComponent[] components = type.getRecordComponents();
        Class<?>[] types = new Class<?>[components.length];
        Object[] args = new Object[components.length];
        Set<String> unused = new HashSet<>(values.keySet());
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            args[i] = values.get(components[i].getName());
            unused.remove(components[i].getName());
            if (args[i] == null && types[i].isPrimitive()) {
                throw new IllegalArgumentException(
                        type.getSimpleName() + "." + components[i].getName() + " is primitive: give it");
            }
        }
        if (!unused.isEmpty()) {
            throw new IllegalArgumentException(type.getSimpleName() + " has no component " + unused);
        }
        try {
            Constructor<R> canonical = type.getDeclaredConstructor(types);
            canonical.setAccessible(true);
            return canonical.newInstance(args);
        } catch (InvocationTargetException e) {
            // The record's own check (a compact constructor's) failed: the test sees that exception, not a wrapper.
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build " + type.getSimpleName(), e);
        }
    }
}
