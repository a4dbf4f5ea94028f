package dev.tally.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.cli.verify.SalesByProduct;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** Waits, within a bound, for the sink table to equal the ground truth, and says how they differ if it never does. */
final class Convergence {

    private Convergence() {
    }

    /** Waits for the newest records an HTTP endpoint received to equal the ground truth, product for product. */
    static void awaitWebhookEqualsGroundTruth(String sourceJdbcUrl, WebhookReceiver webhook, Duration timeout)
            throws SQLException, InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        Map<Long, SalesByProduct.Row> expected = SalesByProduct.groundTruth(sourceJdbcUrl);
        Map<Long, SalesByProduct.Row> actual = webhook.rows();
        while (!expected.equals(actual) && Instant.now().isBefore(deadline)) {
            Thread.sleep(500);
            actual = webhook.rows();
        }
        assertThat(SalesByProduct.differences(expected, actual, 10))
                .as("newest records at %s vs GROUP BY over order_lines after %s (%d products expected, %d received)",
                        webhook.url(), timeout, expected.size(), actual.size())
                .isEmpty();
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
