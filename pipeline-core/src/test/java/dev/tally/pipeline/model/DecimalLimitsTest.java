package dev.tally.pipeline.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class DecimalLimitsTest {

    @Test
    void exponentsBeyondAThousandEitherWayDoNotFit() {
        assertThat(DecimalLimits.fits(new BigDecimal("1e1000"))).isTrue();
        assertThat(DecimalLimits.fits(new BigDecimal("1e-1000"))).isTrue();
        assertThat(DecimalLimits.fits(new BigDecimal("1e1001"))).isFalse();
        assertThat(DecimalLimits.fits(new BigDecimal("1e-1001"))).isFalse();
    }

    @Test
    void theMostNegativeScaleDoesNotFit() {
        // Found by DebeziumRecordFuzzTest: Math.abs(Integer.MIN_VALUE) is negative, so this one passed the check.
        assertThat(DecimalLimits.fits(new BigDecimal(BigInteger.ONE, Integer.MIN_VALUE))).isFalse();
    }
}
