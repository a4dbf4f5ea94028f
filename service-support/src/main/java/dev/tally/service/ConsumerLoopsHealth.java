package dev.tally.service;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/**
 * Health of the consumer loops: live while every loop thread runs; ready once each has polled recently, and not while
 * one retries a failing batch (it makes no progress: an operator must look, and an orchestrator must not count it as
 * serving).
 */
public final class ConsumerLoopsHealth {

    private static final Duration STALE = Duration.ofSeconds(60);
    /** Tries of one batch that failed in a row before the loop counts as stuck (the pauses grow from 100 ms). */
    static final int FAILING_AFTER = 3;

    private ConsumerLoopsHealth() {
    }

    private static HealthCheckResponse check(ConsumerLoops loops, String name, boolean readiness) {
        HealthCheckResponseBuilder builder = HealthCheckResponse.named(name).up();
        for (BatchConsumerLoop loop : loops.all()) {
            Instant lastPoll = loop.lastPoll();
            int failures = loop.consecutiveFailures();
            boolean ok = loop.isAlive() && (!readiness
                    || lastPoll != null && lastPoll.isAfter(Instant.now().minus(STALE)) && failures < FAILING_AFTER);
            builder.withData(loop.name(), !loop.isAlive() ? "stopped"
                    : lastPoll == null ? "starting"
                    : failures >= FAILING_AFTER ? "retrying one batch, " + failures + " failures in a row: "
                    + loop.lastFailure()
                    : "polled " + lastPoll + ", failures in a row " + failures);
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

    /** Down until each loop has polled, when one has not polled for a minute, and while one retries a failing batch. */
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
