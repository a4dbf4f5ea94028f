package dev.tally.localstack.process;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Command-line arguments of the form {@code --name value}, where a name may repeat. */
public final class Arguments {

    private final String program;
    private final Map<String, List<String>> values;

    private Arguments(String program, Map<String, List<String>> values) {
        this.program = program;
        this.values = values;
    }

    /** Parses {@code args}, accepting only the given names. */
    public static Arguments parse(String program, String[] args, Set<String> allowed) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            String flag = args[i];
            if (!flag.startsWith("--") || !allowed.contains(flag.substring(2))) {
                throw new IllegalArgumentException(program + ": unknown argument '" + flag + "'; expected one of --"
                        + String.join(", --", allowed));
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(program + ": " + flag + " needs a value");
            }
            values.computeIfAbsent(flag.substring(2), k -> new ArrayList<>()).add(args[i + 1]);
        }
        return new Arguments(program, values);
    }

    public String required(String name) {
        return optional(name).orElseThrow(() -> new IllegalArgumentException(program + ": --" + name + " is required"));
    }

    public Optional<String> optional(String name) {
        List<String> given = values.getOrDefault(name, List.of());
        return given.isEmpty() ? Optional.empty() : Optional.of(given.getLast());
    }

    public List<String> all(String name) {
        return List.copyOf(values.getOrDefault(name, List.of()));
    }

    public Path requiredPath(String name) {
        return Path.of(required(name)).toAbsolutePath();
    }

    public int requiredInt(String name) {
        String value = required(name);
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(program + ": --" + name + " must be a number, got '" + value + "'", e);
        }
    }

    public Optional<Long> optionalLong(String name) {
        return optional(name).map(value -> {
            try {
                return Long.parseLong(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(program + ": --" + name + " must be a number, got '" + value + "'", e);
            }
        });
    }
}
