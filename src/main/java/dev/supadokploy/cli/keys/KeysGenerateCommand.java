package dev.supadokploy.cli.keys;

import dev.supadokploy.cli.CliSession;
import dev.supadokploy.cli.OperationCommand;
import dev.supadokploy.cli.TextOutput;
import dev.supadokploy.cli.options.JwtSecretOptions;
import dev.supadokploy.ops.Operation;
import dev.supadokploy.ops.keys.KeysGenerateOperation;
import dev.supadokploy.ops.keys.KeysGenerateOperation.Result;
import dev.supadokploy.ops.keys.KeysGenerateOperation.Written;
import dev.supadokploy.supabase.keys.KeyLifetime;
import dev.supadokploy.util.DotEnv;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "generate",
        description = {
            "Generate a JWT_SECRET and the ANON_KEY / SERVICE_ROLE_KEY signed with it, as Supabase's generate-keys.sh does.",
            "Prints them as .env lines (paste them, or append with >> .env), as JSON with --output json, or merges them "
                    + "into a file with --write (mode 0600, comments and order kept, existing values kept unless --force)."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  supa-dokploy keys generate --all --write .env",
            "  supa-dokploy keys generate --jwt-secret env:JWT_SECRET --expires-in 365d",
            "  supa-dokploy keys generate --new-api-keys --write .env      # signs with the file's JWT_SECRET",
            "  supa-dokploy keys generate | supa-dokploy keys inspect -"
        })
public final class KeysGenerateCommand extends OperationCommand<KeysGenerateOperation.Input, Result> {
    @Mixin
    JwtSecretOptions jwtSecret;

    @Option(names = "--expires-in", paramLabel = "DURATION")
    String expiresIn;

    @Option(names = "--all")
    Boolean all;

    @Option(names = "--new-api-keys")
    Boolean newApiKeys;

    @Option(names = "--write", paramLabel = "FILE")
    String write;

    @Option(
            names = "--force",
            description = "With --write: replace values the file already has (the old file is kept as FILE.bak).")
    Boolean force;

    @Option(names = "--reveal", description = "With --write: print the values written too.")
    Boolean reveal;

    @Override
    protected Operation<KeysGenerateOperation.Input, Result> operation() {
        return new KeysGenerateOperation();
    }

    @Override
    protected KeysGenerateOperation.Input input(CliSession session) {
        return new KeysGenerateOperation.Input(jwtSecret.toInput(), expiresIn, all, newApiKeys, write, force, reveal);
    }

    @Override
    protected void render(Result r, CliSession session) {
        super.render(r, session);
        r.warnings().forEach(session::warn);
        if (session.quiet()) {
            return;
        }
        PrintStream err = session.environment().stderr();
        long secrets = r.values().keySet().stream()
                .filter(n -> !r.redacted().contains(n) && !KeysGenerateOperation.PUBLIC_VALUES.contains(n))
                .count();
        if (r.written() != null) {
            err.println("note: "
                    + (r.written().added().size() + r.written().replaced().size()) + " values written to "
                    + r.written().file() + " (mode 0600)"
                    + (r.written().backup() == null
                            ? ""
                            : "; the previous file is " + r.written().backup()));
        } else if (secrets > 0) {
            err.println("note: " + secrets + (secrets == 1 ? " secret" : " secrets")
                    + " printed on stdout: redirect them into a file (>> .env) and keep them "
                    + "out of logs and chats, or use --write FILE.");
        }
    }

    @Override
    protected void renderText(Result r, TextOutput out, CliSession session) {
        List<String> header = new ArrayList<>();
        header.add("Supabase keys from supa-dokploy keys generate, " + r.issuedAt() + ".");
        header.add("ANON_KEY and SERVICE_ROLE_KEY expire " + r.expiresAt() + " (" + years(r) + ").");
        if (r.jwtSecretSource().equals("given") && r.written() == null) {
            header.add("Signed with the JWT secret given (not repeated here).");
        }
        if (r.signingKeyId() != null) {
            header.add("ES256 signing key id (kid): " + r.signingKeyId());
        }
        Written w = r.written();
        if (w == null) {
            dotenv(r.values(), header, out);
        } else if (Boolean.TRUE.equals(reveal)) {
            header.addAll(summary(w).stream()
                    .map(f -> f[0] + ": " + (f[1] == null ? "-" : f[1]))
                    .toList());
            dotenv(r.values(), header, out);
        } else {
            out.heading("Wrote " + w.file() + (w.created() ? " (created, mode 0600)" : " (mode 0600)"));
            List<String[]> fields = summary(w);
            fields.add(TextOutput.field(
                    "signed with",
                    switch (r.jwtSecretSource()) {
                        case "file" -> "the JWT_SECRET already in the file";
                        case "given" -> "the JWT secret given";
                        default -> "a new JWT_SECRET";
                    }));
            fields.add(TextOutput.field("expires", r.expiresAt() + " (" + years(r) + ")"));
            if (r.signingKeyId() != null) {
                fields.add(TextOutput.field("kid", r.signingKeyId()));
            }
            out.fields(fields);
        }
    }

    private static List<String[]> summary(Written w) {
        List<String[]> fields = new ArrayList<>();
        fields.add(TextOutput.field("added", join(w.added())));
        if (!w.replaced().isEmpty()) {
            fields.add(TextOutput.field("replaced", join(w.replaced())));
        }
        if (!w.kept().isEmpty()) {
            fields.add(TextOutput.field("kept", join(w.kept()) + " (already set; --force replaces)"));
        }
        if (!w.unchanged().isEmpty()) {
            fields.add(TextOutput.field("unchanged", join(w.unchanged())));
        }
        if (w.backup() != null) {
            fields.add(TextOutput.field("backup", w.backup()));
        }
        return fields;
    }

    /** The values as .env lines: the legacy keys, the other secrets and the asymmetric keys in blocks. */
    private static void dotenv(Map<String, String> values, List<String> header, TextOutput out) {
        header.forEach(h -> out.line("# " + h));
        int block = -1;
        for (Map.Entry<String, String> e : values.entrySet()) {
            int b = KeysGenerateOperation.LEGACY_KEYS.contains(e.getKey())
                    ? 0
                    : KeysGenerateOperation.NEW_API_KEYS.contains(e.getKey()) ? 2 : 1;
            if (block >= 0 && b != block) {
                out.blank();
            }
            block = b;
            out.line(e.getKey() + "=" + DotEnv.format(e.getValue()));
        }
    }

    private static String years(Result r) {
        return "in " + KeyLifetime.describe(Duration.ofSeconds(r.expiresInSeconds()));
    }

    private static String join(List<String> names) {
        return names.isEmpty() ? null : String.join(", ", names);
    }
}
