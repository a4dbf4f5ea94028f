package dev.tally.aggregator.topics;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.concurrent.Callable;

/**
 * Runs blocking work (Kafka clients) on a worker thread and hands its result back on the caller's Vert.x context:
 * a Hibernate Reactive session opened there may only be used there.
 */
public final class Blocking {

    private Blocking() {
    }

    public static <T> Uni<T> call(Callable<T> work) {
        return Uni.createFrom().deferred(() -> {
            Context context = Vertx.currentContext();
            if (context == null) {
                return Uni.createFrom().item(() -> {
                    try {
                        return work.call();
                    } catch (RuntimeException e) {
                        throw e;
                    } catch (Exception e) {
                        throw new IllegalStateException(e.getMessage(), e);
                    }
                }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
            }
            return Uni.createFrom().completionStage(() -> context.executeBlocking(work, false).toCompletionStage());
        });
    }
}
