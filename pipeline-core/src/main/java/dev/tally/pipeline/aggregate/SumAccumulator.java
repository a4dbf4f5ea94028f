package dev.tally.pipeline.aggregate;

import java.math.BigDecimal;

/** A sum that also tells its exact total and how many non-null inputs it holds, which is what avg needs. */
interface SumAccumulator extends DeltaAccumulator {

    /** The number of non-null inputs currently held. */
    long inputs();

    /** The exact total, zero when nothing is held. */
    BigDecimal total();
}
