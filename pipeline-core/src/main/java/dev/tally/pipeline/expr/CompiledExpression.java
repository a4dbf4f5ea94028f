package dev.tally.pipeline.expr;

import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.tally.pipeline.model.ValueType;
import java.util.Map;
import java.util.Set;

/** A checked CEL expression, ready to evaluate many times; thread-safe. */
public final class CompiledExpression {

    private final String source;
    private final ValueType resultType;
    private final Set<String> references;
    private final CelRuntime.Program program;
    /** The variable the expression is, when it is nothing but one: read without running CEL. */
    private final String variable;

    CompiledExpression(String source, ValueType resultType, Set<String> references, CelRuntime.Program program,
                       String variable) {
        this.source = source;
        this.resultType = resultType;
        this.references = references;
        this.program = program;
        this.variable = variable;
    }

    public String source() {
        return source;
    }

    public ValueType resultType() {
        return resultType;
    }

    /** The declared variables the expression reads. */
    public Set<String> references() {
        return references;
    }

    /**
     * Evaluates against variable values of the declared Java types. A null in any variable the
     * expression reads makes the result null, as in SQL: CEL itself has no nullable scalars.
     */
    public Object evaluate(Map<String, ?> variables) throws ExpressionException {
        if (variable != null) {
            return variables.get(variable);
        }
        for (String name : references) {
            if (variables.get(name) == null) {
                return null;
            }
        }
        try {
            return program.eval(variables);
        } catch (CelEvaluationException e) {
            throw new ExpressionException("'" + source + "' failed: " + e.getMessage());
        }
    }

    @Override
    public String toString() {
        return source;
    }
}
