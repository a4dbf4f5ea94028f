package dev.tally.service;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** The consumer loops of a service: started here, closed on shutdown, watched by the health checks. */
@ApplicationScoped
public class ConsumerLoops {

    private final MeterRegistry registry;
    private final List<BatchConsumerLoop> loops = new CopyOnWriteArrayList<>();

    public ConsumerLoops(MeterRegistry registry) {
        this.registry = registry;
    }

    public BatchConsumerLoop start(String name, Map<String, Object> consumerProperties, Collection<String> topics,
                                   BatchHandler handler) {
        BatchConsumerLoop loop = new BatchConsumerLoop(name, consumerProperties, topics, handler, registry);
        loops.add(loop);
        loop.start();
        return loop;
    }

    public List<BatchConsumerLoop> all() {
        return List.copyOf(loops);
    }

    @PreDestroy
    void close() {
        loops.forEach(BatchConsumerLoop::close);
    }
}
