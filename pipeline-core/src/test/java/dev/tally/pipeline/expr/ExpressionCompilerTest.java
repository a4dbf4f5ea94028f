package dev.tally.pipeline.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tally.pipeline.model.ValueType;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExpressionCompilerTest {

    private final ExpressionCompiler compiler = new ExpressionCompiler(Map.of(
            "quantity", ValueType.LONG,
            "unit_price", ValueType.DECIMAL,
            "reading_wh", ValueType.LONG,
            "status", ValueType.STRING,
            "ts", ValueType.TIMESTAMP));

    private final Map<String, Object> row = Map.of(
            "quantity", 3L,
            "unit_price", new BigDecimal("2.55"),
            "reading_wh", 1500L,
            "status", "open",
            "ts", Instant.parse("2026-11-24T10:15:00Z"));

    @Test
    void multipliesIntsAndDecimalsExactly() throws Exception {
        CompiledExpression revenue = compiler.compile("quantity * unit_price");

        assertThat(revenue.resultType()).isEqualTo(ValueType.DECIMAL);
        assertThat(revenue.evaluate(row)).isEqualTo(new BigDecimal("7.65"));
    }

    @Test
    void comparesAndConvertsDecimals() throws Exception {
        assertThat(compiler.compile("unit_price > decimal('2.50')").evaluate(row)).isEqualTo(true);
        assertThat(compiler.compile("unit_price <= 2").evaluate(row)).isEqualTo(false);
        assertThat(compiler.compile("round(unit_price * decimal('1.1'), 2)").evaluate(row))
                .isEqualTo(new BigDecimal("2.81"));
        assertThat(compiler.compile("double(unit_price)").evaluate(row)).isEqualTo(2.55);
        assertThat(compiler.compile("-unit_price").evaluate(row)).isEqualTo(new BigDecimal("-2.55"));
    }

    @Test
    void dividesIntsByDoublesWithoutACast() throws Exception {
        CompiledExpression kwh = compiler.compile("reading_wh / 1000.0");

        assertThat(kwh.resultType()).isEqualTo(ValueType.DOUBLE);
        assertThat(kwh.evaluate(row)).isEqualTo(1.5);
    }

    @Test
    void typesTimestampsAndConditions() throws Exception {
        assertThat(compiler.compile("ts").resultType()).isEqualTo(ValueType.TIMESTAMP);
        assertThat(compiler.compile("ts").evaluate(row)).isEqualTo(Instant.parse("2026-11-24T10:15:00Z"));
        assertThat(compiler.compile("status != 'void'").resultType()).isEqualTo(ValueType.BOOLEAN);
    }

    @Test
    void aBareVariableIsReadWithoutCelAndGivesWhatCelGives() throws Exception {
        for (String name : row.keySet()) {
            Object throughCel = compiler.compile("true ? " + name + " : " + name).evaluate(row);
            assertThat(compiler.compile(name).evaluate(row)).as(name).isEqualTo(throughCel).isEqualTo(row.get(name));
        }
        Map<String, Object> withNull = new HashMap<>(row);
        withNull.put("status", null);
        assertThat(compiler.compile("status").evaluate(withNull)).isNull();
    }

    @Test
    void aNullInputMakesTheResultNull() throws Exception {
        Map<String, Object> withNull = new HashMap<>(row);
        withNull.put("unit_price", null);

        assertThat(compiler.compile("quantity * unit_price").evaluate(withNull)).isNull();
        assertThat(compiler.compile("quantity * 2").evaluate(withNull)).isEqualTo(6L);
    }

    @Test
    void refusesUnknownVariablesAndBadSyntaxWithCelsReason() {
        assertThatThrownBy(() -> compiler.compile("qty * 2"))
                .isInstanceOf(ExpressionException.class)
                .hasMessageContaining("undeclared reference to 'qty'");
        assertThatThrownBy(() -> compiler.compile("quantity *"))
                .isInstanceOf(ExpressionException.class)
                .hasMessageStartingWith("at 1:");
    }

    @Test
    void refusesMixingDoublesWithDecimals() {
        assertThatThrownBy(() -> compiler.compile("unit_price * 1.5"))
                .isInstanceOf(ExpressionException.class)
                .hasMessageContaining("found no matching overload for '_*_'");
    }

    @Test
    void refusesResultsThatAreNotFieldValues() {
        assertThatThrownBy(() -> compiler.compile("[quantity, reading_wh]"))
                .isInstanceOf(ExpressionException.class)
                .hasMessageContaining("a field must be long, double, decimal, string, boolean, timestamp or date");
    }

    @Test
    void reportsAFailureAtRunTime() throws Exception {
        CompiledExpression overflow = compiler.compile("quantity * 9223372036854775807");

        assertThatThrownBy(() -> overflow.evaluate(row))
                .isInstanceOf(ExpressionException.class)
                .hasMessageContaining("failed");
    }
}
