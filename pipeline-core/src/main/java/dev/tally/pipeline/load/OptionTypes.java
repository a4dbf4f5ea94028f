package dev.tally.pipeline.load;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tally.pipeline.model.Durations;
import dev.tally.pipeline.model.ValueType;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** The value types of pipeline-file options. */
final class OptionTypes {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,62}");
    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    private static final Pattern TABLE = Pattern.compile("([A-Za-z_][A-Za-z0-9_$]*\\.)?[A-Za-z_][A-Za-z0-9_$]*");
    private static final Pattern VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    /** An HTTP header name: an RFC 9110 token. */
    private static final Pattern HEADER = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

    private OptionTypes() {
    }

    /** Any non-blank text; numbers and booleans are taken as their text. */
    static OptionType<String> text() {
        return scalar("text", s -> s.isBlank() ? Optional.of("must not be blank") : Optional.empty());
    }

    /** A name used in topic and resource names: lower-case letters, digits and hyphens. */
    static OptionType<String> name() {
        return scalar("name (a-z, 0-9, -)", s -> NAME.matcher(s).matches() ? Optional.empty()
                : Optional.of("'" + s + "' is not a valid name: use lower-case letters, digits and hyphens, "
                        + "starting with a letter, at most 63 characters"));
    }

    /** A field or column name: lower-case letters, digits and underscores. */
    static OptionType<String> identifier() {
        return scalar("identifier (a-z, 0-9, _)", OptionTypes::checkIdentifier);
    }

    /** A table, optionally schema-qualified. */
    static OptionType<String> table() {
        return scalar("table (schema.table)", s -> TABLE.matcher(s).matches() ? Optional.empty()
                : Optional.of("'" + s + "' is not a table name: expected table or schema.table"));
    }

    /** Text taken exactly as written: may be empty or white space (separators, prefixes). */
    static OptionType<String> rawText() {
        return new OptionType<>() {
            @Override
            public String read(JsonNode node, String path, Problems problems) {
                if (!node.isTextual()) {
                    problems.add(path, "expected text (quote it, e.g. \"[\"), found " + Nodes.describe(node));
                    return null;
                }
                return node.textValue();
            }

            @Override
            public String describe() {
                return "text (may be empty)";
            }
        };
    }

    /** The name of an environment variable. */
    static OptionType<String> variable() {
        return scalar("environment variable name", s -> VARIABLE.matcher(s).matches() ? Optional.empty()
                : Optional.of("'" + s + "' is not an environment variable name: use letters, digits and underscores, "
                        + "not starting with a digit"));
    }

    /** An object of HTTP header names and values, in file order. */
    static OptionType<Map<String, String>> headerMap() {
        return new OptionType<>() {
            @Override
            public Map<String, String> read(JsonNode node, String path, Problems problems) {
                if (!node.isObject()) {
                    problems.add(path, "expected a map of header: value, found " + Nodes.describe(node));
                    return null;
                }
                Map<String, String> result = new LinkedHashMap<>();
                node.properties().forEach(entry -> {
                    String entryPath = Problems.child(path, entry.getKey());
                    if (!HEADER.matcher(entry.getKey()).matches()) {
                        problems.add(entryPath, "'" + entry.getKey() + "' is not an HTTP header name");
                    } else if (!entry.getValue().isValueNode() || entry.getValue().isNull()) {
                        problems.add(entryPath, "expected a header value, found " + Nodes.describe(entry.getValue()));
                    } else if (entry.getValue().asText().chars().anyMatch(c -> c < 0x20 && c != '\t' || c == 0x7f)) {
                        problems.add(entryPath, "a header value must not contain control characters");
                    } else {
                        result.put(entry.getKey(), entry.getValue().asText());
                    }
                });
                return result;
            }

            @Override
            public String describe() {
                return "map of header: value";
            }
        };
    }

    static OptionType<String> url() {
        return scalar("URL", s -> {
            try {
                URI uri = URI.create(s);
                if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
                        || uri.getHost() == null) {
                    return Optional.of("'" + s + "' is not an http or https URL");
                }
                return Optional.empty();
            } catch (IllegalArgumentException e) {
                return Optional.of("'" + s + "' is not a URL: " + e.getMessage());
            }
        });
    }

    static OptionType<Duration> duration() {
        return new OptionType<>() {
            @Override
            public Duration read(JsonNode node, String path, Problems problems) {
                Optional<Duration> duration = node.isValueNode() ? Durations.parse(node.asText()) : Optional.empty();
                if (duration.isEmpty()) {
                    problems.add(path, "expected a duration such as 500ms, 30s, 10m, 1h or 7d (at most "
                            + Durations.MAX_DAYS + "d), found " + Nodes.describe(node));
                    return null;
                }
                return duration.get();
            }

            @Override
            public String describe() {
                return "duration (500ms, 30s, 10m, 1h, 7d)";
            }
        };
    }

    static OptionType<Integer> integer(int min, int max) {
        return new OptionType<>() {
            @Override
            public Integer read(JsonNode node, String path, Problems problems) {
                if (!node.isIntegralNumber() || !node.canConvertToInt() || node.asInt() < min || node.asInt() > max) {
                    problems.add(path, "expected a whole number from " + min + " to " + max + ", found "
                            + Nodes.describe(node));
                    return null;
                }
                return node.asInt();
            }

            @Override
            public String describe() {
                return "integer " + min + ".." + max;
            }
        };
    }

    static OptionType<Boolean> bool() {
        return new OptionType<>() {
            @Override
            public Boolean read(JsonNode node, String path, Problems problems) {
                if (!node.isBoolean()) {
                    problems.add(path, "expected true or false, found " + Nodes.describe(node));
                    return null;
                }
                return node.asBoolean();
            }

            @Override
            public String describe() {
                return "boolean";
            }
        };
    }

    /** One of the constants of an enum, written in lower case in the file. */
    static <E extends Enum<E>> OptionType<E> oneOf(Class<E> type) {
        Map<String, E> byName = Arrays.stream(type.getEnumConstants())
                .collect(Collectors.toMap(e -> e.name().toLowerCase(Locale.ROOT), e -> e, (a, b) -> a,
                        LinkedHashMap::new));
        String names = String.join(" | ", byName.keySet());
        return new OptionType<>() {
            @Override
            public E read(JsonNode node, String path, Problems problems) {
                E value = node.isTextual() ? byName.get(node.asText()) : null;
                if (value == null) {
                    problems.add(path, "expected one of " + names + ", found " + Nodes.describe(node));
                }
                return value;
            }

            @Override
            public String describe() {
                return names;
            }
        };
    }

    /** A list of identifiers; a single identifier is taken as a list of one. */
    static OptionType<List<String>> identifierList() {
        OptionType<String> element = identifier();
        return new OptionType<>() {
            @Override
            public List<String> read(JsonNode node, String path, Problems problems) {
                List<String> result = new ArrayList<>();
                if (node.isValueNode()) {
                    String value = element.read(node, path, problems);
                    return value == null ? null : List.of(value);
                }
                if (!node.isArray() || node.isEmpty()) {
                    problems.add(path, "expected a non-empty list of field names, found " + Nodes.describe(node));
                    return null;
                }
                for (int i = 0; i < node.size(); i++) {
                    String value = element.read(node.get(i), Problems.element(path, i), problems);
                    if (value != null) {
                        if (result.contains(value)) {
                            problems.add(Problems.element(path, i), "'" + value + "' is listed twice");
                        }
                        result.add(value);
                    }
                }
                return List.copyOf(result);
            }

            @Override
            public String describe() {
                return "list of field names";
            }
        };
    }

    /** An object of identifier keys and text values (expressions), in file order. */
    static OptionType<Map<String, String>> expressionMap() {
        return map("map of name: expression", text());
    }

    /** An object of column names and their types. */
    static OptionType<Map<String, ValueType>> typeMap() {
        OptionType<ValueType> type = new OptionType<>() {
            @Override
            public ValueType read(JsonNode node, String path, Problems problems) {
                Optional<ValueType> value = node.isTextual() ? ValueType.fromYamlName(node.asText()) : Optional.empty();
                if (value.isEmpty()) {
                    problems.add(path, "unknown type " + Nodes.describe(node)
                            + "; expected long, double, decimal, string, boolean, timestamp or date");
                }
                return value.orElse(null);
            }

            @Override
            public String describe() {
                return "type";
            }
        };
        return map("map of column: type (long, double, decimal, string, boolean, timestamp, date)", type);
    }

    /** A nested section. */
    static OptionType<SectionValues> section(Section section) {
        return new OptionType<>() {
            @Override
            public SectionValues read(JsonNode node, String path, Problems problems) {
                return section.read(node, path, problems);
            }

            @Override
            public String describe() {
                return "object (see " + section.title() + ")";
            }
        };
    }

    /** A list of nested sections of one kind. */
    static OptionType<List<SectionValues>> sectionList(Section section) {
        return new OptionType<>() {
            @Override
            public List<SectionValues> read(JsonNode node, String path, Problems problems) {
                return section.readList(node, path, problems);
            }

            @Override
            public String describe() {
                return "list of " + section.title() + "s";
            }
        };
    }

    /** A list of sections whose kind is chosen by their {@code type} field. */
    static OptionType<List<SectionValues>> typedSectionList(String what, Map<String, Section> byType) {
        String types = String.join(" | ", byType.keySet());
        return new OptionType<>() {
            @Override
            public List<SectionValues> read(JsonNode node, String path, Problems problems) {
                List<SectionValues> result = new ArrayList<>();
                if (!node.isArray()) {
                    problems.add(path, "expected a list of " + what + "s, found " + Nodes.describe(node));
                    return result;
                }
                for (int i = 0; i < node.size(); i++) {
                    JsonNode element = node.get(i);
                    String elementPath = Problems.element(path, i);
                    JsonNode type = element.get("type");
                    Section section = type == null ? null : byType.get(type.asText());
                    if (section == null) {
                        problems.add(Problems.child(elementPath, "type"), (type == null ? "missing required field"
                                : "unknown " + what + " type " + Nodes.describe(type)) + "; expected one of " + types);
                        continue;
                    }
                    SectionValues values = section.read(element, elementPath, problems);
                    if (values != null) {
                        result.add(values);
                    }
                }
                return result;
            }

            @Override
            public String describe() {
                return "list of " + what + "s (" + types + ")";
            }
        };
    }

    private static <V> OptionType<Map<String, V>> map(String description, OptionType<V> valueType) {
        return new OptionType<>() {
            @Override
            public Map<String, V> read(JsonNode node, String path, Problems problems) {
                if (!node.isObject() || node.isEmpty()) {
                    problems.add(path, "expected a non-empty " + description + ", found " + Nodes.describe(node));
                    return null;
                }
                Map<String, V> result = new LinkedHashMap<>();
                node.properties().forEach(entry -> {
                    String entryPath = Problems.child(path, entry.getKey());
                    Optional<String> badName = checkIdentifier(entry.getKey());
                    badName.ifPresent(reason -> problems.add(entryPath, reason));
                    V value = valueType.read(entry.getValue(), entryPath, problems);
                    // A refused name goes no further: the checks after this one take every name for a valid one.
                    if (value != null && badName.isEmpty()) {
                        result.put(entry.getKey(), value);
                    }
                });
                return result;
            }

            @Override
            public String describe() {
                return description;
            }
        };
    }

    private static OptionType<String> scalar(String description, Function<String, Optional<String>> check) {
        return new OptionType<>() {
            @Override
            public String read(JsonNode node, String path, Problems problems) {
                if (!node.isValueNode()) {
                    problems.add(path, "expected " + description + ", found " + Nodes.describe(node));
                    return null;
                }
                String text = node.asText();
                Optional<String> problem = check.apply(text);
                problem.ifPresent(reason -> problems.add(path, reason));
                return problem.isPresent() ? null : text;
            }

            @Override
            public String describe() {
                return description;
            }
        };
    }

    private static Optional<String> checkIdentifier(String s) {
        return IDENTIFIER.matcher(s).matches() ? Optional.empty()
                : Optional.of("'" + s + "' is not a valid name: use lower-case letters, digits and underscores, "
                        + "starting with a letter or underscore, at most 63 characters");
    }
}
