package dev.tally.pipeline.model;

import java.util.Optional;
import java.util.function.Function;

/**
 * A value a pipeline file names instead of writing it (a secret, a URL that differs per environment): the environment
 * variable that holds it.
 *
 * @param variable the variable's name
 * @param path     where the reference stands in the pipeline file, e.g. {@code sinks[1].urlFrom}, for messages
 */
public record VariableRef(String variable, String path) {

    /** The variable's value among {@code variables}; empty when it is not set or empty. */
    public Optional<String> lookup(Function<String, Optional<String>> variables) {
        return variables.apply(variable).filter(value -> !value.isEmpty());
    }
}
