package dev.supadokploy.cli.keys;

import dev.supadokploy.cli.CliSession;
import dev.supadokploy.cli.OperationCommand;
import dev.supadokploy.cli.TextOutput;
import dev.supadokploy.cli.options.JwtSecretOptions;
import dev.supadokploy.errors.ErrorFamily;
import dev.supadokploy.errors.SupaException;
import dev.supadokploy.ops.Operation;
import dev.supadokploy.ops.keys.KeysInspectOperation;
import dev.supadokploy.ops.keys.KeysInspectOperation.Key;
import dev.supadokploy.ops.keys.KeysInspectOperation.Result;
import dev.supadokploy.supabase.keys.OpaqueApiKeys;
import dev.supadokploy.supabase.keys.SupabaseJwt;
import dev.supadokploy.util.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "inspect",
        description = {
            "Decode and check Supabase API keys: header, claims, role, issuer, expiry and time left, whether the "
                    + "signature verifies against JWT_SECRET (ES256 keys against JWT_JWKS), published demo keys and secrets.",
            "Keys and secrets are never printed: a key shows as its first characters, length and fingerprint.",
            "Exit code 0 when every key is fine, 5 when a key has a problem or does not verify."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  supa-dokploy keys inspect --env-file .env",
            "  printf '%s\\n' \"$ANON_KEY\" \"$SERVICE_ROLE_KEY\" | supa-dokploy keys inspect - --jwt-secret env:JWT_SECRET",
            "  supa-dokploy keys generate | supa-dokploy keys inspect -"
        })
public final class KeysInspectCommand extends OperationCommand<KeysInspectOperation.Input, Result> {
    @Parameters(
            arity = "0..*",
            paramLabel = "KEY",
            description = "A key, or - to read keys from stdin: one per line, or NAME=value lines as in a .env.")
    List<String> arguments;

    @Option(names = "--keys", paramLabel = "KEY", description = "Same as a KEY argument (repeatable).")
    List<String> keys;

    @Option(names = "--env-file", paramLabel = "FILE")
    String envFile;

    @Mixin
    JwtSecretOptions jwtSecret;

    @Override
    protected Operation<KeysInspectOperation.Input, Result> operation() {
        return new KeysInspectOperation();
    }

    @Override
    protected KeysInspectOperation.Input input(CliSession session) {
        List<String> given = new ArrayList<>();
        if (arguments != null) {
            given.addAll(arguments);
        }
        if (keys != null) {
            given.addAll(keys);
        }
        if (given.contains("-") && jwtSecret.readsStdin()) {
            throw SupaException.invalidInput(
                    "Standard input cannot carry both the keys and the JWT secret",
                    "Read the secret with --jwt-secret env:NAME or --jwt-secret-file FILE, or give it as a JWT_SECRET= line among the keys.");
        }
        List<String> items = new ArrayList<>();
        for (String key : given) {
            if (key.equals("-")) {
                items.add(readStdin(session));
            } else {
                warnIfServiceKey(key, session);
                items.add(key);
            }
        }
        return new KeysInspectOperation.Input(
                arguments == null && keys == null ? null : items, envFile, jwtSecret.toInput());
    }

    /** A service key on argv has already leaked to every user of the host; say so, so it can be rotated. */
    private static void warnIfServiceKey(String key, CliSession session) {
        boolean service = key.startsWith(OpaqueApiKeys.SECRET_PREFIX);
        try {
            service |= "service_role".equals(SupabaseJwt.decode(key).role().orElse(null));
        } catch (SupabaseJwt.NotAJwtException e) {
            // not a JWT: nothing to say about its role
        }
        if (service) {
            session.warn(
                    "a service key on the command line is visible to other users of this host (ps) and kept in shell "
                            + "history; pipe keys on stdin with '-' instead");
        }
    }

    private static String readStdin(CliSession session) {
        try {
            return new String(session.environment().stdin().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw SupaException.invalidInput(
                    "Cannot read keys from stdin: " + e.getMessage(), "Pipe them in, or use --env-file.");
        }
    }

    /** 0 when every key is fine; the VALIDATION exit code (5) when any key or the secret has a problem. */
    @Override
    protected int exitCode(Result result) {
        return result.ok() ? ErrorFamily.OK : ErrorFamily.VALIDATION.exitCode();
    }

    @Override
    protected void renderText(Result r, TextOutput out, CliSession session) {
        out.line("Verified with: " + r.secretSource()
                + (r.jwksSource().equals("none") ? "" : "; ES256 keys: " + r.jwksSource()));
        r.problems().forEach(p -> out.line(out.bad("problem: ") + p));
        for (Key k : r.keys()) {
            out.blank();
            int n = k.problems().size();
            out.heading(k.name() + ": "
                    + (k.ok()
                            ? out.ok("ok")
                            : out.bad(n == 0 ? "signature does not verify" : n + (n == 1 ? " problem" : " problems"))));
            List<String[]> fields = new ArrayList<>();
            fields.add(TextOutput.field(
                    "kind",
                    k.kind()
                            + (k.algorithm() == null
                                    ? ""
                                    : ", " + k.algorithm() + (k.type() == null ? "" : " (typ " + k.type() + ")"))));
            fields.add(TextOutput.field("key", k.preview() + (k.fingerprint() == null ? "" : "  " + k.fingerprint())));
            if (k.keyId() != null) {
                fields.add(TextOutput.field("kid", k.keyId()));
            }
            if (k.claims() != null) {
                fields.add(TextOutput.field("role", k.role()));
                fields.add(TextOutput.field("issuer", k.issuer()));
                fields.add(TextOutput.field("issued", k.issuedAt()));
                fields.add(TextOutput.field(
                        "expires", k.expiresAt() == null ? null : k.expiresAt() + " (" + k.expiresIn() + ")"));
                fields.add(TextOutput.field("claims", Json.write(k.claims())));
            }
            fields.add(TextOutput.field("signature", k.signature()));
            k.problems().forEach(p -> fields.add(TextOutput.field("problem", out.bad(p))));
            k.notes().forEach(note -> fields.add(TextOutput.field("note", note)));
            out.fields(fields);
        }
        out.blank();
        out.line(r.inspected() + (r.inspected() == 1 ? " key" : " keys") + " inspected: "
                + (r.ok()
                        ? out.ok("all fine")
                        : out.bad(r.withProblems() + " with problems"
                                + (r.problems().isEmpty()
                                        ? ""
                                        : ", and " + r.problems().size() + " with the verification material")))
                + (r.skipped().isEmpty() ? "" : "; skipped (not keys): " + String.join(", ", r.skipped())));
    }
}
