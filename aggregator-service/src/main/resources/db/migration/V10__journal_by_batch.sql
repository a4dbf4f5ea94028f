-- The journal keeps a row per batch and partition of the changes topic, not a row per change: the applied changes'
-- ids, aggregates, row hashes and offsets as parallel arrays, found again through GIN indexes on the ids (reversal,
-- and repeats of changes without a log position) and on the row hashes (a row's other changes in its aggregate).
-- A row per change, with its two b-tree entries, cost PostgreSQL about as much as everything else a batch writes
-- (BENCHMARKS.md). Reversals are kept apart, a row per reversed change.
CREATE TABLE tally_journal_batch (
    id                bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    pipeline          text        NOT NULL,
    changes_partition int         NOT NULL,
    applied_at        timestamptz NOT NULL DEFAULT now(),
    -- parallel arrays, in offset order: element i is one applied change
    event_ids         uuid[]      NOT NULL,
    aggregate_ids     text[]      NOT NULL,
    -- of the aggregate id and the row key: finds the other changes of a row in an aggregate
    row_hashes        bigint[]    NOT NULL,
    offsets           bigint[]    NOT NULL
);
CREATE INDEX tally_journal_batch_events ON tally_journal_batch USING gin (event_ids);
CREATE INDEX tally_journal_batch_rows ON tally_journal_batch USING gin (row_hashes);
-- Retention deletes the oldest batches of a pipeline.
CREATE INDEX tally_journal_batch_applied_at ON tally_journal_batch (pipeline, applied_at);

-- The compensation that reversed a journaled change: a second reversal is refused. Purged with the change's batch.
CREATE TABLE tally_reversal (
    pipeline        text NOT NULL,
    event_id        uuid NOT NULL,
    compensation_id text NOT NULL,
    PRIMARY KEY (pipeline, event_id)
);

-- The entries written so far, one batch row per transaction and partition (a transaction's entries share applied_at).
INSERT INTO tally_journal_batch (pipeline, changes_partition, applied_at, event_ids, aggregate_ids, row_hashes, offsets)
SELECT pipeline, changes_partition, applied_at, array_agg(event_id ORDER BY changes_offset),
       array_agg(aggregate_id ORDER BY changes_offset), array_agg(row_hash ORDER BY changes_offset),
       array_agg(changes_offset ORDER BY changes_offset)
FROM tally_journal
GROUP BY pipeline, changes_partition, applied_at
ORDER BY applied_at;
INSERT INTO tally_reversal (pipeline, event_id, compensation_id)
SELECT pipeline, event_id, reversed_by FROM tally_journal WHERE reversed_by IS NOT NULL;
DROP TABLE tally_journal;

-- A change per row, as the journal read before, for operators and tests.
CREATE VIEW tally_journal AS
SELECT j.pipeline, e.event_id, e.aggregate_id, e.row_hash, j.changes_partition, e.changes_offset, j.applied_at,
       r.compensation_id AS reversed_by
FROM tally_journal_batch j
CROSS JOIN LATERAL unnest(j.event_ids, j.aggregate_ids, j.row_hashes, j.offsets)
    AS e(event_id, aggregate_id, row_hash, changes_offset)
LEFT JOIN tally_reversal r ON r.pipeline = j.pipeline AND r.event_id = e.event_id;
