package dev.tally.pipeline.event;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.pipeline.cdc.Operation;
import dev.tally.pipeline.cdc.PostgresPosition;
import dev.tally.pipeline.cdc.RowChange;
import dev.tally.pipeline.cdc.TableId;
import dev.tally.pipeline.fold.AggregateFold;
import dev.tally.pipeline.fold.FoldBase;
import dev.tally.pipeline.fold.Folded;
import dev.tally.pipeline.load.CompiledPipeline;
import dev.tally.pipeline.load.PipelineLoader;
import dev.tally.pipeline.window.Window;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * The whole of pipeline-core at once: any sequence of inserts, updates (of values, of the group
 * key, of the event time, in and out of the filter) and deletes, decoded into row changes,
 * mapped into canonical events and folded into aggregate versions, one per change, equals a
 * recomputation from the table's final rows.
 */
class MappedChangesPropertyTest {

    private static final TableId TABLE = new TableId("source", "public", "order_lines");
    private static final Instant START = Instant.parse("2026-11-24T09:00:00Z");

    private static final CompiledPipeline BY_PRODUCT = load("../examples/orders/sales-by-product.yaml");
    private static final CompiledPipeline PER_MINUTE = load("src/test/resources/pipelines/sales-per-minute.yaml");

    enum Kind { INSERT, UPDATE, DELETE }

    record Line(long product, long quantity, BigDecimal price, Instant createdAt) {
    }

    record Step(Kind kind, int pick, Line line) {
    }

    @Property(tries = 300)
    void runningTotalsEqualGroupByOverTheFinalRows(@ForAll("steps") List<Step> steps) throws Exception {
        replayAndCompare(BY_PRODUCT, steps);
    }

    @Property(tries = 300)
    void filteredHoppingWindowsEqualGroupByOverTheFinalRows(@ForAll("steps") List<Step> steps) throws Exception {
        replayAndCompare(PER_MINUTE, steps);
    }

    private static void replayAndCompare(CompiledPipeline pipeline, List<Step> steps) throws Exception {
        ChangeMapper mapper = new ChangeMapper(pipeline);
        AggregateFold fold = new AggregateFold(pipeline.aggregateDefinitions());
        Map<Long, Line> rows = new TreeMap<>();
        Map<Long, Long> writtenAt = new HashMap<>();
        Map<String, Folded<ChangeEvent>> versions = new HashMap<>();
        Set<String> eventIds = new HashSet<>();
        long nextId = 1;
        long lsn = 1000;
        for (Step step : steps) {
            lsn += 8;
            Instant commit = START.plusMillis(lsn);
            List<Long> ids = new ArrayList<>(rows.keySet());
            RowChange change;
            if (step.kind() == Kind.INSERT || ids.isEmpty()) {
                long id = nextId++;
                change = change(Operation.CREATE, id, null, step.line(), lsn, commit);
                rows.put(id, step.line());
                writtenAt.put(id, lsn);
            } else {
                long id = ids.get(step.pick() % ids.size());
                if (step.kind() == Kind.UPDATE) {
                    change = change(Operation.UPDATE, id, rows.get(id), step.line(), lsn, commit);
                    rows.put(id, step.line());
                    writtenAt.put(id, lsn);
                } else {
                    change = change(Operation.DELETE, id, rows.remove(id), null, lsn, commit);
                    writtenAt.remove(id);
                }
            }
            for (ChangeEvent event : mapper.map("order-lines", change)) {
                assertThat(eventIds.add(event.eventId())).as("event ids are unique").isTrue();
                Folded<ChangeEvent> last = versions.get(event.aggregateId());
                // Every version is persisted and restored, as the aggregate store does between batches.
                FoldBase base = last == null ? fold.newAggregate() : fold.stored(last.version(), last.state().toState(),
                        last.state().values());
                Folded<ChangeEvent> next = fold.fold(event.aggregateId(), base, List.of(event), e -> e);
                assertThat(next.refused()).as("refused changes").isEmpty();
                assertThat(next.version()).as("one version per change").isEqualTo(base.version() + 1);
                versions.put(event.aggregateId(), next);
            }
        }

        Map<String, Map<String, Object>> expected = groundTruth(pipeline, rows, writtenAt);
        Map<String, Map<String, Object>> actual = new TreeMap<>();
        versions.forEach((id, folded) -> {
            if (!folded.state().isEmpty()) {
                actual.put(id, folded.results());
            }
        });
        assertThat(actual).isEqualTo(expected);
    }

    /** GROUP BY product (and window) over the final rows, computed without any of Tally's classes. */
    private static Map<String, Map<String, Object>> groundTruth(CompiledPipeline pipeline, Map<Long, Line> rows,
                                                              Map<Long, Long> writtenAt) {
        boolean windowed = pipeline.pipeline().window().isPresent();
        Map<String, List<Long>> groups = new TreeMap<>();
        rows.forEach((id, line) -> {
            if (windowed && line.quantity() <= 0) {
                return; // the windowed pipeline's filter: quantity > 0
            }
            for (Window w : windowed ? hoppingTwoMinutesEveryMinute(line.createdAt()) : List.<Window>of()) {
                groups.computeIfAbsent("[" + line.product() + "]@" + w.start() + "/" + w.end(), k -> new ArrayList<>()).add(id);
            }
            if (!windowed) {
                groups.computeIfAbsent("[" + line.product() + "]", k -> new ArrayList<>()).add(id);
            }
        });
        Map<String, Map<String, Object>> result = new TreeMap<>();
        groups.forEach((group, ids) -> {
            List<Line> lines = ids.stream().map(rows::get).toList();
            Map<String, Object> values = new LinkedHashMap<>();
            values.put("lines", (long) lines.size());
            values.put("units", lines.stream().mapToLong(Line::quantity).sum());
            values.put("revenue", lines.stream().map(l -> l.price().multiply(BigDecimal.valueOf(l.quantity())))
                    .reduce(BigDecimal.ZERO.setScale(2), BigDecimal::add));
            values.put("min_price", lines.stream().map(Line::price).min(BigDecimal::compareTo).orElseThrow());
            values.put("max_price", lines.stream().map(Line::price).max(BigDecimal::compareTo).orElseThrow());
            if (windowed) {
                long last = ids.stream().max((a, b) -> Long.compare(writtenAt.get(a), writtenAt.get(b))).orElseThrow();
                values.put("last_price", rows.get(last).price());
            }
            result.put(group, values);
        });
        return result;
    }

    private static List<Window> hoppingTwoMinutesEveryMinute(Instant t) {
        Instant minute = t.truncatedTo(ChronoUnit.MINUTES);
        return List.of(new Window(minute.minus(1, ChronoUnit.MINUTES), minute.plus(1, ChronoUnit.MINUTES)),
                new Window(minute, minute.plus(2, ChronoUnit.MINUTES)));
    }

    private static RowChange change(Operation op, long id, Line before, Line after, long lsn, Instant commit) {
        return new RowChange(op, TABLE, Map.of("id", id), image(id, before), image(id, after), commit,
                new PostgresPosition(lsn, lsn / 8), false);
    }

    /** The row as Debezium's schemaless JSON delivers it (numeric as text, timestamptz as ISO text). */
    private static Map<String, Object> image(long id, Line line) {
        if (line == null) {
            return null;
        }
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", id);
        row.put("order_id", id / 3);
        row.put("product_id", line.product());
        row.put("quantity", line.quantity());
        row.put("unit_price", line.price().toPlainString());
        row.put("created_at", line.createdAt().toString());
        return row;
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<Line> lines = Combinators.combine(
                        Arbitraries.longs().between(1, 4),
                        Arbitraries.longs().between(-1, 20),
                        Arbitraries.integers().between(1, 5_000).map(cents -> BigDecimal.valueOf(cents, 2)),
                        Arbitraries.integers().between(0, 300).map(s -> START.plusSeconds(s)))
                .as(Line::new);
        Arbitrary<Kind> kinds = Arbitraries.frequency(Tuple.of(5, Kind.INSERT), Tuple.of(4, Kind.UPDATE),
                Tuple.of(2, Kind.DELETE));
        return Combinators.combine(kinds, Arbitraries.integers().between(0, 1_000), lines).as(Step::new)
                .list().ofMaxSize(60);
    }

    private static CompiledPipeline load(String file) {
        try {
            return new PipelineLoader().load(Path.of(file));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
