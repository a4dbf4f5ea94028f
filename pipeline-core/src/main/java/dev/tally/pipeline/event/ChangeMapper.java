package dev.tally.pipeline.event;

import dev.tally.pipeline.cdc.RowChange;
import dev.tally.pipeline.expr.CompiledExpression;
import dev.tally.pipeline.expr.ExpressionException;
import dev.tally.pipeline.load.CompiledAggregate;
import dev.tally.pipeline.load.CompiledPipeline;
import dev.tally.pipeline.load.CompiledSource;
import dev.tally.pipeline.model.Durations;
import dev.tally.pipeline.model.SourceType;
import dev.tally.pipeline.model.ValueType;
import dev.tally.pipeline.window.Window;
import dev.tally.pipeline.window.WindowAssigner;
import dev.tally.pipeline.window.WindowSpec;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns a source row change into canonical change events: maps and filters the row before and
 * after, keys and windows each side, and emits one event per group (and window) touched. An
 * update within one group is one event carrying both contributions; an update that moves the
 * row to another group (or window) retracts from the old one and adds to the new one.
 */
public final class ChangeMapper {

    private static final Long ONE = 1L;

    private final CompiledPipeline pipeline;
    private final WindowAssigner windows;
    private final Clock clock;
    private final Map<String, EpochUnit> epochUnits;

    /** A mapper that knows the unit of no database source's timestamp numbers: it refuses them. */
    public ChangeMapper(CompiledPipeline pipeline) {
        this(pipeline, Clock.systemUTC());
    }

    /** @param clock what "now" is for a window's {@link WindowSpec#future()} bound */
    public ChangeMapper(CompiledPipeline pipeline, Clock clock) {
        this(pipeline, clock, Map.of());
    }

    /**
     * @param clock      what "now" is for a window's {@link WindowSpec#future()} bound
     * @param epochUnits the unit of the timestamp numbers of each database source that is known to send one unit (by
     *                   source name); other database sources' timestamp numbers are refused. Http sources' numbers
     *                   are always epoch milliseconds.
     */
    public ChangeMapper(CompiledPipeline pipeline, Clock clock, Map<String, EpochUnit> epochUnits) {
        this.pipeline = pipeline;
        this.windows = pipeline.pipeline().window().map(WindowAssigner::of).orElse(null);
        this.clock = clock;
        this.epochUnits = Map.copyOf(epochUnits);
    }

    public CompiledPipeline pipeline() {
        return pipeline;
    }

    /**
     * Maps one change of the named source that came without a log (posted over HTTP).
     *
     * @return the events, none when the row counts neither before nor after the change
     * @throws MappingException when the change cannot be applied exactly, with the reason
     */
    public List<ChangeEvent> map(String sourceName, RowChange change) throws MappingException {
        return map(sourceName, change, null);
    }

    /**
     * Maps one change of the named source read at {@code offset} of {@code partition} of its raw topic: each event
     * carries that origin ({@link ChangeOrigin}).
     *
     * @return the events, none when the row counts neither before nor after the change
     * @throws MappingException when the change cannot be applied exactly, with the reason
     */
    public List<ChangeEvent> map(String sourceName, RowChange change, int partition, long offset)
            throws MappingException {
        return map(sourceName, change, new RawRecord(partition, offset));
    }

    private record RawRecord(int partition, long offset) {
    }

    private List<ChangeEvent> map(String sourceName, RowChange change, RawRecord raw) throws MappingException {
        CompiledSource source = pipeline.source(sourceName)
                .orElseThrow(() -> new IllegalArgumentException("pipeline " + pipeline.name()
                        + " has no source " + sourceName));
        Optional<String> table = source.definition().table();
        if (table.isPresent() && change.table() != null && !change.table().matches(table.get())) {
            // A raw topic that carries several tables (a routing transform, a connector pointed at the wrong
            // topic): counting another table's rows as this source's would be silently wrong.
            throw new MappingException("a change of " + change.table() + " arrived on the topic of source "
                    + sourceName + ", but source " + sourceName + " reads " + table.get()
                    + "; give the table a source of its own, or route its changes to another topic");
        }
        Map<String, Object> beforeImage = null;
        Map<String, Object> afterImage = null;
        switch (change.op()) {
            case TRUNCATE -> throw new MappingException("truncate of " + change.table()
                    + " cannot be applied exactly: the rows it removed are not in the change; rebuild the pipeline");
            case CREATE, READ -> afterImage = require(change.after(), "after", change);
            case UPDATE -> {
                beforeImage = require(change.before(), "before", change);
                afterImage = require(change.after(), "after", change);
            }
            case DELETE -> beforeImage = require(change.before(), "before", change);
        }
        Side before = side(source, beforeImage, "before", change);
        Side after = side(source, afterImage, "after", change);
        if (before == null && after == null) {
            return List.of();
        }

        Map<String, Slot> slots = new LinkedHashMap<>();
        if (before != null) {
            for (Window w : before.windows) {
                slots.computeIfAbsent(AggregateIds.of(before.key, w), id -> new Slot(before.key, w)).before = before;
            }
        }
        if (after != null) {
            for (Window w : after.windows) {
                slots.computeIfAbsent(AggregateIds.of(after.key, w), id -> new Slot(after.key, w)).after = after;
            }
        }

        String rowKey = change.rowKey();
        String eventId = EventIds.of(source.name(), change.table().qualifiedName(), change.position().asString(), rowKey);
        String order = order(source.name(), change);
        List<ChangeEvent> events = new ArrayList<>(slots.size());
        for (Map.Entry<String, Slot> entry : slots.entrySet()) {
            Slot slot = entry.getValue();
            int part = events.size();
            events.add(new ChangeEvent(
                    pipeline.name(),
                    slots.size() == 1 ? eventId : EventIds.derive(eventId, entry.getKey()),
                    slot.key,
                    slot.window,
                    slot.before == null ? null : slot.before.contribution,
                    slot.after == null ? null : slot.after.contribution,
                    rowKey,
                    order,
                    slot.after != null ? slot.after.eventTime : slot.before.eventTime,
                    change.commitTime(),
                    source.name(),
                    change.position().asString(),
                    change.reread(),
                    raw == null ? null : new ChangeOrigin(raw.partition(), raw.offset(), part,
                            change.position().orderKey(), change.snapshot() || change.reread())));
        }
        return events;
    }

    private Side side(CompiledSource source, Map<String, Object> image, String which, RowChange change)
            throws MappingException {
        if (image == null) {
            return null;
        }
        Map<String, Object> columns = columns(source, image, which, change);
        if (source.where().isPresent() && !Boolean.TRUE.equals(evaluate(source.where().get(), columns, which))) {
            return null;
        }
        Map<String, Object> fields = new HashMap<>();
        for (Map.Entry<String, CompiledExpression> field : source.fields().entrySet()) {
            fields.put(field.getKey(), evaluate(field.getValue(), columns, which));
        }
        List<Object> keyValues = new ArrayList<>(pipeline.pipeline().groupBy().size());
        for (String keyField : pipeline.pipeline().groupBy()) {
            keyValues.add(fields.get(keyField));
        }
        Map<String, Object> contribution = new LinkedHashMap<>();
        for (CompiledAggregate aggregate : pipeline.aggregates()) {
            contribution.put(aggregate.name(), aggregate.argument().isEmpty() ? ONE
                    : evaluate(aggregate.argument().get(), fields, which));
        }
        GroupKey key = new GroupKey(keyValues);
        Optional<String> unstorable = StorableValues.problem(pipeline.pipeline().groupBy(), key, contribution);
        if (unstorable.isPresent()) {
            throw new MappingException(unstorable.get() + " (" + which + " image of row " + change.rowKey() + ")");
        }
        Instant eventTime = change.commitTime();
        List<Window> assigned = Collections.singletonList(null);
        if (windows != null) {
            WindowSpec spec = pipeline.pipeline().window().orElseThrow();
            eventTime = (Instant) fields.get(spec.on());
            if (eventTime == null) {
                throw new MappingException("event time field '" + spec.on() + "' is null in the " + which
                        + " image of " + change.table() + " row " + change.rowKey());
            }
            checkEventTime(spec, eventTime, which, change);
            assigned = windows.windowsFor(eventTime);
            for (Window window : assigned) {
                Optional<String> unstorableWindow = StorableValues.windowProblem(window);
                if (unstorableWindow.isPresent()) {
                    throw new MappingException(unstorableWindow.get() + " (" + which + " image of row "
                            + change.rowKey() + ")");
                }
            }
        }
        return new Side(key, assigned, Collections.unmodifiableMap(contribution), eventTime);
    }

    /**
     * One event time far ahead would move its partition's clock there and close every window before it, making every
     * later change late: beyond the window's {@code future} bound a change is refused instead.
     */
    private void checkEventTime(WindowSpec spec, Instant eventTime, String which, RowChange change)
            throws MappingException {
        String where = " (" + which + " image of row " + change.rowKey() + ")";
        Optional<String> unstorable = StorableValues.timeProblem("event time field '" + spec.on() + "'", eventTime);
        if (unstorable.isPresent()) {
            throw new MappingException(unstorable.get() + where);
        }
        Instant now = clock.instant();
        if (eventTime.isAfter(now.plus(spec.future()))) {
            throw new MappingException("event time field '" + spec.on() + "' is " + eventTime + ", more than "
                    + Durations.format(spec.future()) + " ahead of now (" + now + ")" + where + ": it would close every "
                    + "window of its partition; correct the row, or raise window.future");
        }
    }

    private Map<String, Object> columns(CompiledSource source, Map<String, Object> image, String which,
                                        RowChange change) throws MappingException {
        EpochUnit epochUnit = source.definition().type() == SourceType.HTTP ? EpochUnit.MILLISECONDS
                : epochUnits.get(source.name());
        Map<String, Object> columns = new HashMap<>();
        for (Map.Entry<String, ValueType> column : source.definition().columns().entrySet()) {
            String name = column.getKey();
            if (!image.containsKey(name)) {
                throw new MappingException("column '" + name + "' is missing from the " + which + " image of "
                        + change.table() + (which.equals("before")
                        ? "; capture the full old row with ALTER TABLE " + change.table() + " REPLICA IDENTITY FULL"
                        : ""));
            }
            try {
                columns.put(name, ValueCoercion.coerce(image.get(name), column.getValue(), epochUnit));
            } catch (IllegalArgumentException e) {
                throw new MappingException("column '" + name + "' of " + change.table() + " (" + which + "): "
                        + e.getMessage());
            }
        }
        return columns;
    }

    private static Object evaluate(CompiledExpression expression, Map<String, Object> variables, String which)
            throws MappingException {
        try {
            return expression.evaluate(variables);
        } catch (ExpressionException e) {
            throw new MappingException(e.getMessage() + " (" + which + " image)");
        }
    }

    private static Map<String, Object> require(Map<String, Object> image, String which, RowChange change)
            throws MappingException {
        if (image == null) {
            throw new MappingException(change.op().name().toLowerCase() + " of " + change.table() + " has no "
                    + which + " image" + (which.equals("before")
                    ? "; capture the old row with ALTER TABLE " + change.table() + " REPLICA IDENTITY FULL" : ""));
        }
        return image;
    }

    /** Commit time first, so rows of different sources order by when they were written. */
    private static String order(String source, RowChange change) {
        long millis = change.commitTime() == null ? 0 : change.commitTime().toEpochMilli();
        return String.format("%015d|%s|%s", millis, source, change.position().orderKey());
    }

    private record Side(GroupKey key, List<Window> windows, Map<String, Object> contribution, Instant eventTime) {
    }

    private static final class Slot {
        final GroupKey key;
        final Window window;
        Side before;
        Side after;

        Slot(GroupKey key, Window window) {
            this.key = Objects.requireNonNull(key);
            this.window = window;
        }
    }
}
