package dev.tally.ingest;

import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** The pending acknowledgements of a group of sends (a batch, a request), awaited together. */
public final class Acknowledgements {

    private final List<CompletableFuture<?>> pending = new ArrayList<>();

    public void add(CompletionStage<?> acknowledgement) {
        pending.add(acknowledgement.toCompletableFuture());
    }

    public int size() {
        return pending.size();
    }

    /** Completes once every send is acknowledged; fails, after all have settled, if any failed. */
    public Uni<Void> all() {
        CompletableFuture<Void> all = CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new));
        return Uni.createFrom().completionStage(all).replaceWithVoid();
    }
}
