package dev.tally.pipeline.expr;

import dev.cel.common.CelFunctionDecl;
import dev.cel.common.CelOverloadDecl;
import dev.cel.common.types.CelType;
import dev.cel.common.types.OpaqueType;
import dev.cel.common.types.SimpleType;
import dev.cel.runtime.CelFunctionBinding;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BinaryOperator;

/**
 * Exact decimal arithmetic for CEL, which has no decimal type of its own: money and quantities
 * from {@code numeric} columns must not pass through double. Decimals mix with ints; mixing them
 * with doubles needs an explicit {@code double(..)} or {@code decimal(..)}.
 */
final class DecimalFunctions {

    /** The CEL type of decimal values; at run time they are {@link BigDecimal}s. */
    static final CelType DECIMAL = OpaqueType.create("decimal");
    /** The CEL type of date values; at run time they are {@link java.time.LocalDate}s. */
    static final CelType DATE = OpaqueType.create("date");

    /** Quotients that do not terminate are rounded to 34 significant digits. */
    static final MathContext DIVISION = MathContext.DECIMAL128;

    private final List<CelFunctionDecl> declarations = new ArrayList<>();
    private final List<CelFunctionBinding> bindings = new ArrayList<>();

    private DecimalFunctions() {
        arithmetic("_+_", "add", BigDecimal::add);
        arithmetic("_-_", "subtract", BigDecimal::subtract);
        arithmetic("_*_", "multiply", BigDecimal::multiply);
        arithmetic("_/_", "divide", (a, b) -> a.divide(b, DIVISION));
        comparison("_<_", "less", c -> c < 0);
        comparison("_<=_", "less_equals", c -> c <= 0);
        comparison("_>_", "greater", c -> c > 0);
        comparison("_>=_", "greater_equals", c -> c >= 0);
        mixedIntDouble();

        declarations.add(CelFunctionDecl.newFunctionDeclaration("-_",
                CelOverloadDecl.newGlobalOverload("tally_negate_decimal", DECIMAL, DECIMAL)));
        bindings.add(CelFunctionBinding.from("tally_negate_decimal", BigDecimal.class, BigDecimal::negate));

        declarations.add(CelFunctionDecl.newFunctionDeclaration("decimal",
                CelOverloadDecl.newGlobalOverload("tally_string_to_decimal", DECIMAL, SimpleType.STRING),
                CelOverloadDecl.newGlobalOverload("tally_int_to_decimal", DECIMAL, SimpleType.INT),
                CelOverloadDecl.newGlobalOverload("tally_double_to_decimal", DECIMAL, SimpleType.DOUBLE),
                CelOverloadDecl.newGlobalOverload("tally_decimal_to_decimal", DECIMAL, DECIMAL)));
        bindings.add(CelFunctionBinding.from("tally_string_to_decimal", String.class, BigDecimal::new));
        bindings.add(CelFunctionBinding.from("tally_int_to_decimal", Long.class, BigDecimal::valueOf));
        bindings.add(CelFunctionBinding.from("tally_double_to_decimal", Double.class, BigDecimal::valueOf));
        bindings.add(CelFunctionBinding.from("tally_decimal_to_decimal", BigDecimal.class, d -> d));

        declarations.add(CelFunctionDecl.newFunctionDeclaration("double",
                CelOverloadDecl.newGlobalOverload("tally_decimal_to_double", SimpleType.DOUBLE, DECIMAL)));
        bindings.add(CelFunctionBinding.from("tally_decimal_to_double", BigDecimal.class, BigDecimal::doubleValue));
        declarations.add(CelFunctionDecl.newFunctionDeclaration("int",
                CelOverloadDecl.newGlobalOverload("tally_decimal_to_int", SimpleType.INT, DECIMAL)));
        bindings.add(CelFunctionBinding.from("tally_decimal_to_int", BigDecimal.class,
                d -> d.setScale(0, RoundingMode.DOWN).longValueExact()));
        declarations.add(CelFunctionDecl.newFunctionDeclaration("string",
                CelOverloadDecl.newGlobalOverload("tally_decimal_to_string", SimpleType.STRING, DECIMAL)));
        bindings.add(CelFunctionBinding.from("tally_decimal_to_string", BigDecimal.class, BigDecimal::toPlainString));
        declarations.add(CelFunctionDecl.newFunctionDeclaration("round",
                CelOverloadDecl.newGlobalOverload("tally_round_decimal_int", DECIMAL, DECIMAL, SimpleType.INT)));
        bindings.add(CelFunctionBinding.from("tally_round_decimal_int", BigDecimal.class, Long.class,
                (d, scale) -> d.setScale(Math.toIntExact(scale), RoundingMode.HALF_UP)));
    }

    static DecimalFunctions create() {
        return new DecimalFunctions();
    }

    List<CelFunctionDecl> declarations() {
        return declarations;
    }

    List<CelFunctionBinding> bindings() {
        return bindings;
    }

    private void arithmetic(String operator, String name, BinaryOperator<BigDecimal> op) {
        declarations.add(CelFunctionDecl.newFunctionDeclaration(operator,
                CelOverloadDecl.newGlobalOverload("tally_" + name + "_decimal_decimal", DECIMAL, DECIMAL, DECIMAL),
                CelOverloadDecl.newGlobalOverload("tally_" + name + "_int_decimal", DECIMAL, SimpleType.INT, DECIMAL),
                CelOverloadDecl.newGlobalOverload("tally_" + name + "_decimal_int", DECIMAL, DECIMAL, SimpleType.INT)));
        bindings.add(CelFunctionBinding.from("tally_" + name + "_decimal_decimal", BigDecimal.class, BigDecimal.class,
                op::apply));
        bindings.add(CelFunctionBinding.from("tally_" + name + "_int_decimal", Long.class, BigDecimal.class,
                (a, b) -> op.apply(BigDecimal.valueOf(a), b)));
        bindings.add(CelFunctionBinding.from("tally_" + name + "_decimal_int", BigDecimal.class, Long.class,
                (a, b) -> op.apply(a, BigDecimal.valueOf(b))));
    }

    private interface ComparisonResult {
        boolean test(int comparison);
    }

    private void comparison(String operator, String name, ComparisonResult result) {
        declarations.add(CelFunctionDecl.newFunctionDeclaration(operator,
                CelOverloadDecl.newGlobalOverload("tally_" + name + "_decimal_decimal", SimpleType.BOOL, DECIMAL, DECIMAL),
                CelOverloadDecl.newGlobalOverload("tally_" + name + "_int_decimal", SimpleType.BOOL, SimpleType.INT, DECIMAL),
                CelOverloadDecl.newGlobalOverload("tally_" + name + "_decimal_int", SimpleType.BOOL, DECIMAL, SimpleType.INT)));
        bindings.add(CelFunctionBinding.from("tally_" + name + "_decimal_decimal", BigDecimal.class, BigDecimal.class,
                (a, b) -> result.test(a.compareTo(b))));
        bindings.add(CelFunctionBinding.from("tally_" + name + "_int_decimal", Long.class, BigDecimal.class,
                (a, b) -> result.test(BigDecimal.valueOf(a).compareTo(b))));
        bindings.add(CelFunctionBinding.from("tally_" + name + "_decimal_int", BigDecimal.class, Long.class,
                (a, b) -> result.test(a.compareTo(BigDecimal.valueOf(b)))));
    }

    /** {@code reading_wh / 1000.0}: ints meet doubles without a cast, as users expect. */
    private void mixedIntDouble() {
        mixed("_+_", "add", Double::sum);
        mixed("_-_", "subtract", (a, b) -> a - b);
        mixed("_*_", "multiply", (a, b) -> a * b);
        mixed("_/_", "divide", (a, b) -> a / b);
    }

    private void mixed(String operator, String name, BinaryOperator<Double> op) {
        declarations.add(CelFunctionDecl.newFunctionDeclaration(operator,
                CelOverloadDecl.newGlobalOverload("tally_" + name + "_int_double", SimpleType.DOUBLE, SimpleType.INT, SimpleType.DOUBLE),
                CelOverloadDecl.newGlobalOverload("tally_" + name + "_double_int", SimpleType.DOUBLE, SimpleType.DOUBLE, SimpleType.INT)));
        bindings.add(CelFunctionBinding.from("tally_" + name + "_int_double", Long.class, Double.class,
                (a, b) -> op.apply(a.doubleValue(), b)));
        bindings.add(CelFunctionBinding.from("tally_" + name + "_double_int", Double.class, Long.class,
                (a, b) -> op.apply(a, b.doubleValue())));
    }
}
