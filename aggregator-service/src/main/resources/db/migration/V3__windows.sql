-- Event time of windowed pipelines, per partition of tally.<p>.changes: the largest event time the
-- aggregator has applied there. The watermark is this minus the pipeline's grace. Written in the batch
-- transaction, so a restart or a rebalance continues from exactly what was committed.
CREATE TABLE tally_event_time (
    pipeline       text        NOT NULL,
    partition      int         NOT NULL,
    max_event_time timestamptz NOT NULL,
    updated_at     timestamptz NOT NULL,
    PRIMARY KEY (pipeline, partition)
);

-- A windowed aggregate lives on one partition of the changes topic (they are keyed by group key):
-- closing and expiry look a partition's windows up by it. closed: its WindowClosed event was written.
ALTER TABLE tally_aggregate ADD COLUMN partition int;
ALTER TABLE tally_aggregate ADD COLUMN closed boolean NOT NULL DEFAULT false;
CREATE INDEX tally_aggregate_window_end ON tally_aggregate (pipeline, partition, window_end)
    WHERE window_end IS NOT NULL;
