package dev.supadokploy.dokploy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.supadokploy.dokploy.ContainerStatus.Health;
import dev.supadokploy.dokploy.ContainerStatus.Phase;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DokployContainerStatusTest {
    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            running    | Up 3 minutes (healthy)              | RUNNING    | HEALTHY   | -   | true
            running    | Up 10 seconds (health: starting)    | RUNNING    | STARTING  | -   | false
            running    | Up 2 hours (unhealthy)              | RUNNING    | UNHEALTHY | -   | false
            running    | Up 5 days                           | RUNNING    | NONE      | -   | true
            running    | Up About a minute (healthy)         | RUNNING    | HEALTHY   | -   | true
            paused     | Up 4 minutes (Paused)               | PAUSED     | NONE      | -   | false
            restarting | Restarting (1) 5 seconds ago        | RESTARTING | NONE      | 1   | false
            exited     | Exited (137) 2 hours ago            | EXITED     | NONE      | 137 | false
            exited     | Exited (0) 1 second ago             | EXITED     | NONE      | 0   | false
            created    | Created                             | CREATED    | NONE      | -   | false
            dead       | Dead                                | DEAD       | NONE      | -   | false
            removing   | Removal In Progress                 | REMOVING   | NONE      | -   | false
            running    | -                                   | RUNNING    | NONE      | -   | true
            -          | something new                       | UNKNOWN    | NONE      | -   | false
            """)
    void parsesDockersStatusText(String state, String status, Phase phase, Health health, Integer exit, boolean ready) {
        ContainerStatus s = ContainerStatus.parse(state, status);
        assertEquals(phase, s.phase());
        assertEquals(health, s.health());
        assertEquals(exit, s.exitCode());
        assertEquals(ready, s.ready());
    }
}
