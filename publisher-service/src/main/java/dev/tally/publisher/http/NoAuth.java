package dev.tally.publisher.http;

import io.smallrye.mutiny.Uni;
import java.util.Optional;

/** Requests without authentication. */
final class NoAuth implements RequestAuth {

    @Override
    public Uni<Optional<AuthHeader>> header() {
        return Uni.createFrom().item(Optional.empty());
    }

    @Override
    public boolean rejected(Optional<AuthHeader> sent) {
        return false;
    }
}
