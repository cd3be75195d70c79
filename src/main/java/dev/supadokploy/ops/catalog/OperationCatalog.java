package dev.supadokploy.ops.catalog;

import dev.supadokploy.ops.Operation;
import dev.supadokploy.ops.backup.BackupCreateOperation;
import dev.supadokploy.ops.backup.BackupListOperation;
import dev.supadokploy.ops.backup.BackupPruneOperation;
import dev.supadokploy.ops.backup.BackupRestoreOperation;
import dev.supadokploy.ops.backup.BackupVerifyOperation;
import dev.supadokploy.ops.db.DbAgentRoleCreateOperation;
import dev.supadokploy.ops.db.DbAgentRoleDropOperation;
import dev.supadokploy.ops.db.DbConnectOperation;
import dev.supadokploy.ops.db.DbConnectionsOperation;
import dev.supadokploy.ops.db.DbInspectOperation;
import dev.supadokploy.ops.db.DbSqlOperation;
import dev.supadokploy.ops.deploy.DeploySetupOperation;
import dev.supadokploy.ops.instances.InstancesDiffOperation;
import dev.supadokploy.ops.instances.InstancesListOperation;
import dev.supadokploy.ops.instances.InstancesPromoteOperation;
import dev.supadokploy.ops.instances.InstancesSyncSchemaOperation;
import dev.supadokploy.ops.keys.KeysGenerateOperation;
import dev.supadokploy.ops.keys.KeysInspectOperation;
import dev.supadokploy.ops.keys.KeysRegenerateOperation;
import dev.supadokploy.ops.migrate.MigrateDataOperation;
import dev.supadokploy.ops.migrate.MigrateDiffOperation;
import dev.supadokploy.ops.monitor.MonitorHealthOperation;
import dev.supadokploy.ops.monitor.MonitorLogsOperation;
import dev.supadokploy.ops.validate.ValidateConfigOperation;
import java.util.List;
import java.util.Optional;

/**
 * The one list of operations. The CLI command tree and the MCP tool list are both checked against it
 * (see OperationCatalogTest), so an operation cannot exist on one surface only.
 */
public final class OperationCatalog {
    private static final List<Operation<?, ?>> ALL = List.of(
            new DbConnectOperation(),
            new DbConnectionsOperation(),
            new DbSqlOperation(),
            new DbInspectOperation(),
            new DbAgentRoleCreateOperation(),
            new DbAgentRoleDropOperation(),
            new ValidateConfigOperation(),
            new KeysGenerateOperation(),
            new KeysInspectOperation(),
            new KeysRegenerateOperation(),
            new MonitorHealthOperation(),
            new MonitorLogsOperation(),
            new InstancesListOperation(),
            new InstancesSyncSchemaOperation(),
            new InstancesPromoteOperation(),
            new InstancesDiffOperation(),
            new DeploySetupOperation(),
            new MigrateDiffOperation(),
            new MigrateDataOperation(),
            new BackupCreateOperation(),
            new BackupVerifyOperation(),
            new BackupRestoreOperation(),
            new BackupListOperation(),
            new BackupPruneOperation());

    private OperationCatalog() {}

    public static List<Operation<?, ?>> all() {
        return ALL;
    }

    public static Optional<Operation<?, ?>> byToolName(String name) {
        return ALL.stream().filter(op -> op.info().toolName().equals(name)).findFirst();
    }
}
