-- Processed change events: the aggregator inserts each event here in the same transaction as the
-- aggregate update, so a redelivered event is recognised and dropped. before/after keep the event's
-- contributions, so that a processed event can later be reversed.
CREATE TABLE tally_journal (
    pipeline     text        NOT NULL,
    event_id     uuid        NOT NULL,
    aggregate_id text        NOT NULL,
    before       jsonb,
    after        jsonb,
    row_key      text,
    ord          text,
    commit_time  timestamptz,
    applied_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (pipeline, event_id)
);
-- Retention deletes the oldest entries of a pipeline.
CREATE INDEX tally_journal_applied_at ON tally_journal (pipeline, applied_at);

-- The current version of every aggregate. An emptied group keeps its row (rows = 0), so its
-- version never starts again at 1.
CREATE TABLE tally_aggregate (
    pipeline     text        NOT NULL,
    aggregate_id text        NOT NULL,
    group_key    jsonb       NOT NULL,
    window_start timestamptz,
    window_end   timestamptz,
    version      bigint      NOT NULL,
    rows         bigint      NOT NULL,
    results      jsonb       NOT NULL,
    state        jsonb       NOT NULL,
    updated_at   timestamptz NOT NULL,
    PRIMARY KEY (pipeline, aggregate_id)
);
-- The read API looks groups up by key (all windows of a key).
CREATE INDEX tally_aggregate_group_key ON tally_aggregate (pipeline, group_key);

-- The transactional outbox, in the layout of Debezium's outbox EventRouter. Rows are inserted and
-- deleted again in the aggregator's transaction: Debezium reads the INSERT from the WAL, the
-- EventRouter ignores the DELETE, and the table stays empty.
CREATE TABLE outbox (
    id            uuid         PRIMARY KEY,
    aggregatetype varchar(255) NOT NULL,
    aggregateid   varchar(255) NOT NULL,
    type          varchar(255) NOT NULL,
    timestamp     timestamptz  NOT NULL DEFAULT now(),
    payload       jsonb
);
