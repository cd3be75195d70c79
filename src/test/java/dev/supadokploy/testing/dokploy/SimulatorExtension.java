package dev.supadokploy.testing.dokploy;

import java.lang.reflect.Field;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Starts and closes the {@link Simulated} fields of a test instance. */
public final class SimulatorExtension implements BeforeEachCallback, AfterEachCallback {
    @Override
    public void beforeEach(ExtensionContext context) throws IllegalAccessException {
        Object test = context.getRequiredTestInstance();
        for (Field field : fields(test.getClass())) {
            if (field.get(test) == null) {
                long millis = field.getAnnotation(Simulated.class).deployMillis();
                DokploySimulator.Options options = DokploySimulator.Options.defaults();
                field.set(
                        test,
                        DokploySimulator.start(
                                millis < 0 ? options : options.withDeployDuration(Duration.ofMillis(millis))));
            }
        }
    }

    @Override
    public void afterEach(ExtensionContext context) throws IllegalAccessException {
        Object test = context.getRequiredTestInstance();
        for (Field field : fields(test.getClass())) {
            if (field.get(test) instanceof DokploySimulator sim) {
                field.set(test, null);
                sim.close();
            }
        }
    }

    private static List<Field> fields(Class<?> type) {
        List<Field> fields = new ArrayList<>();
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field field : c.getDeclaredFields()) {
                if (field.isAnnotationPresent(Simulated.class)) {
                    if (field.getType() != DokploySimulator.class) {
                        throw new IllegalStateException("@Simulated goes on a DokploySimulator field, not " + field);
                    }
                    field.setAccessible(true);
                    fields.add(field);
                }
            }
        }
        return fields;
    }
}
