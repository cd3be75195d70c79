package dev.supadokploy.ops;

import dev.supadokploy.ops.backup.CreateBackupOperation;
import dev.supadokploy.ops.backup.ListBackupsOperation;
import dev.supadokploy.ops.backup.PruneBackupsOperation;
import dev.supadokploy.ops.backup.RestoreBackupOperation;
import dev.supadokploy.ops.backup.VerifyBackupOperation;
import dev.supadokploy.ops.db.ConnectOperation;
import dev.supadokploy.ops.db.CreateAgentRoleOperation;
import dev.supadokploy.ops.db.DropAgentRoleOperation;
import dev.supadokploy.ops.db.ConnectionsOperation;
import dev.supadokploy.ops.db.InspectOperation;
import dev.supadokploy.ops.db.SqlOperation;
import dev.supadokploy.ops.deploy.SetupOperation;
import dev.supadokploy.ops.instances.DriftMatrixOperation;
import dev.supadokploy.ops.instances.ListInstancesOperation;
import dev.supadokploy.ops.instances.PromoteOperation;
import dev.supadokploy.ops.instances.SyncSchemaOperation;
import dev.supadokploy.ops.keys.GenerateKeysOperation;
import dev.supadokploy.ops.keys.InspectKeysOperation;
import dev.supadokploy.ops.keys.RegenerateKeysOperation;
import dev.supadokploy.ops.migrate.DataMigrateOperation;
import dev.supadokploy.ops.migrate.DiffOperation;
import dev.supadokploy.ops.monitor.HealthOperation;
import dev.supadokploy.ops.monitor.LogsOperation;
import dev.supadokploy.ops.validate.ValidateConfigOperation;
import java.util.List;
import java.util.Optional;

/**
 * The one list of operations. The CLI command tree and the MCP tool list are both checked against it
 * (see OperationCatalogTest), so an operation cannot exist on one surface only.
 */
public final class OperationCatalog {
    private static final List<Operation<?, ?>> ALL = List.of(
            new ConnectOperation(),
            new ConnectionsOperation(),
            new SqlOperation(),
            new InspectOperation(),
            new CreateAgentRoleOperation(),
            new DropAgentRoleOperation(),
            new ValidateConfigOperation(),
            new GenerateKeysOperation(),
            new InspectKeysOperation(),
            new RegenerateKeysOperation(),
            new HealthOperation(),
            new LogsOperation(),
            new ListInstancesOperation(),
            new SyncSchemaOperation(),
            new PromoteOperation(),
            new DriftMatrixOperation(),
            new SetupOperation(),
            new DiffOperation(),
            new DataMigrateOperation(),
            new CreateBackupOperation(),
            new VerifyBackupOperation(),
            new RestoreBackupOperation(),
            new ListBackupsOperation(),
            new PruneBackupsOperation());

    private OperationCatalog() {}

    public static List<Operation<?, ?>> all() {
        return ALL;
    }

    public static Optional<Operation<?, ?>> byToolName(String name) {
        return ALL.stream().filter(op -> op.info().toolName().equals(name)).findFirst();
    }
}
