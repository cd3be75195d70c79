package dev.supadokploy.cli.db;

import com.fasterxml.jackson.databind.JsonNode;
import dev.supadokploy.cli.CliSession;
import dev.supadokploy.cli.CsvOutput;
import dev.supadokploy.cli.OperationCommand;
import dev.supadokploy.cli.OutputFormat;
import dev.supadokploy.cli.TextOutput;
import dev.supadokploy.cli.options.ConnectionOptions;
import dev.supadokploy.errors.ErrorCode;
import dev.supadokploy.errors.SupaException;
import dev.supadokploy.ops.Operation;
import dev.supadokploy.ops.db.DbSqlOperation;
import dev.supadokploy.pg.CellValues;
import dev.supadokploy.pg.RowSink;
import dev.supadokploy.pg.SqlExecutor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "sql",
        description = {
            "Run SQL in one transaction and print the rows as a table, JSON or CSV.",
            "Values for $1, $2… are bound as parameters, never spliced into the SQL.",
            "Several statements run in one transaction; the last one that returned rows is printed "
                    + "(or the row count of the last one)."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  supa-dokploy db sql --target-schema auth --param alice@example.com \\",
            "      'SELECT id, created_at FROM users WHERE email = $1'",
            "  supa-dokploy db sql --file report.sql --read-only --output csv > report.csv",
            "  echo 'SELECT now()' | supa-dokploy db sql -"
        })
public final class DbSqlCommand extends OperationCommand<DbSqlOperation.Input, DbSqlOperation.Result> {
    @Mixin
    ConnectionOptions connection;

    @Parameters(arity = "0..1", paramLabel = "QUERY", description = "SQL to run; '-' reads it from stdin.")
    String queryArgument;

    @Option(
            names = {"-c", "--query"},
            paramLabel = "SQL",
            description = "SQL to run (instead of the QUERY argument).")
    String query;

    @Option(
            names = {"-f", "--file"},
            paramLabel = "FILE",
            description = "Read the SQL from FILE ('-' for stdin).")
    Path file;

    @Option(
            names = {"--param", "--params"},
            paramLabel = "VALUE",
            description = "Value for the next $n placeholder, repeatable: --param 42 --param alice binds $1 and $2.")
    List<String> params;

    @Option(names = "--target-schema", paramLabel = "SCHEMA")
    String targetSchema;

    @Option(
            names = "--role",
            paramLabel = "ROLE",
            description = "Run as ROLE (SET LOCAL ROLE) instead of the one --target-schema picks.")
    String role;

    @Option(names = "--read-only", description = "Run in a read-only transaction.")
    Boolean readOnly;

    @Option(names = "--timeout", paramLabel = "DURATION")
    String timeout;

    @Option(names = "--max-rows", paramLabel = "N")
    Integer maxRows;

    @Option(
            names = "--max-bytes",
            paramLabel = "BYTES",
            description = "Return at most BYTES of rows as JSON (default: no limit).")
    Long maxBytes;

    @Override
    protected Operation<DbSqlOperation.Input, DbSqlOperation.Result> operation() {
        return new DbSqlOperation();
    }

    @Override
    protected DbSqlOperation.Input input(CliSession session) {
        return new DbSqlOperation.Input(
                connection.toInput(session),
                querySql(session),
                params,
                targetSchema,
                role,
                readOnly,
                timeout,
                maxRows,
                maxBytes);
    }

    /** Exactly one of QUERY, --query and --file; '-' reads stdin. */
    private String querySql(CliSession session) {
        int sources = (queryArgument != null ? 1 : 0) + (query != null ? 1 : 0) + (file != null ? 1 : 0);
        if (sources == 0) {
            throw new SupaException(
                    ErrorCode.VALIDATION_MISSING_INPUT,
                    "No query given",
                    "Give the SQL as the argument, with --file FILE, or on stdin with '-'.");
        }
        if (sources > 1) {
            throw SupaException.invalidInput(
                    "Give the SQL once: as the argument, with --query or with --file",
                    "Use only one of QUERY, --query and --file.");
        }
        if (query != null) {
            return query;
        }
        if (queryArgument != null) {
            return queryArgument.equals("-") ? readStdin(session) : queryArgument;
        }
        if (file.toString().equals("-")) {
            return readStdin(session);
        }
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw SupaException.invalidInput(
                    "Cannot read the SQL file " + file + ": " + e.getMessage(), "Check the path and its permissions.");
        }
    }

    private static String readStdin(CliSession session) {
        try {
            return new String(session.environment().stdin().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw SupaException.invalidInput(
                    "Cannot read the SQL from stdin: " + e.getMessage(), "Pass it as an argument or with --file.");
        }
    }

    @Override
    protected void render(DbSqlOperation.Result r, CliSession session) {
        if (session.format() != OutputFormat.text) {
            // The result document or CSV stays clean on stdout; people watching stderr still learn about these.
            printNotices(r, session);
            if (r.truncated()) {
                session.warn("only the first " + r.rowCount() + " rows were returned; raise " + cap(r));
            }
        }
        if (session.format() == OutputFormat.csv) {
            renderCsv(r, session);
        } else {
            super.render(r, session);
        }
    }

    /** The option that cut the rows, to raise. */
    private static String cap(DbSqlOperation.Result r) {
        return SqlExecutor.TRUNCATED_BY_BYTES.equals(r.truncatedBy())
                ? "--max-bytes (" + r.maxBytes() + " now)"
                : "--max-rows (0 for no limit)";
    }

    /** The server's NOTICE/WARNING messages on stderr, like psql prints them, and ours; not with --quiet. */
    private static void printNotices(DbSqlOperation.Result r, CliSession session) {
        r.warnings().forEach(session::warn);
        if (!session.quiet()) {
            r.notices().forEach(n -> session.environment().stderr().println("notice: " + n));
        }
    }

    /** CSV streams: rows go out as the server sends them, in its text form, like psql --csv and COPY print them. */
    @Override
    protected DbSqlOperation.Result execute(DbSqlOperation.Input input, CliSession session) {
        if (session.format() != OutputFormat.csv) {
            return super.execute(input, session);
        }
        CsvOutput csv = new CsvOutput(session.environment().stdout());
        RowSink sink = new RowSink() {
            @Override
            public void start(List<SqlExecutor.Column> columns) {
                csv.record(columns.stream().map(SqlExecutor.Column::name).toList());
            }

            @Override
            public void row(String[] values) {
                csv.record(values);
            }
        };
        DbSqlOperation.Result result = new DbSqlOperation().run(input, session.context(), sink);
        csv.flush();
        return result;
    }

    /** The rows went out while the query ran; what is left is a DML statement's count. */
    private static void renderCsv(DbSqlOperation.Result r, CliSession session) {
        if (!r.kind().equals("rows")) {
            session.environment()
                    .stderr()
                    .println(r.rowCount() + " row" + (r.rowCount() == 1 ? "" : "s") + " affected");
        }
    }

    @Override
    protected void renderText(DbSqlOperation.Result r, TextOutput out, CliSession session) {
        printNotices(r, session);
        String how = String.format(
                "%.1f ms, as %s%s%s",
                r.executionMs(),
                r.role(),
                r.login() != null && !r.login().equals(r.role()) ? " (login " + r.login() + ")" : "",
                r.readOnly() ? ", read-only" : "");
        if (!r.kind().equals("rows")) {
            out.line(r.rowCount() + " row" + (r.rowCount() == 1 ? "" : "s") + " affected (" + how + ")");
            return;
        }
        if (!r.columns().isEmpty()) {
            List<List<String>> cells = new ArrayList<>(r.rows().size());
            for (List<JsonNode> row : r.rows()) {
                cells.add(row.stream()
                        .map(v -> {
                            String s = CellValues.display(v);
                            return s == null ? "NULL" : s;
                        })
                        .toList());
            }
            out.table(r.columns().stream().map(DbSqlOperation.Column::name).toList(), cells);
        }
        String count = "(" + r.rowCount() + " row" + (r.rowCount() == 1 ? "" : "s");
        if (r.truncated()) {
            out.line(count + " shown, more left out by "
                    + (SqlExecutor.TRUNCATED_BY_BYTES.equals(r.truncatedBy())
                            ? "--max-bytes " + r.maxBytes()
                            : "--max-rows " + r.maxRows())
                    + "; " + how + ")");
            session.warn("output truncated at " + r.rowCount() + " rows; raise " + cap(r));
        } else {
            out.line(count + "; " + how + ")");
        }
    }
}
