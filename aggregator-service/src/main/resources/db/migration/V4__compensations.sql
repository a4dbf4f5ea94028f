-- The audit trail of compensations: one row per applied compensation, kept for good (retention
-- purges only the journal). The client's id makes a repeated request a no-op.
CREATE TABLE tally_compensation (
    pipeline       text        NOT NULL,
    id             text        NOT NULL,
    kind           text        NOT NULL,   -- adjust | reverse
    principal      text        NOT NULL,
    reason         text        NOT NULL,
    request        jsonb       NOT NULL,   -- the request body as received
    aggregate_id   text        NOT NULL,
    version        bigint      NOT NULL,   -- the aggregate version the compensation made
    results_before jsonb       NOT NULL,
    results_after  jsonb       NOT NULL,
    created_at     timestamptz NOT NULL,
    PRIMARY KEY (pipeline, id)
);
-- The list is read newest first.
CREATE INDEX tally_compensation_created_at ON tally_compensation (pipeline, created_at DESC, id DESC);

-- The compensation that reversed a journaled event: a second reversal is refused.
ALTER TABLE tally_journal ADD COLUMN reversed_by text;
