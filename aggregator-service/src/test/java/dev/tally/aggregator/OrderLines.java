package dev.tally.aggregator;

import dev.tally.pipeline.cdc.Operation;
import dev.tally.pipeline.cdc.PostgresPosition;
import dev.tally.pipeline.cdc.RowChange;
import dev.tally.pipeline.cdc.TableId;
import dev.tally.pipeline.event.ChangeEvent;
import dev.tally.pipeline.event.ChangeMapper;
import dev.tally.pipeline.event.MappingException;
import dev.tally.pipeline.load.CompiledPipeline;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Change events of the example's {@code order_lines} table, made the way the ingest service makes them, for any
 * pipeline over that table (source {@value #SOURCE}): each change comes later in the source log than the one made
 * before it.
 */
final class OrderLines {

    static final String SOURCE = "order-lines";
    private static final TableId TABLE = new TableId("source", "public", "order_lines");
    /** Positions grow across every test of the JVM, as a source log's do. */
    private static final AtomicLong LSN = new AtomicLong(System.currentTimeMillis() * 1000);
    /** Offsets on partition 0 of the raw topic the changes would have been read from. */
    private static final AtomicLong RAW_OFFSET = new AtomicLong(System.currentTimeMillis() * 1000);

    /** When the lines of tests that do not care were created. */
    static final Instant CREATED_AT = Instant.parse("2026-11-24T09:59:00Z");

    /** One order line row; {@code createdAt} is the event time of windowed pipelines. */
    record Line(long id, long product, long quantity, String price, Instant createdAt) {

        Line(long id, long product, long quantity, String price) {
            this(id, product, quantity, price, CREATED_AT);
        }

        Line withProduct(long newProduct) {
            return new Line(id, newProduct, quantity, price, createdAt);
        }

        Line withQuantity(long newQuantity) {
            return new Line(id, product, newQuantity, price, createdAt);
        }

        Line withPrice(String newPrice) {
            return new Line(id, product, quantity, newPrice, createdAt);
        }

        Line withCreatedAt(Instant newCreatedAt) {
            return new Line(id, product, quantity, price, newCreatedAt);
        }
    }

    private final ChangeMapper mapper;

    OrderLines(CompiledPipeline pipeline) {
        this.mapper = new ChangeMapper(pipeline);
    }

    List<ChangeEvent> insert(Line line) {
        return map(Operation.CREATE, null, line);
    }

    List<ChangeEvent> update(Line before, Line after) {
        return map(Operation.UPDATE, before, after);
    }

    List<ChangeEvent> delete(Line line) {
        return map(Operation.DELETE, line, null);
    }

    private List<ChangeEvent> map(Operation op, Line before, Line after) {
        long id = (after != null ? after : before).id();
        RowChange change = new RowChange(op, TABLE, Map.of("id", id), row(before), row(after),
                Instant.now().truncatedTo(ChronoUnit.MILLIS), new PostgresPosition(LSN.incrementAndGet(), 1L), false);
        try {
            return mapper.map(SOURCE, change, 0, RAW_OFFSET.incrementAndGet());
        } catch (MappingException e) {
            throw new IllegalStateException("the example pipeline refused a test change: " + e.getMessage(), e);
        }
    }

    /** A row as the schemaless JSON converter delivers it: numeric as text. */
    private static Map<String, Object> row(Line line) {
        if (line == null) {
            return null;
        }
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", line.id());
        row.put("order_id", 100L);
        row.put("product_id", line.product());
        row.put("quantity", line.quantity());
        row.put("unit_price", line.price());
        row.put("created_at", line.createdAt().toString());
        return row;
    }
}
