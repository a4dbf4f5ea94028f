package dev.tally.pipeline.load;

import static dev.tally.pipeline.load.Option.optional;
import static dev.tally.pipeline.load.Option.required;

import dev.tally.pipeline.model.LateChangePolicy;
import dev.tally.pipeline.model.SourceType;
import dev.tally.pipeline.model.SqlSinkDefinition.OnEmpty;
import dev.tally.pipeline.model.ValueType;
import dev.tally.pipeline.window.WindowType;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Every option of a pipeline file, declared once: the loader and the README tables read these. */
final class PipelineOptions {

    private PipelineOptions() {
    }

    // --- sources[] ---
    static final Option<String> SOURCE_NAME = required("name", OptionTypes.name(),
            "Unique name of the source within the pipeline.", "order-lines");
    static final Option<SourceType> SOURCE_TYPE = required("type", OptionTypes.oneOf(SourceType.class),
            "Where changes come from: a database through Debezium, or `http` for `POST /api/pipelines/{p}/events`.",
            "postgres");
    static final Option<String> SOURCE_CONNECTOR = optional("connector", OptionTypes.name(), null,
            "The KafkaConnector resource (`strimzi/connectors/<connector>.yaml`) that captures the table. "
                    + "Required for database sources.", "orders-source");
    static final Option<String> SOURCE_TOPIC = optional("topic", OptionTypes.text(), null,
            "The raw change topic; by default the connector's `topic.prefix` + `.` + `table`.",
            "tally.src.orders.public.order_lines");
    static final Option<String> SOURCE_TABLE = optional("table", OptionTypes.table(), null,
            "The captured table, `schema.table`. Required for database sources.", "public.order_lines");
    static final Option<Map<String, ValueType>> SOURCE_COLUMNS = required("columns", OptionTypes.typeMap(),
            "The source columns the pipeline reads, with their types: long, double, decimal, string, boolean, "
                    + "timestamp, date. Expressions may use only these.", "{quantity: long, unit_price: decimal}");
    static final Option<Map<String, String>> SOURCE_FIELDS = required("fields", OptionTypes.expressionMap(),
            "Canonical fields, each a CEL expression over the columns. Every source of a pipeline declares the "
                    + "same fields with the same types.", "{revenue: quantity * unit_price}");
    static final Option<String> SOURCE_WHERE = optional("where", OptionTypes.text(), null,
            "A CEL condition over the columns; rows for which it is false (or null) do not count.",
            "status != 'void'");

    static final Section SOURCE = new Section("source", "sources[]",
            "One per table (or HTTP route) feeding the pipeline.",
            List.of(SOURCE_NAME, SOURCE_TYPE, SOURCE_CONNECTOR, SOURCE_TOPIC, SOURCE_TABLE, SOURCE_COLUMNS,
                    SOURCE_FIELDS, SOURCE_WHERE));

    // --- window ---
    static final Option<WindowType> WINDOW_TYPE = required("type", OptionTypes.oneOf(WindowType.class),
            "Tumbling windows do not overlap; hopping windows of `size` start every `advance`.", "tumbling");
    static final Option<Duration> WINDOW_SIZE = required("size", OptionTypes.duration(),
            "The length of each window.", "1m");
    static final Option<Duration> WINDOW_ADVANCE = optional("advance", OptionTypes.duration(), null,
            "How far apart hopping windows start; must divide `size`. Tumbling windows advance by `size`.", "15s");
    static final Option<String> WINDOW_ON = required("on", OptionTypes.identifier(),
            "The canonical timestamp field that gives each change its event time.", "created_at");
    static final Option<Duration> WINDOW_GRACE = optional("grace", OptionTypes.duration(), Duration.ZERO,
            "How long after its end a window still accepts changes (event time).", "10m");
    static final Option<Duration> WINDOW_RETENTION = optional("retention", OptionTypes.duration(),
            Duration.ofDays(7), "How long after its end a closed window stays in the store.", "30d");
    static final Option<LateChangePolicy> WINDOW_LATE = optional("late", OptionTypes.oneOf(LateChangePolicy.class),
            LateChangePolicy.DLQ, "What happens to a change for a closed window: `dlq` (reason `late`) or `drop` "
                    + "(counted).", "dlq");

    static final Section WINDOW = new Section("window", "window", "Optional event-time windows.",
            List.of(WINDOW_TYPE, WINDOW_SIZE, WINDOW_ADVANCE, WINDOW_ON, WINDOW_GRACE, WINDOW_RETENTION,
                    WINDOW_LATE));

    // --- retention ---
    static final Option<Duration> RETENTION_JOURNAL = optional("journal", OptionTypes.duration(),
            Duration.ofDays(7), "How long processed event ids are kept: the horizon for deduplication and for "
                    + "reversing an event.", "7d");

    static final Section RETENTION = new Section("retention", "retention", "What the aggregator keeps, and for how long.",
            List.of(RETENTION_JOURNAL));

    // --- sinks[] of type sql ---
    static final Option<String> SQL_SINK_TYPE = required("type", OptionTypes.text(), "`sql`.", "sql");
    static final Option<String> SQL_SINK_NAME = optional("name", OptionTypes.name(), null,
            "Unique sink name; names its consumer group. Default: the type, numbered when repeated.", "master");
    static final Option<String> SQL_SINK_TABLE = required("table", OptionTypes.table(),
            "The target table in the sink database, created when missing.", "sales_by_product");
    static final Option<OnEmpty> SQL_SINK_ON_EMPTY = optional("onEmpty", OptionTypes.oneOf(OnEmpty.class),
            OnEmpty.DELETE, "What happens to the row of a group with no rows left: `delete` it or `keep` it "
                    + "with empty aggregates.", "delete");

    static final Section SQL_SINK = new Section("SQL sink", "sinks[] (type: sql)",
            "Upserts one row per group (and window) with a version guard.",
            List.of(SQL_SINK_TYPE, SQL_SINK_NAME, SQL_SINK_TABLE, SQL_SINK_ON_EMPTY));

    static final Map<String, Section> SINKS_BY_TYPE = sinksByType();

    // --- the pipeline ---
    static final Option<String> NAME = required("name", OptionTypes.name(),
            "Unique pipeline name; part of its topic names (`tally.<name>.changes`).", "sales-by-product");
    static final Option<String> DESCRIPTION = optional("description", OptionTypes.text(), null,
            "Free text for people.", "Sales per product");
    static final Option<List<SectionValues>> SOURCES = required("sources", OptionTypes.sectionList(SOURCE),
            "Where changes come from.", "see below");
    static final Option<List<String>> GROUP_BY = required("groupBy", OptionTypes.identifierList(),
            "The canonical fields forming the group key.", "[product_id]");
    static final Option<SectionValues> WINDOW_OPTION = optional("window", OptionTypes.section(WINDOW), null,
            "Event-time windows; absent for running totals.", "{type: tumbling, size: 1m, on: created_at}");
    static final Option<Map<String, String>> AGGREGATES = required("aggregates", OptionTypes.expressionMap(),
            "Name to function: `count()`, `count(x)`, `sum(x)`, `avg(x)`, `min(x)`, `max(x)`, `latest(x)`, where x "
                    + "is a CEL expression over canonical fields.", "{units: sum(quantity)}");
    static final Option<List<SectionValues>> SINKS = optional("sinks",
            OptionTypes.typedSectionList("sink", SINKS_BY_TYPE), List.of(), "Where aggregates are delivered.",
            "see below");
    static final Option<SectionValues> RETENTION_OPTION = optional("retention", OptionTypes.section(RETENTION),
            null, "Retention of the aggregator's journal.", "{journal: 7d}");

    static final Section PIPELINE = new Section("pipeline", "", "The top level of a pipeline file.",
            List.of(NAME, DESCRIPTION, SOURCES, GROUP_BY, WINDOW_OPTION, AGGREGATES, SINKS, RETENTION_OPTION));

    /** Every section, in the order the README documents them. */
    static List<Section> all() {
        return List.of(PIPELINE, SOURCE, WINDOW, RETENTION, SQL_SINK);
    }

    private static Map<String, Section> sinksByType() {
        Map<String, Section> sinks = new LinkedHashMap<>();
        sinks.put("sql", SQL_SINK);
        return sinks;
    }
}
