package dev.tally.pipeline.load;

import static dev.tally.pipeline.load.PipelineOptions.*;

import dev.tally.pipeline.aggregate.AggregateDefinition;
import dev.tally.pipeline.aggregate.AggregateFunction;
import dev.tally.pipeline.expr.CompiledExpression;
import dev.tally.pipeline.expr.ExpressionCompiler;
import dev.tally.pipeline.expr.ExpressionException;
import dev.tally.pipeline.model.AggregateSpec;
import dev.tally.pipeline.model.Durations;
import dev.tally.pipeline.model.LateChangePolicy;
import dev.tally.pipeline.model.Pipeline;
import dev.tally.pipeline.model.RetentionPolicy;
import dev.tally.pipeline.model.SinkDefinition;
import dev.tally.pipeline.model.SourceDefinition;
import dev.tally.pipeline.model.SqlSinkDefinition;
import dev.tally.pipeline.model.ValueType;
import dev.tally.pipeline.window.WindowSpec;
import dev.tally.pipeline.window.WindowType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The semantic checks of a pipeline whose structure has been read: names, types, expressions. */
final class PipelineCompiler {

    /** Columns every sink row has besides the group key and the aggregates. */
    static final Set<String> RESERVED_COLUMNS = Set.of("version", "updated_at", "window_start", "window_end");

    private static final Pattern AGGREGATE = Pattern.compile("\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*\\((.*)\\)\\s*",
            Pattern.DOTALL);

    private final String file;
    private final Problems problems;

    PipelineCompiler(String file, Problems problems) {
        this.file = file;
        this.problems = problems;
    }

    CompiledPipeline compile(SectionValues top) {
        Map<String, CompiledSource> sources = new LinkedHashMap<>();
        Map<String, ValueType> fieldTypes = compileSources(top, sources);
        List<String> groupBy = checkGroupBy(top, fieldTypes);
        Optional<WindowSpec> window = window(top, fieldTypes);
        List<CompiledAggregate> aggregates = compileAggregates(top, fieldTypes, groupBy);
        List<SinkDefinition> sinks = sinks(top);
        SectionValues retention = top.get(RETENTION_OPTION);
        Pipeline pipeline = new Pipeline(
                top.get(NAME),
                file,
                sources.values().stream().map(CompiledSource::definition).toList(),
                groupBy,
                window,
                top.get(WINDOW_OPTION) == null ? LateChangePolicy.DLQ : top.get(WINDOW_OPTION).get(WINDOW_LATE),
                aggregates.stream().map(a -> new AggregateSpec(a.name(), a.definition().function(),
                        a.argument().map(CompiledExpression::source))).toList(),
                sinks,
                new RetentionPolicy(retention == null ? RETENTION_JOURNAL.defaultValue()
                        : retention.get(RETENTION_JOURNAL)));
        return new CompiledPipeline(pipeline, Map.copyOf(sources), fieldTypes, aggregates);
    }

    // ---------------------------------------------------------------- sources and canonical fields

    private Map<String, ValueType> compileSources(SectionValues top, Map<String, CompiledSource> out) {
        List<SectionValues> declared = top.get(SOURCES);
        if (declared != null && declared.isEmpty() && top.isSet(SOURCES)) {
            problems.add("sources", "a pipeline needs at least one source");
        }
        Map<String, ValueType> canonical = null;
        String canonicalFrom = null;
        for (SectionValues source : declared == null ? List.<SectionValues>of() : declared) {
            CompiledSource compiled = compileSource(source);
            if (compiled == null) {
                continue;
            }
            if (out.containsKey(compiled.name())) {
                problems.add(source.pathOf(SOURCE_NAME), "duplicate source name '" + compiled.name() + "'");
                continue;
            }
            out.put(compiled.name(), compiled);
            Map<String, ValueType> types = new LinkedHashMap<>();
            compiled.fields().forEach((name, expr) -> types.put(name, expr.resultType()));
            if (compiled.fields().size() != compiled.definition().fields().size()) {
                continue; // some fields did not compile: already reported
            }
            if (canonical == null) {
                canonical = types;
                canonicalFrom = source.path();
            } else {
                compareFields(source, types, canonical, canonicalFrom);
            }
        }
        return canonical == null ? Map.of() : canonical;
    }

    private CompiledSource compileSource(SectionValues source) {
        String name = source.get(SOURCE_NAME);
        var type = source.get(SOURCE_TYPE);
        Map<String, ValueType> columns = source.get(SOURCE_COLUMNS);
        Map<String, String> fields = source.get(SOURCE_FIELDS);
        if (name == null || type == null || columns == null || fields == null) {
            return null;
        }
        if (type.isCdc()) {
            if (!source.isSet(SOURCE_TABLE)) {
                problems.add(source.pathOf(SOURCE_TABLE), "missing: a " + type.name().toLowerCase()
                        + " source names the table it reads, as schema.table");
            }
            if (!source.isSet(SOURCE_CONNECTOR) && !source.isSet(SOURCE_TOPIC)) {
                problems.add(source.pathOf(SOURCE_CONNECTOR), "missing: a " + type.name().toLowerCase()
                        + " source names its KafkaConnector (strimzi/connectors/<connector>.yaml) or its topic");
            }
        } else {
            for (Option<?> cdcOnly : List.of(SOURCE_TABLE, SOURCE_CONNECTOR, SOURCE_TOPIC)) {
                if (source.isSet(cdcOnly)) {
                    problems.add(source.pathOf(cdcOnly), "an http source takes no " + cdcOnly.name()
                            + ": its events are posted to /api/pipelines/{pipeline}/events");
                }
            }
        }
        ExpressionCompiler compiler = new ExpressionCompiler(columns);
        Map<String, CompiledExpression> compiledFields = new LinkedHashMap<>();
        fields.forEach((field, expression) -> compile(compiler, expression,
                Problems.child(source.pathOf(SOURCE_FIELDS), field), "columns " + String.join(", ", columns.keySet()))
                .ifPresent(c -> compiledFields.put(field, c)));
        Optional<CompiledExpression> where = Optional.empty();
        if (source.isSet(SOURCE_WHERE)) {
            where = compile(compiler, source.get(SOURCE_WHERE), source.pathOf(SOURCE_WHERE),
                    "columns " + String.join(", ", columns.keySet()));
            where.filter(w -> w.resultType() != ValueType.BOOLEAN).ifPresent(w -> problems.add(
                    source.pathOf(SOURCE_WHERE), "'" + w.source() + "' is " + w.resultType().yamlName()
                            + "; a filter must be a condition (boolean)"));
        }
        SourceDefinition definition = new SourceDefinition(name, type,
                Optional.ofNullable(source.get(SOURCE_CONNECTOR)), Optional.ofNullable(source.get(SOURCE_TOPIC)),
                Optional.ofNullable(source.get(SOURCE_TABLE)), columns, fields,
                Optional.ofNullable(source.get(SOURCE_WHERE)));
        return new CompiledSource(definition, compiledFields, where);
    }

    private void compareFields(SectionValues source, Map<String, ValueType> types, Map<String, ValueType> canonical,
                               String canonicalFrom) {
        String path = source.pathOf(SOURCE_FIELDS);
        if (!types.keySet().equals(canonical.keySet())) {
            problems.add(path, "declares the fields " + types.keySet() + " but " + canonicalFrom
                    + " declares " + canonical.keySet() + "; every source maps to the same canonical fields");
            return;
        }
        types.forEach((field, type) -> {
            if (type != canonical.get(field)) {
                problems.add(Problems.child(path, field), "is " + type.yamlName() + " but in " + canonicalFrom
                        + " it is " + canonical.get(field).yamlName() + "; convert it, e.g. with decimal(..) or double(..)");
            }
        });
    }

    // ---------------------------------------------------------------- group key

    private List<String> checkGroupBy(SectionValues top, Map<String, ValueType> fields) {
        List<String> groupBy = top.get(GROUP_BY);
        if (groupBy == null) {
            return List.of();
        }
        for (int i = 0; i < groupBy.size(); i++) {
            String field = groupBy.get(i);
            String path = Problems.element("groupBy", i);
            ValueType type = fields.get(field);
            if (RESERVED_COLUMNS.contains(field)) {
                problems.add(path, "'" + field + "' is reserved for a sink column (" + String.join(", ",
                        RESERVED_COLUMNS.stream().sorted().toList()) + "); map the field to another name");
            } else if (type == null && !fields.isEmpty()) {
                problems.add(path, "'" + field + "' is not a field of the pipeline (fields: "
                        + String.join(", ", fields.keySet()) + ")");
            } else if (type == ValueType.DOUBLE) {
                problems.add(path, "'" + field + "' is a double: floating-point values make unstable group keys; "
                        + "map it to a long, a decimal or a string");
            }
        }
        return groupBy;
    }

    // ---------------------------------------------------------------- window

    private Optional<WindowSpec> window(SectionValues top, Map<String, ValueType> fields) {
        SectionValues window = top.get(WINDOW_OPTION);
        if (window == null) {
            return Optional.empty();
        }
        WindowType type = window.get(WINDOW_TYPE);
        Duration size = window.get(WINDOW_SIZE);
        String on = window.get(WINDOW_ON);
        if (type == null || size == null || on == null) {
            return Optional.empty();
        }
        boolean valid = true;
        if (size.isZero()) {
            problems.add(window.pathOf(WINDOW_SIZE), "a window must have a positive size");
            valid = false;
        }
        Duration advance = window.get(WINDOW_ADVANCE);
        if (type == WindowType.TUMBLING && advance != null && !advance.equals(size)) {
            problems.add(window.pathOf(WINDOW_ADVANCE), "tumbling windows advance by their size; "
                    + "use type: hopping for overlapping windows");
            valid = false;
        }
        if (type == WindowType.HOPPING) {
            if (advance == null) {
                problems.add(window.pathOf(WINDOW_ADVANCE), "missing: hopping windows need an advance");
                valid = false;
            } else if (advance.isZero() || advance.compareTo(size) > 0
                    || size.toMillis() % Math.max(1, advance.toMillis()) != 0) {
                problems.add(window.pathOf(WINDOW_ADVANCE), "must be positive, at most the size and divide it "
                        + "(size " + size + ", advance " + advance + ")");
                valid = false;
            } else if (size.toMillis() / advance.toMillis() > WindowSpec.MAX_WINDOWS_PER_EVENT) {
                // Each change updates every window it falls in: a day advancing by the millisecond is 86.4 million
                // aggregate versions per change.
                problems.add(window.pathOf(WINDOW_ADVANCE), "size " + Durations.format(size) + " advancing by "
                        + Durations.format(advance) + " puts each event into " + size.toMillis() / advance.toMillis()
                        + " windows; at most " + WindowSpec.MAX_WINDOWS_PER_EVENT + " are allowed: advance by at least "
                        + Durations.format(Duration.ofMillis(Math.ceilDiv(size.toMillis(),
                                WindowSpec.MAX_WINDOWS_PER_EVENT))));
                valid = false;
            }
        }
        ValueType onType = fields.get(on);
        if (onType == null && !fields.isEmpty()) {
            problems.add(window.pathOf(WINDOW_ON), "'" + on + "' is not a field of the pipeline (fields: "
                    + String.join(", ", fields.keySet()) + ")");
            valid = false;
        } else if (onType != null && onType != ValueType.TIMESTAMP) {
            problems.add(window.pathOf(WINDOW_ON), "'" + on + "' is a " + onType.yamlName()
                    + " field; windows need a timestamp field for event time");
            valid = false;
        }
        if (!valid) {
            return Optional.empty();
        }
        return Optional.of(new WindowSpec(type, size, advance == null ? size : advance, on,
                window.get(WINDOW_GRACE), window.get(WINDOW_RETENTION), window.get(WINDOW_FUTURE)));
    }

    // ---------------------------------------------------------------- aggregates

    private List<CompiledAggregate> compileAggregates(SectionValues top, Map<String, ValueType> fields,
                                                      List<String> groupBy) {
        Map<String, String> declared = top.get(AGGREGATES);
        List<CompiledAggregate> result = new ArrayList<>();
        if (declared == null) {
            return result;
        }
        ExpressionCompiler compiler = new ExpressionCompiler(fields);
        declared.forEach((name, text) -> {
            String path = Problems.child("aggregates", name);
            if (groupBy.contains(name)) {
                problems.add(path, "'" + name + "' is also a group key field; sink columns must have distinct names");
                return;
            }
            if (RESERVED_COLUMNS.contains(name)) {
                problems.add(path, "'" + name + "' is reserved for a sink column (" + String.join(", ",
                        RESERVED_COLUMNS.stream().sorted().toList()) + ")");
                return;
            }
            Matcher m = AGGREGATE.matcher(text);
            if (!m.matches()) {
                problems.add(path, "'" + text + "' is not an aggregate; expected function(argument), "
                        + "e.g. count(), sum(quantity), max(unit_price)");
                return;
            }
            Optional<AggregateFunction> function = AggregateFunction.fromYamlName(m.group(1));
            if (function.isEmpty()) {
                problems.add(path, "unknown aggregate function '" + m.group(1)
                        + "'; expected one of count, sum, avg, min, max, latest");
                return;
            }
            String argument = m.group(2).trim();
            if (argument.isEmpty()) {
                if (function.get().requiresArgument()) {
                    problems.add(path, function.get().yamlName() + "() needs an argument, e.g. "
                            + function.get().yamlName() + "(quantity)");
                } else {
                    result.add(new CompiledAggregate(new AggregateDefinition(name, function.get(), ValueType.LONG),
                            Optional.empty()));
                }
                return;
            }
            compile(compiler, argument, path, "fields " + String.join(", ", fields.keySet())).ifPresent(expr -> {
                if ((function.get() == AggregateFunction.SUM || function.get() == AggregateFunction.AVG)
                        && !expr.resultType().isNumeric()) {
                    problems.add(path, function.get().yamlName() + " needs a number, but '" + argument + "' is "
                            + expr.resultType().yamlName());
                    return;
                }
                if ((function.get() == AggregateFunction.MIN || function.get() == AggregateFunction.MAX)
                        && expr.resultType() == ValueType.BOOLEAN) {
                    problems.add(path, function.get().yamlName() + " needs ordered values, but '" + argument
                            + "' is boolean");
                    return;
                }
                result.add(new CompiledAggregate(new AggregateDefinition(name, function.get(), expr.resultType(),
                        expr.source()),
                        Optional.of(expr)));
            });
        });
        return result;
    }

    // ---------------------------------------------------------------- sinks

    private List<SinkDefinition> sinks(SectionValues top) {
        List<SinkDefinition> sinks = new ArrayList<>();
        Set<String> names = new HashSet<>();
        Set<String> tables = new HashSet<>();
        Map<String, Integer> perType = new HashMap<>();
        HttpSinkCompiler http = new HttpSinkCompiler(problems);
        for (SectionValues sink : top.get(SINKS)) {
            if (sink.section() == HTTP_SINK) {
                int n = perType.merge("http", 1, Integer::sum);
                String name = sink.isSet(HTTP_SINK_NAME) ? sink.get(HTTP_SINK_NAME) : (n == 1 ? "http" : "http-" + n);
                if (!names.add(name)) {
                    problems.add(sink.pathOf(HTTP_SINK_NAME), "duplicate sink name '" + name + "'");
                }
                http.compile(sink, name).ifPresent(sinks::add);
            }
            if (sink.section() == SQL_SINK) {
                int n = perType.merge("sql", 1, Integer::sum);
                String name = sink.isSet(SQL_SINK_NAME) ? sink.get(SQL_SINK_NAME) : (n == 1 ? "sql" : "sql-" + n);
                String table = sink.get(SQL_SINK_TABLE);
                if (!names.add(name)) {
                    problems.add(sink.pathOf(SQL_SINK_NAME), "duplicate sink name '" + name + "'");
                }
                if (table != null && !tables.add(table)) {
                    problems.add(sink.pathOf(SQL_SINK_TABLE), "another SQL sink already writes table '" + table + "'");
                }
                if (table != null) {
                    sinks.add(new SqlSinkDefinition(name, table, sink.get(SQL_SINK_ON_EMPTY)));
                }
            }
        }
        return sinks;
    }

    // ---------------------------------------------------------------- helpers

    private Optional<CompiledExpression> compile(ExpressionCompiler compiler, String expression, String path,
                                                 String scope) {
        try {
            return Optional.of(compiler.compile(expression));
        } catch (ExpressionException e) {
            problems.add(path, "invalid expression '" + expression + "': " + e.getMessage() + " (available: "
                    + scope + ")");
            return Optional.empty();
        }
    }
}
