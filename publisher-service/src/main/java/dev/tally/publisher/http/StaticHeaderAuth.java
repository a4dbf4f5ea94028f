package dev.tally.publisher.http;

import io.smallrye.mutiny.Uni;
import java.util.Optional;

/** One fixed header, e.g. {@code Authorization: Bearer ...}, whose value the environment holds. */
final class StaticHeaderAuth implements RequestAuth {

    private final Optional<AuthHeader> header;

    StaticHeaderAuth(String name, String value) {
        this.header = Optional.of(new AuthHeader(name, value));
    }

    @Override
    public Uni<Optional<AuthHeader>> header() {
        return Uni.createFrom().item(header);
    }

    @Override
    public boolean rejected(Optional<AuthHeader> sent) {
        return false;
    }
}
