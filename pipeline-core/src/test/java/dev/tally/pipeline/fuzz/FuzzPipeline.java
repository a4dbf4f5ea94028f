package dev.tally.pipeline.fuzz;

import dev.tally.pipeline.event.ChangeMapper;
import dev.tally.pipeline.event.EpochUnit;
import dev.tally.pipeline.load.CompiledPipeline;
import dev.tally.pipeline.load.PipelineDefinitionException;
import dev.tally.pipeline.load.PipelineLoader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

/** The pipeline {@code fuzz/fuzz-orders.yaml} that fuzzed changes are mapped with, on a fixed clock. */
final class FuzzPipeline {

    /** Just after the event times of the orders fixtures, so that their windows are neither late nor too far ahead. */
    static final Instant NOW = Instant.parse("2026-11-24T00:00:00Z");

    private FuzzPipeline() {
    }

    static CompiledPipeline load() {
        try (InputStream in = FuzzPipeline.class.getClassLoader().getResourceAsStream("fuzz/fuzz-orders.yaml")) {
            return new PipelineLoader().load(new String(in.readAllBytes(), StandardCharsets.UTF_8), "fuzz-orders.yaml");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (PipelineDefinitionException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** The mapper, reading the orders source's timestamp numbers as microseconds, as the fixtures carry them. */
    static ChangeMapper mapper() {
        return new ChangeMapper(load(), Clock.fixed(NOW, ZoneOffset.UTC), Map.of("orders", EpochUnit.MICROSECONDS));
    }
}
