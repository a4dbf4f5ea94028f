package dev.tally.localstack.testing;

import dev.tally.localstack.LocalStackProcess;
import dev.tally.localstack.StackEndpoints;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension that gives tests one local stack per test JVM, run out of process by {@link LocalStackProcess}:
 * started before the first test class that uses it, stopped when the test run ends. Test methods and constructors can
 * take a {@link StackEndpoints} or {@link LocalStackProcess} parameter; other code can call {@link #stack()}.
 */
public final class LocalStackExtension implements BeforeAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(LocalStackExtension.class);

    private static volatile LocalStackProcess current;

    /** The stack of this test JVM; only after the extension ran for a test class. */
    public static LocalStackProcess stack() {
        LocalStackProcess stack = current;
        if (stack == null) {
            throw new IllegalStateException("No local stack runs yet: annotate the test class with "
                    + "@ExtendWith(LocalStackExtension.class) before using LocalStackExtension.stack()");
        }
        return stack;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        stack(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == StackEndpoints.class || type == LocalStackProcess.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        LocalStackProcess stack = stack(context);
        return parameter.getParameter().getType() == StackEndpoints.class ? stack.endpoints() : stack;
    }

    private static LocalStackProcess stack(ExtensionContext context) {
        // The root store lives as long as the test run and closes its AutoCloseable values at the end.
        return context.getRoot().getStore(NAMESPACE).computeIfAbsent(StartedStack.class).process;
    }

    /** The stack of the test run, closed by JUnit when the root store closes. */
    static final class StartedStack implements AutoCloseable {
        private final LocalStackProcess process;

        StartedStack() {
            process = LocalStackProcess.builder().start();
            current = process;
        }

        @Override
        public void close() {
            current = null;
            process.close();
        }
    }
}
