package dev.tally.pipeline.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tally.pipeline.model.ValueType;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class ValueCoercionTest {

    @Test
    void readsWhatDebeziumSendsWithoutSchemas() {
        assertThat(ValueCoercion.coerce("12.50", ValueType.DECIMAL)).isEqualTo(new BigDecimal("12.50"));
        assertThat(ValueCoercion.coerce("2026-11-24T10:15:00.123456Z", ValueType.TIMESTAMP))
                .isEqualTo(Instant.parse("2026-11-24T10:15:00.123456Z"));
        assertThat(ValueCoercion.coerce(1_764_000_000_123_456L, ValueType.TIMESTAMP))
                .as("timestamp columns arrive as epoch microseconds").isEqualTo(Instant.parse("2025-11-24T16:00:00.123456Z"));
        assertThat(ValueCoercion.coerce(1_764_000_000_123L, ValueType.TIMESTAMP))
                .as("datetime(3) columns arrive as epoch milliseconds").isEqualTo(Instant.parse("2025-11-24T16:00:00.123Z"));
        assertThat(ValueCoercion.coerce(20_416L, ValueType.DATE)).isEqualTo(LocalDate.of(2025, 11, 24));
        assertThat(ValueCoercion.coerce(new BigDecimal("7"), ValueType.LONG)).isEqualTo(7L);
        assertThat(ValueCoercion.coerce(1, ValueType.BOOLEAN)).isEqualTo(true);
    }

    @Test
    void refusesValuesThatDoNotFitNamingThem() {
        assertThatThrownBy(() -> ValueCoercion.coerce("abc", ValueType.LONG)).hasMessage("'abc' (String) is not a long");
        assertThatThrownBy(() -> ValueCoercion.coerce(new BigDecimal("7.5"), ValueType.LONG))
                .hasMessageContaining("is not a long");
    }

    @Test
    void refusesDecimalsWhoseTextWouldBeHuge() {
        assertThatThrownBy(() -> ValueCoercion.coerce("1e999999999", ValueType.DECIMAL))
                .hasMessageContaining("out of range");
    }
}
