-- The intake log: every import run and every file's outcome in it, kept across sessions (the
-- `file` table holds each file's latest outcome; this holds its history run by run).
CREATE TABLE import_run (
    id           INTEGER PRIMARY KEY,
    started_at   TEXT NOT NULL,
    finished_at  TEXT,
    actor        TEXT NOT NULL,
    year         INTEGER,            -- the year the clerk restricted the run to, if any
    trust_new    INTEGER NOT NULL,
    files        INTEGER NOT NULL,
    cancelled    INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE import_event (
    run_id   INTEGER NOT NULL REFERENCES import_run(id),
    seq      INTEGER NOT NULL,
    file     TEXT NOT NULL,
    sha256   TEXT NOT NULL,
    outcome  TEXT NOT NULL,          -- county::state::FileOutcome
    reason   TEXT NOT NULL,          -- county::state::Reason
    message  TEXT NOT NULL,
    uscc     TEXT,
    year     INTEGER,
    PRIMARY KEY (run_id, seq)
);
CREATE INDEX import_event_file ON import_event (sha256);
