package dev.tally.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.cli.verify.SalesByProduct;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;

/** Waits, within a bound, for the sink table to equal the ground truth, and says how they differ if it never does. */
final class Convergence {

    private Convergence() {
    }

    /** @return how long it took after the call */
    static Duration awaitSinkEqualsGroundTruth(String sourceJdbcUrl, String sinkJdbcUrl, Duration timeout)
            throws SQLException, InterruptedException {
        Instant start = Instant.now();
        assertThat(SalesByProduct.awaitSinkEqualsGroundTruth(sourceJdbcUrl, sinkJdbcUrl, timeout))
                .as("sink table sales_by_product vs GROUP BY over order_lines after %s", timeout)
                .isEmpty();
        assertThat(SalesByProduct.groundTruth(sourceJdbcUrl)).as("the workload left products with lines").isNotEmpty();
        return Duration.between(start, Instant.now());
    }
}
