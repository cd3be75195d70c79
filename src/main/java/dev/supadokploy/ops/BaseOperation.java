package dev.supadokploy.ops;

/** Holds what every operation declares once: its input and result types and its {@link OperationInfo}. */
public abstract class BaseOperation<I extends Record, R extends Record> implements Operation<I, R> {
    private final Class<I> inputType;
    private final Class<R> resultType;
    private final OperationInfo info;

    protected BaseOperation(Class<I> inputType, Class<R> resultType, OperationInfo info) {
        this.inputType = inputType;
        this.resultType = resultType;
        this.info = info;
    }

    @Override
    public final OperationInfo info() {
        return info;
    }

    @Override
    public final Class<I> inputType() {
        return inputType;
    }

    @Override
    public final Class<R> resultType() {
        return resultType;
    }
}
