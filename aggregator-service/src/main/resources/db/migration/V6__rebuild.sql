-- A pipeline's rebuilds. The id is also the id of the execute-snapshot signal written to each source's
-- signal table, which Debezium's notifications carry back. At most one rebuild of a pipeline runs at a time.
CREATE TABLE tally_rebuild (
    pipeline     text        NOT NULL,
    id           uuid        NOT NULL,
    state        text        NOT NULL CHECK (state IN ('running', 'done', 'failed')),
    -- {"<connector>": "signalled" | "completed"}: the sources' incremental snapshots
    sources      jsonb       NOT NULL,
    requested_by text        NOT NULL,
    requested_at timestamptz NOT NULL,
    finished_at  timestamptz,
    detail       text,
    PRIMARY KEY (pipeline, id)
);
CREATE UNIQUE INDEX tally_rebuild_one_running ON tally_rebuild (pipeline) WHERE state = 'running';

-- While a rebuild runs: what each source row contributes to each aggregate now, so that the snapshot's
-- reads and the live changes count every row once, whatever order they come in. Emptied when it ends.
CREATE TABLE tally_rebuild_row (
    pipeline     text  NOT NULL,
    aggregate_id text  NOT NULL,
    row_key      text  NOT NULL,
    contribution jsonb NOT NULL,
    PRIMARY KEY (pipeline, aggregate_id, row_key)
);
