-- Source schema of the orders example, created in the `source` database.
-- REPLICA IDENTITY FULL makes PostgreSQL log the whole old row on UPDATE and DELETE:
-- Tally retracts exactly what a row contributed, so it needs the old values.
CREATE TABLE IF NOT EXISTS orders (
    id          bigint PRIMARY KEY,
    customer_id bigint      NOT NULL,
    status      text        NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);
ALTER TABLE orders REPLICA IDENTITY FULL;

CREATE TABLE IF NOT EXISTS order_lines (
    id         bigint PRIMARY KEY,
    order_id   bigint        NOT NULL,
    product_id bigint        NOT NULL,
    quantity   int           NOT NULL,
    unit_price numeric(12,2) NOT NULL,
    created_at timestamptz   NOT NULL DEFAULT now()
);
ALTER TABLE order_lines REPLICA IDENTITY FULL;

-- Debezium's signal table: Tally's rebuild asks for incremental snapshots through it.
CREATE TABLE IF NOT EXISTS tally_signal (
    id   varchar(42) PRIMARY KEY,
    type varchar(32) NOT NULL,
    data varchar(2048)
);
