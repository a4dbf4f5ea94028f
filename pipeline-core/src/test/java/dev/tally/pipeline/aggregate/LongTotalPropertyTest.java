package dev.tally.pipeline.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class LongTotalPropertyTest {

    @Property
    void totalEqualsTheExactSumWhateverItPassesThrough(@ForAll("signedLongs") List<Long> steps) {
        LongTotal total = new LongTotal();
        BigInteger exact = BigInteger.ZERO;
        for (int i = 0; i < steps.size(); i++) {
            long step = steps.get(i);
            if (i % 3 == 2) {
                total.subtract(step);
                exact = exact.subtract(BigInteger.valueOf(step));
            } else {
                total.add(step);
                exact = exact.add(BigInteger.valueOf(step));
            }
            assertThat(total.toBigInteger()).isEqualTo(exact);
            assertThat(total.fitsInLong()).isEqualTo(exact.bitLength() < 64);
            assertThat(LongTotal.of(exact).toString()).isEqualTo(exact.toString());
        }
    }

    @Provide
    Arbitrary<List<Long>> signedLongs() {
        return Arbitraries.oneOf(
                        Arbitraries.longs(),
                        Arbitraries.of(Long.MAX_VALUE, Long.MIN_VALUE, -1L, 0L, 1L))
                .list().ofMaxSize(20);
    }
}
