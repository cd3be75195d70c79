package dev.supadokploy.ops;

/**
 * One operation: an input record in, a result record out. Knows nothing of picocli, MCP or terminals
 * and never prints; failures are {@link dev.supadokploy.errors.SupaException}s.
 */
public interface Operation<I extends Record, R extends Record> {
    OperationInfo info();

    Class<I> inputType();

    Class<R> resultType();

    R run(I input, OperationContext context);
}
