package dev.supadokploy.ops.backup;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The instance parts a backup writes after the tables, in the order their sections appear. */
final class InstanceParts {
    private InstanceParts() {}

    /** Every part this build knows, in archive order. */
    static List<InstancePart> all() {
        return List.of(new ObjectsPart(), new VaultPart(), new ConfigPart());
    }

    /** What the parts wrote: summaries for the result, details for the manifest. */
    record Written(List<BackupCreateOperation.Part> summaries, Map<String, JsonNode> manifest) {}

    static Written backup(InstancePart.Context context) throws Exception {
        List<BackupCreateOperation.Part> summaries = new ArrayList<>();
        Map<String, JsonNode> manifest = new LinkedHashMap<>();
        for (InstancePart part : all()) {
            context.ctx().cancellation().throwIfCancelled();
            InstancePart.Outcome outcome = part.backup(context);
            summaries.add(outcome.summary());
            if (outcome.manifest() != null) {
                manifest.put(part.name(), outcome.manifest());
            }
        }
        return new Written(List.copyOf(summaries), manifest);
    }
}
