-- Every re-drive of a dead-letter entry: which entry (its partition and offset in tally.<p>.dlq),
-- when, who asked, and where the record was republished. "Re-drive all" skips entries found here;
-- an entry named explicitly may be re-driven again and then has several rows.
CREATE TABLE tally_redrive (
    id               bigserial   PRIMARY KEY,
    pipeline         text        NOT NULL,
    dlq_partition    integer     NOT NULL,
    dlq_offset       bigint      NOT NULL,
    redriven_at      timestamptz NOT NULL DEFAULT now(),
    redriven_by      text        NOT NULL,
    target_topic     text        NOT NULL,
    target_partition integer     NOT NULL,
    target_offset    bigint      NOT NULL
);
CREATE INDEX tally_redrive_entry ON tally_redrive (pipeline, dlq_partition, dlq_offset);
