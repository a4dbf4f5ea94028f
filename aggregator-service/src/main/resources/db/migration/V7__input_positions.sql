-- Where the aggregator is in each partition of a pipeline's changes topic, written in the batch transaction with
-- what the batch applied: the next offset to read (a consumer given the partition starts there; a record before it
-- was applied already), and per partition of each source's raw topic the log position of the last change applied
-- from it (a change Debezium sends again is not past it). Exactly once without a row per change.
CREATE TABLE tally_input_position (
    pipeline    text   NOT NULL,
    partition   int    NOT NULL,
    next_offset bigint NOT NULL,
    -- {"<source>#<raw partition>": ["<position>", <part>]}
    marks       jsonb  NOT NULL,
    PRIMARY KEY (pipeline, partition)
);

-- The journal no longer decides what is new: it says where each applied change is on the changes topic, for
-- reversals (which read the change back from there), and drops repeats of the changes that have no log position
-- (posted over HTTP, re-driven dead letters). Narrow: the contributions stay on the changes topic. Entries of the
-- earlier journal cannot be reversed any more (their changes' coordinates were not kept).
DROP TABLE tally_journal;
CREATE TABLE tally_journal (
    pipeline          text        NOT NULL,
    event_id          uuid        NOT NULL,
    aggregate_id      text        NOT NULL,
    -- of the aggregate id and the row key: finds the other changes of a row in an aggregate
    row_hash          bigint      NOT NULL,
    changes_partition int         NOT NULL,
    changes_offset    bigint      NOT NULL,
    applied_at        timestamptz NOT NULL DEFAULT now(),
    reversed_by       text,
    PRIMARY KEY (pipeline, event_id)
);
CREATE INDEX tally_journal_row ON tally_journal (pipeline, row_hash);
-- Entries are written in time order: a block range index finds the old ones for retention at almost no cost.
CREATE INDEX tally_journal_applied_at ON tally_journal USING brin (applied_at);
