package dev.tally.publisher.http;

import dev.tally.pipeline.model.VariableRef;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;

/**
 * The environment variables pipeline files refer to ({@code urlFrom}, {@code valueFrom}, {@code clientSecretFrom}),
 * read through Quarkus configuration: the environment, or a system property or configuration entry of that name.
 * Values are taken raw: a secret containing {@code ${...}} is not expanded.
 */
@ApplicationScoped
public class PipelineVariables {

    private final Config config;

    public PipelineVariables(Config config) {
        this.config = config;
    }

    /** The variable's value; empty when it is not set or empty. */
    public Optional<String> lookup(String variable) {
        return Optional.ofNullable(config.getConfigValue(variable).getRawValue()).filter(value -> !value.isEmpty());
    }

    /**
     * The value of a variable a pipeline file refers to.
     *
     * @param file the pipeline file, for the message
     * @param what what the variable holds, e.g. "the endpoint's URL"
     * @throws IllegalStateException naming the file, the path in it, the variable and what to do, when it is not set
     */
    public String require(VariableRef ref, String file, String what) {
        return ref.lookup(this::lookup).orElseThrow(() -> new IllegalStateException(file + ": " + ref.path()
                + ": environment variable " + ref.variable() + " is not set; set it to " + what
                + " in the publisher's environment (e.g. from a Kubernetes Secret)"));
    }
}
