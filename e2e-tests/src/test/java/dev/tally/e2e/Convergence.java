package dev.tally.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Waits, within a bound, for the sink table to equal the ground truth, and says how they differ if it never does. */
final class Convergence {

    private Convergence() {
    }

    /** Waits for the newest records an HTTP endpoint received to equal the ground truth, product for product. */
    static void awaitWebhookEqualsGroundTruth(String sourceJdbcUrl, WebhookReceiver webhook, Duration timeout)
            throws SQLException, InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        Map<Long, SalesByProductRows.Row> expected = SalesByProductRows.groundTruth(sourceJdbcUrl);
        Map<Long, SalesByProductRows.Row> actual = webhook.rows();
        while (!expected.equals(actual) && Instant.now().isBefore(deadline)) {
            Thread.sleep(500);
            actual = webhook.rows();
        }
        assertThat(SalesByProductRows.differences(expected, actual, 10))
                .as("newest records at %s vs GROUP BY over order_lines after %s (%d products expected, %d received)",
                        webhook.url(), timeout, expected.size(), actual.size())
                .isEmpty();
    }

    /** @return how long it took after the call */
    static Duration awaitSinkEqualsGroundTruth(String sourceJdbcUrl, String sinkJdbcUrl, Duration timeout)
            throws SQLException, InterruptedException {
        Instant start = Instant.now();
        Instant deadline = start.plus(timeout);
        Map<Long, SalesByProductRows.Row> expected = SalesByProductRows.groundTruth(sourceJdbcUrl);
        Map<Long, SalesByProductRows.Row> actual = SalesByProductRows.sink(sinkJdbcUrl);
        while (!expected.equals(actual) && Instant.now().isBefore(deadline)) {
            Thread.sleep(500);
            actual = SalesByProductRows.sink(sinkJdbcUrl);
        }
        List<String> differences = SalesByProductRows.differences(expected, actual, 10);
        assertThat(differences)
                .as("sink table sales_by_product vs GROUP BY over order_lines after %s (%d products expected, %d in the sink)",
                        timeout, expected.size(), actual.size())
                .isEmpty();
        assertThat(expected).as("the workload left products with lines").isNotEmpty();
        return Duration.between(start, Instant.now());
    }
}
