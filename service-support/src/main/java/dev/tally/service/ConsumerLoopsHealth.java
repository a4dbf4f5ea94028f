package dev.tally.service;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/** Health of the consumer loops: live while every loop thread runs, ready once each has polled recently. */
public final class ConsumerLoopsHealth {

    private static final Duration STALE = Duration.ofSeconds(60);

    private ConsumerLoopsHealth() {
    }

    private static HealthCheckResponse check(ConsumerLoops loops, String name, boolean readiness) {
        HealthCheckResponseBuilder builder = HealthCheckResponse.named(name).up();
        for (BatchConsumerLoop loop : loops.all()) {
            Instant lastPoll = loop.lastPoll();
            boolean ok = loop.isAlive() && (!readiness
                    || lastPoll != null && lastPoll.isAfter(Instant.now().minus(STALE)));
            builder.withData(loop.name(), !loop.isAlive() ? "stopped"
                    : lastPoll == null ? "starting" : "polled " + lastPoll + ", failures in a row "
                    + loop.consecutiveFailures());
            if (!ok) {
                builder.down();
            }
        }
        return builder.build();
    }

    /** Down when a loop thread died: the service must be restarted. */
    @Liveness
    @ApplicationScoped
    public static class Live implements HealthCheck {
        private final ConsumerLoops loops;

        public Live(ConsumerLoops loops) {
            this.loops = loops;
        }

        @Override
        public HealthCheckResponse call() {
            return check(loops, "consumer loops alive", false);
        }
    }

    /** Down until each loop has polled, and when one has not polled for a minute. */
    @Readiness
    @ApplicationScoped
    public static class Ready implements HealthCheck {
        private final ConsumerLoops loops;

        public Ready(ConsumerLoops loops) {
            this.loops = loops;
        }

        @Override
        public HealthCheckResponse call() {
            return check(loops, "consumer loops polling", true);
        }
    }
}
