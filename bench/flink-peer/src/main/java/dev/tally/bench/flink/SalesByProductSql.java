package dev.tally.bench.flink;

/** The peer's three SQL statements: the changelog source, the upsert sink, the aggregation between them. */
final class SalesByProductSql {

    private SalesByProductSql() {
    }

    /** Debezium's changes of {@code order_lines} (JSON without schemas, decimals as strings) as a changelog. */
    static String source(FlinkPeerSettings settings) {
        return """
                CREATE TABLE order_lines (
                  id BIGINT,
                  order_id BIGINT,
                  product_id BIGINT,
                  quantity INT,
                  unit_price DECIMAL(12, 2)
                ) WITH (
                  'connector' = 'kafka',
                  'topic' = '%s',
                  'properties.bootstrap.servers' = '%s',
                  'properties.group.id' = '%s',
                  'properties.isolation.level' = 'read_committed',
                  'scan.startup.mode' = 'earliest-offset',
                  'format' = 'debezium-json'
                )""".formatted(settings.rawTopic(), settings.bootstrap(), settings.groupId());
    }

    static String sink(FlinkPeerSettings settings) {
        return """
                CREATE TABLE sales_by_product (
                  product_id BIGINT,
                  lines BIGINT,
                  units BIGINT,
                  revenue DECIMAL(38, 2),
                  min_price DECIMAL(12, 2),
                  max_price DECIMAL(12, 2),
                  PRIMARY KEY (product_id) NOT ENFORCED
                ) WITH (
                  'connector' = 'jdbc',
                  'url' = '%s',
                  'table-name' = '%s',
                  'username' = '%s',
                  'password' = '%s',
                  'sink.buffer-flush.max-rows' = '5000',
                  'sink.buffer-flush.interval' = '1s'
                )""".formatted(settings.jdbcUrl(), settings.table(), settings.user(), settings.password());
    }

    static String insert() {
        return """
                INSERT INTO sales_by_product
                SELECT product_id, COUNT(*), SUM(CAST(quantity AS BIGINT)), SUM(quantity * unit_price),
                       MIN(unit_price), MAX(unit_price)
                FROM order_lines
                GROUP BY product_id""";
    }
}
