package dev.tally.pipeline.load;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** An object in a pipeline file (the pipeline itself, a source, a window, a sink) and its options. */
record Section(String title, String yamlPath, String description, List<Option<?>> options) {

    SectionValues read(JsonNode node, String path, Problems problems) {
        if (node == null || !node.isObject()) {
            problems.add(path, "expected an object with the fields " + names() + ", found " + Nodes.describe(node));
            return null;
        }
        Map<String, Option<?>> byName = new LinkedHashMap<>();
        options.forEach(o -> byName.put(o.name(), o));
        node.fieldNames().forEachRemaining(field -> {
            if (!byName.containsKey(field)) {
                problems.add(Problems.child(path, field), "unknown field" + suggestion(field)
                        .map(s -> "; did you mean '" + s + "'?").orElse("") + " (known fields: " + names() + ")");
            }
        });
        Map<Option<?>, Object> values = new HashMap<>();
        for (Option<?> option : options) {
            JsonNode value = node.get(option.name());
            String optionPath = Problems.child(path, option.name());
            if (value == null || value.isNull()) {
                if (option.required()) {
                    problems.add(optionPath, "missing required field: " + option.description());
                }
                continue;
            }
            Object read = option.type().read(value, optionPath, problems);
            if (read != null) {
                values.put(option, read);
            }
        }
        return new SectionValues(this, path, values);
    }

    String names() {
        return options.stream().map(Option::name).collect(Collectors.joining(", "));
    }

    private Optional<String> suggestion(String field) {
        return options.stream()
                .map(Option::name)
                .filter(name -> distance(name.toLowerCase(), field.toLowerCase()) <= 2)
                .min(Comparator.comparingInt(name -> distance(name, field)));
    }

    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    /** Reads a list of sections of this kind. */
    List<SectionValues> readList(JsonNode node, String path, Problems problems) {
        List<SectionValues> result = new ArrayList<>();
        if (!node.isArray()) {
            problems.add(path, "expected a list of " + title + "s, found " + Nodes.describe(node));
            return result;
        }
        for (int i = 0; i < node.size(); i++) {
            SectionValues values = read(node.get(i), Problems.element(path, i), problems);
            if (values != null) {
                result.add(values);
            }
        }
        return result;
    }
}
