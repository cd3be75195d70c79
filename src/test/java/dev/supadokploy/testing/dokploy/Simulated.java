package dev.supadokploy.testing.dokploy;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A {@link DokploySimulator} field started fresh before each test (before the test's own {@code @BeforeEach}
 * methods) and closed after it (after its {@code @AfterEach} methods), by {@link SimulatorExtension}.
 */
@Target(ElementType.FIELD)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(SimulatorExtension.class)
public @interface Simulated {
    /** How long a deployment takes, in milliseconds; negative for the simulator's default. */
    long deployMillis() default -1;
}
