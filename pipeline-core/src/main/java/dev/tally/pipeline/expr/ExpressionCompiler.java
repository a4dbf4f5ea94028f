package dev.tally.pipeline.expr;

import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.CelValidationResult;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.navigation.CelNavigableAst;
import dev.cel.common.types.CelKind;
import dev.cel.common.types.CelType;
import dev.cel.common.types.SimpleType;
import dev.cel.runtime.CelEvaluationException;
import dev.tally.pipeline.model.ValueType;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Compiles and type-checks CEL expressions over a fixed set of typed variables (a source's
 * columns, or a pipeline's canonical fields). Build one per variable set and reuse it.
 */
public final class ExpressionCompiler {

    private static final DecimalFunctions DECIMALS = DecimalFunctions.create();

    private final Cel cel;
    private final Set<String> declared;

    public ExpressionCompiler(Map<String, ValueType> variables) {
        var builder = CelFactory.standardCelBuilder()
                .setOptions(CelOptions.current()
                        .evaluateCanonicalTypesToNativeValues(true)
                        .enableTimestampEpoch(true)
                        .build())
                .addFunctionDeclarations(DECIMALS.declarations())
                .addFunctionBindings(DECIMALS.bindings());
        variables.forEach((name, type) -> builder.addVar(name, celType(type)));
        this.cel = builder.build();
        this.declared = Set.copyOf(variables.keySet());
    }

    /**
     * Parses and type-checks {@code source}.
     *
     * @throws ExpressionException with CEL's explanation when the expression is not valid, or
     *                             yields a value that is not one of Tally's value types
     */
    public CompiledExpression compile(String source) throws ExpressionException {
        CelValidationResult result = cel.compile(source);
        if (result.hasError()) {
            throw new ExpressionException(firstLine(result.getErrorString()));
        }
        try {
            CelAbstractSyntaxTree ast = result.getAst();
            ValueType type = valueType(ast.getResultType())
                    .orElseThrow(() -> new ExpressionException("'" + source + "' yields " + ast.getResultType().name()
                            + "; a field must be long, double, decimal, string, boolean, timestamp or date"));
            CelExpr root = ast.getExpr();
            String variable = root.getKind() == CelExpr.ExprKind.Kind.IDENT && declared.contains(root.ident().name())
                    ? root.ident().name() : null;
            return new CompiledExpression(source, type, references(ast), cel.createProgram(ast), variable);
        } catch (CelValidationException | CelEvaluationException e) {
            throw new ExpressionException(firstLine(e.getMessage()));
        }
    }

    /** The variables an expression reads (comprehension variables are not declared, so they drop out). */
    private Set<String> references(CelAbstractSyntaxTree ast) {
        return CelNavigableAst.fromAst(ast).getRoot().allNodes()
                .filter(node -> node.getKind() == CelExpr.ExprKind.Kind.IDENT)
                .map(node -> node.expr().ident().name())
                .filter(declared::contains)
                .collect(Collectors.toUnmodifiableSet());
    }

    static CelType celType(ValueType type) {
        return switch (type) {
            case LONG -> SimpleType.INT;
            case DOUBLE -> SimpleType.DOUBLE;
            case DECIMAL -> DecimalFunctions.DECIMAL;
            case STRING -> SimpleType.STRING;
            case BOOLEAN -> SimpleType.BOOL;
            case TIMESTAMP -> SimpleType.TIMESTAMP;
            case DATE -> DecimalFunctions.DATE;
        };
    }

    private static Optional<ValueType> valueType(CelType type) {
        if (type.equals(DecimalFunctions.DECIMAL)) {
            return Optional.of(ValueType.DECIMAL);
        }
        if (type.equals(DecimalFunctions.DATE)) {
            return Optional.of(ValueType.DATE);
        }
        CelKind kind = type.kind();
        return switch (kind) {
            case INT, UINT -> Optional.of(ValueType.LONG);
            case DOUBLE -> Optional.of(ValueType.DOUBLE);
            case STRING -> Optional.of(ValueType.STRING);
            case BOOL -> Optional.of(ValueType.BOOLEAN);
            case TIMESTAMP -> Optional.of(ValueType.TIMESTAMP);
            default -> Optional.empty();
        };
    }

    /** CEL's messages carry a caret drawing on further lines; the first line says it all. */
    private static String firstLine(String message) {
        String m = message.startsWith("ERROR: ") ? message.substring("ERROR: ".length()) : message;
        int nl = m.indexOf('\n');
        return (nl < 0 ? m : m.substring(0, nl)).replace("<input>:", "at ");
    }
}
