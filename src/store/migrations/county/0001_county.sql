-- County workspace: received files, the key registry, submissions with versions, roster,
-- targets, settings and the audit log.

CREATE TABLE setting (
    key    TEXT PRIMARY KEY,
    value  TEXT NOT NULL
);

-- Every file ever offered for import, by content hash; a second import of the same bytes is skipped.
CREATE TABLE file (
    sha256       TEXT PRIMARY KEY,
    name         TEXT NOT NULL,
    size         INTEGER NOT NULL,
    received_at  TEXT NOT NULL,
    outcome      TEXT NOT NULL,      -- accepted | accepted_with_warnings | held | rejected
    reason       TEXT NOT NULL,      -- machine word: tampered, bad_signature, key_changed, …
    message      TEXT NOT NULL,      -- for the clerk
    uscc         TEXT,
    year         INTEGER,
    fingerprint  TEXT,
    errors       INTEGER NOT NULL DEFAULT 0,
    warnings     INTEGER NOT NULL DEFAULT 0,
    submission_id INTEGER REFERENCES submission(id)
);

-- The original bytes of every received file.
CREATE TABLE blob (
    sha256  TEXT PRIMARY KEY REFERENCES file(sha256),
    bytes   BLOB NOT NULL
);

-- One row per enterprise: the key the county trusts for it.
CREATE TABLE enterprise_key (
    uscc          TEXT PRIMARY KEY,
    name          TEXT NOT NULL,
    public_key    TEXT NOT NULL,
    fingerprint   TEXT NOT NULL,
    status        TEXT NOT NULL,     -- trusted | unconfirmed
    source        TEXT NOT NULL,     -- first_use | key_card | decision
    first_seen    TEXT NOT NULL,
    confirmed_at  TEXT,
    confirmed_by  TEXT
);

-- Accepted (or held) reports; a resubmission for the same enterprise and year is a new version
-- and the older one is marked superseded, never deleted.
CREATE TABLE submission (
    id           INTEGER PRIMARY KEY,
    uscc         TEXT NOT NULL,
    name         TEXT NOT NULL,
    year         INTEGER NOT NULL,
    version      INTEGER NOT NULL,
    status       TEXT NOT NULL,      -- current | superseded | held
    file_sha256  TEXT NOT NULL,
    received_at  TEXT NOT NULL,
    division_code TEXT NOT NULL,
    industry_code TEXT NOT NULL,
    report       TEXT NOT NULL,      -- nengbao.report/1
    computed     TEXT,
    findings     TEXT NOT NULL,      -- validate::Outcome
    fingerprint  TEXT NOT NULL,
    UNIQUE (uscc, year, version)
);
CREATE INDEX submission_current ON submission (year, status);

-- The expected list of key units for a year.
CREATE TABLE roster (
    year      INTEGER NOT NULL,
    uscc      TEXT NOT NULL,
    name      TEXT NOT NULL,
    category  TEXT NOT NULL,         -- ≥10000 | ≥5000
    PRIMARY KEY (year, uscc)
);

-- Reduction targets of the county per year and pollutant.
CREATE TABLE target (
    year       INTEGER NOT NULL,
    pollutant  TEXT NOT NULL,
    target_t   TEXT NOT NULL,
    source     TEXT NOT NULL,
    PRIMARY KEY (year, pollutant)
);

CREATE TABLE audit (
    seq     INTEGER PRIMARY KEY,
    at      TEXT NOT NULL,
    actor   TEXT NOT NULL,
    action  TEXT NOT NULL,
    object  TEXT NOT NULL,
    detail  TEXT NOT NULL,
    prev    TEXT NOT NULL,
    hash    TEXT NOT NULL
);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
