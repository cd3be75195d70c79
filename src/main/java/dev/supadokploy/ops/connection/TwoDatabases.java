package dev.supadokploy.ops.connection;

import dev.supadokploy.ops.Interaction;
import dev.supadokploy.ops.OperationContext;
import dev.supadokploy.ops.connection.ConnectionResolver.Opened;
import dev.supadokploy.pg.ConnectionTarget;
import dev.supadokploy.util.Background;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** A source and a target connection, opened at the same time (one after the other when a password prompt may be needed). */
public record TwoDatabases(Opened source, Opened target) implements AutoCloseable {

    public static TwoDatabases open(ConnectionTarget source, ConnectionTarget target, OperationContext ctx) {
        CompletableFuture<Opened> targetOpen = ctx.interaction() == Interaction.NONE
                ? Background.supply("target-open", () -> ConnectionResolver.openTimed(target, ctx))
                : null;
        Opened opened;
        try {
            opened = ConnectionResolver.openTimed(source, ctx);
        } catch (RuntimeException e) {
            if (targetOpen != null) {
                targetOpen.thenAccept(o -> closeQuietly(o.connection()));
            }
            throw e;
        }
        try {
            return new TwoDatabases(
                    opened, targetOpen == null ? ConnectionResolver.openTimed(target, ctx) : join(targetOpen));
        } catch (RuntimeException e) {
            closeQuietly(opened.connection());
            throw e;
        }
    }

    public Connection sourceConnection() {
        return source.connection();
    }

    public Connection targetConnection() {
        return target.connection();
    }

    @Override
    public void close() {
        closeQuietly(source.connection());
        closeQuietly(target.connection());
    }

    public static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // closing a connection that broke
        }
    }

    /** The future's own failure, not the CompletionException around it. */
    public static <T> T join(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }
}
