package dev.supadokploy.ops.validate;

import dev.supadokploy.errors.ErrorCode;
import dev.supadokploy.errors.SupaException;
import dev.supadokploy.ops.BaseOperation;
import dev.supadokploy.ops.Doc;
import dev.supadokploy.ops.OperationContext;
import dev.supadokploy.ops.OperationInfo;
import dev.supadokploy.supabase.DotEnv;
import dev.supadokploy.supabase.keys.SecretGenerator;
import dev.supadokploy.supabase.rules.AuditedEnv;
import dev.supadokploy.supabase.rules.EnvFixer;
import dev.supadokploy.supabase.rules.Finding;
import dev.supadokploy.supabase.rules.PublicEndpoint;
import dev.supadokploy.supabase.rules.Rules;
import dev.supadokploy.supabase.rules.Severity;
import dev.supadokploy.util.SecureFiles;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code validate config} / {@code dokploy_validate_config}: the rules of {@link Rules} over a local Supabase
 * .env, and with {@code fix} a corrected file written in place (original kept beside it), checked again.
 * A Dokploy compose ({@code applicationId}) becomes a second source once the Dokploy client exists.
 */
public final class ValidateConfigOperation extends BaseOperation<ValidateConfigOperation.Input, ValidateConfigOperation.Result> {
    /** Far larger than any real .env; stops a mistaken path (a database dump, a log) from being read whole. */
    static final long MAX_FILE_BYTES = 1024 * 1024;

    /** Variables every Supabase .env has; a file with none of them is something else. */
    private static final List<String> SUPABASE_MARKERS = List.of(AuditedEnv.JWT_SECRET, AuditedEnv.ANON_KEY,
            AuditedEnv.SERVICE_ROLE_KEY, AuditedEnv.POSTGRES_PASSWORD);

    public record Input(
            @Doc("The Supabase .env file to check: a path on the machine running supa-dokploy") String envFile,
            @Doc("The URL (or bare domain) the stack is served on, e.g. https://supabase.example.com; with a scheme, "
                    + "http vs https is checked too and fix can correct API_EXTERNAL_URL / SUPABASE_PUBLIC_URL") String publicUrl,
            @Doc("Write a corrected file in place, keeping comments and order, with the original saved beside it (.bak), "
                    + "then check again: re-signs broken keys with the existing JWT_SECRET, fills missing or weak generated "
                    + "secrets, removes trailing slashes") Boolean fix,
            @Doc("With fix: also replace JWT_SECRET when a finding requires it, and sign both keys with the new one. The "
                    + "database keeps the old secret, so the result lists what else must change") Boolean rotateJwtSecret,
            @Doc("With fix: also replace POSTGRES_PASSWORD when a finding requires it. The database keeps the old "
                    + "password, so the result lists the ALTER USER statements needed") Boolean rotatePostgresPassword) {}

    public record Counts(
            @Doc("Error-severity findings: the configuration is broken or exposed") int errors,
            @Doc("Warnings: worth fixing soon") int warnings,
            @Doc("Advice") int info) {

        static Counts of(List<Finding> findings) {
            return new Counts(count(findings, Severity.error), count(findings, Severity.warning), count(findings, Severity.info));
        }

        private static int count(List<Finding> findings, Severity severity) {
            return (int) findings.stream().filter(f -> f.severity() == severity).count();
        }
    }

    public record FixReport(
            @Doc("Whether the file was rewritten (false when nothing could be fixed automatically)") boolean written,
            @Doc("The corrected file, written atomically with mode 0600") String file,
            @Doc("The original file, saved beside it before writing (mode 0600)") String backup,
            @Doc("What was changed: variable names and how, never values") List<EnvFixer.Change> changes,
            @Doc("Findings the changes resolved") List<Finding> resolved,
            @Doc("What must also happen outside the file for the changes to work: inside the database, in applications, a redeploy")
            List<String> followUps,
            @Doc("Fixes left undone and why (e.g. JWT_SECRET without rotateJwtSecret)") List<String> skipped,
            @Doc("Findings per severity before fixing") Counts before) {}

    public record Result(
            @Doc("The file checked (absolute path)") String envFile,
            @Doc("The public URL the URLs were compared with, if one was given") String publicUrl,
            @Doc("True when no error-severity finding remains; the CLI exits 5 otherwise") boolean passed,
            @Doc("Findings per severity (with fix: those that remain)") Counts counts,
            @Doc("The findings, errors first (with fix: those that remain after fixing). Each has a stable rule id, category, "
                    + "severity, message, redacted evidence and a fix") List<Finding> findings,
            @Doc("What fix did; absent without fix") FixReport fix) {}

    public ValidateConfigOperation() {
        super(Input.class, Result.class, new OperationInfo("dokploy_validate_config", List.of("validate", "config"),
                "Validate a Supabase configuration",
                "Audit a self-hosted Supabase .env (the local half of Dokploy validation): API keys (roles, signatures, algorithm, "
                        + "expiry, the Dokploy role-less key bug), JWT_SECRET, public URLs, POSTGRES_PASSWORD, the pooler, SMTP, Studio, "
                        + "analytics tokens, published example secrets and file syntax. Each finding has a stable rule id, severity, "
                        + "redacted evidence and a fix. With fix: true, writes a corrected file (original kept as .bak) and checks again; "
                        + "JWT_SECRET and POSTGRES_PASSWORD change only with rotateJwtSecret / rotatePostgresPassword.",
                false, false, true));
    }

    @Override
    public Result run(Input input, OperationContext ctx) {
        boolean fix = Boolean.TRUE.equals(input.fix());
        EnvFixer.Options options = new EnvFixer.Options(Boolean.TRUE.equals(input.rotateJwtSecret()),
                Boolean.TRUE.equals(input.rotatePostgresPassword()));
        if (!fix && (options.rotateJwtSecret() || options.rotatePostgresPassword())) {
            throw SupaException.invalidInput("--rotate-jwt-secret and --rotate-postgres-password only take effect with --fix",
                    "Add --fix (MCP: \"fix\": true), or leave the rotate options out to only check.");
        }
        if (input.envFile() == null || input.envFile().isBlank()) {
            throw new SupaException(ErrorCode.VALIDATION_MISSING_INPUT, "No env file to check",
                    "Pass --env-file FILE (MCP: envFile), the .env of the Supabase stack. Checking a Dokploy compose directly "
                            + "(applicationId) comes with the Dokploy client.");
        }
        if (fix) {
            ctx.requireFileWritesAllowed("fix " + input.envFile());
        }
        PublicEndpoint publicUrl = parsePublicUrl(input.publicUrl());
        Path file = resolve(input.envFile());
        Instant now = ctx.clock().instant();

        DotEnv dotEnv = DotEnv.parse(read(file));
        requireSupabaseEnv(dotEnv, file);
        AuditedEnv audited = new AuditedEnv(dotEnv, publicUrl, now, input.envFile());
        List<Finding> findings = Rules.evaluate(audited);
        String shownUrl = publicUrl == null ? null : publicUrl.display();
        if (!fix) {
            return result(file, shownUrl, findings, null);
        }

        EnvFixer.Outcome outcome = new EnvFixer(new SecretGenerator(), now).apply(audited, findings, options);
        String backup = null;
        List<Finding> after = findings;
        if (!outcome.changes().isEmpty()) {
            backup = SecureFiles.backup(file).toString();
            SecureFiles.writeAtomically(file, dotEnv.write());
            after = Rules.evaluate(new AuditedEnv(DotEnv.parse(read(file)), publicUrl, now, input.envFile()));
        }
        FixReport report = new FixReport(!outcome.changes().isEmpty(), outcome.changes().isEmpty() ? null : file.toString(), backup,
                outcome.changes(), resolved(findings, after), outcome.followUps(), outcome.skipped(), Counts.of(findings));
        return result(file, shownUrl, after, report);
    }

    private static Result result(Path file, String publicUrl, List<Finding> findings, FixReport fix) {
        Counts counts = Counts.of(findings);
        return new Result(file.toString(), publicUrl, counts.errors() == 0, counts, findings, fix);
    }

    /** Findings before that are gone after, matched by rule id and variables (messages may mention new values). */
    private static List<Finding> resolved(List<Finding> before, List<Finding> after) {
        Map<String, Integer> remaining = new HashMap<>();
        after.forEach(f -> remaining.merge(f.label(), 1, Integer::sum));
        List<Finding> resolved = new ArrayList<>();
        for (Finding f : before) {
            if (remaining.getOrDefault(f.label(), 0) > 0) {
                remaining.merge(f.label(), -1, Integer::sum);
            } else {
                resolved.add(f);
            }
        }
        return resolved;
    }

    private static PublicEndpoint parsePublicUrl(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        return PublicEndpoint.parseDomainOrUrl(text).orElseThrow(() -> SupaException.invalidInput(
                "Not a URL or domain: " + text, "Give the address the stack is served on, e.g. https://supabase.example.com "
                        + "or supabase.example.com."));
    }

    /** The real file behind the name, so that --fix rewrites the file a symlink points to rather than the link. */
    private static Path resolve(String name) {
        Path path = Path.of(name).toAbsolutePath();
        try {
            Path real = path.toRealPath();
            if (Files.isDirectory(real)) {
                throw SupaException.invalidInput(path + " is a directory, not an env file",
                        "Pass the .env file itself, e.g. --env-file " + path.resolve(".env") + ".");
            }
            return real;
        } catch (NoSuchFileException e) {
            throw SupaException.invalidInput("Env file not found: " + path,
                    "Check the path. In Dokploy, copy the compose's Environment tab into a file (mode 0600) and pass that.");
        } catch (IOException e) {
            throw SupaException.invalidInput("Cannot open " + path + ": " + e.getMessage(), "Check the path and its permissions.");
        }
    }

    private static String read(Path file) {
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw SupaException.invalidInput(file + " is larger than 1 MiB: not a .env file",
                        "Pass the .env of the Supabase stack.");
            }
            byte[] bytes = Files.readAllBytes(file);
            return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw SupaException.invalidInput(file + " is not UTF-8 text: not a .env file", "Pass the .env of the Supabase stack.");
        } catch (AccessDeniedException e) {
            throw SupaException.invalidInput("Cannot read " + file + ": permission denied",
                    "Run as the file's owner, or give this user read access (keep it away from others: it holds secrets).");
        } catch (IOException e) {
            throw SupaException.invalidInput("Cannot read " + file + ": " + e.getMessage(), "Check the path and its permissions.");
        }
    }

    private static void requireSupabaseEnv(DotEnv env, Path file) {
        boolean supabase = env.toMap().keySet().stream().anyMatch(SUPABASE_MARKERS::contains);
        if (!supabase) {
            throw SupaException.invalidInput(file + " does not look like a Supabase .env: it assigns none of "
                    + String.join(", ", SUPABASE_MARKERS), "Pass the .env of the Supabase stack (Dokploy: the compose's Environment tab).");
        }
    }
}
