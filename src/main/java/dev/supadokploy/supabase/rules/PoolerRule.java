package dev.supadokploy.supabase.rules;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Supavisor (the pooler): its tenant id and the key it encrypts tenant credentials with. */
final class PoolerRule implements Rule {
    static final String POOLER_TENANT_ID = "POOLER_TENANT_ID";
    static final String VAULT_ENC_KEY = "VAULT_ENC_KEY";
    /** Values of Supabase's .env.example and common how-tos that nobody meant as a real tenant id. */
    private static final Set<String> PLACEHOLDERS = Set.of("your-tenant-id", "your_tenant_id", "tenant-id", "changeme");

    static final RuleInfo TENANT_MISSING = new RuleInfo(
            "pooler.tenant-id-missing",
            Category.pooler,
            Severity.error,
            "POOLER_TENANT_ID is missing or empty (Supavisor cannot create its tenant)",
            "--fix generates a UUID");
    static final RuleInfo TENANT_PLACEHOLDER = new RuleInfo(
            "pooler.tenant-id-placeholder",
            Category.pooler,
            Severity.warning,
            "POOLER_TENANT_ID is a placeholder such as your-tenant-id",
            "--fix generates a UUID (pooler clients then connect as postgres.<new id>)");
    static final RuleInfo VAULT_KEY = new RuleInfo(
            "pooler.vault-enc-key-length",
            Category.pooler,
            Severity.error,
            "VAULT_ENC_KEY is missing or not exactly 32 bytes (Supavisor's AES-256-GCM key)",
            "--fix generates 32 letters and digits");

    @Override
    public List<RuleInfo> infos() {
        return List.of(TENANT_MISSING, TENANT_PLACEHOLDER, VAULT_KEY);
    }

    @Override
    public List<Finding> check(AuditedEnv env) {
        List<Finding> findings = new ArrayList<>();
        Fix tenantFix =
                Fixes.generate(env, GeneratedSecrets.of(POOLER_TENANT_ID).orElseThrow());
        if (!env.isSet(POOLER_TENANT_ID)) {
            findings.add(TENANT_MISSING.finding(
                    POOLER_TENANT_ID,
                    "POOLER_TENANT_ID is " + (env.value(POOLER_TENANT_ID).isPresent() ? "empty" : "missing")
                            + ": Supavisor's start-up script creates its tenant with this id and fails without one, so the pooler "
                            + "(port "
                            + env.value("POOLER_PROXY_PORT_TRANSACTION").orElse("6543") + ") never accepts connections",
                    env.value(POOLER_TENANT_ID).isPresent() ? "empty value" : "not in the file",
                    tenantFix));
        } else if (PLACEHOLDERS.contains(env.text(POOLER_TENANT_ID).strip().toLowerCase())) {
            findings.add(TENANT_PLACEHOLDER.finding(
                    POOLER_TENANT_ID,
                    "POOLER_TENANT_ID is the placeholder '"
                            + env.text(POOLER_TENANT_ID).strip()
                            + "' from an example file: it works, but every such stack shares the tenant name clients put in their user "
                            + "name (postgres.<tenant>)",
                    POOLER_TENANT_ID + "=" + env.text(POOLER_TENANT_ID).strip(),
                    tenantFix));
        }
        String key = env.text(VAULT_ENC_KEY);
        int bytes = key.getBytes(StandardCharsets.UTF_8).length;
        if (bytes != 32) {
            String what =
                    env.value(VAULT_ENC_KEY).isEmpty() ? "missing" : key.isEmpty() ? "empty" : bytes + " bytes long";
            findings.add(VAULT_KEY.finding(
                    VAULT_ENC_KEY,
                    "VAULT_ENC_KEY is " + what + ": Supavisor uses its bytes as an AES-256-GCM "
                            + "key (Cloak), which must be exactly 32 bytes, so the pooler cannot store or read its tenant's credentials",
                    env.value(VAULT_ENC_KEY).isEmpty()
                            ? "not in the file"
                            : Redact.secret(key) + ", " + bytes + " bytes",
                    Fixes.generate(env, GeneratedSecrets.of(VAULT_ENC_KEY).orElseThrow())));
        }
        return findings;
    }
}
