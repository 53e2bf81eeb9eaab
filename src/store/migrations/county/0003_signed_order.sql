-- Versions by signed order, not arrival. A submission is identified by the digest of its signed
-- payload and its key (the same content re-zipped or re-saved is the same submission; the same
-- content re-signed by someone else is not, so it can never shadow the genuine file); its place among the
-- unit's versions comes from the signed revision and signing time; the version number is that
-- rank, computed when read. Held submissions carry their own reason and public key, any number
-- per unit and year. Rows of the first format keep their arrival order (revision 0, no time).

CREATE TABLE submission_v3 (
    id            INTEGER PRIMARY KEY,
    uscc          TEXT NOT NULL,
    name          TEXT NOT NULL,
    year          INTEGER NOT NULL,
    status        TEXT NOT NULL,      -- current | superseded | held | discarded
    held_reason   TEXT,               -- key_unconfirmed | key_changed | key_of_other_unit
    revision      INTEGER NOT NULL,   -- signed; 0 for files of the first format
    signed_at     TEXT,               -- signed, UTC "YYYY-MM-DDTHH:MM:SSZ"; NULL for the first format
    payload_sm3   TEXT NOT NULL,      -- SM3 of the signed payload
    public_key    TEXT NOT NULL,
    fingerprint   TEXT NOT NULL,
    file_sha256   TEXT NOT NULL,
    received_at   TEXT NOT NULL,
    division_code TEXT NOT NULL,
    industry_code TEXT NOT NULL,
    report        TEXT NOT NULL,      -- nengbao.report/1
    computed      TEXT,
    findings      TEXT NOT NULL,      -- validate::Outcome
    UNIQUE (uscc, year, payload_sm3, fingerprint)
);

INSERT INTO submission_v3 (id, uscc, name, year, status, held_reason, revision, signed_at,
        payload_sm3, public_key, fingerprint, file_sha256, received_at, division_code,
        industry_code, report, computed, findings)
SELECT s.id, s.uscc, s.name, s.year, s.status,
       CASE WHEN s.status = 'held' THEN (SELECT f.reason FROM file f WHERE f.sha256 = s.file_sha256) END,
       0, NULL, 'file:' || s.file_sha256,
       COALESCE((SELECT k.public_key FROM enterprise_key k WHERE k.uscc = s.uscc AND k.fingerprint = s.fingerprint), ''),
       s.fingerprint, s.file_sha256, s.received_at, s.division_code, s.industry_code, s.report,
       s.computed, s.findings
FROM submission s;

-- file.submission_id points at submission: rebuild file against the new table.
CREATE TABLE file_v3 (
    sha256        TEXT PRIMARY KEY,
    name          TEXT NOT NULL,
    size          INTEGER NOT NULL,
    received_at   TEXT NOT NULL,
    outcome       TEXT NOT NULL,      -- county::state::FileOutcome
    reason        TEXT NOT NULL,      -- county::state::Reason
    message       TEXT NOT NULL,      -- for the clerk
    uscc          TEXT,               -- signed when accepted or held; what the file claims otherwise
    year          INTEGER,
    fingerprint   TEXT,
    errors        INTEGER NOT NULL DEFAULT 0,
    warnings      INTEGER NOT NULL DEFAULT 0,
    submission_id INTEGER REFERENCES submission_v3(id)
);
INSERT INTO file_v3 SELECT sha256, name, size, received_at, outcome, reason, message, uscc, year,
       fingerprint, errors, warnings, submission_id FROM file;

CREATE TABLE blob_v3 (
    sha256  TEXT PRIMARY KEY REFERENCES file_v3(sha256),
    bytes   BLOB NOT NULL
);
INSERT INTO blob_v3 SELECT sha256, bytes FROM blob;

DROP TABLE blob;
DROP TABLE file;
DROP TABLE submission;
ALTER TABLE submission_v3 RENAME TO submission;
ALTER TABLE file_v3 RENAME TO file;
ALTER TABLE blob_v3 RENAME TO blob;

CREATE INDEX submission_current ON submission (year, status);
CREATE INDEX submission_unit ON submission (uscc, year, status);
CREATE INDEX submission_file ON submission (file_sha256);
CREATE INDEX submission_key ON submission (uscc, fingerprint, status);

-- The registry holds trusted keys only; keys waiting for a decision are the held submissions'.
DELETE FROM enterprise_key WHERE status <> 'trusted';
