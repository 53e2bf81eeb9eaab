-- Intake offices at three levels (县/市/省). An office keeps, beside its units' submissions, the
-- signed summaries of the offices directly below it: their keys (trusted per division and
-- fingerprint, like enterprise keys), every summary received (versions by signed order), which
-- of its units' submissions each summary carried, and what re-checking it found. The level and
-- division of the office itself are settings (`level`, `division`). Standard SQL only: the same
-- statements run on PostgreSQL.

-- The trusted key of each subordinate office (one per division).
CREATE TABLE office_key (
    division      TEXT PRIMARY KEY,
    name          TEXT NOT NULL,
    level         TEXT NOT NULL,      -- county::state::OfficeLevel
    public_key    TEXT NOT NULL,
    fingerprint   TEXT NOT NULL,
    source        TEXT NOT NULL,      -- county::state::KeySource
    first_seen    TEXT NOT NULL,
    confirmed_at  TEXT,
    confirmed_by  TEXT
);

-- Every signed summary received: one signed payload of one office and year with its key.
CREATE TABLE office_summary (
    id            INTEGER PRIMARY KEY,
    division      TEXT NOT NULL,
    name          TEXT NOT NULL,
    level         TEXT NOT NULL,      -- county::state::OfficeLevel
    year          INTEGER NOT NULL,
    status        TEXT NOT NULL,      -- county::state::SubmissionStatus
    held_reason   TEXT,               -- county::state::Reason, while held
    revision      INTEGER NOT NULL,   -- signed
    signed_at     TEXT NOT NULL,      -- signed, UTC
    payload_sm3   TEXT NOT NULL,
    public_key    TEXT NOT NULL,
    fingerprint   TEXT NOT NULL,
    file_sha256   TEXT NOT NULL,
    received_at   TEXT NOT NULL,
    units         INTEGER NOT NULL,   -- units the office counted (its signed list)
    document      TEXT NOT NULL,      -- the signed summary payload, as signed
    UNIQUE (division, year, payload_sm3, fingerprint)
);
CREATE INDEX office_summary_office ON office_summary (division, year, status);

-- Which submission (a unit's signed report) each summary carried.
CREATE TABLE office_unit (
    summary_id     INTEGER NOT NULL REFERENCES office_summary(id),
    submission_id  INTEGER NOT NULL REFERENCES submission(id),
    uscc           TEXT NOT NULL,
    PRIMARY KEY (summary_id, submission_id)
);
CREATE INDEX office_unit_submission ON office_unit (submission_id);

-- The unit's own signed payload, signature and key for submissions that arrived inside a
-- summary (no file of their own to read them back from), so this level can carry them upward.
CREATE TABLE evidence (
    submission_id  INTEGER PRIMARY KEY REFERENCES submission(id),
    payload        TEXT NOT NULL,
    signature      TEXT NOT NULL,
    public_key     TEXT NOT NULL
);

-- What re-checking a summary found: a figure the office changed, a unit it dropped or invented,
-- a unit outside its jurisdiction.
CREATE TABLE office_finding (
    summary_id  INTEGER NOT NULL REFERENCES office_summary(id),
    seq         INTEGER NOT NULL,
    kind        TEXT NOT NULL,        -- county::state::OfficeFindingKind
    uscc        TEXT,
    field       TEXT,
    claimed     TEXT,
    found       TEXT,
    message     TEXT NOT NULL,
    PRIMARY KEY (summary_id, seq)
);

-- The summaries this office signed: each year's revisions count up from 1.
CREATE TABLE summary_signed (
    year         INTEGER NOT NULL,
    revision     INTEGER NOT NULL,
    signed_at    TEXT NOT NULL,
    payload_sm3  TEXT NOT NULL,
    fingerprint  TEXT NOT NULL,
    units        INTEGER NOT NULL,
    PRIMARY KEY (year, revision)
);
