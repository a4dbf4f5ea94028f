package dev.tally.pipeline.load;

import static dev.tally.pipeline.load.Option.optional;
import static dev.tally.pipeline.load.Option.required;

import dev.tally.pipeline.model.HttpAuth;
import dev.tally.pipeline.model.HttpSinkDefinition.Versions;
import dev.tally.pipeline.model.LateChangePolicy;
import dev.tally.pipeline.model.SourceType;
import dev.tally.pipeline.model.SqlSinkDefinition.OnEmpty;
import dev.tally.pipeline.model.ValueType;
import dev.tally.pipeline.window.WindowSpec;
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
            "How far apart hopping windows start; must divide `size`, at most 10,000 windows per event "
                    + "(`size` / `advance`). Tumbling windows advance by `size`.", "15s");
    static final Option<String> WINDOW_ON = required("on", OptionTypes.identifier(),
            "The canonical timestamp field that gives each change its event time.", "created_at");
    static final Option<Duration> WINDOW_GRACE = optional("grace", OptionTypes.duration(), Duration.ZERO,
            "How long after its end a window still accepts changes (event time).", "10m");
    static final Option<Duration> WINDOW_RETENTION = optional("retention", OptionTypes.duration(),
            Duration.ofDays(7), "How long after its end a closed window stays in the store.", "30d");
    static final Option<LateChangePolicy> WINDOW_LATE = optional("late", OptionTypes.oneOf(LateChangePolicy.class),
            LateChangePolicy.DLQ, "What happens to a change for a closed window: `dlq` (reason `late`) or `drop` "
                    + "(counted).", "dlq");
    static final Option<Duration> WINDOW_FUTURE = optional("future", OptionTypes.duration(), WindowSpec.DEFAULT_FUTURE,
            "How far ahead of the ingest service's clock an event time may be; a change beyond it goes to the "
                    + "dead-letter topic, since one wrong date would close every window of its partition.", "1d");

    static final Section WINDOW = new Section("window", "window", "Optional event-time windows.",
            List.of(WINDOW_TYPE, WINDOW_SIZE, WINDOW_ADVANCE, WINDOW_ON, WINDOW_GRACE, WINDOW_RETENTION,
                    WINDOW_LATE, WINDOW_FUTURE));

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

    // --- sinks[] of type http ---
    static final Option<String> HTTP_SINK_TYPE = required("type", OptionTypes.text(), "`http`.", "http");
    static final Option<String> HTTP_SINK_NAME = optional("name", OptionTypes.name(), null,
            "Unique sink name; names its consumer group and its meters. Default: the type, numbered when repeated.",
            "billing-hook");
    static final Option<String> HTTP_SINK_URL = optional("url", OptionTypes.url(), null,
            "The endpoint every request is POSTed to. Set exactly one of `url` and `urlFrom`.",
            "https://billing.example.com/hooks/sales");
    static final Option<String> HTTP_SINK_URL_FROM = optional("urlFrom", OptionTypes.variable(), null,
            "The environment variable holding the endpoint's URL, for URLs that differ per environment or carry "
                    + "credentials; read by the publisher at start.", "ORDERS_WEBHOOK_URL");
    static final Option<Boolean> HTTP_SINK_OPTIONAL = optional("optional", OptionTypes.bool(), false,
            "With `urlFrom`: when the variable is not set, the sink is left out (the publisher logs it) instead "
                    + "of refusing to start.", "true");
    static final Option<String> HTTP_SINK_CONTENT_TYPE = optional("contentType", OptionTypes.text(),
            "application/json", "The Content-Type of every request.", "application/json; charset=utf-8");
    static final Option<Map<String, String>> HTTP_SINK_HEADERS = optional("headers", OptionTypes.headerMap(), Map.of(),
            "Additional request headers, sent as written. Secrets belong in `auth`, which reads them from the "
                    + "environment.", "{X-Source: tally}");
    static final Option<Duration> HTTP_SINK_TIMEOUT = optional("timeout", OptionTypes.duration(),
            Duration.ofSeconds(30), "The most time one request may take, connecting included; a request that "
                    + "takes longer has failed and is retried.", "10s");
    static final Option<Integer> HTTP_SINK_CONCURRENCY = optional("concurrency", OptionTypes.integer(1, 256), 4,
            "The most requests of this sink in flight at once (its own limit and its own connections).", "8");
    static final Option<Versions> HTTP_SINK_VERSIONS = optional("versions", OptionTypes.oneOf(Versions.class),
            Versions.NEWEST, "Of the versions of one aggregate among the records of one poll, `newest` sends the "
                    + "newest only; `all` sends every one, in version order.", "newest");

    // --- sinks[].auth ---
    static final Option<HttpAuth.Type> AUTH_TYPE = required("type", OptionTypes.oneOf(HttpAuth.Type.class),
            "`none`; `static`: one header whose value comes from `valueFrom`; `oauth2`: OAuth 2.0 client "
                    + "credentials, a bearer token fetched, cached and refreshed before it expires and on a 401.",
            "oauth2");
    static final Option<String> AUTH_HEADER = optional("header", OptionTypes.text(), "Authorization",
            "`static`: the header that carries the value.", "X-Api-Key");
    static final Option<String> AUTH_VALUE_FROM = optional("valueFrom", OptionTypes.variable(), null,
            "`static`: the environment variable holding the header's value, e.g. `Bearer 3f9...`. Required for "
                    + "`static`.", "ORDERS_WEBHOOK_TOKEN");
    static final Option<String> AUTH_TOKEN_URL = optional("tokenUrl", OptionTypes.url(), null,
            "`oauth2`: the token endpoint. Required for `oauth2`.", "https://auth.example.com/oauth2/token");
    static final Option<String> AUTH_CLIENT_ID = optional("clientId", OptionTypes.text(), null,
            "`oauth2`: the client id. Required for `oauth2`.", "tally-publisher");
    static final Option<String> AUTH_CLIENT_SECRET_FROM = optional("clientSecretFrom", OptionTypes.variable(), null,
            "`oauth2`: the environment variable holding the client secret. Required for `oauth2`.",
            "BILLING_CLIENT_SECRET");
    static final Option<HttpAuth.AuthorizationMode> AUTH_MODE = optional("authorizationMode",
            OptionTypes.oneOf(HttpAuth.AuthorizationMode.class), HttpAuth.AuthorizationMode.HEADER,
            "`oauth2`: how the client id and secret reach the token endpoint: `header` (HTTP Basic) or `url` "
                    + "(`client_id` and `client_secret` form parameters).", "url");
    static final Option<String> AUTH_SCOPE = optional("scope", OptionTypes.text(), null,
            "`oauth2`: the scope to ask for.", "aggregates:write");
    static final Option<String> AUTH_TOKEN_PROPERTY = optional("tokenProperty", OptionTypes.text(), "access_token",
            "`oauth2`: the property of the token response holding the token.", "access_token");

    static final Section HTTP_AUTH = new Section("auth", "sinks[].auth",
            "How an HTTP sink authenticates. Secrets are names of environment variables, never values; a variable "
                    + "that is not set stops the publisher's start with the file, the path and the reason.",
            List.of(AUTH_TYPE, AUTH_HEADER, AUTH_VALUE_FROM, AUTH_TOKEN_URL, AUTH_CLIENT_ID, AUTH_CLIENT_SECRET_FROM,
                    AUTH_MODE, AUTH_SCOPE, AUTH_TOKEN_PROPERTY));

    // --- sinks[].batching ---
    static final Option<Boolean> BATCHING_ENABLED = optional("enabled", OptionTypes.bool(), false,
            "Send several records per request; if not, each request carries one JSON object.", "true");
    static final Option<Integer> BATCHING_MAX_SIZE = optional("maxSize", OptionTypes.integer(1, 100_000), 500,
            "The most records per request.", "100");
    static final Option<String> BATCHING_PREFIX = optional("prefix", OptionTypes.rawText(), "[",
            "Written before the first record of a request.", "\"[\"");
    static final Option<String> BATCHING_SUFFIX = optional("suffix", OptionTypes.rawText(), "]",
            "Written after the last record of a request.", "\"]\"");
    static final Option<String> BATCHING_SEPARATOR = optional("separator", OptionTypes.rawText(), ",",
            "Written between two records.", "\"\\n\"");

    static final Section HTTP_BATCHING = new Section("batching", "sinks[].batching",
            "Several records per request; by default a JSON array.",
            List.of(BATCHING_ENABLED, BATCHING_MAX_SIZE, BATCHING_PREFIX, BATCHING_SUFFIX, BATCHING_SEPARATOR));

    // --- sinks[].retry ---
    static final Option<Integer> RETRY_MAX_RETRIES = optional("maxRetries", OptionTypes.integer(0, 100), 5,
            "How often a failed request (timeout, connection error, 408, 429, 5xx) is retried before its records "
                    + "go to the dead-letter topic. Other 4xx answers are not retried.", "3");
    static final Option<Duration> RETRY_BACKOFF = optional("backoff", OptionTypes.duration(), Duration.ofSeconds(1),
            "The pause before the first retry; each further pause doubles, with random jitter (between half and "
                    + "all of it).", "500ms");
    static final Option<Duration> RETRY_MAX_BACKOFF = optional("maxBackoff", OptionTypes.duration(),
            Duration.ofSeconds(30), "The longest pause, also for the `Retry-After` of a 429 or 503 (seconds or an "
                    + "HTTP date).", "1m");

    static final Section HTTP_RETRY = new Section("retry", "sinks[].retry",
            "Retries of a failed request, then the dead-letter topic.",
            List.of(RETRY_MAX_RETRIES, RETRY_BACKOFF, RETRY_MAX_BACKOFF));

    static final Option<SectionValues> HTTP_SINK_AUTH = optional("auth", OptionTypes.section(HTTP_AUTH), null,
            "Authentication; none when absent.", "{type: static, valueFrom: ORDERS_WEBHOOK_TOKEN}");
    static final Option<SectionValues> HTTP_SINK_BATCHING = optional("batching", OptionTypes.section(HTTP_BATCHING),
            null, "Batching; off when absent.", "{enabled: true, maxSize: 100}");
    static final Option<SectionValues> HTTP_SINK_RETRY = optional("retry", OptionTypes.section(HTTP_RETRY), null,
            "Retries; the defaults below when absent.", "{maxRetries: 3, backoff: 500ms}");

    static final Section HTTP_SINK = new Section("HTTP sink", "sinks[] (type: http)",
            "POSTs each new version of an aggregate, as a JSON object, to an endpoint; retries, then the "
                    + "dead-letter topic; never an older version of an aggregate after a newer one.",
            List.of(HTTP_SINK_TYPE, HTTP_SINK_NAME, HTTP_SINK_URL, HTTP_SINK_URL_FROM, HTTP_SINK_OPTIONAL,
                    HTTP_SINK_CONTENT_TYPE, HTTP_SINK_HEADERS, HTTP_SINK_TIMEOUT, HTTP_SINK_CONCURRENCY,
                    HTTP_SINK_VERSIONS, HTTP_SINK_AUTH, HTTP_SINK_BATCHING, HTTP_SINK_RETRY));

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
        return List.of(PIPELINE, SOURCE, WINDOW, RETENTION, SQL_SINK, HTTP_SINK, HTTP_AUTH, HTTP_BATCHING, HTTP_RETRY);
    }

    private static Map<String, Section> sinksByType() {
        Map<String, Section> sinks = new LinkedHashMap<>();
        sinks.put("sql", SQL_SINK);
        sinks.put("http", HTTP_SINK);
        return sinks;
    }
}
