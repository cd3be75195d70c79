package dev.supadokploy.cli.db;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.supadokploy.ops.InputField;
import dev.supadokploy.ops.db.ConnectionsOperation;
import dev.supadokploy.ops.db.SqlOperation;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every input of db sql and db connections has its kebab-case option, so CLI and MCP take the same inputs. */
class DbOptionsMatchInputsTest {

    private static void check(Object command, Class<? extends Record> input) {
        Set<String> names = new CommandLine(command).getCommandSpec().options().stream()
                .flatMap(o -> List.of(o.names()).stream()).collect(Collectors.toSet());
        for (InputField f : InputField.of(input)) {
            if (f.secret()) {
                continue; // never on argv: --password-file, PGPASSWORD or a prompt instead
            }
            assertTrue(names.contains(f.kebabOption()), f.kebabOption() + " missing among " + names);
        }
    }

    @Test
    void sql() {
        check(new SqlCommand(), SqlOperation.Input.class);
    }

    @Test
    void connections() {
        check(new ConnectionsCommand(), ConnectionsOperation.Input.class);
    }
}
