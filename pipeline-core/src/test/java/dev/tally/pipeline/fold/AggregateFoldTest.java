package dev.tally.pipeline.fold;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.tally.pipeline.aggregate.AggregateState;
import dev.tally.pipeline.aggregate.RowRef;
import dev.tally.pipeline.event.ChangeEvent;
import dev.tally.pipeline.event.GroupKey;
import dev.tally.pipeline.load.CompiledPipeline;
import dev.tally.pipeline.load.PipelineCatalog;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class AggregateFoldTest {

    private static final CompiledPipeline PIPELINE = load();
    private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");

    private final AggregateFold fold = new AggregateFold(PIPELINE.aggregateDefinitions());
    private final AtomicInteger offsets = new AtomicInteger();

    @Test
    void eventsOfOneAggregateBecomeOneVersionPerEventWithDeltasAndTheNewestCommitTime() {
        FoldBase stored = stored(5, line("r1", 2, "3.00"));
        List<ChangeEvent> events = List.of(
                pending(null, line("r2", 1, "5.00"), T0.plusSeconds(2)),
                pending(line("r1", 2, "3.00"), line("r1", 4, "3.00"), T0.plusSeconds(1)));

        Folded<ChangeEvent> outcome = fold.fold("[7]", stored, events, Function.identity());

        assertThat(outcome.refused()).isEmpty();
        assertThat(outcome.applied()).containsExactlyElementsOf(events);
        assertThat(outcome.version()).isEqualTo(7);
        assertThat(outcome.state().rows()).isEqualTo(2);
        assertThat(outcome.results()).isEqualTo(outcome.state().results())
                .containsEntry("units", 5L).containsEntry("revenue", new BigDecimal("17.00"));
        assertThat(outcome.previous()).containsEntry("units", 2L);
        assertThat(outcome.delta()).as("count and sum only").containsOnlyKeys("lines", "units", "revenue")
                .containsEntry("lines", 1L).containsEntry("units", 3L)
                .containsEntry("revenue", new BigDecimal("11.00"));
        assertThat(outcome.lastCommitTime()).isEqualTo(T0.plusSeconds(2));
    }

    @Test
    void aRefusedEventHalfWayIsRejectedAndTheOthersApplyAsIfItHadNeverCome() {
        // r9 was never added: count and sum take its retraction, then min refuses it, half-way through.
        ChangeEvent corrupt = pending(line("r9", 6, "9.99"), null, T0);
        List<ChangeEvent> events = List.of(
                pending(null, line("r1", 2, "3.00"), T0),
                corrupt,
                pending(null, line("r2", 1, "5.00"), T0));

        Folded<ChangeEvent> outcome = fold.fold("[7]", fold.newAggregate(), events, Function.identity());

        assertThat(outcome.applied()).containsExactly(events.get(0), events.get(2));
        assertThat(outcome.refused()).singleElement().satisfies(r -> {
            assertThat(r.item()).isSameAs(corrupt);
            assertThat(r.reason()).contains(corrupt.eventId(), "aggregate [7]", "never added");
        });
        assertThat(outcome.version()).isEqualTo(2);
        assertThat(outcome.state().results()).containsEntry("lines", 2L).containsEntry("units", 3L)
                .containsEntry("revenue", new BigDecimal("11.00")).containsEntry("min_price", new BigDecimal("3.00"));
    }

    @Test
    void aRetractionFromAnEmptyGroupIsRejectedAndNothingChanges() {
        Folded<ChangeEvent> outcome = fold.fold("[7]", fold.newAggregate(), List.of(pending(line("r1", 1, "1.00"), null, T0)),
                Function.identity());

        assertThat(outcome.changed()).isFalse();
        assertThat(outcome.version()).isZero();
        assertThat(outcome.refused()).singleElement().extracting(Refusal::reason).asString()
                .contains("group that has no rows");
    }

    @Test
    void aStoredStateThatDoesNotFitThePipelineRejectsTheAggregatesEvents() {
        FoldBase broken = fold.stored(3, JsonNodeFactory.instance.objectNode().put("rows", 1));
        Folded<ChangeEvent> outcome = fold.fold("[7]", broken, List.of(pending(null, line("r1", 1, "1.00"), T0)),
                Function.identity());

        assertThat(outcome.changed()).isFalse();
        assertThat(outcome.version()).isEqualTo(3);
        assertThat(outcome.refused()).singleElement().extracting(Refusal::reason).asString()
                .contains("stored state of aggregate [7]", "Rebuild the pipeline");
    }

    @Test
    void foldingIntoTheCachedStateGivesWhatFoldingIntoTheStoredStateGives() {
        FoldBase stored = stored(5, line("r1", 2, "3.00"));
        AggregateState cached = stored.state().get();
        List<ChangeEvent> events = List.of(
                pending(null, line("r2", 1, "5.00"), T0),
                pending(line("r1", 2, "3.00"), null, T0));

        Folded<ChangeEvent> fromCache = fold.fold("[7]", FoldBase.cached(5, cached), events, Function.identity());
        Folded<ChangeEvent> fromStore = fold.fold("[7]", stored, events, Function.identity());

        assertThat(fromCache.results()).isEqualTo(fromStore.results());
        assertThat(fromCache.version()).isEqualTo(fromStore.version());
        assertThat(fromCache.state()).as("changed in place").isSameAs(cached);
        assertThat(fromCache.state().toState()).isEqualTo(fromStore.state().toState());
    }

    @Test
    void aRefusalOnTheCachedStateAsksForTheStoredOneInsteadOfRejecting() {
        AggregateState cached = stored(5, line("r1", 2, "3.00")).state().get();
        List<ChangeEvent> events = List.of(pending(line("r9", 6, "9.99"), null, T0));

        assertThatThrownBy(() -> fold.fold("[7]", FoldBase.cached(5, cached), events, Function.identity()))
                .isInstanceOf(AggregateFold.RefusedOnCachedState.class)
                .hasMessageContaining("runs again from the stored states");
    }

    @Test
    void differencesTreatAMissingSumAsZero() {
        assertThat(ResultDelta.difference(null, 4L)).isEqualTo(-4L);
        assertThat(ResultDelta.difference(new BigDecimal("2.5"), null)).isEqualTo(new BigDecimal("2.5"));
        assertThat(ResultDelta.difference(1.5, 0.5)).isEqualTo(1.0);
        assertThat(ResultDelta.difference(null, null)).isNull();
    }

    private FoldBase stored(long version, Map<String, Object> row) {
        AggregateState state = AggregateState.empty(PIPELINE.aggregateDefinitions());
        RowRef ref = new RowRef("r1", "0");
        state.apply(null, ref, inputs(row), ref);
        JsonNode persisted = state.toState();
        return fold.stored(version, persisted, state.values());
    }

    private ChangeEvent pending(Map<String, Object> before, Map<String, Object> after, Instant commit) {
        String row = String.valueOf((after != null ? after : before).get("row"));
        Map<String, Object> beforeInputs = inputs(before);
        Map<String, Object> afterInputs = inputs(after);
        ChangeEvent event = new ChangeEvent(PIPELINE.name(), UUID.randomUUID().toString(), new GroupKey(List.of(7L)),
                null, beforeInputs, afterInputs, row, String.format("%015d", offsets.get()), commit, commit,
                "order-lines", "lsn " + offsets.getAndIncrement());
        return event;
    }

    /** A line's row id, quantity and price. */
    private static Map<String, Object> line(String row, long quantity, String price) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("row", row);
        line.put("quantity", quantity);
        line.put("price", new BigDecimal(price));
        return line;
    }

    /** The contribution the example pipeline maps a line to. */
    private static Map<String, Object> inputs(Map<String, Object> line) {
        if (line == null) {
            return null;
        }
        long quantity = (Long) line.get("quantity");
        BigDecimal price = (BigDecimal) line.get("price");
        Map<String, Object> inputs = new LinkedHashMap<>();
        inputs.put("lines", 1L);
        inputs.put("units", quantity);
        inputs.put("revenue", price.multiply(BigDecimal.valueOf(quantity)));
        inputs.put("min_price", price);
        inputs.put("max_price", price);
        return inputs;
    }

    private static CompiledPipeline load() {
        try {
            return PipelineCatalog.load(List.of(Path.of("../examples/orders"))).get("sales-by-product").orElseThrow();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
