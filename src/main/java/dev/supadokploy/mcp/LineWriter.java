package dev.supadokploy.mcp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The only writer of stdout: one JSON message per line, each written whole under one lock and flushed,
 * so answers from concurrent tool calls never interleave and none waits in a buffer when the process ends.
 */
final class LineWriter {
    private static final Logger log = LoggerFactory.getLogger(LineWriter.class);

    private final OutputStream out;
    private final ObjectMapper mapper;
    private boolean broken; // guarded by this

    LineWriter(OutputStream out, ObjectMapper mapper) {
        this.out = out;
        this.mapper = mapper;
    }

    void write(Object message) {
        byte[] line;
        try {
            // Jackson escapes control characters inside strings, so the JSON never spans lines.
            line = mapper.writeValueAsBytes(message);
        } catch (JsonProcessingException e) {
            log.error("Cannot serialise an outbound message: {}", e.getOriginalMessage());
            if (message instanceof McpSchema.JSONRPCResponse r && r.id() != null) {
                // The request still gets an answer, just not the one that failed to serialise.
                write(ErrorResponse.of(
                        r.id(),
                        McpSchema.ErrorCodes.INTERNAL_ERROR,
                        "Internal error: the result could not be serialised: " + e.getOriginalMessage()));
            }
            return;
        }
        synchronized (this) {
            if (broken) {
                // Not its content: a result may hold secrets (revealed keys), and verbose logs must not.
                log.debug("stdout is closed; dropping a {}", message.getClass().getSimpleName());
                return;
            }
            try {
                out.write(line);
                out.write('\n');
                out.flush();
                if (out instanceof PrintStream ps && ps.checkError()) {
                    throw new IOException("the stream reported an error (closed pipe?)");
                }
            } catch (IOException e) {
                broken = true;
                log.warn("Cannot write to stdout, the client has gone: {}", e.getMessage());
            }
        }
    }
}
